/**
 * Idempotency rules that are not HTTP (design.md "Idempotency"): how long a key's record lives, and
 * how a ticket is named in memory. The HTTP middleware builds tickets; the host's Durable Object
 * commits a write and its record together; db/idempotency-records.ts stores them.
 */
import type { SweepBudget } from "../db/batched-delete";
import type { Database } from "../db/client";
import { deleteRecordsBefore, type IdempotencyTicket } from "../db/idempotency-records";

export type { IdempotencyTicket, RecordedResponse } from "../db/idempotency-records";

/** Records live at least this long (design.md: ≥ 24 hours); the hourly sweep removes older ones. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/** One string per ticket identity, for in-memory bookkeeping of requests in flight. */
export function ticketId(ticket: IdempotencyTicket): string {
  return JSON.stringify([ticket.scope, ticket.method, ticket.path, ticket.idempotencyKey]);
}

/** Deletes records past their time, a bounded number a run; run by the hourly scheduled handler. */
export function sweepIdempotencyRecords(db: Database, nowMs: number, budget?: SweepBudget): Promise<number> {
  return deleteRecordsBefore(db, nowMs - IDEMPOTENCY_TTL_MS, budget);
}
