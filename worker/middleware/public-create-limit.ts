/**
 * At most PUBLIC_CREATES_PER_HOUR (wrangler.toml, 10) public creates an hour per client address per
 * host (design-notifications.md "Abuse"): anyone can type a stranger's e-mail address into a public
 * form, and every booking sends that stranger a message.
 *
 * Counted in D1, one row per create (migrations/0013), because an hour can't be had from the Rate
 * Limiting binding, whose windows are 10 or 60 seconds: ten a minute would allow 600 an hour. The
 * host's Durable Object already sees every create, but keeping the count there would put the
 * abuse rule inside the booking lock; D1 costs one more round trip per public create only (token
 * creates, availability and the benches, which run with RATE_LIMITS=off, pay nothing). The count
 * and the insert are one conditional statement, so concurrent creates cannot both take the last place.
 */
import { and, eq, gt, lte, min, sql } from "drizzle-orm";
import { database } from "../db/client";
import { publicCreates } from "../db/schema";
import { rateLimited } from "./rate-limit";

const HOUR_MS = 60 * 60 * 1000;
const DEFAULT_PER_HOUR = 10;

/** Counts one public create of `address` for `hostId`; throws 429 RATE_LIMITED with Retry-After once the hour's are used up. */
export async function enforcePublicCreateLimit(env: Env, hostId: number, address: string): Promise<void> {
  if (env.RATE_LIMITS === "off") return;
  const perHour = publicCreatesPerHour(env);
  const db = database(env.DB);
  const nowMs = Date.now();
  const hourAgo = nowMs - HOUR_MS;
  const withinHour = and(eq(publicCreates.hostId, hostId), eq(publicCreates.address, address), gt(publicCreates.createdAt, hourAgo));
  const [, counted] = await db.batch([
    // Every count forgets the rows it no longer needs, whoever they are for: the table stays an hour long.
    db.delete(publicCreates).where(lte(publicCreates.createdAt, hourAgo)),
    db
      .insert(publicCreates)
      .select(sql`SELECT ${hostId}, ${address}, ${nowMs} WHERE (SELECT count(*) FROM ${publicCreates} WHERE ${withinHour}) < ${perHour}`),
  ]);
  if (counted.meta.changes > 0) return;
  // Refused: the next place frees up when the oldest of the hour's creates turns an hour old.
  const oldest = await db.select({ createdAt: min(publicCreates.createdAt) }).from(publicCreates).where(withinHour).get();
  const retryAfterSeconds = Math.max(1, Math.ceil(((oldest?.createdAt ?? nowMs) + HOUR_MS - nowMs) / 1000));
  throw rateLimited(retryAfterSeconds, `Too many bookings with this host from your network in the last hour; try again in ${Math.ceil(retryAfterSeconds / 60)} minutes.`);
}

function publicCreatesPerHour(env: Env): number {
  const configured = Number(env.PUBLIC_CREATES_PER_HOUR);
  return Number.isInteger(configured) && configured > 0 ? configured : DEFAULT_PER_HOUR;
}
