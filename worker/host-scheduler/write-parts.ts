/**
 * What the writes of a HostScheduler share (BookingWrites, HoldWrites): the parts of the object they use,
 * the calendars' busy times read for a write, the check that the copy a write decides on is still
 * current, and the booking as its webhook event shows it.
 */
import type { Database } from "../db/client";
import type { BookingRow, BookingTypeRow } from "../db/schema";
import type { BusyBooking, SlotMs } from "../domain/availability";
import { type BookingEventColumns, bookingResource } from "../domain/booking-resource";
import type { ChangeRecipients } from "../notifications";
import type { EventSource } from "../webhooks";
import type { AfterCommit } from "./after-commit";
import { type CalendarBusyTimes, CalendarUnavailable, calendarBusy } from "./calendar-busy";
import type { HostFreshness } from "./host-freshness";
import type { HostState } from "./host-state";
import type { SlotHolds } from "./slot-holds";
import type { WriteCommit } from "./write-commit";

/** Busy times of the host's calendars, and the generation of the calendars they were read for. */
export interface BusyTimes {
  busy: BusyBooking[];
  generation: number;
}

/** What the writes use of their object; `db` and `clock` are asked each time (tests swap them). */
export interface WriteParts {
  db(): Database;
  clock(): number;
  freshness: HostFreshness;
  calendarBusy: CalendarBusyTimes;
  commits: WriteCommit;
  afterCommit: AfterCommit;
  /** The host's checkout holds: placed, renewed and released here, consumed by a create. */
  holds: SlotHolds;
  /** Whether e-mail is on (EMAIL_PROVIDER is set): writes then add its outbox rows to their commit. */
  mailOn(): boolean;
}

/** The calendars' busy times around a slot for a write, or null when they cannot be read now. */
export async function calendarBusyFor(parts: WriteParts, state: HostState, slot: SlotMs, type: BookingTypeRow): Promise<BusyTimes | null> {
  const generation = parts.calendarBusy.generation;
  if (state.calendars.checked.length === 0) return { busy: [], generation };
  try {
    return { busy: calendarBusy(await parts.calendarBusy.forCreate(slot, type.bookingWindowDays), state), generation };
  } catch (error) {
    if (error instanceof CalendarUnavailable) return null;
    throw error;
  }
}

/**
 * Whether a write that began with `state` may decide now: the copy is current (HostFreshness) and
 * the calendars that count are those its busy times were read for.
 */
export function isCurrent(parts: WriteParts, state: HostState, calendarGeneration: number): boolean {
  return parts.freshness.isCurrent(state) && parts.calendarBusy.generation === calendarGeneration;
}

/** A booking as GET /api/bookings/:id will show it once the write commits: the webhook's payload. */
export function asResource(state: HostState, row: BookingRow, type: BookingTypeRow, event: BookingEventColumns | null) {
  return bookingResource(row, state.user.username, type, event);
}

/**
 * Who is to hear of a change to `row` by e-mail (notifications' outbox), per its type's settings;
 * a public create's attendee messages count against its address's daily cap.
 */
export function mailRecipients(state: HostState, row: BookingRow, type: BookingTypeRow, attendeeMessagesPerDay: number | null = null): ChangeRecipients {
  return {
    hostId: state.user.id,
    bookingId: row.id,
    startMs: row.startMs,
    attendeeEmail: row.attendeeEmail,
    hostEmail: state.user.email,
    emailAttendee: type.emailAttendee,
    emailHost: type.emailHost,
    reminders: type.reminders,
    attendeeMessagesPerDay,
  };
}

/** The account and host a booking change is reported for. */
export function eventSource(state: HostState): EventSource {
  return { accountId: state.user.accountId, hostId: state.user.id };
}
