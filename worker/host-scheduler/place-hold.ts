/**
 * Placing a checkout hold (POST /api/holds, design.md "Holds"): the slot must be one availability
 * offers, decided exactly as a create decides (the same copy of the host, the same engine, its
 * calendars' busy times), and is then kept from everyone else until the hold ends. The hold's D1 row
 * (hold-rows.ts: its host, and the per-address cap) commits with its idempotency record.
 */
import { recordStatement } from "../db/idempotency-records";
import { blockedRange, type SlotMs } from "../domain/availability";
import { type IdempotencyTicket, type RecordedResponse, ticketId } from "../domain/idempotency";
import { fail, ok } from "../domain/outcome";
import { randomToken } from "../lib/crypto";
import { endLapsedHolds, expiryAfter, holdJson } from "./hold-checks";
import { HOLDS_PER_ADDRESS, hostOfHold, insertHoldRow, isHoldCapRefusal, secondsUntilHoldPlace } from "./hold-rows";
import { CHANGED } from "./host-freshness";
import type { HostState } from "./host-state";
import { offeredType, slotNotAvailable } from "./refusals";
import type { HoldOutcome, PlaceHoldRequest } from "./scheduler-requests";
import { decideOnSlot } from "./slot-decision";
import type { SlotHold } from "./slot-holds";
import { outcomeOf } from "./write-commit";
import { type BusyTimes, isCurrent, type WriteParts } from "./write-parts";

export async function placeHold(parts: WriteParts, request: PlaceHoldRequest, ticket: IdempotencyTicket): Promise<HoldOutcome> {
  // This key's last attempt kept its hold without learning whether D1 committed it: D1 says now.
  // Committed, it is this retry's answer; not, it is no one's, and would refuse the visitor their own slot.
  const unsettled = parts.holds.unsettledFor(ticketId(ticket));
  if (unsettled) {
    if (await hostOfHold(parts.db(), unsettled.id)) return ok({ status: 201, body: holdJson(unsettled) });
    parts.holds.end(unsettled.id);
  }
  const slot = { startMs: request.startMs, endMs: request.endMs };
  return decideOnSlot(parts, request, slot, (state, elsewhere) => placeOn(parts, state, request, ticket, slot, elsewhere));
}

/** The decision and the hold, with nothing awaited in between (as a create's, create-booking.ts), then the commit. */
async function placeOn(
  parts: WriteParts,
  state: HostState,
  request: PlaceHoldRequest,
  ticket: IdempotencyTicket,
  slot: SlotMs,
  elsewhere: BusyTimes,
): Promise<HoldOutcome | typeof CHANGED> {
  if (!isCurrent(parts, state, elsewhere.generation)) return CHANGED;
  const offered = offeredType(state, request);
  if (!offered.ok) return offered;
  const type = offered.value;
  const now = parts.clock();
  endLapsedHolds(parts.holds, state, now);
  const rules = state.bookableRules(type.id, slot, state.busy, elsewhere.busy, now);
  if (!rules) return slotNotAvailable();
  const hold: SlotHold = {
    id: randomToken("hold_"),
    bookingTypeId: type.id,
    ...slot,
    ...blockedRange(rules, slot),
    // On a whole second, like its expiry: the 60 minutes in all end on one too.
    heldAtMs: Math.floor(now / 1000) * 1000,
    expiresAtMs: expiryAfter(now, request.ttlSeconds),
    accountId: request.accountId,
  };
  // Held from here on, in memory and in the object's storage: a concurrent request now sees the slot as taken.
  parts.holds.keep(hold);
  const response: RecordedResponse = { ticket, status: 201, body: holdJson(hold) };
  const db = parts.db();
  const row = insertHoldRow(db, { id: hold.id, hostId: state.user.id, expiresAtMs: hold.expiresAtMs }, request.capAddress, now);
  const result = await parts.commits.commit([row, recordStatement(db, response, now)], response);
  // Unknown (D1 could not be asked): kept, since it may have committed; the key's retry settles it (above), or it expires.
  if (result.verdict === "refused") parts.holds.end(hold.id);
  else await parts.holds.armAlarm();
  if (result.verdict === "unknown") parts.holds.markUnsettled(ticketId(ticket), hold.id);
  if (request.capAddress && result.verdict === "refused" && "error" in result && isHoldCapRefusal(result.error)) {
    return capReached(parts, request.capAddress);
  }
  const outcome = outcomeOf(result);
  return outcome.ok ? ok({ status: 201, body: response.body }) : outcome;
}

/** The address has its live holds already (across every host): 429, with when the first of them expires. */
async function capReached(parts: WriteParts, address: string): Promise<HoldOutcome> {
  const retryAfterSeconds = await secondsUntilHoldPlace(parts.db(), address, parts.clock()).catch(() => 60);
  const message = `Your network holds ${HOLDS_PER_ADDRESS} slots already, the most it may at once; release one, or try again in ${retryAfterSeconds} seconds.`;
  return fail("RATE_LIMITED", message, { retryAfterSeconds });
}
