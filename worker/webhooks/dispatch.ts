/**
 * Getting committed events to the dispatchers (one WebhookDispatcher Durable Object per endpoint),
 * and the sweeps that make sure nothing waits for ever: events a crash left waiting are handed over
 * by the minutely sweep, and the hourly one drops events once they are 30 days old.
 */
import { and, isNotNull, lt } from "drizzle-orm";
import type { Database } from "../db/client";
import { webhookEvents } from "../db/schema";
import { LOG_RETENTION_MS } from "./config";
import type { NewDelivery } from "./delivery-log";
import { EVENTS_PER_HANDOFF, handOff, handOver, markHandedOver, overdue, waitingEventsOf, webhookDispatcher, type EventPosition, type WaitingEvent } from "./handoff";

/**
 * Tells an endpoint's dispatcher that the endpoint changed (it reads it afresh before its next
 * attempt), and wakes it if asked. Never throws: a dispatcher not reached re-reads within a second.
 */
export async function endpointChanged(env: Env, endpointId: string, options: { wake: boolean }): Promise<void> {
  try {
    await webhookDispatcher(env, endpointId).endpointChanged(endpointId, options.wake);
  } catch (error) {
    console.error(JSON.stringify({ message: "webhook dispatcher not told of a change", endpointId, error: String(error) }));
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

/** Turns of one minutely sweep; the next sweep takes the rest. */
const MAX_SWEEP_TURNS = 20;

/**
 * Events handed over are marked together at most this often: a mark is a D1 write, and one per
 * booking would double the host's write transactions. An event whose mark is lost (the object
 * restarted first) is handed over again by the sweep, and its dispatchers ignore it.
 */
const MARK_INTERVAL_MS = 1_000;

/**
 * Hands the events just committed to their endpoints' dispatchers. A group commit answers many
 * writes at once: their events are gathered until the writes have run on, then handed over
 * together, one call per endpoint. The commit names each event's endpoints; an event whose commit
 * was confirmed another way (its answer was lost) is read back from D1.
 */
export class OutboxHandoff {
  #pending: WaitingEvent[] = [];
  #toReadBack: string[] = [];
  #toMark: string[] = [];
  #marking: Promise<void> | null = null;

  constructor(
    private readonly env: Env,
    private readonly db: () => Database,
  ) {}

  /**
   * Notes a committed event and the endpoints it was committed for (null: not known, read them
   * back); answers the handoff to wait for (for waitUntil), or null when there is nothing to do or
   * one is already on its way.
   */
  add({ eventId, type, body, createdAt }: NewDelivery, endpointIds: readonly string[] | null): Promise<void> | null {
    // No endpoint wanted it: no event was written.
    if (endpointIds?.length === 0) return null;
    if (endpointIds) this.#pending.push({ eventId, type, body, createdAt, endpointIds });
    else this.#toReadBack.push(eventId);
    if (this.#pending.length + this.#toReadBack.length > 1) return null;
    return this.#flush();
  }

  async #flush(): Promise<void> {
    // A macrotask: every write of the same group has resumed and added its event by then.
    await new Promise((resolve) => setTimeout(resolve, 0));
    const events = this.#pending;
    const toReadBack = this.#toReadBack;
    this.#pending = [];
    this.#toReadBack = [];
    if (toReadBack.length > 0) events.push(...(await waitingEventsOf(this.db(), toReadBack)));
    this.#toMark.push(...(await handOver(this.env, events)));
    this.#marking ??= this.#markSoon();
    await this.#marking;
  }

  async #markSoon(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, MARK_INTERVAL_MS));
    const taken = this.#toMark;
    this.#toMark = [];
    this.#marking = null;
    await markHandedOver(this.db(), taken, Date.now());
  }
}

/**
 * Every minute: hands over what a lost handoff left waiting, in turns of EVENTS_PER_HANDOFF, each
 * turn after the last (so events a dispatcher keeps refusing never hold back the ones behind them).
 */
export async function handOffOverdue(env: Env, db: Database, nowMs: number): Promise<void> {
  let after: EventPosition | null = null;
  for (let turn = 0; turn < MAX_SWEEP_TURNS; turn += 1) {
    const { read, last } = await handOff(env, db, overdue(nowMs), nowMs, after);
    if (read < EVENTS_PER_HANDOFF) return;
    after = last;
  }
}

/**
 * Hourly: events older than 30 days go, unless still waiting to be handed over (a dispatcher has
 * its own copy, and keeps its log 30 days itself).
 */
export async function sweepWebhookLog(db: Database, nowMs: number): Promise<void> {
  const cutoff = nowMs - LOG_RETENTION_MS;
  await db.delete(webhookEvents).where(and(lt(webhookEvents.createdAt, cutoff), isNotNull(webhookEvents.handedOverAt)));
}
