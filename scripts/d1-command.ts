/**
 * What the account and token CLIs share: one SQL statement through `wrangler d1 execute` (local D1 by
 * default, the deployed database with --remote), quoting, flags, and new secrets in the Worker's form.
 */
import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";

export const SCOPES = ["bookings:read", "bookings:write", "hosts:read", "hosts:write", "webhooks:write", "tokens:write"];

/** The command line after the script name, with flags taken out as they are read. */
export const args = process.argv.slice(2);

/** Runs one SQL statement with wrangler and returns its rows. */
export function query(sql: string, remote: boolean): Record<string, unknown>[] {
  const output = execFileSync("npx", ["wrangler", "d1", "execute", "DB", remote ? "--remote" : "--local", "--json", "--command", sql], {
    encoding: "utf8",
    env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const results = JSON.parse(output) as { results: Record<string, unknown>[] }[];
  return results[0]?.results ?? [];
}

export function quote(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** A new service token: the secret (shown once), and what is stored of it. */
export function newServiceToken() {
  const token = `bk_live_${randomBytes(32).toString("base64url")}`;
  return {
    token,
    id: `tok_${randomBytes(8).toString("hex")}`,
    hash: createHash("sha256").update(token).digest("hex"),
    last4: token.slice(-4),
  };
}

export function newAccountId(): string {
  return `acct_${randomBytes(8).toString("hex")}`;
}

export function takeFlag(name: string): boolean {
  const index = args.indexOf(name);
  if (index === -1) return false;
  args.splice(index, 1);
  return true;
}

export function takeOption(name: string, usage: string): string | undefined {
  const index = args.indexOf(name);
  if (index === -1) return undefined;
  const [, value] = args.splice(index, 2);
  if (value === undefined) fail(usage);
  return value;
}

export function fail(message: string): never {
  console.error(message);
  process.exit(1);
}
