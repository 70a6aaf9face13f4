/**
 * At most PUBLIC_CREATES_PER_HOUR (wrangler.toml, 10) public bookings an hour per client address
 * per host (design-notifications.md "Abuse"): anyone can type a stranger's e-mail address into a
 * public form, and every booking sends that stranger a message.
 *
 * Counted in D1 (`public_creates`), because the Rate Limiting binding's windows are 10 or 60
 * seconds: ten a minute would allow 600 an hour. The count is one statement in the booking's own
 * commit: only bookings that commit count (a create refused as taken, a calendar that could not be
 * read, a replay of a booking already made count nothing), two creates cannot both take the last
 * place, and it costs no round trip of its own. Over the cap, the statement writes a NULL into a
 * NOT NULL column: a constraint refusal, so the whole commit rolls back like an overlap would.
 */
import { and, eq, gt, lte, min, sql } from "drizzle-orm";
import { deleteInSteps, type SweepBudget } from "../db/batched-delete";
import type { Database } from "../db/client";
import { d1ErrorMentions } from "../db/client";
import { publicCreates } from "../db/schema";

const HOUR_MS = 60 * 60 * 1000;
const DEFAULT_PER_HOUR = 10;
const DEFAULT_MESSAGES_PER_DAY = 3;
/** The constraint D1 names when the cap refuses a commit. */
const CAP_REFUSAL = "public_creates.created_at";

/** Who a public create is counted against; null for a service token's, or with RATE_LIMITS=off. */
export interface PublicCreateCap {
  /** As the per-address rate limits count it: an IPv4 address or an IPv6 /64. */
  address: string;
  perHour: number;
  /** E-mail a day to one attendee address from public creates (notifications' outbox counts it). */
  attendeeMessagesPerDay: number;
}

export function publicCreateCapOf(
  env: Pick<Env, "RATE_LIMITS" | "PUBLIC_CREATES_PER_HOUR" | "ATTENDEE_MESSAGES_PER_DAY">,
  isPublic: boolean,
  address: string,
): PublicCreateCap | null {
  if (!isPublic || env.RATE_LIMITS === "off") return null;
  return {
    address,
    perHour: positiveInteger(env.PUBLIC_CREATES_PER_HOUR) ?? DEFAULT_PER_HOUR,
    attendeeMessagesPerDay: positiveInteger(env.ATTENDEE_MESSAGES_PER_DAY) ?? DEFAULT_MESSAGES_PER_DAY,
  };
}

function positiveInteger(value: string | undefined): number | null {
  const number = Number(value);
  return Number.isInteger(number) && number > 0 ? number : null;
}

/** The statement a public create commits with: counts it, or refuses the commit when the hour's are used up. */
export function countPublicCreate(db: Database, hostId: number, cap: PublicCreateCap, nowMs: number) {
  const counted = sql`(SELECT count(*) FROM ${publicCreates} WHERE ${withinHour(hostId, cap.address, nowMs)})`;
  return db.insert(publicCreates).select(sql`SELECT ${hostId}, ${cap.address}, CASE WHEN ${counted} < ${cap.perHour} THEN ${nowMs} END`);
}

/** Whether D1 refused a commit because of the cap. */
export function isPublicCreateCapRefusal(error: unknown): boolean {
  return d1ErrorMentions(error, CAP_REFUSAL);
}

/** Seconds until a place frees up: when the oldest of the hour's counted creates turns an hour old. */
export async function secondsUntilPlace(db: Database, hostId: number, address: string, nowMs: number): Promise<number> {
  const oldest = await db
    .select({ createdAt: min(publicCreates.createdAt) })
    .from(publicCreates)
    .where(withinHour(hostId, address, nowMs))
    .get();
  return Math.max(1, Math.ceil(((oldest?.createdAt ?? nowMs) + HOUR_MS - nowMs) / 1000));
}

/** Hourly: the rows no count reads any more, a bounded number a run (db/batched-delete.ts); answers how many went. */
export function sweepPublicCreates(db: Database, nowMs: number, budget?: SweepBudget): Promise<number> {
  return deleteInSteps(db, publicCreates, lte(publicCreates.createdAt, nowMs - HOUR_MS), budget);
}

function withinHour(hostId: number, address: string, nowMs: number) {
  return and(eq(publicCreates.hostId, hostId), eq(publicCreates.address, address), gt(publicCreates.createdAt, nowMs - HOUR_MS));
}
