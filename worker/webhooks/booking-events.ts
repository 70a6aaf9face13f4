/**
 * The webhook event of a booking change, as statements committed in the same D1 transaction as the
 * change (design-webhooks.md "Nothing lost"): the event exists if and only if the change committed.
 * The event is written only when some enabled endpoint of the host's account wants that type (for
 * that host, or for all of the account's), naming those endpoints: one row, which is also the
 * outbox. The commit answers which endpoints those are, and the host's Durable Object hands the event
 * to their dispatchers (outbox.ts).
 */
import { type SQL, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Database } from "../db/client";
import { type WebhookEventType, webhookEvents } from "../db/schema";
import type { BookingResponse } from "../domain/contract";
import { messageBody, newEventId } from "./message";

/** The host whose booking changed. */
export interface EventSource {
  accountId: string;
  hostId: number;
}

export interface BookingEvent {
  eventId: string;
  type: WebhookEventType;
  body: string;
  createdAt: number;
  /** Writes the event, with the endpoints it is for, or nothing when no endpoint wants it; returns those endpoints. */
  statement: BatchItem<"sqlite">;
}

/** The endpoints an event was committed for, from D1's answer to its statement (none: no event was written). */
export function committedFor(returned: unknown): string[] {
  return (returned as { endpointIds: string[] }[]).flatMap((row) => row.endpointIds);
}

export function bookingCreatedEvent(db: Database, source: EventSource, booking: BookingResponse, nowMs: number): BookingEvent {
  return eventStatement(db, source, "booking.created", { booking, ...partnerData(booking) }, nowMs);
}

/**
 * Put this before the cancel's update: the event is written only if the booking was still
 * confirmed, so cancelling a cancelled booking (a no-op) reports nothing.
 */
export function bookingCancelledEvent(db: Database, source: EventSource, booking: BookingResponse, nowMs: number): BookingEvent {
  const stillConfirmed = sql`EXISTS (SELECT 1 FROM bookings WHERE id = ${booking.id} AND status = 'confirmed')`;
  return eventStatement(db, source, "booking.cancelled", { booking, ...partnerData(booking) }, nowMs, stillConfirmed);
}

/** One event for a move: the new booking, and the one it replaced. */
export function bookingRescheduledEvent(
  db: Database,
  source: EventSource,
  booking: BookingResponse,
  previousBooking: BookingResponse,
  nowMs: number,
): BookingEvent {
  return eventStatement(db, source, "booking.rescheduled", { booking, previousBooking, ...partnerData(booking) }, nowMs);
}

/**
 * design.md "Metadata and answers": every message about a booking carries its metadata and answers
 * beside it (`data.metadata`, `data.answers`), where a receiver that ties bookings to its own
 * records looks first. A move carries them over, so the new booking's are the old one's.
 */
function partnerData(booking: BookingResponse): { metadata: BookingResponse["metadata"]; answers: BookingResponse["answers"] } {
  return { metadata: booking.metadata, answers: booking.answers };
}

function eventStatement(db: Database, source: EventSource, type: WebhookEventType, data: object, nowMs: number, onlyIf: SQL = sql`1`): BookingEvent {
  const eventId = newEventId();
  const body = messageBody(type, nowMs, data);
  return {
    eventId,
    type,
    body,
    createdAt: nowMs,
    // A raw SELECT inside an insert builder: drizzle's D1 batch cannot bind a bare `db.run(sql)`.
    // Its columns follow the table's column order (drizzle names every column of the table). The
    // aggregate makes one row of all the wanting endpoints, and HAVING none when there are none.
    statement: db
      .insert(webhookEvents)
      .select(sql`SELECT ${eventId}, ${source.accountId}, ${source.hostId}, ${type}, ${body}, ${nowMs}, json_group_array(e.id), NULL
      FROM webhook_endpoints AS e
      WHERE ${onlyIf}
        AND e.account_id = ${source.accountId}
        AND e.status = 'enabled'
        AND (e.host_id IS NULL OR e.host_id = ${source.hostId})
        AND EXISTS (SELECT 1 FROM json_each(e.events) WHERE json_each.value = ${type})
      HAVING count(*) > 0`)
      .returning({ endpointIds: webhookEvents.endpointIds }),
  };
}
