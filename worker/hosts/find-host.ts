import { eq } from "drizzle-orm";
import type { Database } from "../db/client";
import { users } from "../db/schema";
import type { HostOwnership } from "../http/access";
import { BoundedMap } from "../lib/bounded-map";

/**
 * Usernames are never reused and hosts never change account, so each isolate remembers the hosts it
 * has found. Misses are remembered briefly, so a stream of requests for an unknown host costs no D1
 * read each (and never wakes a Durable Object), while a host created a moment later is found within
 * seconds. A deleted host stays remembered: its HostScheduler refuses availability and creates for it.
 */
const HOST_MISS_TTL_MS = 5_000;
const MAX_REMEMBERED_HOSTS = 10_000;
const hostByUsername = new BoundedMap<string, HostOwnership>(MAX_REMEMBERED_HOSTS);
const missedUntilMs = new BoundedMap<string, number>(MAX_REMEMBERED_HOSTS);

/** Host `username`'s id and account, or null when there is none. */
export async function findHost(db: Database, username: string): Promise<HostOwnership | null> {
  const known = hostByUsername.get(username);
  if (known) return known;
  if ((missedUntilMs.get(username) ?? 0) > Date.now()) return null;
  const row = await db.select({ id: users.id, accountId: users.accountId }).from(users).where(eq(users.username, username)).get();
  if (!row) {
    missedUntilMs.set(username, Date.now() + HOST_MISS_TTL_MS);
    return null;
  }
  hostByUsername.set(username, row);
  return row;
}
