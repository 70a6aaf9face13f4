/**
 * One endpoint's deliveries and every attempt at them, in its WebhookDispatcher's own SQLite
 * storage (not D1): a delivery is read, attempted and recorded without a round trip to the shared
 * database, so delivering costs the API nothing but the event row the booking's commit writes.
 * The log answers the management API through the dispatcher (design-webhooks.md "Endpoints").
 */
import { and, asc, desc, eq, inArray, lte, min, ne } from "drizzle-orm";
import type { DrizzleSqliteDODatabase } from "drizzle-orm/durable-sqlite";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { WEBHOOK_DELIVERY_STATUSES } from "../db/schema";
import { IDS_PER_STATEMENT, inRuns, MAX_BOUND_PARAMETERS } from "../lib/in-runs";
import { keysetPage, pastPosition } from "../lib/pagination";
import type { AttemptResult } from "./attempt";
import { cursorAfter, type DeliveryPosition } from "./endpoint-schemas";
import { toWholeSecond } from "./endpoint-store";

export type DeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

/** An event on its way to this endpoint: pending until a 2xx, or failed after the last retry. */
export const deliveries = sqliteTable(
  "deliveries",
  {
    /** The event's id ("msg_…"), its webhook-id on every attempt. */
    eventId: text("event_id").primaryKey(),
    type: text("type").notNull(),
    /** The exact JSON that is signed and sent. */
    body: text("body").notNull(),
    /** When the event was committed. */
    createdAt: integer("created_at").notNull(),
    status: text("status", { enum: WEBHOOK_DELIVERY_STATUSES }).notNull(),
    /** Failed attempts since the schedule last started (a retry by API starts it again). */
    failures: integer("failures").notNull(),
    /** When the next attempt is due; null unless pending. */
    nextAttemptAt: integer("next_attempt_at"),
  },
  (t) => [
    index("deliveries_due_idx").on(t.status, t.nextAttemptAt),
    index("deliveries_created_idx").on(t.createdAt, t.eventId),
    // The oldest finished delivery, which the log's expiry looks for after every run.
    index("deliveries_finished_idx").on(t.status, t.createdAt),
  ],
);

/** Every attempt, kept 30 days: the delivery log. */
export const attempts = sqliteTable(
  "attempts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    eventId: text("event_id").notNull(),
    at: integer("at").notNull(),
    /** The receiver's HTTP status; null when no answer came (timeout, refused connection). */
    statusCode: integer("status_code"),
    durationMs: integer("duration_ms").notNull(),
    /** The first 1 KB of the receiver's answer. */
    response: text("response"),
    error: text("error"),
  },
  (t) => [index("attempts_event_idx").on(t.eventId, t.at), index("attempts_at_idx").on(t.at)],
);

/**
 * The tables above as SQL, run when the object starts (IF NOT EXISTS: a no-op after the first
 * time). A change to them needs a step here that upgrades storage written by the older shape.
 */
export const DELIVERY_LOG_TABLES = `
  CREATE TABLE IF NOT EXISTS deliveries (
    event_id TEXT PRIMARY KEY NOT NULL,
    type TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    status TEXT NOT NULL,
    failures INTEGER NOT NULL,
    next_attempt_at INTEGER
  );
  CREATE INDEX IF NOT EXISTS deliveries_due_idx ON deliveries (status, next_attempt_at);
  CREATE INDEX IF NOT EXISTS deliveries_created_idx ON deliveries (created_at, event_id);
  CREATE INDEX IF NOT EXISTS deliveries_finished_idx ON deliveries (status, created_at);
  CREATE TABLE IF NOT EXISTS attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    event_id TEXT NOT NULL,
    at INTEGER NOT NULL,
    status_code INTEGER,
    duration_ms INTEGER NOT NULL,
    response TEXT,
    error TEXT
  );
  CREATE INDEX IF NOT EXISTS attempts_event_idx ON attempts (event_id, at);
  CREATE INDEX IF NOT EXISTS attempts_at_idx ON attempts (at);
`;

export type DeliveryLog = DrizzleSqliteDODatabase;
export type DeliveryRow = typeof deliveries.$inferSelect;
export type AttemptRow = typeof attempts.$inferSelect;

/** An event handed over from D1's outbox. */
export interface NewDelivery {
  eventId: string;
  type: string;
  body: string;
  createdAt: number;
}

export interface WebhookAttemptResource {
  at: string;
  statusCode: number | null;
  durationMs: number;
  response: string | null;
  error: string | null;
}

export interface WebhookDeliveryResource {
  eventId: string;
  type: string;
  status: DeliveryStatus;
  createdAt: string;
  nextAttemptAt: string | null;
  attempts: WebhookAttemptResource[];
}

/** What became of a delivery after an attempt. */
export type DeliveryState = { status: "delivered" } | { status: "pending"; failures: number; nextAttemptAt: number } | { status: "failed"; failures: number };

/** One attempt's result, and what becomes of its delivery. */
export interface AttemptRecord {
  eventId: string;
  atMs: number;
  result: AttemptResult;
  next: DeliveryState;
}

/**
 * Adds events as pending deliveries due at once; an event already here (a repeated handover) is left
 * as it is. Many rows per statement: under a stream of bookings a handover brings dozens.
 */
export function addDeliveries(log: DeliveryLog, events: readonly NewDelivery[]): void {
  for (const some of inRuns(events, ROWS_PER_INSERT)) {
    log
      .insert(deliveries)
      .values(some.map((event) => ({ ...event, status: "pending" as const, failures: 0, nextAttemptAt: event.createdAt })))
      .onConflictDoNothing()
      .run();
  }
}

