/**
 * Calendar connections in D1: a host's connections with their calendars, as the API shows them
 * (design-calendars.md "Connecting"), the one rule across them (at most one calendar of a host
 * receives events), and the open flow a connect page shows.
 */
import { and, asc, eq, gt, inArray, isNull } from "drizzle-orm";
import type { Database } from "../db/client";
import { accounts, type CalendarConnectionRow, type ConnectionStatus, calendarConnections, connectionCalendars, users } from "../db/schema";
import { toIsoUtc } from "../lib/instants";
import type { ProviderName } from "./provider";

export type ConnectionCalendarRow = typeof connectionCalendars.$inferSelect;

export interface ConnectionResource {
  id: string;
  provider: ProviderName;
  accountEmail: string | null;
  status: ConnectionStatus;
  lastError: string | null;
  lastSyncedAt: string | null;
  calendars: { id: string; name: string; primary: boolean; checkForConflicts: boolean; receivesEvents: boolean }[];
}

export function connectionResource(row: CalendarConnectionRow, calendars: readonly ConnectionCalendarRow[]): ConnectionResource {
  return {
    id: row.id,
    provider: row.provider,
    accountEmail: row.accountEmail,
    status: row.status,
    lastError: row.lastError,
    lastSyncedAt: row.lastSyncedAt === null ? null : toIsoUtc(Math.floor(row.lastSyncedAt / 1000) * 1000),
    calendars: calendars
      .filter((calendar) => calendar.connectionId === row.id)
      .map((calendar) => ({
        id: calendar.calendarId,
        name: calendar.name,
        primary: calendar.isPrimary,
        checkForConflicts: calendar.checkForConflicts,
        receivesEvents: calendar.receivesEvents,
      })),
  };
}

/** A host's connections (oldest first) with all their calendars. */
export async function hostConnections(db: Database, hostId: number): Promise<{ rows: CalendarConnectionRow[]; calendars: ConnectionCalendarRow[] }> {
  const rows = await db
    .select()
    .from(calendarConnections)
    .where(eq(calendarConnections.hostId, hostId))
    .orderBy(asc(calendarConnections.createdAt), asc(calendarConnections.id));
  const calendars =
    rows.length === 0
      ? []
      : await db
          .select()
          .from(connectionCalendars)
          .where(
            inArray(
              connectionCalendars.connectionId,
              rows.map((row) => row.id),
            ),
          )
          .orderBy(asc(connectionCalendars.calendarId));
  // The primary calendar first, then by name: the order a host expects to read them in.
  calendars.sort((a, b) => Number(b.isPrimary) - Number(a.isPrimary) || a.name.localeCompare(b.name));
  return { rows, calendars };
}

/** One connection of this host, or undefined. */
export async function findHostConnection(db: Database, hostId: number, id: string): Promise<CalendarConnectionRow | undefined> {
  return db
    .select()
    .from(calendarConnections)
    .where(and(eq(calendarConnections.id, id), eq(calendarConnections.hostId, hostId)))
    .get();
}

/** True when some calendar of the host's connections other than `exceptConnectionId` receives events. */
export async function hostHasReceivingCalendar(db: Database, hostId: number, exceptConnectionId: string): Promise<boolean> {
  const { calendars } = await hostConnections(db, hostId);
  return calendars.some((calendar) => calendar.receivesEvents && calendar.connectionId !== exceptConnectionId);
}

/** A connection waiting for its host's consent, with the names its connect page shows. */
export interface OpenFlow {
  connection: CalendarConnectionRow;
  hostName: string;
  accountName: string;
}

/** The pending connection of a host not deleted whose unexpired, unused state hashes to `stateHash`, or undefined. */
export async function findOpenFlow(db: Database, stateHash: string, nowMs: number): Promise<OpenFlow | undefined> {
  const row = await db
    .select({ connection: calendarConnections, hostName: users.name, username: users.username, accountName: accounts.name })
    .from(calendarConnections)
    .innerJoin(users, eq(users.id, calendarConnections.hostId))
    .innerJoin(accounts, eq(accounts.id, users.accountId))
    .where(
      and(
        eq(calendarConnections.stateHash, stateHash),
        gt(calendarConnections.stateExpiresAt, nowMs),
        eq(calendarConnections.status, "pending"),
        isNull(users.deletedAt),
      ),
    )
    .get();
  return row && { connection: row.connection, hostName: row.hostName ?? row.username, accountName: row.accountName };
}
