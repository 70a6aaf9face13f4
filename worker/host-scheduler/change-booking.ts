/**
 * Changing a booking (BookingWrites.reschedule and cancel). Both read the booking before they
 * decide, so BookingWrites runs them one after another. Rescheduling books the new time as a create
 * does (hold, then commit) and cancels the old booking in the same transaction; cancelling changes
 * only a confirmed booking, and a moved one is refused.
 */
import { and, eq } from "drizzle-orm";
import { eventColumnsOf, eventForCancelledBooking, eventForMovedBooking, pendingEventColumns } from "../calendars";
import { recordStatement } from "../db/idempotency-records";
import { type BookingRow, type BookingTypeRow, bookings } from "../db/schema";
import { blockedRange, type SlotMs } from "../domain/availability";
import type { BookingEventColumns } from "../domain/booking-resource";
import type { RecordedResponse } from "../domain/idempotency";
import { fail } from "../domain/outcome";
import { notificationsForCancel, notificationsForReschedule } from "../notifications";
import { bookingCancelledEvent, bookingRescheduledEvent } from "../webhooks";
import type { WriteStatements } from "./group-commit";
import { endLapsedHolds } from "./hold-checks";
import { CHANGED, inRounds } from "./host-freshness";
import { type HostState, toBusy } from "./host-state";
import { bookingRescheduled, calendarUnavailable, offeredType, slotNotAvailable } from "./refusals";
import type { CancelRequest, RescheduleRequest, WriteOutcome } from "./scheduler-requests";
import { outcomeOf } from "./write-commit";
import { asResource, type BusyTimes, calendarBusyFor, eventSource, isCurrent, mailRecipients, type WriteParts } from "./write-parts";

/** Moves a confirmed booking: a new booking is created and the old one cancelled, atomically. */
export function rescheduleBooking(parts: WriteParts, request: RescheduleRequest, response: RecordedResponse): Promise<WriteOutcome> {
  const slot = { startMs: request.startMs, endMs: request.endMs };
  return inRounds(async () => {
    const state = await parts.freshness.stateFor(request.hostId, "write");
    const old = await parts.db().select().from(bookings).where(eq(bookings.id, request.bookingId)).get();
    if (!state || !old || old.userId !== state.user.id) return fail("BOOKING_NOT_FOUND", "No such booking.");
    if (old.rescheduledToId !== null) return bookingRescheduled(old.rescheduledToId);
    if (old.status !== "confirmed") {
      return fail("INVALID_REQUEST", `This booking is ${old.status} and can no longer be rescheduled.`);
    }
    const offered = offeredType(state, { ...request, bookingTypeRef: String(old.bookingTypeId) });
    if (!offered.ok) return offered;
    const oldEvent = await eventColumnsOf(parts.db(), old.id);
    const elsewhere = await calendarBusyFor(parts, state, slot, offered.value);
    if (!elsewhere) return calendarUnavailable();
    return rescheduleOn(parts, state, request, response, old, oldEvent, slot, elsewhere);
  });
}

/**
 * The decision of a reschedule, the hold, and the commit, with nothing awaited before the hold
 * (as a create's, create-booking.ts). Moving a booking books a new time, which a deleted host, an
 * archived type or (for a caller who may not see it) a private one no longer offers; cancelling still works.
 */
