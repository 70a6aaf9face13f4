/**
 * What a message says, read from D1 when it is sent (design-notifications.md): the booking as it is
 * now, its type, its host, the time it moved from, and where its reschedule chain began (the
 * calendar file's UID and the attendee's manage token both come from the chain's first booking).
 */
import { eq } from "drizzle-orm";
import type { Database } from "../db/client";
import { type BookingRow, bookings, bookingTypes, type NotificationRow, users } from "../db/schema";
import { matchLanguage } from "../locales/languages";
import type { MessageFacts } from "./message-facts";

/** A chain longer than this is not followed further (a reschedule chain is a handful of bookings). */
const MAX_CHAIN = 100;

export interface GatheredFacts {
  facts: MessageFacts;
  booking: BookingRow;
  hostEmail: string | null;
  /** The chain's first booking (attendee messages): the calendar file's UID and the manage token come from it. */
  rootBookingId: string;
  /** How many times the chain was rescheduled before this booking. */
  moves: number;
}

type BookingTypeRow = typeof bookingTypes.$inferSelect;
type UserRow = typeof users.$inferSelect;

/** A booking with its type and host, as one run of the sender reads them: once for all of the booking's messages. */
export type BookingReads = Map<string, Promise<{ booking: BookingRow; type: BookingTypeRow; host: UserRow } | null>>;

/** Null when the booking, its type or its host is gone (nothing can be said about it). */
export async function gatherFacts(db: Database, row: NotificationRow, reads: BookingReads = new Map()): Promise<GatheredFacts | null> {
  if (!reads.has(row.bookingId)) reads.set(row.bookingId, readBooking(db, row.bookingId));
  const read = await reads.get(row.bookingId)!;
  if (!read) return null;
  const { booking, type, host } = read;
  const toAttendee = row.recipient === "attendee";
  const previous = row.kind === "rescheduled" && booking.rescheduledFromId ? await bookingById(db, booking.rescheduledFromId) : undefined;
  // Only the attendee's messages carry the calendar file and the manage link the chain is read for.
  const { rootBookingId, moves } = toAttendee ? await chainOf(db, booking) : { rootBookingId: booking.id, moves: 0 };
  const labels = new Map(type.questions.map((question) => [question.id, question.label]));
  const facts: MessageFacts = {
    kind: row.kind,
    recipient: row.recipient,
    // Hosts have no language of their own yet: English, in their zone.
    language: toAttendee && booking.attendeeLocale ? matchLanguage([booking.attendeeLocale]).language : "en",
    timeZone: toAttendee ? (booking.attendeeTimeZone ?? host.timeZone) : host.timeZone,
    hostTimeZone: host.timeZone,
    title: type.title,
    hostName: host.name ?? host.username,
    attendeeName: booking.attendeeName,
    attendeeEmail: booking.attendeeEmail,
    startMs: booking.startMs,
    endMs: booking.endMs,
    previous: previous ? { startMs: previous.startMs, endMs: previous.endMs } : null,
    notes: booking.notes,
    answers: type.questions.flatMap((question) =>
      question.id in booking.answers ? [{ label: labels.get(question.id) ?? question.id, value: booking.answers[question.id]! }] : [],
    ),
    manageUrl: null,
  };
  return { facts, booking, hostEmail: host.email, rootBookingId, moves };
}

/** The booking, its type and its host in one statement (a query each was most of a message's cost). */
async function readBooking(db: Database, bookingId: string) {
  const read = await db
    .select({ booking: bookings, type: bookingTypes, host: users })
    .from(bookings)
    .innerJoin(bookingTypes, eq(bookingTypes.id, bookings.bookingTypeId))
    .innerJoin(users, eq(users.id, bookings.userId))
    .where(eq(bookings.id, bookingId))
    .get();
  return read ?? null;
}

function bookingById(db: Database, id: string): Promise<BookingRow | undefined> {
  return db.select().from(bookings).where(eq(bookings.id, id)).get();
}

async function chainOf(db: Database, booking: BookingRow): Promise<{ rootBookingId: string; moves: number }> {
  let current = booking;
  let moves = 0;
  while (current.rescheduledFromId && moves < MAX_CHAIN) {
    const earlier = await bookingById(db, current.rescheduledFromId);
    if (!earlier) break;
    current = earlier;
    moves += 1;
  }
  return { rootBookingId: current.id, moves };
}
