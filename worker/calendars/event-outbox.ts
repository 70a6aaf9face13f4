/**
 * The calendar work a booking change asks for, as statements committed in the same D1 transaction
 * as the change (design-calendars.md "The booking never waits on the calendar"): the change and its
 * event work commit or roll back together, and the host's Durable Object carries the work out after
 * (event-sync.ts). A row says what the calendar should show for a chain of bookings; each change
 * marks it pending again and bumps its version, so a sync already under way cannot mark it done.
 */
import { eq, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { calendarEvents } from "../db/schema";
import type { BookingEventColumns } from "../domain/booking-resource";
import type { HostCalendars } from "./host-calendars";
import type { ProviderName } from "./provider";

/** A new booking: its event, in the calendar that receives events (none without one). */
export function eventForNewBooking(db: Database, calendars: HostCalendars, hostId: number, bookingId: string, nowMs: number) {
  const receiving = calendars.receiving;
  if (!receiving) return [];
  return [
    db.insert(calendarEvents).values({
      eventKey: bookingId,
      hostId,
      bookingId,
      connectionId: receiving.connectionId,
      provider: receiving.provider,
      calendarId: receiving.calendarId,
      status: "pending",
      nextAttemptAt: nowMs,
      requestedAt: nowMs,
    }),
  ];
}

/** A cancelled booking: its event is to go (a no-op for a booking without one). */
export function eventForCancelledBooking(db: Database, bookingId: string, nowMs: number) {
  return [pendingAgain(db, nowMs).where(eq(calendarEvents.bookingId, bookingId))];
}

/**
 * A moved booking: the same event moves to the new time and belongs to the new booking. A booking
 * that had no event (made before a calendar was connected) gets one for its new time.
 */
export function eventForMovedBooking(db: Database, calendars: HostCalendars, hostId: number, oldId: string, newId: string, hadEvent: boolean, nowMs: number) {
  if (!hadEvent) return eventForNewBooking(db, calendars, hostId, newId, nowMs);
  return [
    db
      .update(calendarEvents)
      .set({
        bookingId: newId,
        status: "pending",
        attempts: 0,
        nextAttemptAt: nowMs,
        requestedAt: nowMs,
        lastError: null,
        version: sql`${calendarEvents.version} + 1`,
      })
      .where(eq(calendarEvents.bookingId, oldId)),
  ];
}

function pendingAgain(db: Database, nowMs: number) {
  return db
    .update(calendarEvents)
    .set({ status: "pending", attempts: 0, nextAttemptAt: nowMs, requestedAt: nowMs, lastError: null, version: sql`${calendarEvents.version} + 1` });
}

/** A booking's event row as its public shape reads it (bookingResource), or null when it has none. */
export async function eventColumnsOf(db: Database, bookingId: string): Promise<BookingEventColumns | null> {
  const row = await db
    .select({ provider: calendarEvents.provider, calendarId: calendarEvents.calendarId, status: calendarEvents.status, eventId: calendarEvents.eventId })
    .from(calendarEvents)
    .where(eq(calendarEvents.bookingId, bookingId))
    .get();
  return row ?? null;
}

/** The event columns of a booking whose event work was just asked for: pending in `calendarId`. */
export function pendingEventColumns(event: { provider: ProviderName; calendarId: string } | null): BookingEventColumns | null {
  return event && { provider: event.provider, calendarId: event.calendarId, status: "pending", eventId: null };
}