async function rescheduleOn(
  parts: WriteParts,
  state: HostState,
  request: RescheduleRequest,
  response: RecordedResponse,
  old: BookingRow,
  oldEvent: BookingEventColumns | null,
  slot: SlotMs,
  elsewhere: BusyTimes,
): Promise<WriteOutcome | typeof CHANGED> {
  if (!isCurrent(parts, state, elsewhere.generation)) return CHANGED;
  const offered = offeredType(state, { ...request, bookingTypeRef: String(old.bookingTypeId) });
  if (!offered.ok) return offered;
  const db = parts.db();
  const now = parts.clock();
  endLapsedHolds(parts.holds, state, now);
  // The booking being moved does not block its own new time (nor does its event, calendarBusy).
  const rules = state.bookableRules(old.bookingTypeId, slot, state.busyExcept(old.id), elsewhere.busy, now);
  if (!rules) return slotNotAvailable();
  const moved: BookingRow = {
    ...old,
    id: request.newBookingId,
    ...slot,
    ...blockedRange(rules, slot),
    rescheduledFromId: old.id,
    rescheduledToId: null,
    createdAt: now,
    cancelledAt: null,
  };
  state.ledger.hold(toBusy(moved));
  // One transaction: the old booking is released first so the trigger does not see it; if the
  // insert is refused, everything rolls back and the old booking stays confirmed.
  const eventWork = eventForMovedBooking(db, state.calendars, state.user.id, old.id, moved.id, oldEvent !== null, now);
  // The event moves with the booking; a booking that had none gets one if a calendar receives events.
  const movedEvent = oldEvent ? { ...oldEvent, status: "pending" as const } : pendingEventColumns(state.calendars.receiving);
  const type = offered.value;
  const webhook = bookingRescheduledEvent(
    db,
    eventSource(state),
    asResource(state, moved, type, movedEvent),
    asResource(state, { ...old, status: "cancelled", cancelledAt: now, rescheduledToId: moved.id }, type, null),
    now,
  );
  const mail = parts.mailOn() ? notificationsForReschedule(db, mailRecipients(state, moved, type), old.id, now) : [];
  const statements: WriteStatements = [
    db.update(bookings).set({ status: "cancelled", cancelledAt: now, rescheduledToId: moved.id }).where(eq(bookings.id, old.id)),
    db.insert(bookings).values(moved),
    recordStatement(db, response, now),
    ...eventWork,
    webhook.statement,
    ...mail,
  ];
  const result = await parts.commits.commit(statements, response);
  parts.commits.settleHold(state, moved.id, result);
  if (result.verdict === "committed") state.ledger.remove(old.id);
  if (result.verdict === "committed")
    parts.afterCommit.committed(state.user.id, {
      hasEventWork: eventWork.length > 0,
      hasMail: mail.length > 0,
      webhook,
      statements,
      results: result.results,
    });
  return outcomeOf(result);
}

/** Cancels a booking of this host; cancelling a cancelled booking changes nothing. */
export async function cancelBooking(parts: WriteParts, request: CancelRequest, response: RecordedResponse): Promise<WriteOutcome> {
  // Loaded first: a load that read the booking before this cancel commits must not install it after.
  const state = await parts.freshness.stateFor(request.hostId, "write");
  const booking = await parts.db().select().from(bookings).where(eq(bookings.id, request.bookingId)).get();
  if (!state || !booking || booking.userId !== state.user.id) return fail("BOOKING_NOT_FOUND", "No such booking.");
  // A moved booking is history: cancelling it would leave the meeting standing at its new time.
  if (booking.rescheduledToId !== null) return bookingRescheduled(booking.rescheduledToId);
  const now = parts.clock();
  const event = await eventColumnsOf(parts.db(), booking.id);
  const db = parts.db();
  const cancelled = { ...booking, status: "cancelled" as const, cancelledAt: now };
  const type = typeOf(state, booking.bookingTypeId);
  // Written only if the booking was still confirmed: cancelling it again reports nothing.
  const webhook = bookingCancelledEvent(db, eventSource(state), asResource(state, cancelled, type, event && { ...event, status: "pending" }), now);
  // Before the update, like the webhook: written only while the booking is still confirmed.
  const mail = parts.mailOn() ? notificationsForCancel(db, mailRecipients(state, booking, type), now) : [];
  const statements: WriteStatements = [
    webhook.statement,
    ...mail,
    db
      .update(bookings)
      .set({ status: "cancelled", cancelledAt: now })
      .where(and(eq(bookings.id, request.bookingId), eq(bookings.status, "confirmed"))),
    recordStatement(db, response, now),
    ...eventForCancelledBooking(db, request.bookingId, now),
  ];
  const result = await parts.commits.commit(statements, response);
  if (result.verdict === "committed") state.ledger.remove(request.bookingId);
  // A host without calendars has no event to delete (one left from a removed connection is woken by the next load).
  if (result.verdict === "committed")
    parts.afterCommit.committed(state.user.id, { hasEventWork: hasCalendars(state), hasMail: mail.length > 0, webhook, statements, results: result.results });
  if (result.verdict === "unknown") parts.freshness.markStale();
  return outcomeOf(result);
}

/** A booking's type: types are archived, never deleted, so the host's state holds every type it has. */
function typeOf(state: HostState, bookingTypeId: number): BookingTypeRow {
  const type = state.bookingType(String(bookingTypeId));
  if (!type) throw new Error(`Booking type ${bookingTypeId} is missing from its host's state.`);
  return type;
}

function hasCalendars(state: HostState): boolean {
  return state.calendars.receiving !== null || state.calendars.checked.length > 0;
}
