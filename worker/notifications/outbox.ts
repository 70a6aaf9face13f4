/**
 * E-mail's outbox rows (design-notifications.md "Exactly once, never lost"): written by the host's
 * object in the same D1 commit as the booking change that causes them, sent after the answer
 * (send-due.ts). Each row's id is the provider's idempotency key on every attempt.
 */
import { and, eq, type SQL, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { type NotificationRow, notifications } from "../db/schema";

const DAY_MS = 24 * 60 * 60 * 1000;

/** What a booking change says about who is to hear of it. */
export interface ChangeRecipients {
  hostId: number;
  /** The booking the messages are about (a reschedule's: the new one). */
  bookingId: string;
  startMs: number;
  attendeeEmail: string;
  /** Null: the host has no address, so no host messages. */
  hostEmail: string | null;
  /** The booking type's `emailAttendee`, `emailHost` and `reminders`. */
  emailAttendee: boolean;
  emailHost: boolean;
  reminders: number[];
  /**
   * A public create's cap on messages a day to one attendee address (design-notifications.md
   * "Abuse", ATTENDEE_MESSAGES_PER_DAY); null for everything else, and when rate limits are off.
   */
  attendeeMessagesPerDay: number | null;
}

type Kind = NotificationRow["kind"];

/** A new booking: the confirmation, the host's notice, and the type's reminders still ahead. */
export function notificationsForCreate(db: Database, change: ChangeRecipients, nowMs: number) {
  return insertRows(db, change, [...messages(change, "created", nowMs), ...reminders(change, nowMs)], nowMs);
}

/** A moved booking: the change to both, the old time's reminders dropped and the new time's added. */
export function notificationsForReschedule(db: Database, change: ChangeRecipients, previousBookingId: string, nowMs: number) {
  return [
    dropReminders(db, previousBookingId, "rescheduled"),
    ...insertRows(db, change, [...messages(change, "rescheduled", nowMs), ...reminders(change, nowMs)], nowMs),
  ];
}

/**
 * A cancelled booking: the notice to both and its reminders dropped, written only if the booking
 * is still confirmed (cancelling it again tells nobody twice): these go before the booking's update.
 */
export function notificationsForCancel(db: Database, change: ChangeRecipients, nowMs: number) {
  const stillConfirmed = sql`EXISTS (SELECT 1 FROM bookings WHERE id = ${change.bookingId} AND status = 'confirmed')`;
  return [...insertRows(db, change, messages(change, "cancelled", nowMs), nowMs, stillConfirmed), dropReminders(db, change.bookingId, "cancelled")];
}

function messages(change: ChangeRecipients, kind: Kind, nowMs: number): Message[] {
  return [
    ...(change.emailAttendee ? [{ kind, recipient: "attendee" as const, address: change.attendeeEmail, dueAt: nowMs }] : []),
    ...(change.emailHost && change.hostEmail ? [{ kind, recipient: "host" as const, address: change.hostEmail, dueAt: nowMs }] : []),
  ];
}

function reminders(change: ChangeRecipients, nowMs: number): Message[] {
  if (!change.emailAttendee) return [];
  return change.reminders
    .map((minutes) => ({ minutes, dueAt: change.startMs - minutes * 60_000 }))
    .filter(({ dueAt }) => dueAt > nowMs)
    .map(({ minutes, dueAt }) => ({ kind: "reminder", recipient: "attendee", address: change.attendeeEmail, dueAt, reminderMinutes: minutes }));
}

/** A booking's reminders not yet sent will not be: it moved or was cancelled. */
function dropReminders(db: Database, bookingId: string, reason: "rescheduled" | "cancelled") {
  return db
    .update(notifications)
    .set({ status: "skipped", lastError: `booking ${reason}` })
    .where(and(eq(notifications.bookingId, bookingId), eq(notifications.kind, "reminder"), eq(notifications.status, "pending")));
}

interface Message {
  kind: Kind;
  recipient: NotificationRow["recipient"];
  address: string;
  dueAt: number;
  reminderMinutes?: number;
}

/**
 * A change's outbox rows in one INSERT … SELECT (one statement in the commit, however many
 * messages), so that the cap is counted in the same transaction that writes them: a capped message
 * is recorded as skipped, so GET /api/bookings/:id says why it never came. The day's count leaves
 * out this booking's own rows, whatever order SQLite inserts them in, and each attendee row adds the
 * ones before it in this statement instead (the cap applies to a new booking's rows only). The
 * columns follow the table's order.
 */
function insertRows(db: Database, change: ChangeRecipients, rows: Message[], nowMs: number, onlyIf: SQL = sql`1`) {
  if (rows.length === 0) return [];
  const cap = change.attendeeMessagesPerDay;
  let attendeeRowsBefore = 0;
  const selects = rows.map((message) => {
    const id = `ntf_${crypto.randomUUID().replaceAll("-", "")}`;
    const sentToday = sql`(SELECT count(*) FROM notifications WHERE address = ${message.address} AND recipient = 'attendee' AND status IN ('pending', 'sent') AND created_at > ${nowMs - DAY_MS} AND booking_id <> ${change.bookingId})`;
    const overCap = message.recipient === "attendee" && cap !== null ? sql`${sentToday} + ${attendeeRowsBefore} >= ${cap}` : sql`0`;
    if (message.recipient === "attendee") attendeeRowsBefore += 1;
    return sql`SELECT ${id}, ${change.hostId}, ${change.bookingId}, ${message.recipient}, ${message.kind}, ${message.address},
      CASE WHEN ${overCap} THEN 'skipped' ELSE 'pending' END, ${message.dueAt}, ${message.dueAt}, 0, NULL,
      CASE WHEN ${overCap} THEN 'daily limit of messages to this address reached' END, ${message.reminderMinutes ?? null}, ${nowMs}
      WHERE ${onlyIf}`;
  });
  return [db.insert(notifications).select(sql.join(selects, sql` UNION ALL `))];
}
