/**
 * Creating a booking (BookingWrites.create): the host's copy and its calendars are checked, the
 * slot held and the booking committed with its idempotency record, its calendar event work and its
 * webhook event. A public create past the hourly cap of its network is refused with when to try again.
 * A create naming a checkout hold books the held slot and ends the hold in the same commit.
 */
import { eventForNewBooking, pendingEventColumns } from "../calendars";
import { recordStatement } from "../db/idempotency-records";
import { type BookingRow, bookings } from "../db/schema";
import { blockedRange, type SlotMs } from "../domain/availability";
import { checkAnswers } from "../domain/booking-answers";
import type { RecordedResponse } from "../domain/idempotency";
import { fail } from "../domain/outcome";
import { notificationsForCreate } from "../notifications";
import { bookingCreatedEvent } from "../webhooks";
import type { WriteStatements } from "./group-commit";
import { endLapsedHolds, usableHold } from "./hold-checks";
import { deleteHoldRow } from "./hold-rows";
import { CHANGED } from "./host-freshness";
import { type HostState, toBusy } from "./host-state";
import { countPublicCreate, isPublicCreateCapRefusal, type PublicCreateCap, secondsUntilPlace } from "./public-create-cap";
import { holdMismatch, offeredType, slotNotAvailable } from "./refusals";
import type { CreateBookingRequest, WriteOutcome } from "./scheduler-requests";
import { decideOnSlot } from "./slot-decision";
import { outcomeOf } from "./write-commit";
import { asResource, type BusyTimes, eventSource, isCurrent, mailRecipients, type WriteParts } from "./write-parts";

export function createBooking(parts: WriteParts, request: CreateBookingRequest, response: RecordedResponse): Promise<WriteOutcome> {
  const slot = { startMs: request.startMs, endMs: request.endMs };
  return decideOnSlot(parts, request, slot, (state, elsewhere) => createOn(parts, state, request, response, slot, elsewhere));
}

/**
 * The decision of a create, the hold, and the commit. From its first line to the hold nothing
 * awaits: the host, the type and its rules are checked as they are now (a change answered while
 * the create waited is never bypassed), and no other request can take the slot in between.
 */
async function createOn(
  parts: WriteParts,
  state: HostState,
  request: CreateBookingRequest,
  response: RecordedResponse,
  slot: SlotMs,
  elsewhere: BusyTimes,
): Promise<WriteOutcome | typeof CHANGED> {
  if (!isCurrent(parts, state, elsewhere.generation)) return CHANGED;
  const offered = offeredType(state, request);
  if (!offered.ok) return offered;
  const type = offered.value;
  // Judged against the questions as they are now; later changes to them leave the stored answers alone.
  const answers = checkAnswers(type.questions, request.answers);
  if (!answers.ok) return fail("INVALID_REQUEST", `${answers.issue.path}: ${answers.issue.message}`, [answers.issue]);
  const db = parts.db();
  const now = parts.clock();
  endLapsedHolds(parts.holds, state, now);
  // A hold that expired, was released or is another account's is no hold: an ordinary create (design.md "Holds").
  const hold = request.holdId === null ? undefined : usableHold(parts.holds, request.holdId, request.callerAccountId, now);
  if (hold && (hold.bookingTypeId !== type.id || hold.startMs !== slot.startMs || hold.endMs !== slot.endMs)) return holdMismatch();
  const busy = hold ? state.busyExcept(hold.id) : state.busy;
  // The hold kept the slot from when it was made: notice and window are judged as then, but a
  // meeting that has begun is not booked.
  if (hold && slot.startMs <= now) return slotNotAvailable();
  const rules = state.bookableRules(type.id, slot, busy, elsewhere.busy, hold?.heldAtMs ?? now);
  if (!rules) return slotNotAvailable();
  const row: BookingRow = {
    id: request.bookingId,
    userId: state.user.id,
    bookingTypeId: type.id,
    ...slot,
    ...blockedRange(rules, slot),
    status: "confirmed",
    attendeeName: request.attendeeName,
    attendeeEmail: request.attendeeEmail,
    notes: request.notes,
    metadata: request.metadata,
    answers: answers.value,
    attendeeTimeZone: request.attendeeTimeZone,
    attendeeLocale: request.attendeeLocale,
    manageTokenHash: request.manageTokenHash,
    rescheduledFromId: null,
    rescheduledToId: null,
    createdAt: now,
    cancelledAt: null,
  };
  // Held from here on: a concurrent request for an overlapping slot now sees it as taken.
  state.ledger.hold(toBusy(row));
  const eventWork = eventForNewBooking(db, state.calendars, state.user.id, row.id, now);
  const webhook = bookingCreatedEvent(db, eventSource(state), asResource(state, row, type, pendingEventColumns(state.calendars.receiving)), now);
  const cap = request.publicCreateCap;
  const mail = parts.mailOn() ? notificationsForCreate(db, mailRecipients(state, row, type, cap?.attendeeMessagesPerDay ?? null), now) : [];
  const statements: WriteStatements = [
    db.insert(bookings).values(row),
    recordStatement(db, response, now),
    ...(cap ? [countPublicCreate(db, state.user.id, cap, now)] : []),
    // The hold ends in the booking's commit: its address's place comes back with it.
    ...(hold ? [deleteHoldRow(db, hold.id)] : []),
    ...eventWork,
    webhook.statement,
    ...mail,
  ];
  const result = await parts.commits.commit(statements, response);
  parts.commits.settleHold(state, row.id, result);
  if (hold && result.verdict === "committed") parts.holds.end(hold.id);
  if (result.verdict === "committed")
    parts.afterCommit.committed(state.user.id, {
      hasEventWork: eventWork.length > 0,
      hasMail: mail.length > 0,
      webhook,
      statements,
      results: result.results,
    });
  if (cap && result.verdict === "refused" && "error" in result && isPublicCreateCapRefusal(result.error)) return capReached(parts, state.user.id, cap);
  return outcomeOf(result);
}

/** The client address has made its hour's public bookings with this host: 429, with when to try again. */
async function capReached(parts: WriteParts, hostId: number, cap: PublicCreateCap): Promise<WriteOutcome> {
  const nowMs = parts.clock();
  const retryAfterSeconds = await secondsUntilPlace(parts.db(), hostId, cap.address, nowMs).catch(() => 3_600);
  const minutes = Math.ceil(retryAfterSeconds / 60);
  return fail("RATE_LIMITED", `Too many bookings with this host from your network in the last hour; try again in ${minutes} minutes.`, { retryAfterSeconds });
}
