/**
 * Waking the dispatchers (one WebhookDispatcher Durable Object per endpoint) and the sweeps that
 * make sure nothing waits for ever: a wake-up lost to a crash between a commit and its wake is
 * caught by the minutely sweep, and the hourly one drops the log once it is 30 days old.
 */
import { and, eq, inArray, lt, lte, notExists, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { webhookAttempts, webhookDeliveries, webhookEndpoints, webhookEvents } from "../db/schema";
import { LOG_RETENTION_MS } from "./config";

/** A due delivery this late means its dispatcher's wake-up was lost: a minute of grace for one about to run. */
const OVERDUE_GRACE_MS = 60_000;
/** Endpoints woken by one sweep; the next sweep takes the rest. */
const MAX_WAKES_PER_SWEEP = 500;

/** The WebhookDispatcher of one endpoint. */
export function webhookDispatcher(env: Env, endpointId: string) {
  return env.WEBHOOK_DISPATCHER.get(env.WEBHOOK_DISPATCHER.idFromName(`endpoint:${endpointId}`));
}

/**
 * Asks an endpoint's dispatcher to deliver what is due. Never throws: the change it follows has
 * committed, and a wake-up that failed is made good by the sweep.
 */
export async function wakeEndpoint(env: Env, endpointId: string): Promise<void> {
  try {
    await webhookDispatcher(env, endpointId).wake(endpointId);
  } catch (error) {
    console.error(JSON.stringify({ message: "webhook dispatcher not woken; the sweep will", endpointId, error: String(error) }));
  }
}

/** Wakes the dispatcher of every endpoint an event was just committed for. */
export async function wakeEventDeliveries(env: Env, db: Database, eventId: string): Promise<void> {
  try {
    const rows = await db.select({ endpointId: webhookDeliveries.endpointId }).from(webhookDeliveries).where(eq(webhookDeliveries.eventId, eventId));
    await Promise.all(rows.map((row) => wakeEndpoint(env, row.endpointId)));
  } catch (error) {
    console.error(JSON.stringify({ message: "webhook deliveries not woken; the sweep will", eventId, error: String(error) }));
  }
}

/** Every minute: wakes enabled endpoints whose deliveries are overdue. */
export async function wakeOverdueEndpoints(env: Env, db: Database, nowMs: number): Promise<void> {
  const rows = await db
    .selectDistinct({ endpointId: webhookDeliveries.endpointId })
    .from(webhookDeliveries)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .where(and(eq(webhookDeliveries.status, "pending"), lte(webhookDeliveries.nextAttemptAt, nowMs - OVERDUE_GRACE_MS), eq(webhookEndpoints.status, "enabled")))
    .limit(MAX_WAKES_PER_SWEEP);
  await Promise.all(rows.map((row) => wakeEndpoint(env, row.endpointId)));
}

/**
 * Hourly: attempts older than 30 days go, and so do events of that age with no delivery still
 * pending (their deliveries with them). A pending delivery is kept whatever its age.
 */
export async function sweepWebhookLog(db: Database, nowMs: number): Promise<void> {
  const cutoff = nowMs - LOG_RETENTION_MS;
  const stillPending = db
    .select({ one: sql`1` })
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.eventId, webhookEvents.id), eq(webhookDeliveries.status, "pending")));
  const oldEvents = db
    .select({ id: webhookEvents.id })
    .from(webhookEvents)
    .where(and(lt(webhookEvents.createdAt, cutoff), notExists(stillPending)));
  await db.batch([
    db.delete(webhookAttempts).where(lt(webhookAttempts.at, cutoff)),
    db.delete(webhookDeliveries).where(inArray(webhookDeliveries.eventId, oldEvents)),
    db.delete(webhookEvents).where(and(lt(webhookEvents.createdAt, cutoff), notExists(stillPending))),
  ]);
}