/** Up to `limit` pending deliveries due by `nowMs`, the longest waiting first. */
export function dueDeliveries(log: DeliveryLog, nowMs: number, limit: number): DeliveryRow[] {
  return log
    .select()
    .from(deliveries)
    .where(and(eq(deliveries.status, "pending"), lte(deliveries.nextAttemptAt, nowMs)))
    .orderBy(asc(deliveries.nextAttemptAt))
    .limit(limit)
    .all();
}

/** When the next pending delivery is due; null when none is pending. */
export function nextDueAt(log: DeliveryLog): number | null {
  return (
    log
      .select({ next: min(deliveries.nextAttemptAt) })
      .from(deliveries)
      .where(eq(deliveries.status, "pending"))
      .get()?.next ?? null
  );
}

/**
 * Logs a round's attempts and moves their deliveries on: the attempts in multi-row inserts, the
 * delivered (most of a busy round) in one update, each failure alone (its retry time is its own).
 */
export function recordAttempts(log: DeliveryLog, records: readonly AttemptRecord[]): void {
  for (const some of inRuns(records, ROWS_PER_INSERT)) {
    log
      .insert(attempts)
      .values(
        some.map(({ eventId, atMs, result }) => ({
          eventId,
          at: atMs,
          statusCode: result.statusCode,
          durationMs: result.durationMs,
          response: result.response,
          error: result.error,
        })),
      )
      .run();
  }
  const delivered = records.filter((record) => record.next.status === "delivered").map((record) => record.eventId);
  for (const some of inRuns(delivered, IDS_PER_STATEMENT)) {
    log.update(deliveries).set({ status: "delivered", nextAttemptAt: null }).where(inArray(deliveries.eventId, some)).run();
  }
  for (const { eventId, next } of records) {
    if (next.status === "delivered") continue;
    const nextAttemptAt = next.status === "pending" ? next.nextAttemptAt : null;
    log.update(deliveries).set({ status: next.status, failures: next.failures, nextAttemptAt }).where(eq(deliveries.eventId, eventId)).run();
  }
}

/** Rows per multi-row INSERT: a delivery has 7 columns, an attempt 6 (its id is assigned). */
const ROWS_PER_INSERT = Math.floor(MAX_BOUND_PARAMETERS / 7);

/** Puts a delivery, in any state, back to pending now with a fresh schedule; undefined if this endpoint never had the event. */
export function restartDelivery(log: DeliveryLog, eventId: string, nowMs: number): WebhookDeliveryResource | undefined {
  const row = log.update(deliveries).set({ status: "pending", failures: 0, nextAttemptAt: nowMs }).where(eq(deliveries.eventId, eventId)).returning().get();
  return row ? deliveryResource(row, attemptsOf(log, [eventId])) : undefined;
}

/** A page of the log, newest first: up to `limit` deliveries after `after`, in `status` if given, each with its attempts oldest first. */
export function deliveryPage(log: DeliveryLog, options: { status: DeliveryStatus | undefined; limit: number; after: DeliveryPosition | undefined }) {
  const { status, limit, after } = options;
  const rows = log
    .select()
    .from(deliveries)
    .where(
      and(
        status ? eq(deliveries.status, status) : undefined,
        pastPosition(deliveries.createdAt, deliveries.eventId, after && { sort: after.createdAt, tie: after.eventId }, "desc"),
      ),
    )
    .orderBy(desc(deliveries.createdAt), desc(deliveries.eventId))
    .limit(limit + 1)
    .all();
  const { page, nextCursor } = keysetPage(rows, limit, (last) => cursorAfter(last.createdAt, last.eventId));
  const logged = attemptsOf(
    log,
    page.map((row) => row.eventId),
  );
  return { deliveries: page.map((row) => deliveryResource(row, logged)), nextCursor };
}

/** Attempts made by `cutoffMs` go, and so do deliveries committed by then that are no longer pending. */
export function sweepLog(log: DeliveryLog, cutoffMs: number): void {
  log.delete(attempts).where(lte(attempts.at, cutoffMs)).run();
  log
    .delete(deliveries)
    .where(and(lte(deliveries.createdAt, cutoffMs), ne(deliveries.status, "pending")))
    .run();
}

/** When the oldest thing the sweep will remove was written; null when the log holds nothing finished. */
export function oldestLogged(log: DeliveryLog): number | null {
  const attempt =
    log
      .select({ at: min(attempts.at) })
      .from(attempts)
      .get()?.at ?? null;
  // One lookup per status in the index, rather than a scan past every pending delivery.
  const finished = (["delivered", "failed"] as const).map(
    (status) =>
      log
        .select({ at: min(deliveries.createdAt) })
        .from(deliveries)
        .where(eq(deliveries.status, status))
        .get()?.at ?? null,
  );
  const candidates = [attempt, ...finished].filter((at): at is number => at !== null);
  return candidates.length > 0 ? Math.min(...candidates) : null;
}

function attemptsOf(log: DeliveryLog, eventIds: string[]): AttemptRow[] {
  if (eventIds.length === 0) return [];
  return log.select().from(attempts).where(inArray(attempts.eventId, eventIds)).orderBy(asc(attempts.at), asc(attempts.id)).all();
}

function deliveryResource(row: DeliveryRow, logged: readonly AttemptRow[]): WebhookDeliveryResource {
  return {
    eventId: row.eventId,
    type: row.type,
    status: row.status,
    createdAt: toWholeSecond(row.createdAt),
    nextAttemptAt: row.status === "pending" && row.nextAttemptAt !== null ? toWholeSecond(row.nextAttemptAt) : null,
    attempts: logged
      .filter((attempt) => attempt.eventId === row.eventId)
      .map((attempt) => ({
        at: toWholeSecond(attempt.at),
        statusCode: attempt.statusCode,
        durationMs: attempt.durationMs,
        response: attempt.response,
        error: attempt.error,
      })),
  };
}
