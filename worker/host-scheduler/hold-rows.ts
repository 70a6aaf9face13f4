/**
 * The D1 rows of checkout holds (migrations/0018). A hold lives in its host's Durable Object
 * (slot-holds.ts); its row, committed with the hold's idempotency record, says which host that is
 * (renew and release name only the hold) and counts an anonymous hold against its client address:
 * at most HOLDS_PER_ADDRESS live ones across every host (design.md "Holds").
 *
 * The cap is one statement in the hold's own commit, as public-create-cap.ts counts public creates:
 * over the cap it writes NULL into a NOT NULL column, a constraint refusal that rolls the commit back,
 * so two holds racing for an address's last place cannot both take it.
 */
import { and, eq, gt, lte, min, sql } from "drizzle-orm";
import { deleteInSteps, type SweepBudget } from "../db/batched-delete";
import { type Database, d1ErrorMentions } from "../db/client";
import { slotHolds, users } from "../db/schema";

export const HOLDS_PER_ADDRESS = 3;
/** The constraint D1 names when the cap refuses a commit. */
const CAP_REFUSAL = "slot_holds.expires_at";
/** Rows stay this long past their expiry, for an operator looking into a hold; nothing reads them. */
const KEPT_AFTER_EXPIRY_MS = 60 * 60 * 1000;

/**
 * The address an anonymous hold counts against; null for a token's hold, and with RATE_LIMITS=off
 * (local load tests), which turns off every per-address limit.
 */
export function holdCapAddress(env: Pick<Env, "RATE_LIMITS">, isAnonymous: boolean, address: string): string | null {
  return isAnonymous && env.RATE_LIMITS !== "off" ? address : null;
}

/** The row of a new hold; with an address, refused (isHoldCapRefusal) when the address already has its live holds. */
export function insertHoldRow(db: Database, row: { id: string; hostId: number; expiresAtMs: number }, address: string | null, nowMs: number) {
  if (address === null) return db.insert(slotHolds).values({ id: row.id, hostId: row.hostId, address: null, expiresAt: row.expiresAtMs });
  const live = sql`(SELECT count(*) FROM ${slotHolds} WHERE ${liveOf(address, nowMs)})`;
  return db.insert(slotHolds).select(sql`SELECT ${row.id}, ${row.hostId}, ${address}, CASE WHEN ${live} < ${HOLDS_PER_ADDRESS} THEN ${row.expiresAtMs} END`);
}

/** Whether D1 refused a hold's commit because its address has its live holds already. */
export function isHoldCapRefusal(error: unknown): boolean {
  return d1ErrorMentions(error, CAP_REFUSAL);
}

export function renewHoldRow(db: Database, id: string, expiresAtMs: number) {
  return db.update(slotHolds).set({ expiresAt: expiresAtMs }).where(eq(slotHolds.id, id));
}

/** A released or consumed hold gives its address's place back at once. */
export function deleteHoldRow(db: Database, id: string) {
  return db.delete(slotHolds).where(eq(slotHolds.id, id));
}

/** The host a hold was made with, that host's account and the row's expiry; undefined for an id no hold ever had. */
export function hostOfHold(db: Database, id: string): Promise<{ hostId: number; accountId: string; expiresAt: number } | undefined> {
  return db
    .select({ hostId: slotHolds.hostId, accountId: users.accountId, expiresAt: slotHolds.expiresAt })
    .from(slotHolds)
    .innerJoin(users, eq(users.id, slotHolds.hostId))
    .where(eq(slotHolds.id, id))
    .get();
}

/** Seconds until the address's first live hold expires (a place frees up then), for Retry-After. */
export async function secondsUntilHoldPlace(db: Database, address: string, nowMs: number): Promise<number> {
  const first = await db
    .select({ expiresAt: min(slotHolds.expiresAt) })
    .from(slotHolds)
    .where(liveOf(address, nowMs))
    .get();
  return Math.max(1, Math.ceil(((first?.expiresAt ?? nowMs) - nowMs) / 1000));
}

/**
 * 1,000 rows × 50 steps: 50,000 holds an hour (14 a second, each a visitor at checkout), in 50 of the
 * hourly invocation's 1,000 D1 queries, beside the other expiries' 800 (docs/scale.md).
 */
export const HOLD_SWEEP: SweepBudget = { rowsPerStep: 1_000, stepsPerRun: 50 };

/** Hourly: rows an hour past their expiry, a bounded number a run (db/batched-delete.ts); answers how many went. */
export function sweepSlotHolds(db: Database, nowMs: number, budget: SweepBudget = HOLD_SWEEP): Promise<number> {
  return deleteInSteps(db, slotHolds, lte(slotHolds.expiresAt, nowMs - KEPT_AFTER_EXPIRY_MS), budget);
}

function liveOf(address: string, nowMs: number) {
  return and(eq(slotHolds.address, address), gt(slotHolds.expiresAt, nowMs));
}
