/**
 * Service tokens for a host, from the command line (through `wrangler d1 execute`):
 *
 *   npm run token -- create <username> [--label "CRM sync"] [--remote]
 *   npm run token -- list <username> [--remote]
 *   npm run token -- revoke <token-id> [--remote]
 *
 * The token is printed once; only its SHA-256 is stored. Without --remote it acts on the local
 * D1 that `npm start` uses.
 */
import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";

const USAGE = `usage:
  npm run token -- create <username> [--label "text"] [--remote]
  npm run token -- list <username> [--remote]
  npm run token -- revoke <token-id> [--remote]`;

const args = process.argv.slice(2);
const remote = takeFlag("--remote");
const label = takeOption("--label");
const [command, subject] = args;

try {
  switch (command) {
    case "create":
      createToken(requireUsername(subject), label);
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

function createToken(username: string, tokenLabel: string | undefined): void {
  const user = query(`SELECT id FROM users WHERE username = ${quote(username)}`)[0];
  if (!user) fail(`No host named "${username}".`);
  const token = `bk_live_${randomBytes(32).toString("base64url")}`;
  const id = `tok_${randomBytes(8).toString("hex")}`;
  const hash = createHash("sha256").update(token).digest("hex");
  query(
    `INSERT INTO service_tokens (id, user_id, token_hash, prefix, label) VALUES (${quote(id)}, ${Number(user.id)}, ${quote(hash)}, ${quote(token.slice(0, 12))}, ${tokenLabel ? quote(tokenLabel) : "NULL"})`,
  );
  console.log(`Created ${id} for ${username}. Copy the token now; it is not shown again:\n\n  ${token}\n`);
}

function listTokens(username: string): void {
  const rows = query(
    `SELECT t.id, t.prefix, t.label, t.created_at, t.revoked_at FROM service_tokens t JOIN users u ON u.id = t.user_id WHERE u.username = ${quote(username)} ORDER BY t.created_at`,
  );
  if (rows.length === 0) console.log(`No tokens for "${username}".`);
  for (const row of rows) {
    const state = row.revoked_at ? `revoked ${new Date(Number(row.revoked_at)).toISOString()}` : "active";
    console.log(`${row.id}  ${row.prefix}…  ${state}  created ${new Date(Number(row.created_at)).toISOString()}  ${row.label ?? ""}`);
  }
}

function revokeToken(id: string): void {
  const rows = query(`UPDATE service_tokens SET revoked_at = ${Date.now()} WHERE id = ${quote(id)} AND revoked_at IS NULL RETURNING id`);
  if (rows.length === 0) fail(`No active token "${id}".`);
  // The Worker remembers verified tokens for 10 seconds per isolate (worker/middleware/auth.ts).
  console.log(`Revoked ${id}. Within 10 seconds, calls with it answer 401 UNAUTHORIZED.`);
}

/** Runs one SQL statement with wrangler and returns its rows. */
function query(sql: string): Record<string, unknown>[] {
  const output = execFileSync(
    "npx",
    ["wrangler", "d1", "execute", "DB", remote ? "--remote" : "--local", "--json", "--command", sql],
    { encoding: "utf8", env: { ...process.env, WRANGLER_SEND_METRICS: "false" }, stdio: ["ignore", "pipe", "pipe"] },
  );
  const results = JSON.parse(output) as { results: Record<string, unknown>[] }[];
  return results[0]?.results ?? [];
}

function quote(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

function requireUsername(value: string | undefined): string {
  if (!value || !/^[A-Za-z0-9_.-]{1,64}$/.test(value)) fail(USAGE);
  return value;
}

function requireTokenId(value: string | undefined): string {
  if (!value || !/^tok_[A-Za-z0-9_]{1,64}$/.test(value)) fail(USAGE);
  return value;
}

function takeFlag(name: string): boolean {
  const index = args.indexOf(name);
  if (index === -1) return false;
  args.splice(index, 1);
  return true;
}

function takeOption(name: string): string | undefined {
  const index = args.indexOf(name);
  if (index === -1) return undefined;
  const [, value] = args.splice(index, 2);
  if (value === undefined) fail(USAGE);
  return value;
}

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}
