/**
 * Renewing and releasing a checkout hold (design.md "Holds"). Renewing gives it `ttlSeconds` more
 * from now, up to 60 minutes after it was first made; its D1 row's expiry (which the per-address cap
 * counts) commits with the renewal's idempotency record. Releasing frees the slot at once and gives
 * the address its place back.
 */
import { recordStatement } from "../db/idempotency-records";
import type { IdempotencyTicket, RecordedResponse } from "../domain/idempotency";
import { fail, type Outcome, ok } from "../domain/outcome";
import { toIsoUtc } from "../lib/instants";
import { endLapsedHolds, expiryAfter, holdJson, usableHold } from "./hold-checks";
import { deleteHoldRow, renewHoldRow } from "./hold-rows";
import { holdNotFound } from "./refusals";
import type { HoldOutcome, HoldRequest, RenewHoldRequest } from "./scheduler-requests";
import { MAX_HOLD_MS, MIN_TTL_SECONDS } from "./slot-holds";
import { outcomeOf } from "./write-commit";
import type { WriteParts } from "./write-parts";

export async function renewHold(parts: WriteParts, request: RenewHoldRequest, ticket: IdempotencyTicket): Promise<HoldOutcome> {
  // The host's copy says whether the hold's type is still booked (an archived one ends its holds).
  const state = await parts.freshness.stateFor(request.hostId, "write");
  if (!state) return holdNotFound();
  const now = parts.clock();
  endLapsedHolds(parts.holds, state, now);
  const hold = usableHold(parts.holds, request.holdId, request.accountId, now);
  if (!hold) return holdNotFound();
  const expiresAtMs = expiryAfter(now, request.ttlSeconds);
  const latestMs = hold.heldAtMs + MAX_HOLD_MS;
  if (expiresAtMs > latestMs) return pastTheLimit(latestMs, now);
  const renewed = { ...hold, expiresAtMs };
  const response: RecordedResponse = { ticket, status: 200, body: holdJson(renewed) };
  const db = parts.db();
  const result = await parts.commits.commit([renewHoldRow(db, hold.id, expiresAtMs), recordStatement(db, response, now)], response);
  // Unless it ended meanwhile (released, consumed, or expired while D1 answered): renewing never revives a hold.
  if (result.verdict !== "refused" && parts.holds.live(hold.id, parts.clock())) {
    parts.holds.keep(renewed);
    await parts.holds.armAlarm();
  }
  const outcome = outcomeOf(result);
  return outcome.ok ? ok({ status: 200, body: response.body }) : outcome;
}

/**
 * 400 INVALID_REQUEST naming `ttlSeconds`: the request asks for more than the contract allows (60
 * minutes in all), and a smaller `ttlSeconds` would do. No 409 of design.md fits: the slot is not
 * taken, and nothing else conflicts.
 */
function pastTheLimit(latestMs: number, nowMs: number): HoldOutcome {
  const maxTtlSeconds = Math.floor((latestMs - nowMs) / 1000);
  const instead = maxTtlSeconds >= MIN_TTL_SECONDS ? `send ttlSeconds of at most ${maxTtlSeconds}` : "it can no longer be renewed";
  const message = `ttlSeconds: a hold lives at most 60 minutes in all, renewals included, so this one ends by ${toIsoUtc(latestMs)}; ${instead}.`;
  return fail("INVALID_REQUEST", message, [{ path: "ttlSeconds", message }]);
}

/** DELETE /api/holds/:holdId: the slot is free again at once. */
export async function releaseHold(parts: WriteParts, request: HoldRequest): Promise<Outcome<null>> {
  const hold = usableHold(parts.holds, request.holdId, request.accountId, parts.clock());
  if (!hold) return holdNotFound();
  parts.holds.end(hold.id);
  // The slot is free either way; a row left behind only counts against its address until it expires.
  await deleteHoldRow(parts.db(), hold.id)
    .run()
    .catch((error) => console.error(JSON.stringify({ message: "a released hold's row was not deleted", error: String(error) })));
  return ok(null);
}
