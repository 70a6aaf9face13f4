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
import { dueDeliveries, findEndpoint, nextDueAt, recordAttempt, type DeliveryState, type DueDelivery } from "../webhooks/delivery-store";
import { signedHeaders } from "../webhooks/message";
import { retryDelayMs } from "../webhooks/retry-timing";
import { SerialQueue } from "./serial-queue";

/** Where the object keeps its endpoint's id, for the alarm (which runs with no request to name it). */
const ENDPOINT_ID_KEY = "endpointId";
/** Attempts in flight at once (a Worker has 6 connections); a hung receiver holds one for the timeout. */
const CONCURRENT_ATTEMPTS = 6;
/** Rounds per alarm run: beyond this the run ends and the alarm is set for now, to go on. */
const MAX_ROUNDS = 20;

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

  get #db(): Database {
    return database(this.d1);
  }

  /** Something became due (a new event, a retry asked for, the endpoint enabled): deliver it now. */
  async wake(endpointId: string): Promise<void> {
    await this.ctx.storage.put(ENDPOINT_ID_KEY, endpointId);
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > this.clock()) await this.ctx.storage.setAlarm(this.clock());
  }

  override async alarm(): Promise<void> {
    // One run at a time: a run started by hand (tests) and one the runtime fires never interleave.
    await this.#runs.run(() => this.#deliverDue());
  }

  /**
   * Attempts every due delivery, a few at a time, then sets the alarm for the next one due. A D1
   * failure throws, and the runtime retries the alarm: nothing is marked done that was not.
   */
  async #deliverDue(): Promise<void> {
    const endpointId = await this.ctx.storage.get<string>(ENDPOINT_ID_KEY);
    if (endpointId === undefined) return;
    for (let round = 0; round < MAX_ROUNDS; round += 1) {
      const endpoint = await findEndpoint(this.#db, endpointId);
      // Deleted, or disabled: its pending deliveries wait (enabling it wakes this object again).
      if (!endpoint || endpoint.status !== "enabled") return;
      const due = await dueDeliveries(this.#db, endpointId, this.clock(), CONCURRENT_ATTEMPTS);
      if (due.length === 0) break;
      await Promise.all(due.map((delivery) => this.#attempt(endpoint, delivery)));
    }
    const next = await nextDueAt(this.#db, endpointId);
    if (next !== null) await this.ctx.storage.setAlarm(Math.max(next, this.clock()));
    else await this.ctx.storage.deleteAlarm();
  }

  async #attempt(endpoint: WebhookEndpointRow, delivery: DueDelivery): Promise<void> {
    const atMs = this.clock();
    const headers = await signedHeaders(delivery.eventId, delivery.body, signingSecrets(endpoint, atMs), atMs);
    const result = await attemptDelivery(endpoint.url, headers, delivery.body, this.timeoutMs);
    let next: DeliveryState = { status: "delivered" };
    if (result.verdict !== "delivered") {
      const failures = delivery.failures + 1;
      const delayMs = retryDelayMs(retrySchedule(this.env), failures, result.retryAfterMs, this.random);
      next = delayMs === null ? { status: "failed", failures } : { status: "pending", failures, nextAttemptAt: this.clock() + delayMs };
    }
    await recordAttempt(this.#db, endpoint.id, delivery.eventId, atMs, result, next);
  }
}

/** The current secret, and the previous one during the 24 hours after a rotation. */
function signingSecrets(endpoint: WebhookEndpointRow, atMs: number): string[] {
  const overlap = endpoint.previousSecret !== null && (endpoint.previousSecretExpiresAt ?? 0) > atMs;
  return overlap ? [endpoint.secret, endpoint.previousSecret!] : [endpoint.secret];
}
