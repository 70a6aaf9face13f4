/**
 * Reaching a host's HostScheduler (keyed by the host's stable id, since usernames are data), and
 * what it needs to know about the calling page.
 */
import { eq } from "drizzle-orm";
import type { Context } from "hono";
import type { Database } from "../db/client";
import { users } from "../db/schema";
import type { TypeAccess } from "../domain/booking-type-access";
import { hasScope } from "../domain/scopes";
import type { AppEnv } from "../http/env";
import { ApiError, HOST_OR_TYPE_NOT_FOUND } from "../domain/errors";
import { seesHost, type HostOwnership } from "../http/access";

/** The HostScheduler Durable Object of one host. */
export function hostScheduler(env: Env, hostId: number) {
  return env.HOST_SCHEDULER.get(env.HOST_SCHEDULER.idFromName(`host:${hostId}`));
}

/**
 * Tells a host's object that its hours, types or host row changed in D1, after the write committed.
 * A failure here must not fail the request: the write stands (a POST answered 500 would not be
 * recorded, so its retry would write again), and an object that cannot be reached is being replaced
 * by one that reads D1 afresh; one that missed the call re-reads within CONFIG_MAX_AGE_MS anyway.
 */
export async function tellHostChanged(env: Env, hostId: number): Promise<void> {
  try {
    await hostScheduler(env, hostId).configChanged(hostId);
  } catch (error) {
    console.error(JSON.stringify({ message: "host object not told of a change", hostId, error: String(error) }));
  }
}

/**
 * Usernames are never reused and hosts never change account, so each isolate remembers the hosts it
 * has found. Misses are remembered briefly, so a stream of requests for an unknown host costs no D1
 * read each (and never wakes a Durable Object), while a host created a moment later is found within
 * seconds. A deleted host stays remembered: its HostScheduler refuses availability and creates for it.
 */
const HOST_MISS_TTL_MS = 5_000;
const MAX_REMEMBERED_HOSTS = 10_000;
const hostByUsername = new Map<string, HostOwnership>();
const missedUntilMs = new Map<string, number>();

/** Host `username`'s id and account, or null when there is none. */
export async function findHost(db: Database, username: string): Promise<HostOwnership | null> {
  const known = hostByUsername.get(username);
  if (known) return known;
  if ((missedUntilMs.get(username) ?? 0) > Date.now()) return null;
  const row = await db.select({ id: users.id, accountId: users.accountId }).from(users).where(eq(users.username, username)).get();
  if (!row) {
    if (missedUntilMs.size >= MAX_REMEMBERED_HOSTS) missedUntilMs.clear();
    missedUntilMs.set(username, Date.now() + HOST_MISS_TTL_MS);
    return null;
  }
  if (hostByUsername.size >= MAX_REMEMBERED_HOSTS) hostByUsername.clear();
  hostByUsername.set(username, row);
  return row;
}

/**
 * The Origin of a page on another site calling without a token, checked against a booking type's
 * allowed origins; null for token callers, non-browser clients and our own hosted pages.
 */
export function crossSiteOrigin(c: Context<AppEnv>): string | null {
  if (c.get("caller").kind !== "anonymous") return null;
  const origin = c.req.header("origin");
  if (!origin || origin === new URL(c.req.url).origin) return null;
  return origin;
}

/**
 * What this caller may see of `host`'s booking types: a service token that sees the host and may read
 * bookings sees its private types too; a token that does not see the host finds nothing (design.md
 * "Auth"); anyone else sees the public ones their page's origin is allowed.
 */
export function typeAccessFor(c: Context<AppEnv>, host: HostOwnership): TypeAccess {
  const caller = c.get("caller");
  if (caller.kind !== "service") return { includePrivate: false, origin: crossSiteOrigin(c) };
  if (!seesHost(caller, host)) throw new ApiError("NOT_FOUND", HOST_OR_TYPE_NOT_FOUND);
  return { includePrivate: hasScope(caller.scopes, "bookings:read"), origin: null };
}
