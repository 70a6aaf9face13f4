/**
 * Who is calling. No header: anonymous (public booking types only). `Bearer bk_...`: a host's
 * service token, looked up by its SHA-256 and compared in constant time. `Bearer bkm_...`: an
 * attendee's manage token, checked against the one booking it names by the route itself.
 */
import { and, eq, isNull } from "drizzle-orm";
import type { Context, MiddlewareHandler } from "hono";
import { database } from "../db/client";
import { serviceTokens } from "../db/schema";
import { ApiError } from "../domain/errors";
import { BoundedMap } from "../lib/bounded-map";
import { constantTimeEqual, sha256Hex } from "../lib/crypto";
import { requireClientAddress } from "./client-ip";
import type { AppEnv, Caller } from "./env";
import { checkRateLimit, rateLimited } from "./rate-limit";
import { noteRefusedAddress, refusedAddressWait } from "./refused-addresses";

export const MANAGE_TOKEN_PREFIX = "bkm_";

/**
 * The demo data's tokens (`bk_test_demo`, seed/demo.sql) are public knowledge: a deployment accepts
 * them only with DEMO_TOKENS=on (`npm start`, the e2e and bench servers; design-management.md "Limits
 * and abuse"), so a demo row that reached a real database opens nothing.
 */
const DEMO_TOKEN_PREFIX = "bk_test_";

export interface AuthPolicy {
  /** Refuse calls without a token. */
  required: boolean;
  /** Accept an attendee's manage token (routes of one booking). */
  allowManageToken: boolean;
}

export function authenticate(policy: AuthPolicy): MiddlewareHandler<AppEnv> {
  return async function authenticate(c, next) {
    c.set("caller", await identifyCaller(c, policy));
    await next();
  };
}

async function identifyCaller(c: Context<AppEnv>, policy: AuthPolicy): Promise<Caller> {
  const ip = requireClientAddress(c.req.raw.headers);
  const header = c.req.header("authorization");
  if (header === undefined) {
    if (policy.required) throw unauthorized("This call needs `Authorization: Bearer <token>`.");
    return { kind: "anonymous", ip };
  }
  const token = /^Bearer +([\x21-\x7e]{1,512})$/i.exec(header.trim())?.[1];
  if (!token) throw unauthorized("The Authorization header must be `Bearer <token>`.");
  const tokenHash = await sha256Hex(token);
  if (token.startsWith(MANAGE_TOKEN_PREFIX)) {
    if (!policy.allowManageToken) throw unauthorized("A manage token only works for its own booking.");
    return { kind: "manage", ip, tokenHash };
  }
  c.set("bearerToken", token);
  if (token.startsWith(DEMO_TOKEN_PREFIX) && c.env.DEMO_TOKENS !== "on") return refuseUnknownToken(c.env, ip);
  const cached = verifiedTokens.get(tokenHash);
  if (cached && cached.expiresAtMs > Date.now()) return { ...cached.identity, ip };
  // An address refused for guessing is refused again before the D1 read that a guess would cost.
  // Only for guessing: a real token must not pay for its address's anonymous traffic (a partner's
  // server may call both ways), and a token can't be told from a guess without that read. So a
  // token this isolate has verified before (its entry expired) is read again, whatever its address
  // did: a partner's server behind the same NAT as a guesser keeps working.
  const wait = c.env.RATE_LIMITS === "off" || cached ? null : refusedAddressWait(ip);
  if (wait !== null) throw rateLimited(wait);
  const caller = await findServiceToken(c, tokenHash, ip);
  return caller ?? refuseUnknownToken(c.env, ip);
}

/**
 * Failed guesses count against the caller's IP, so tokens cannot be tried at full speed; an address
 * refused for guessing is noted, so its next guesses are refused before their D1 read.
 */
async function refuseUnknownToken(env: Env, ip: string): Promise<never> {
  const verdict = await checkRateLimit(env, { kind: "anonymous", ip });
  if (verdict.allowed) throw unauthorized("Unknown or revoked token.");
  noteRefusedAddress(ip, verdict.retryAfterSeconds);
  throw rateLimited(verdict.retryAfterSeconds);
}

/**
 * Verified service tokens, per isolate, for a few seconds: a partner's burst of calls costs one D1
 * read, not one each. The price is that a revoked token may keep working for up to this long in
 * an isolate that has just seen it. Unknown tokens are never remembered.
 */
export const TOKEN_CACHE_MS = 10_000;
const verifiedTokens = new BoundedMap<string, { identity: ServiceIdentity; expiresAtMs: number }>(10_000);

type ServiceIdentity = Omit<Extract<Caller, { kind: "service" }>, "ip">;

/** The token with this hash from D1 (remembered for TOKEN_CACHE_MS), or null when there is none. */
async function findServiceToken(c: Context<AppEnv>, tokenHash: string, ip: string): Promise<Caller | null> {
  const found = await lookUpServiceToken(c.env.DB, tokenHash);
  if (!found) {
    verifiedTokens.delete(tokenHash);
    return null;
  }
  verifiedTokens.set(tokenHash, { identity: found.identity, expiresAtMs: Date.now() + TOKEN_CACHE_MS });
  // "lastUsedAt to the minute": written at most once a minute per token, after the answer.
  if (found.lastUsedAt === null || Date.now() - found.lastUsedAt >= LAST_USED_RESOLUTION_MS) {
    c.executionCtx.waitUntil(markUsed(c.env.DB, found.identity.tokenId).catch((error) => console.error("lastUsedAt not written", error)));
  }
  return { ...found.identity, ip };
}

const LAST_USED_RESOLUTION_MS = 60_000;

async function lookUpServiceToken(d1: D1Database, tokenHash: string): Promise<{ identity: ServiceIdentity; lastUsedAt: number | null } | null> {
  const row = await database(d1)
    .select()
    .from(serviceTokens)
    .where(and(eq(serviceTokens.tokenHash, tokenHash), isNull(serviceTokens.revokedAt)))
    .get();
  // The index lookup is by hash, which reveals nothing of the token; the compare is belt and braces.
  if (!row || !constantTimeEqual(row.tokenHash, tokenHash)) return null;
  return {
    identity: { kind: "service", tokenId: row.id, accountId: row.accountId, hostId: row.hostId, scopes: row.scopes },
    lastUsedAt: row.lastUsedAt,
  };
}

async function markUsed(d1: D1Database, tokenId: string): Promise<void> {
  await database(d1).update(serviceTokens).set({ lastUsedAt: Date.now() }).where(eq(serviceTokens.id, tokenId)).run();
}

function unauthorized(message: string): ApiError {
  return new ApiError("UNAUTHORIZED", message, { headers: { "WWW-Authenticate": 'Bearer realm="bookora"' } });
}
