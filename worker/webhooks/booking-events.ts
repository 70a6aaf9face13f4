/**
 * The webhook event of a booking change, as statements committed in the same D1 transaction as the
 * change (design-webhooks.md "Nothing lost"): the event exists if and only if the change committed.
 * The event and one outbox row per subscribed endpoint are written only when some enabled
 * endpoint of the host's account wants that type (for that host, or for all of the account's).
 * After the commit the host's Durable Object hands the rows to the endpoints' dispatchers (handoff.ts).
 */
import { sql, type SQL } from "drizzle-orm";
import type { BookingResponse } from "../contract";
import type { Database } from "../db/client";
import { webhookEvents, webhookOutbox, type WebhookEventType } from "../db/schema";
import type { BatchItem } from "drizzle-orm/batch";
import { messageBody, newEventId } from "./message";

/** The host whose booking changed. */
export interface EventSource {
  accountId: string;
  hostId: number;
}

export interface BookingEvent {
  eventId: string;
  /** The event, then its outbox rows. */
  statements: [BatchItem<"sqlite">, BatchItem<"sqlite">];
}

export function bookingCreatedEvent(db: Database, source: EventSource, booking: BookingResponse, nowMs: number): BookingEvent {
  return eventStatements(db, source, "booking.created", { booking }, nowMs);
}

/**
 * Put these before the cancel's update: the event is written only if the booking was still
 * confirmed, so cancelling a cancelled booking (a no-op) reports nothing.
 */
export function bookingCancelledEvent(db: Database, source: EventSource, booking: BookingResponse, nowMs: number): BookingEvent {
  const stillConfirmed = sql`EXISTS (SELECT 1 FROM bookings WHERE id = ${booking.id} AND status = 'confirmed')`;
  return eventStatements(db, source, "booking.cancelled", { booking }, nowMs, stillConfirmed);
}

/** One event for a move: the new booking, and the one it replaced. */
export function bookingRescheduledEvent(db: Database, source: EventSource, booking: BookingResponse, previousBooking: BookingResponse, nowMs: number): BookingEvent {
  return eventStatements(db, source, "booking.rescheduled", { booking, previousBooking }, nowMs);
}

function eventStatements(db: Database, source: EventSource, type: WebhookEventType, data: object, nowMs: number, onlyIf: SQL = sql`1`): BookingEvent {
  const eventId = newEventId();
  const wanted = (endpoint: SQL) => sql`${endpoint}.account_id = ${source.accountId}
    AND ${endpoint}.status = 'enabled'
    AND (${endpoint}.host_id IS NULL OR ${endpoint}.host_id = ${source.hostId})
    AND EXISTS (SELECT 1 FROM json_each(${endpoint}.events) WHERE json_each.value = ${type})`;
  return {
    eventId,
    // Raw SELECTs inside insert builders: drizzle's D1 batch cannot bind a bare `db.run(sql)`.
    // Their columns follow the tables' column order (drizzle names every column of the table).
    statements: [
      db.insert(webhookEvents).select(sql`SELECT ${eventId}, ${source.accountId}, ${source.hostId}, ${type}, ${messageBody(type, nowMs, data)}, ${nowMs}
        WHERE ${onlyIf} AND EXISTS (SELECT 1 FROM webhook_endpoints AS e WHERE ${wanted(sql`e`)})`),
      // Joined to the event just written: no event, no outbox rows.
      db.insert(webhookOutbox).select(sql`SELECT e.id, ev.id, ${nowMs}
        FROM webhook_endpoints AS e JOIN webhook_events AS ev ON ev.id = ${eventId}
        WHERE ${wanted(sql`e`)}`),
    ],
  };
}
