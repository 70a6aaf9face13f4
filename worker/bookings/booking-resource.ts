/**
 * A booking as the API shows it (design.md "GET /api/bookings/:id"): one function, so that GET of
 * one booking and the bookings list can never answer two different shapes.
 */
import type { BookingResponse } from "../contract";
import type { BookingRow, BookingTypeRow } from "../db/schema";
import { toIsoUtc } from "../lib/instants";

/** The columns of a booking that its public shape reads. */
export type BookingResourceRow = Pick<
  BookingRow,
  "id" | "startMs" | "endMs" | "status" | "attendeeEmail" | "attendeeName" | "notes" | "rescheduledFromId" | "rescheduledToId" | "createdAt" | "cancelledAt"
>;

/** The booking type as far as a booking names it. */
export type BookingResourceType = Pick<BookingTypeRow, "id" | "publicId" | "title">;

/** `username` is the host's; the contract calls it `userId`. */
export function bookingResource(booking: BookingResourceRow, username: string, type: BookingResourceType): BookingResponse {
  return {
    id: booking.id,
    userId: username,
    startUtc: toIsoUtc(booking.startMs),
    endUtc: toIsoUtc(booking.endMs),
    status: booking.status,
    attendee: { email: booking.attendeeEmail, name: booking.attendeeName },
    bookingType: { id: String(type.id), stringId: type.publicId, title: type.title },
    notes: booking.notes,
    rescheduledFromId: booking.rescheduledFromId,
    rescheduledToId: booking.rescheduledToId,
    createdAt: toIsoUtc(booking.createdAt),
    cancelledAt: booking.cancelledAt === null ? null : toIsoUtc(booking.cancelledAt),
  };
}
