/**
 * What a decision checks of the host's checkout holds first: lapsed holds (expired, or on a type the
 * host no longer books) end before anything is decided, and a hold named by its id counts only for a
 * caller who may use it. The alarm ends expired holds on time; this covers the milliseconds an alarm
 * may run late.
 */
import { toIsoUtc } from "../lib/instants";
import type { HostState } from "./host-state";
import { isStillBookable } from "./refusals";
import type { SlotHold, SlotHolds } from "./slot-holds";

export function endLapsedHolds(holds: SlotHolds, state: HostState, nowMs: number): void {
  if (holds.count > 0) holds.endExpired(nowMs, (hold) => !isStillBookable(state, hold.bookingTypeId));
}

/**
 * The live hold `holdId`, if this caller may use it (design.md "Holds"): anyone who has the id of an
 * anonymous hold, only the tokens of its own account for a token's.
 */
export function usableHold(holds: SlotHolds, holdId: string, callerAccountId: string | null, nowMs: number): SlotHold | undefined {
  const hold = holds.live(holdId, nowMs);
  return hold && (hold.accountId === null || hold.accountId === callerAccountId) ? hold : undefined;
}

/** A hold's answer as the API writes it (POST /api/holds and renew). */
export function holdJson(hold: SlotHold): string {
  return JSON.stringify({ holdId: hold.id, start: toIsoUtc(hold.startMs), end: toIsoUtc(hold.endMs), expiresAt: toIsoUtc(hold.expiresAtMs) });
}

/**
 * When a hold given `ttlSeconds` at `nowMs` expires: on a whole second (instants are written to the
 * second), never sooner than asked.
 */
export function expiryAfter(nowMs: number, ttlSeconds: number): number {
  return Math.ceil((nowMs + ttlSeconds * 1000) / 1000) * 1000;
}
