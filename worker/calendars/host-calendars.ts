/**
 * Which of a host's calendars its Durable Object reads busy times from and writes events to, read
 * with the rest of the host (host-scheduler/host-state.ts). A pending connection (its OAuth flow not
 * finished) counts for neither; a failing one still counts, so its failure keeps slots closed.
 */
import { and, eq, ne } from "drizzle-orm";
import type { Database } from "../db/client";
import { type CalendarConnectionRow, calendarConnections, calendarEvents, connectionCalendars } from "../db/schema";
import type { ProviderName } from "./provider";

export interface HostCalendars {
  checked: { connection: CalendarConnectionRow; calendarIds: string[] }[];
  receiving: { connectionId: string; provider: ProviderName; calendarId: string } | null;
  /** Some event work of the host is pending (its object wakes to do it after a restart). */
  workPending: boolean;
}

/** The three reads, for the host's snapshot batch. */
export function hostCalendarQueries(db: Database, hostId: number) {
  return [
    db
      .select()
      .from(calendarConnections)
      .where(and(eq(calendarConnections.hostId, hostId), ne(calendarConnections.status, "pending"))),
    db
      .select({ calendar: connectionCalendars })
      .from(connectionCalendars)
      .innerJoin(calendarConnections, eq(calendarConnections.id, connectionCalendars.connectionId))
      .where(and(eq(calendarConnections.hostId, hostId), ne(calendarConnections.status, "pending"))),
    db
      .select({ key: calendarEvents.eventKey })
      .from(calendarEvents)
      .where(and(eq(calendarEvents.hostId, hostId), eq(calendarEvents.status, "pending")))
      .limit(1),
  ] as const;
}

export function hostCalendarsOf(
  connections: CalendarConnectionRow[],
  calendars: { calendar: typeof connectionCalendars.$inferSelect }[],
  pendingWork: unknown[],
): HostCalendars {
  const checked = connections
    .map((connection) => ({
      connection,
      calendarIds: calendars
        .filter(({ calendar }) => calendar.connectionId === connection.id && calendar.checkForConflicts)
        .map(({ calendar }) => calendar.calendarId),
    }))
    .filter((source) => source.calendarIds.length > 0);
  const receiver = calendars.find(({ calendar }) => calendar.receivesEvents);
  const owner = receiver && connections.find((connection) => connection.id === receiver.calendar.connectionId);
  return {
    checked,
    receiving: receiver && owner ? { connectionId: owner.id, provider: owner.provider, calendarId: receiver.calendar.calendarId } : null,
    workPending: pendingWork.length > 0,
  };
}
