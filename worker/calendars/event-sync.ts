/**
 * Carrying out one calendar event's pending work (design-calendars.md "Events in the host's
 * calendar"). The row says which chain of bookings it is for; the booking it names now says what
 * the calendar should show: confirmed → an event at its times (created once, then moved), cancelled
 * → no event. So retries, restarts and a cancel overtaking its create all converge on the same end:
 * exactly one event per booking, or none. Runs in the host's Durable Object, one row at a time.
 */
import { and, eq, lt } from "drizzle-orm";
import type { Database } from "../db/client";
import { bookings, bookingTypes, type CalendarEventRow, calendarConnections, calendarEvents, users } from "../db/schema";
import { asConnection, type ConnectionContext } from "./connection-access";
import { type CalendarEvent, ProviderError } from "./provider";

/** design-calendars.md: retried for at least 24 hours; a little more, so a day-long outage is outlived. */
export const GIVE_UP_AFTER_MS = 25 * 60 * 60_000;
const FIRST_RETRY_MS = 2_000;
const LONGEST_RETRY_MS = 10 * 60_000;

/** 2 s, 4 s, 8 s … up to 10 minutes; never sooner than the provider's Retry-After. */
export function retryDelayMs(attempts: number, retryAfterSeconds: number | null): number {
  const backoff = Math.min(LONGEST_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1));
  return Math.max(backoff, (retryAfterSeconds ?? 0) * 1000);
}

/**
 * Hosts with event work overdue by more than `graceMs`: their object's alarm should have run it.
 * The hourly sweep wakes them (an object that lost its alarm and hears no request would wait).
 */
export async function hostsWithOverdueEvents(db: Database, nowMs: number, graceMs: number): Promise<number[]> {
  const rows = await db
    .selectDistinct({ hostId: calendarEvents.hostId })
    .from(calendarEvents)
    .where(and(eq(calendarEvents.status, "pending"), lt(calendarEvents.nextAttemptAt, nowMs - graceMs)))
    .limit(1_000);
  return rows.map((row) => row.hostId);
}

/** The pending rows of a host, soonest first: what is due, not what to do (syncEvent reads each again). */
export function pendingEvents(db: Database, hostId: number): Promise<CalendarEventRow[]> {
  return db
    .select()
    .from(calendarEvents)
    .where(and(eq(calendarEvents.hostId, hostId), eq(calendarEvents.status, "pending")))
    .orderBy(calendarEvents.nextAttemptAt);
}

/**
 * The row as it is now, with the booking it names now: read together, in one statement. A row
 * listed a moment ago may since have been moved on to another booking by a reschedule; its old
 * booking, cancelled by that move, would say "delete the event" that the new one still needs.
 */
async function currentWork(db: Database, eventKey: string) {
  return db
    .select({ row: calendarEvents, booking: bookings, title: bookingTypes.title, timeZone: users.timeZone })
    .from(calendarEvents)
    .leftJoin(bookings, eq(bookings.id, calendarEvents.bookingId))
    .leftJoin(bookingTypes, eq(bookingTypes.id, bookings.bookingTypeId))
    .leftJoin(users, eq(users.id, bookings.userId))
    .where(eq(calendarEvents.eventKey, eventKey))
    .get();
}

/**
 * Does a listed row's work now, as the row and its booking are at this moment; on a provider
 * failure, schedules the next attempt (or gives up after a day).
 */
export async function syncEvent(context: ConnectionContext, listed: Pick<CalendarEventRow, "eventKey">): Promise<void> {
  const { db } = context;
  const current = await currentWork(db, listed.eventKey);
  // Done (or given up) since it was listed: nothing is left to do.
  if (current?.row.status !== "pending") return;
  const { row, booking } = current;
  const connection = await db.select().from(calendarConnections).where(eq(calendarConnections.id, row.connectionId)).get();
  if (!connection) return finish(db, row, { status: "failed", lastError: "the calendar connection was deleted" });
  const key = row.eventKey.replaceAll("-", "").toLowerCase();
  // Only a service token's booking may have the provider mail its attendee (design-calendars.md). A
  // public one is the one with a manage token: booking-api/bookings.ts gives one to every create without a
  // service token and none with one, and a reschedule copies the row, so no column says it again.
  const mailsAttendee = booking !== null && booking.manageTokenHash === null;
  const wanted: CalendarEvent | null =
    booking?.status === "confirmed"
      ? {
          bookingId: booking.id,
          idempotencyKey: key,
          title: `${current.title ?? ""} with ${booking.attendeeName}`,
          description: booking.notes,
          startMs: booking.startMs,
          endMs: booking.endMs,
          timeZone: current.timeZone ?? "UTC",
          attendee: { name: booking.attendeeName, email: booking.attendeeEmail },
          mailsAttendee,
        }
      : null;
  try {
    const eventId = await asConnection(context, connection, async (provider, accessToken) => {
      if (wanted) {
        if (row.eventId) {
          await provider.updateEvent(accessToken, row.calendarId, row.eventId, wanted);
          return row.eventId;
        }
        // Recorded before the call: if its answer is lost, an event may exist without its id here.
        await db.update(calendarEvents).set({ createAttempted: true }).where(eq(calendarEvents.eventKey, row.eventKey)).run();
        row.createAttempted = true;
        return (await provider.createEvent(accessToken, row.calendarId, wanted)).eventId;
      }
      const existing = row.eventId ?? (row.createAttempted ? await provider.findEvent(accessToken, row.calendarId, key) : null);
      // A cancel that overtook its create: nothing was ever sent, so there is nothing to delete.
      if (existing) await provider.deleteEvent(accessToken, row.calendarId, existing, mailsAttendee);
      return null;
    });
    await finish(db, row, { status: "synced", lastError: null, eventId });
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    const attempts = row.attempts + 1;
    const nowMs = context.nowMs();
    const givingUp = nowMs - row.requestedAt >= GIVE_UP_AFTER_MS;
    await db
      .update(calendarEvents)
      .set({
        attempts,
        lastError: `${error.failure}: ${error.message}`.slice(0, 300),
        nextAttemptAt: nowMs + retryDelayMs(attempts, error.retryAfterSeconds),
        ...(givingUp ? { status: "failed" as const } : {}),
      })
      .where(and(eq(calendarEvents.eventKey, row.eventKey), eq(calendarEvents.version, row.version)))
      .run();
  }
}

/**
 * Records the outcome. The event's id is a fact whatever happened meanwhile; the row is marked
 * done only if no booking change re-queued it while this ran (its version is unchanged).
 */
async function finish(db: Database, row: CalendarEventRow, outcome: { status: "synced" | "failed"; lastError: string | null; eventId?: string | null }) {
  const markDone = db
    .update(calendarEvents)
    .set({ status: outcome.status, lastError: outcome.lastError, attempts: 0 })
    .where(and(eq(calendarEvents.eventKey, row.eventKey), eq(calendarEvents.version, row.version)));
  if (outcome.eventId === undefined) {
    await markDone.run();
    return;
  }
  await db.batch([db.update(calendarEvents).set({ eventId: outcome.eventId }).where(eq(calendarEvents.eventKey, row.eventKey)), markDone]);
}
