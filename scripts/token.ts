/**
 * Service tokens narrowed to one host, from the command line (through `wrangler d1 execute`):
 *
 *   npm run token -- create <username> [--name "CRM sync"] [--remote]
 *   npm run token -- list <username> [--remote]
 *   npm run token -- revoke <token-id> [--remote]
 *
 * A created token belongs to the host's account, is narrowed to the host, and has bookings:write and
 * hosts:write (as the demo hosts' tokens). It is printed once; only its SHA-256 is stored. Without
 * --remote it acts on the local D1 that `npm start` uses.
 */
import { args, fail, newServiceToken, query, quote, takeFlag, takeOption } from "./d1-command";

const USAGE = `usage:
  npm run token -- create <username> [--name "text"] [--remote]
  npm run token -- list <username> [--remote]
  npm run token -- revoke <token-id> [--remote]`;

const remote = takeFlag("--remote");
const tokenName = takeOption("--name", USAGE);
const [command, subject] = args;

try {
  switch (command) {
    case "create":
      createToken(requireUsername(subject), tokenName ?? "command line");
      break;
    case "list":
      listTokens(requireUsername(subject));
      break;
    case "revoke":
      revokeToken(requireTokenId(subject));
      break;
    default:
      fail(USAGE);
  }
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}

function createToken(username: string, name: string): void {
  const host = query(`SELECT id, account_id FROM users WHERE username = ${quote(username)}`, remote)[0];
  if (!host) fail(`No host named "${username}".`);
  const { token, id, hash, last4 } = newServiceToken();
  query(
    `INSERT INTO service_tokens (id, account_id, host_id, name, scopes, token_hash, last4) VALUES (${quote(id)}, ${quote(String(host.account_id))}, ${Number(host.id)}, ${quote(name)}, '["bookings:write","hosts:write"]', ${quote(hash)}, ${quote(last4)})`,
    remote,
  );
  console.log(`Created ${id} for ${username}. Copy the token now; it is not shown again:\n\n  ${token}\n`);
}

function listTokens(username: string): void {
  const rows = query(
    `SELECT t.id, t.name, t.last4, t.scopes, t.created_at, t.revoked_at FROM service_tokens t JOIN users u ON u.id = t.host_id WHERE u.username = ${quote(username)} ORDER BY t.created_at`,
    remote,
  );
  if (rows.length === 0) console.log(`No tokens for "${username}".`);
  for (const row of rows) {
    const state = row.revoked_at ? `revoked ${new Date(Number(row.revoked_at)).toISOString()}` : "active";
    console.log(`${row.id}  …${row.last4}  ${state}  created ${new Date(Number(row.created_at)).toISOString()}  ${row.scopes}  ${row.name}`);
  }
}

function revokeToken(id: string): void {
  const rows = query(`UPDATE service_tokens SET revoked_at = ${Date.now()} WHERE id = ${quote(id)} AND revoked_at IS NULL RETURNING id`, remote);
  if (rows.length === 0) fail(`No active token "${id}".`);
  // The Worker remembers verified tokens for 10 seconds per isolate (worker/http/auth.ts).
  console.log(`Revoked ${id}. Within 10 seconds, calls with it answer 401 UNAUTHORIZED.`);
}

function requireUsername(value: string | undefined): string {
  if (!value || !/^[A-Za-z0-9_.-]{1,64}$/.test(value)) fail(USAGE);
  return value;
}

function requireTokenId(value: string | undefined): string {
  if (!value || !/^tok_[A-Za-z0-9_]{1,64}$/.test(value)) fail(USAGE);
  return value;
}
