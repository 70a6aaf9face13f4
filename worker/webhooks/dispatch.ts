/**
 * Getting committed events to the dispatchers (one WebhookDispatcher Durable Object per endpoint),
 * and the sweeps that make sure nothing waits for ever: outbox rows a crash left behind are handed
 * over by the minutely sweep, and the hourly one drops events once they are 30 days old.
 */
import { and, eq, lt, notExists, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { webhookEvents, webhookOutbox } from "../db/schema";
import { LOG_RETENTION_MS } from "./config";
import { handOff, ofEvents, overdue, webhookDispatcher } from "./handoff";

/**
 * Asks an endpoint's dispatcher to deliver what is due. Never throws: the change it follows has
 * committed, and the dispatcher's own alarm or the next wake-up makes good a lost one.
 */
export async function wakeEndpoint(env: Env, endpointId: string): Promise<void> {
  try {
    await webhookDispatcher(env, endpointId).wake(endpointId);
  } catch (error) {
    console.error(JSON.stringify({ message: "webhook dispatcher not woken", endpointId, error: String(error) }));
  }
}

/**
 * Tells a deleted endpoint's dispatcher to drop its deliveries and log. Never throws: a dispatcher
 * not reached finds the endpoint gone at its next run, and forgets then.
 */
export async function forgetEndpoint(env: Env, endpointId: string): Promise<void> {
  try {
    await webhookDispatcher(env, endpointId).forget();
  } catch (error) {
    console.error(JSON.stringify({ message: "webhook dispatcher not told of the delete; it will see for itself", endpointId, error: String(error) }));
  }
}

/** Event ids per D1 read (D1 binds at most 100 parameters per statement). */
const EVENTS_PER_READ = 90;

/**
 * Hands the events just committed to their endpoints' dispatchers. A group commit answers many
 * writes at once: their events are gathered until the writes have run on, then handed over
 * together, a read and a delete in D1 for the lot and one call per endpoint.
 */
export class OutboxHandoff {
  #pending: string[] = [];

  constructor(
    private readonly env: Env,
    private readonly db: () => Database,
  ) {}

  /** Notes a committed event; answers the handoff to wait for (for waitUntil), or null when one is already on its way. */
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
    for (let start = 0; start < eventIds.length; start += EVENTS_PER_READ) {
      await handOff(this.env, this.db(), ofEvents(eventIds.slice(start, start + EVENTS_PER_READ)));
    }
  }
}

/** Every minute: hands over what a lost handoff left in the outbox. */
export async function handOffOverdue(env: Env, db: Database, nowMs: number): Promise<void> {
  await handOff(env, db, overdue(nowMs));
}

/**
 * Hourly: events older than 30 days go, unless still in the outbox (a dispatcher has its own copy,
 * and keeps its log 30 days itself).
 */
export async function sweepWebhookLog(db: Database, nowMs: number): Promise<void> {
  const cutoff = nowMs - LOG_RETENTION_MS;
  const stillQueued = db.select({ one: sql`1` }).from(webhookOutbox).where(eq(webhookOutbox.eventId, webhookEvents.id));
  await db.delete(webhookEvents).where(and(lt(webhookEvents.createdAt, cutoff), notExists(stillQueued)));
}
