/**
 * Service tokens as the management API sees them: the rows of one account, read a page at a time in
 * a stable order (creation time, then id), revoked in place, and shaped for the wire without ever
 * holding a secret (only its SHA-256 and last 4 characters are stored).
 */
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { serviceTokens, users } from "../db/schema";
import { toIsoUtc } from "../lib/instants";
import { keysetPage, pastPosition } from "../lib/pagination";
import { cursorAfter, type PagePosition } from "./token-schemas";

export type ServiceTokenRow = typeof serviceTokens.$inferSelect;

/** A token in GET /api/tokens and in the answer to a revoke. */
export interface TokenResource {
  id: string;
  name: string;
  scopes: string[];
  host: string | null;
  last4: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** The answer to POST /api/tokens: the only time the secret (`token`) is shown. */
export interface CreatedTokenResource {
  id: string;
  token: string;
  name: string;
  scopes: string[];
  host: string | null;
  createdAt: string;
}

export function tokenResource(row: ServiceTokenRow, host: string | null): TokenResource {
  return {
    id: row.id,
    name: row.name,
    scopes: row.scopes,
    host,
    last4: row.last4,
    createdAt: toWholeSecond(row.createdAt),
    lastUsedAt: row.lastUsedAt === null ? null : toWholeSecond(row.lastUsedAt),
    revokedAt: row.revokedAt === null ? null : toWholeSecond(row.revokedAt),
  };
}

/** design-management.md: instants are written to the second. */
export function toWholeSecond(instantMs: number): string {
  return toIsoUtc(Math.floor(instantMs / 1000) * 1000);
}

/** design-management.md "Limits and abuse": at most this many live (unrevoked) tokens per account. */
export const MAX_LIVE_TOKENS_PER_ACCOUNT = 100;

/** The live (unrevoked) tokens an account has now, for accountLimitGuard. */
export function liveTokensOf(accountId: string) {
  return sql`(SELECT count(*) FROM ${serviceTokens} WHERE ${serviceTokens.accountId} = ${accountId} AND ${serviceTokens.revokedAt} IS NULL)`;
}

/** `tok_` and 16 hex digits, as the command-line tools make them. */
export function newTokenId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return `tok_${Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("")}`;
}

/** A host of `accountId` by username, unless deleted: what a new token may be narrowed to. */
export function findAccountHost(db: Database, accountId: string, username: string) {
  return db
    .select({ id: users.id, username: users.username })
    .from(users)
    .where(and(eq(users.username, username), eq(users.accountId, accountId), isNull(users.deletedAt)))
    .get();
}

/** Up to `limit` tokens of the account after `after`, and whether more follow. */
export async function listTokenPage(db: Database, accountId: string, limit: number, after: PagePosition | undefined) {
  const rows = await db
    .select({ token: serviceTokens, host: users.username })
    .from(serviceTokens)
    .leftJoin(users, eq(users.id, serviceTokens.hostId))
    .where(
      and(
        eq(serviceTokens.accountId, accountId),
        pastPosition(serviceTokens.createdAt, serviceTokens.id, after && { sort: after.createdAt, tie: after.id }, "asc"),
      ),
    )
    .orderBy(asc(serviceTokens.createdAt), asc(serviceTokens.id))
    .limit(limit + 1);
  return keysetPage(rows, limit, (last) => cursorAfter(last.token));
}

/**
 * Marks the account's token `id` revoked now, or leaves the first revocation's time if it already
 * was (a second revoke is a no-op). Undefined when the account has no such token.
 */
/** Whether token `id` belongs to the account (revoked or not). */
export async function isAccountToken(db: Database, accountId: string, id: string): Promise<boolean> {
  const row = await db
    .select({ id: serviceTokens.id })
    .from(serviceTokens)
    .where(and(eq(serviceTokens.id, id), eq(serviceTokens.accountId, accountId)))
    .get();
  return row !== undefined;
}

export async function revokeToken(db: Database, accountId: string, id: string, nowMs: number): Promise<TokenResource | undefined> {
  const [row] = await db
    .update(serviceTokens)
    .set({ revokedAt: sql`coalesce(${serviceTokens.revokedAt}, ${nowMs})` })
    .where(and(eq(serviceTokens.id, id), eq(serviceTokens.accountId, accountId)))
    .returning();
  if (!row) return undefined;
  const host = row.hostId === null ? undefined : await db.select({ username: users.username }).from(users).where(eq(users.id, row.hostId)).get();
  return tokenResource(row, host?.username ?? null);
}
