/**
 * The dispatcher's reads and writes in D1: which deliveries of an endpoint are due, and what an
 * attempt did (its log row, the delivery's new state and the endpoint's failure streak, in one batch).
 */
import { and, asc, eq, lte, min, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { webhookAttempts, webhookDeliveries, webhookEndpoints, webhookEvents, type WebhookEndpointRow } from "../db/schema";
import type { AttemptResult } from "./attempt";
import { FAILING_LIMIT_MS } from "./config";

export interface DueDelivery {
  eventId: string;
  body: string;
  failures: number;
}

export async function findEndpoint(db: Database, endpointId: string): Promise<WebhookEndpointRow | undefined> {
  return db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpointId)).get();
}

/** The endpoint's pending deliveries due by `nowMs`, oldest due first. */
export async function dueDeliveries(db: Database, endpointId: string, nowMs: number, limit: number): Promise<DueDelivery[]> {
  return db
    .select({ eventId: webhookDeliveries.eventId, body: webhookEvents.body, failures: webhookDeliveries.failures })
    .from(webhookDeliveries)
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .where(and(eq(webhookDeliveries.endpointId, endpointId), eq(webhookDeliveries.status, "pending"), lte(webhookDeliveries.nextAttemptAt, nowMs)))
    .orderBy(asc(webhookDeliveries.nextAttemptAt))
    .limit(limit);
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

/**
 * Logs the attempt and moves the delivery on, in one batch. A success ends the endpoint's failure
 * streak; a failure starts or extends it, and disables the endpoint once it is FAILING_LIMIT_MS old;
 * a 410 disables it at once. A disabled endpoint's pending deliveries wait for it to be enabled.
 */
export async function recordAttempt(db: Database, endpointId: string, eventId: string, atMs: number, result: AttemptResult, next: DeliveryState): Promise<void> {
  const delivery = and(eq(webhookDeliveries.endpointId, endpointId), eq(webhookDeliveries.eventId, eventId));
  const failingFor = sql`${atMs} - coalesce(${webhookEndpoints.failingSince}, ${atMs})`;
  const endpointChange =
    result.verdict === "delivered"
      ? { failingSince: null }
      : result.verdict === "gone"
        ? { failingSince: sql`coalesce(${webhookEndpoints.failingSince}, ${atMs})`, status: "disabled" as const, disabledReason: "gone" as const }
        : {
            failingSince: sql`coalesce(${webhookEndpoints.failingSince}, ${atMs})`,
            status: sql`CASE WHEN ${failingFor} >= ${FAILING_LIMIT_MS} THEN 'disabled' ELSE ${webhookEndpoints.status} END`,
            disabledReason: sql`CASE WHEN ${failingFor} >= ${FAILING_LIMIT_MS} THEN 'failing' ELSE ${webhookEndpoints.disabledReason} END`,
          };
  await db.batch([
    db.insert(webhookAttempts).values({
      endpointId,
      eventId,
      at: atMs,
      statusCode: result.statusCode,
      durationMs: result.durationMs,
      response: result.response,
      error: result.error,
    }),
    db
      .update(webhookDeliveries)
      .set({
        status: next.status,
        failures: next.status === "delivered" ? sql`${webhookDeliveries.failures}` : next.failures,
        nextAttemptAt: next.status === "pending" ? next.nextAttemptAt : null,
      })
      .where(delivery),
    db.update(webhookEndpoints).set(endpointChange).where(eq(webhookEndpoints.id, endpointId)),
  ]);
}
