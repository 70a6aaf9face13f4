/**
 * The dispatcher's reads and writes in D1: which deliveries of an endpoint are due, and what an
 * attempt did (its log row, the delivery's new state and the endpoint's failure streak, in one batch).
 */
import { and, asc, eq, inArray, lte, min, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Database } from "../db/client";
import { webhookAttempts, webhookDeliveries, webhookEndpoints, webhookEvents, type WebhookEndpointRow } from "../db/schema";
import type { AttemptResult } from "./attempt";
import { FAILING_LIMIT_MS } from "./config";

export interface DueDelivery {
  eventId: string;
  body: string;
  failures: number;
}

/** The endpoint (undefined once deleted) and up to `limit` of its pending deliveries due by `nowMs`, in one D1 round trip. */
export async function dueRound(db: Database, endpointId: string, nowMs: number, limit: number): Promise<{ endpoint: WebhookEndpointRow | undefined; due: DueDelivery[] }> {
  const [endpoints, due] = await db.batch([
    db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpointId)),
    db
      .select({ eventId: webhookDeliveries.eventId, body: webhookEvents.body, failures: webhookDeliveries.failures })
      .from(webhookDeliveries)
      .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
      .where(and(eq(webhookDeliveries.endpointId, endpointId), eq(webhookDeliveries.status, "pending"), lte(webhookDeliveries.nextAttemptAt, nowMs)))
      .orderBy(asc(webhookDeliveries.nextAttemptAt))
      .limit(limit),
  ]);
  return { endpoint: endpoints[0], due };
}

/** When the endpoint's next pending delivery is due; null when none is pending. */
export async function nextDueAt(db: Database, endpointId: string): Promise<number | null> {
  const row = await db
    .select({ next: min(webhookDeliveries.nextAttemptAt) })
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.endpointId, endpointId), eq(webhookDeliveries.status, "pending")))
    .get();
  return row?.next ?? null;
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

/** Attempt rows per INSERT: seven bound values each, and D1 binds at most 100 per statement. */
const ATTEMPTS_PER_INSERT = 14;

/**
 * Logs a round's attempts and moves their deliveries on, in one batch of a few statements whatever
 * the round's size (the delivered ones move together). Then the endpoint: a 410 disables it at
 * once; a success ends its failure streak; a round of failures starts or extends the streak, and
 * disables the endpoint once it is FAILING_LIMIT_MS old. A disabled endpoint's pending deliveries
 * wait for it to be enabled.
 */
export async function recordAttempts(db: Database, endpointId: string, records: readonly AttemptRecord[]): Promise<void> {
  if (records.length === 0) return;
  const statements: BatchItem<"sqlite">[] = [];
  for (let start = 0; start < records.length; start += ATTEMPTS_PER_INSERT) {
    const rows = records.slice(start, start + ATTEMPTS_PER_INSERT).map(({ eventId, atMs, result }) => ({
      endpointId,
      eventId,
      at: atMs,
      statusCode: result.statusCode,
      durationMs: result.durationMs,
      response: result.response,
      error: result.error,
    }));
    statements.push(db.insert(webhookAttempts).values(rows));
  }
  const ofEndpoint = eq(webhookDeliveries.endpointId, endpointId);
  const delivered = records.filter((record) => record.next.status === "delivered").map((record) => record.eventId);
  if (delivered.length > 0) {
    statements.push(db.update(webhookDeliveries).set({ status: "delivered", nextAttemptAt: null }).where(and(ofEndpoint, inArray(webhookDeliveries.eventId, delivered))));
  }
  for (const { eventId, next } of records) {
    if (next.status === "delivered") continue;
    const nextAttemptAt = next.status === "pending" ? next.nextAttemptAt : null;
    statements.push(db.update(webhookDeliveries).set({ status: next.status, failures: next.failures, nextAttemptAt }).where(and(ofEndpoint, eq(webhookDeliveries.eventId, eventId))));
  }
  statements.push(db.update(webhookEndpoints).set(endpointAfter(records)).where(eq(webhookEndpoints.id, endpointId)));
  await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
}

/** What a round's outcomes do to the endpoint's status and failure streak. */
function endpointAfter(records: readonly AttemptRecord[]) {
  const firstAt = Math.min(...records.map((record) => record.atMs));
  const lastAt = Math.max(...records.map((record) => record.atMs));
  const streak = sql`coalesce(${webhookEndpoints.failingSince}, ${firstAt})`;
  if (records.some((record) => record.result.verdict === "gone")) return { failingSince: streak, status: "disabled" as const, disabledReason: "gone" as const };
  if (records.some((record) => record.result.verdict === "delivered")) return { failingSince: null };
  const tooLong = sql`${lastAt} - ${streak} >= ${FAILING_LIMIT_MS}`;
  return {
    failingSince: streak,
    status: sql`CASE WHEN ${tooLong} THEN 'disabled' ELSE ${webhookEndpoints.status} END`,
    disabledReason: sql`CASE WHEN ${tooLong} THEN 'failing' ELSE ${webhookEndpoints.disabledReason} END`,
  };
}
