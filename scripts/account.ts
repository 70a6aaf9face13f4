/**
 * Bootstraps a partner (design-management.md "Bootstrap"): creates an account and its first service
 * token, with every scope, through `wrangler d1 execute`:
 *
 *   npm run account -- create "Acme Clinic" [--remote]
 *
 * The token is printed once; only its SHA-256 is stored. Without --remote it acts on the local D1 that
 * `npm start` uses. Everything after that (hosts, hours, types, more tokens) goes through the API.
 *
 *   npm run account -- origins <account id> [<origin> …] [--remote]
 *
 * replaces the origins listed for the account (none clears them): where a calendar connection may
 * send its host back (`returnUrl`), besides the origins its booking types embed on.
 */
import { originProblem } from "../worker/domain/booking-type-rules";
import { args, fail, newAccountId, newServiceToken, query, quote, SCOPES, takeFlag } from "./d1-command";

const USAGE = `usage:
  npm run account -- create "<account name>" [--remote]
  npm run account -- origins <account id> [<origin> …] [--remote]   (replaces the list; none clears it)`;

const remote = takeFlag("--remote");
const [command, name, ...origins] = args;

if (command === "origins") setOrigins(name, origins);
else createAccount(name);

function setOrigins(accountId: string | undefined, listed: string[]): void {
  if (!accountId?.startsWith("acct_")) fail(USAGE);
  for (const origin of listed) {
    const problem = originProblem(origin);
    if (problem) fail(`${origin}: ${problem}`);
  }
  const value = listed.length === 0 ? "NULL" : quote(JSON.stringify([...new Set(listed)]));
  try {
    const [updated] = query(`UPDATE accounts SET allowed_origins = ${value} WHERE id = ${quote(accountId)} RETURNING id`, remote);
    if (!updated) fail(`No account ${accountId}.`);
    console.log(listed.length === 0 ? `Account ${accountId} lists no origins now.` : `Account ${accountId} lists: ${listed.join(", ")}`);
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
}

function createAccount(name: string | undefined): void {
  if (command !== "create" || !name || name.length > 200) fail(USAGE);
  try {
    const accountId = newAccountId();
    const { token, id, hash, last4 } = newServiceToken();
    query(`INSERT INTO accounts (id, name) VALUES (${quote(accountId)}, ${quote(name)})`, remote);
    query(
      `INSERT INTO service_tokens (id, account_id, host_id, name, scopes, token_hash, last4) VALUES (${quote(id)}, ${quote(accountId)}, NULL, ${quote("first token")}, ${quote(JSON.stringify(SCOPES))}, ${quote(hash)}, ${quote(last4)})`,
      remote,
    );
    console.log(`Created account ${accountId} ("${name}") and its first token ${id}, with every scope.`);
    console.log(`Copy the token now; it is not shown again:\n\n  ${token}\n`);
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
}
