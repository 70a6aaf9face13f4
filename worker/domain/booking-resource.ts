/**
 * A booking as the API shows it (design.md "GET /api/bookings/:id"): one function, so that GET of
 * one booking and the bookings list can never answer two different shapes.
 */

import { sql } from "drizzle-orm";
import { type BookingRow, type BookingTypeRow, calendarEvents } from "../db/schema";
import { toIsoUtc } from "../lib/instants";
import type { BookingResponse } from "./contract";

/** The columns of a booking that its public shape reads. */
export type BookingResourceRow = Pick<
  BookingRow,
  | "id"
  | "startMs"
  | "endMs"
  | "status"
  | "attendeeEmail"
  | "attendeeName"
  | "attendeeTimeZone"
  | "attendeeLocale"
  | "notes"
  | "metadata"
  | "answers"
  | "rescheduledFromId"
  | "rescheduledToId"
  | "createdAt"
  | "cancelledAt"
>;

/** The booking type as far as a booking names it. */
export type BookingResourceType = Pick<BookingTypeRow, "id" | "publicId" | "title">;

/** The calendar event row of a booking, as a left join reads it (all null without one). */
export interface BookingEventColumns {
  provider: "google" | "microsoft" | null;
  calendarId: string | null;
  status: "pending" | "synced" | "failed" | null;
  eventId: string | null;
}

/** The columns to select for BookingEventColumns; `status` renamed, since a batch keys rows by column name. */
export const bookingEventColumns = {
  provider: calendarEvents.provider,
  calendarId: calendarEvents.calendarId,
  status: sql<BookingEventColumns["status"]>`${calendarEvents.status}`.as("event_status"),
  eventId: calendarEvents.eventId,
};

/**
 * design-calendars.md: `calendarEvent` is the booking's event in the host's calendar, null when it
 * has none: never had one, its event moved on to the booking it was rescheduled to, or it was
 * cancelled and the event is gone.
 */
function calendarEventOf(booking: BookingResourceRow, event: BookingEventColumns | null, viewer: BookingViewer): BookingResponse["calendarEvent"] {
  if (!event?.provider || !event.calendarId || !event.status) return null;
  if (booking.status === "cancelled" && event.status === "synced" && event.eventId === null) return null;
  // The calendar's id is often the host's own e-mail address: the host's business, not the attendee's.
  if (viewer === "attendee") return { provider: event.provider, status: event.status };
  return { provider: event.provider, calendarId: event.calendarId, status: event.status };
}

/** Who reads the booking: the host's side (a service token) or the attendee (their manage token). */
export type BookingViewer = "host" | "attendee";

/** `username` is the host's; the contract calls it `userId`. */
export function bookingResource(
  booking: BookingResourceRow,
  username: string,
  type: BookingResourceType,
  event: BookingEventColumns | null = null,
  viewer: BookingViewer = "host",
): BookingResponse {
  return {
    id: booking.id,
    userId: username,
    startUtc: toIsoUtc(booking.startMs),
    endUtc: toIsoUtc(booking.endMs),
    status: booking.status,
    attendee: { email: booking.attendeeEmail, name: booking.attendeeName, timeZone: booking.attendeeTimeZone, locale: booking.attendeeLocale },
    bookingType: { id: String(type.id), stringId: type.publicId, title: type.title },
    notes: booking.notes,
    metadata: booking.metadata,
    answers: booking.answers,
    rescheduledFromId: booking.rescheduledFromId,
    rescheduledToId: booking.rescheduledToId,
    createdAt: toIsoUtc(booking.createdAt),
    cancelledAt: booking.cancelledAt === null ? null : toIsoUtc(booking.cancelledAt),
    calendarEvent: calendarEventOf(booking, event, viewer),
  };
}
