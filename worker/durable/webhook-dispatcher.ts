/**
 * WebhookDispatcher: one Durable Object per webhook endpoint, which delivers that endpoint's events
 * (design-webhooks.md "Delivery"). D1 holds every delivery and its state; the object only decides
 * when to look. Its alarm lives in its storage, so deliveries due before a restart are made after
 * it; a delivery whose attempt was cut short is tried again (at least once, same `webhook-id`).
 * Each endpoint has its own object, so a slow or dead receiver delays no one else's deliveries.
 */
import { DurableObject } from "cloudflare:workers";
import { database, type Database } from "../db/client";
import type { WebhookEndpointRow } from "../db/schema";
import { systemClock, type Clock } from "../lib/clock";
import { attemptDelivery } from "../webhooks/attempt";
import { DELIVERY_TIMEOUT_MS, retrySchedule } from "../webhooks/config";
import { dueRound, nextDueAt, recordAttempts, type AttemptRecord, type DeliveryState, type DueDelivery } from "../webhooks/delivery-store";
import { signedHeaders } from "../webhooks/message";
import { retryDelayMs } from "../webhooks/retry-timing";
import { SerialQueue } from "./serial-queue";

/** Where the object keeps its endpoint's id, for the alarm (which runs with no request to name it). */
const ENDPOINT_ID_KEY = "endpointId";
/**
 * Deliveries attempted together in one round, then recorded in one D1 batch: a burst of events costs
 * a few round trips, not a few per event. The runtime opens 6 connections at a time and queues the rest.
 */
const ROUND_SIZE = 20;
/** Rounds per alarm run: beyond this the run ends and the alarm is set for now, to go on. */
const MAX_ROUNDS = 10;
/**
 * After a busy run (more than QUIET_RUN_SIZE deliveries), the next starts no sooner than this: under
 * a stream of bookings, events gather and go out in rounds, so recording them costs D1 a few writes
 * a second per endpoint rather than one per booking, which the API would feel. After a quiet run,
 * the next event goes out at once.
 */
const BUSY_RUN_INTERVAL_MS = 1_000;
const QUIET_RUN_SIZE = 2;
/**
 * After a round in which nothing was delivered, the run ends and the next round is this small: an
 * endpoint that is down gets a few attempts a second, not its whole backlog at once (which would
 * cost everyone's D1 and CPU for nothing). Its first success brings back full rounds.
 */
const PROBE_ROUND_SIZE = 5;

export class WebhookDispatcher extends DurableObject<Env> {
  /** Where "now" comes from; tests move it with runInDurableObject. */
  clock: Clock = systemClock;
  /** Tests shorten it to show a hanging receiver without waiting 15 seconds. */
  timeoutMs = DELIVERY_TIMEOUT_MS;
  /** The jitter's source; tests pin it. */
  random: () => number = Math.random;
  /** The D1 this object writes to; tests put one with injected faults here. */
  d1: D1Database = this.env.DB;
  readonly #runs = new SerialQueue();
  /** The endpoint id as this instance last stored it (the alarm reads it from storage). */
  #storedEndpointId: string | undefined;
  /** When the last run started and how many deliveries it attempted (in memory: a restarted object runs at once). */
  #lastRunAt = Number.NEGATIVE_INFINITY;
  #lastRunSize = 0;
  /** The last round delivered nothing: the endpoint looks down. */
  #probing = false;

  get #db(): Database {
    return database(this.d1);
  }

  /**
   * Something became due (a new event, a retry asked for, the endpoint enabled): deliver it now, or
   * a moment after a busy run (BUSY_RUN_INTERVAL_MS).
   */
  async wake(endpointId: string): Promise<void> {
    // Written once per object: a wake-up costs a write only when it must move the alarm.
    if (this.#storedEndpointId !== endpointId) {
      await this.ctx.storage.put(ENDPOINT_ID_KEY, endpointId);
      this.#storedEndpointId = endpointId;
    }
    const runAt = Math.max(this.clock(), this.#earliestNextRun());
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > runAt) await this.ctx.storage.setAlarm(runAt);
  }

  override async alarm(): Promise<void> {
    // One run at a time: a run started by hand (tests) and one the runtime fires never interleave.
    await this.#runs.run(() => this.#deliverDue());
  }

  /**
   * Attempts the due deliveries round by round, then sets the alarm for the next one due. A D1
   * failure throws, and the runtime retries the alarm: nothing is marked done that was not.
   */
  async #deliverDue(): Promise<void> {
    const endpointId = await this.ctx.storage.get<string>(ENDPOINT_ID_KEY);
    if (endpointId === undefined) return;
    this.#lastRunAt = this.clock();
    this.#lastRunSize = 0;
    for (let round = 0; round < MAX_ROUNDS; round += 1) {
      const size = this.#probing ? PROBE_ROUND_SIZE : ROUND_SIZE;
      const { endpoint, due } = await dueRound(this.#db, endpointId, this.clock(), size);
      // Deleted, or disabled: its pending deliveries wait (enabling it wakes this object again).
      if (!endpoint || endpoint.status !== "enabled") return;
      if (due.length === 0) break;
      this.#lastRunSize += due.length;
      const records = await Promise.all(due.map((delivery) => this.#attempt(endpoint, delivery)));
      await recordAttempts(this.#db, endpoint.id, records);
      this.#probing = records.every((record) => record.result.verdict !== "delivered");
      if (this.#probing) {
        // Counted as busy, so the next run waits BUSY_RUN_INTERVAL_MS.
        this.#lastRunSize = Math.max(this.#lastRunSize, QUIET_RUN_SIZE + 1);
        break;
      }
      if (due.length < size) break;
    }
    const next = await nextDueAt(this.#db, endpointId);
    if (next !== null) await this.ctx.storage.setAlarm(Math.max(next, this.clock(), this.#earliestNextRun()));
    else await this.ctx.storage.deleteAlarm();
  }

  #earliestNextRun(): number {
    return this.#lastRunSize > QUIET_RUN_SIZE ? this.#lastRunAt + BUSY_RUN_INTERVAL_MS : Number.NEGATIVE_INFINITY;
  }

  async #attempt(endpoint: WebhookEndpointRow, delivery: DueDelivery): Promise<AttemptRecord> {
    const atMs = this.clock();
    const headers = await signedHeaders(delivery.eventId, delivery.body, signingSecrets(endpoint, atMs), atMs);
    const result = await attemptDelivery(endpoint.url, headers, delivery.body, this.timeoutMs);
    let next: DeliveryState = { status: "delivered" };
    if (result.verdict !== "delivered") {
      const failures = delivery.failures + 1;
      const delayMs = retryDelayMs(retrySchedule(this.env), failures, result.retryAfterMs, this.random);
      next = delayMs === null ? { status: "failed", failures } : { status: "pending", failures, nextAttemptAt: this.clock() + delayMs };
    }
    return { eventId: delivery.eventId, atMs, result, next };
  }
}

/** The current secret, and the previous one during the 24 hours after a rotation. */
function signingSecrets(endpoint: WebhookEndpointRow, atMs: number): string[] {
  const overlap = endpoint.previousSecret !== null && (endpoint.previousSecretExpiresAt ?? 0) > atMs;
  return overlap ? [endpoint.secret, endpoint.previousSecret!] : [endpoint.secret];
}
