/**
 * The idempotency records table: one committed response per (caller, method, path, key). A write's
 * record is inserted in the same D1 transaction as the write, so the two commit or roll back
 * together, and reading the record back tells whether a write whose answer was lost committed.
 */
import { and, eq, lt } from "drizzle-orm";
import { deleteInSteps, HOURLY_SWEEP, type SweepBudget } from "./batched-delete";
import { type Database, d1ErrorMentions } from "./client";
import { idempotencyRecords } from "./schema";

export type IdempotencyRecord = typeof idempotencyRecords.$inferSelect;

/** One POST's identity (caller scope, method, path, key) and the fingerprint of its body. */
export type IdempotencyTicket = Pick<IdempotencyRecord, "scope" | "method" | "path" | "idempotencyKey" | "fingerprint">;

/** A response to record with a write: the status and JSON body a replay will answer. */
export interface RecordedResponse {
  ticket: IdempotencyTicket;
  status: number;
  body: string;
}

/** The insert that records a response; commit it in the same batch as the write it answers. */
export function recordStatement(db: Database, recorded: RecordedResponse, nowMs: number) {
  return db.insert(idempotencyRecords).values({
    ...recorded.ticket,
    responseStatus: recorded.status,
    responseBody: recorded.body,
    createdAt: nowMs,
  });
}

/** True when a write was refused because its Idempotency-Key already has a record. */
export function isRecordCollision(error: unknown): boolean {
  return d1ErrorMentions(error, "UNIQUE constraint failed: idempotency_records");
}

/** The record of this ticket's key, whatever request it was for; undefined when there is none. */
export function findRecord(db: Database, ticket: IdempotencyTicket): Promise<IdempotencyRecord | undefined> {
  return db
    .select()
    .from(idempotencyRecords)
    .where(
      and(
        eq(idempotencyRecords.scope, ticket.scope),
        eq(idempotencyRecords.method, ticket.method),
        eq(idempotencyRecords.path, ticket.path),
        eq(idempotencyRecords.idempotencyKey, ticket.idempotencyKey),
      ),
    )
    .get();
}

/** Deletes the records made before `cutoffMs`, in bounded steps (db/batched-delete.ts); answers how many. */
export function deleteRecordsBefore(db: Database, cutoffMs: number, budget: SweepBudget = HOURLY_SWEEP): Promise<number> {
  return deleteInSteps(db, idempotencyRecords, lt(idempotencyRecords.createdAt, cutoffMs), budget);
}
