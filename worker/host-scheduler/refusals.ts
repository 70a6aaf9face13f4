/**
 * The refusals a HostScheduler answers with, one wording each (availability and the three writes
 * share them), and the check of the booking type a request names.
 */
import type { BookingTypeRow } from "../db/schema";
import { isOffered, type TypeAccess } from "../domain/booking-type-access";
import { HOLD_MISMATCH, HOLD_NOT_FOUND, HOST_OR_TYPE_NOT_FOUND } from "../domain/errors";
import { fail, type Outcome, ok } from "../domain/outcome";
import type { HostState } from "./host-state";

/**
 * A deleted host is still loaded (its bookings stay cancellable) but offers no slots and takes no
 * bookings; the management API calls configChanged after the delete, so this holds from the next request.
 */
function isDeleted(state: HostState): boolean {
  return state.user.deletedAt !== null;
}

/** The booking type a request names, if its host takes bookings and the caller may book it. */
export function offeredType(state: HostState, request: TypeAccess & { bookingTypeRef: string }): Outcome<BookingTypeRow> {
  const type = isDeleted(state) ? undefined : state.bookingType(request.bookingTypeRef);
  return type && isOffered(type, request) ? ok(type) : hostOrTypeNotFound();
}

/** One answer for a deleted host, an unknown type and one the caller may not book (design.md "Auth"). */
export function hostOrTypeNotFound(): Outcome<never> {
  return fail("NOT_FOUND", HOST_OR_TYPE_NOT_FOUND);
}

export function slotNotAvailable(): Outcome<never> {
  return fail("SLOT_NOT_AVAILABLE", "Selected time slot is no longer available.");
}

export function bookingRescheduled(rescheduledToId: string): Outcome<never> {
  return fail("BOOKING_RESCHEDULED", `This booking was rescheduled; act on booking ${rescheduledToId} instead.`, { rescheduledToId });
}

export function calendarUnavailable(): Outcome<never> {
  return fail("CALENDAR_UNAVAILABLE", "The host's calendar could not be read just now, so nothing was booked. Try again in a few seconds.");
}

/**
 * Whether the host still takes bookings of type `bookingTypeId` (whoever asks): a hold on a type
 * archived since, or of a host deleted since, holds nothing bookable and ends.
 */
export function isStillBookable(state: HostState, bookingTypeId: number): boolean {
  const type = state.bookingType(String(bookingTypeId));
  return !isDeleted(state) && type !== undefined && type.archivedAt === null;
}

/** An unknown, expired, released or consumed hold, and another account's: one answer for all. */
export function holdNotFound(): Outcome<never> {
  return fail("NOT_FOUND", HOLD_NOT_FOUND);
}

/** A create naming a live hold of another type or time: the caller is confused, and nothing is booked. */
export function holdMismatch(): Outcome<never> {
  return fail("INVALID_REQUEST", HOLD_MISMATCH, [{ path: "holdId", message: HOLD_MISMATCH }]);
}
