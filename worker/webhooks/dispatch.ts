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

/** Event ids per D1 read (D1 binds at most 100 parameters per statement). */
const EVENTS_PER_READ = 90;

/**
 * Wakes the dispatchers of the endpoints that events were just committed for. A group commit
 * answers many writes at once: their events are gathered until the writes have run on, then their
 * endpoints are read in one query and each woken once, not once per event.
 */
export class DeliveryWaker {
  #pending: string[] = [];

  constructor(
    private readonly env: Env,
    private readonly db: () => Database,
  ) {}

  /** Notes a committed event; answers the wake-up to wait for (for waitUntil), or null when one is already on its way. */
  add(eventId: string): Promise<void> | null {
    this.#pending.push(eventId);
    if (this.#pending.length > 1) return null;
    return this.#flush();
  }

  async #flush(): Promise<void> {
    // A macrotask: every write of the same group has resumed and added its event by then.
    await new Promise((resolve) => setTimeout(resolve, 0));
    const eventIds = this.#pending;
    this.#pending = [];
    try {
      const endpointIds = new Set<string>();
      for (let start = 0; start < eventIds.length; start += EVENTS_PER_READ) {
        const rows = await this.db()
          .selectDistinct({ endpointId: webhookDeliveries.endpointId })
          .from(webhookDeliveries)
          .where(inArray(webhookDeliveries.eventId, eventIds.slice(start, start + EVENTS_PER_READ)));
        for (const row of rows) endpointIds.add(row.endpointId);
      }
      await Promise.all([...endpointIds].map((endpointId) => wakeEndpoint(this.env, endpointId)));
    } catch (error) {
      console.error(JSON.stringify({ message: "webhook deliveries not woken; the sweep will", events: eventIds.length, error: String(error) }));
    }
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
 * pending (their deliveries with them, by the foreign key's ON DELETE CASCADE). A pending delivery
 * is kept whatever its age.
 */
export async function sweepWebhookLog(db: Database, nowMs: number): Promise<void> {
  const cutoff = nowMs - LOG_RETENTION_MS;
  const stillPending = db
    .select({ one: sql`1` })
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.eventId, webhookEvents.id), eq(webhookDeliveries.status, "pending")));
  await db.batch([
    db.delete(webhookAttempts).where(lt(webhookAttempts.at, cutoff)),
    db.delete(webhookEvents).where(and(lt(webhookEvents.createdAt, cutoff), notExists(stillPending))),
  ]);
}
