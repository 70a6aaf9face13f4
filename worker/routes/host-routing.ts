/**
 * Reaching a host's HostScheduler (keyed by the host's stable id, since usernames are data), and
 * what it needs to know about the calling page.
 */
import { eq } from "drizzle-orm";
import type { Context } from "hono";
import type { Database } from "../db/client";
import { users } from "../db/schema";
import type { TypeAccess } from "../domain/booking-type-access";
import type { AppEnv } from "../env";
import { ApiError } from "../errors";

/** The HostScheduler Durable Object of one host. */
export function hostScheduler(env: Env, hostId: number) {
  return env.HOST_SCHEDULER.get(env.HOST_SCHEDULER.idFromName(`host:${hostId}`));
}

/**
 * Usernames are never reused, so each isolate remembers the ids it has found. Misses are remembered
 * briefly, so a stream of requests for an unknown host costs no D1 read each (and never wakes a
 * Durable Object), while a host created a moment later is found within seconds.
 */
const HOST_MISS_TTL_MS = 5_000;
const MAX_REMEMBERED_HOSTS = 10_000;
const hostIdByUsername = new Map<string, number>();
const missedUntilMs = new Map<string, number>();

/** The id of host `username`, or null when there is none. */
export async function findHostId(db: Database, username: string): Promise<number | null> {
  const known = hostIdByUsername.get(username);
  if (known !== undefined) return known;
  if ((missedUntilMs.get(username) ?? 0) > Date.now()) return null;
  const row = await db.select({ id: users.id }).from(users).where(eq(users.username, username)).get();
  if (!row) {
    if (missedUntilMs.size >= MAX_REMEMBERED_HOSTS) missedUntilMs.clear();
    missedUntilMs.set(username, Date.now() + HOST_MISS_TTL_MS);
    return null;
  }
  if (hostIdByUsername.size >= MAX_REMEMBERED_HOSTS) hostIdByUsername.clear();
  hostIdByUsername.set(username, row.id);
  return row.id;
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
 * What this caller may see of host `username`'s booking types: a service token sees its own host's
 * private types too, and another host's as "not found" (design.md "Auth"); anyone else sees the
 * public ones their page's origin is allowed.
 */
export function typeAccessFor(c: Context<AppEnv>, username: string, typeRef: string): TypeAccess {
  const caller = c.get("caller");
  if (caller.kind === "service" && caller.username !== username) {
    throw new ApiError("NOT_FOUND", `No booking type "${typeRef}" for host "${username}".`);
  }
  return { includePrivate: caller.kind === "service", origin: crossSiteOrigin(c) };
}
