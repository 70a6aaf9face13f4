/**
 * WebhookDispatcher: one Durable Object per webhook endpoint, which delivers that endpoint's events
 * (design-webhooks.md "Delivery"). Events reach it from D1's outbox (webhooks/outbox.ts); from
 * then on its own SQLite storage holds each delivery's state and the log of its attempts
 * (webhooks/delivery-log.ts), so delivering costs the shared D1 nothing but a read of the endpoint
 * a second at most, and a write when the endpoint's health changes. Its alarm lives in its storage too, so
 * deliveries due before a restart are made after it; a delivery whose attempt was cut short is
 * tried again (at least once, same `webhook-id`). Each endpoint has its own object, so a slow or
 * dead receiver delays no one else's deliveries.
 *
 * Nothing it holds waits for ever: a run that fails (D1 lost) sets the alarm again, a little later
 * each time, and the minutely sweep (webhooks/wake-sweep.ts) asks every enabled endpoint's object,
 * once an hour, to set its alarm if its next due delivery has none.
 */
import { DurableObject } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/durable-sqlite";
import { type Database, database } from "../db/client";
import { type WebhookEndpointRow, webhookEndpoints } from "../db/schema";
import { type Clock, systemClock } from "../lib/clock";
import { SerialQueue } from "../lib/serial-queue";
import { attemptDelivery } from "./attempt";
import { DELIVERY_TIMEOUT_MS, LOG_RETENTION_MS, retrySchedule } from "./config";
import {
  type AttemptRecord,
  addDeliveries,
  DELIVERY_LOG_TABLES,
  type DeliveryLog,
  type DeliveryRow,
  type DeliveryState,
  type DeliveryStatus,
  deliveryPage,
  dueDeliveries,
  type NewDelivery,
  nextDueAt,
  oldestLogged,
  recordAttempts,
  restartDelivery,
  sweepLog,
  type WebhookDeliveryResource,
} from "./delivery-log";
import { recordEndpointHealth } from "./endpoint-health";
import type { DeliveryPosition } from "./endpoint-schemas";
import { signedHeaders } from "./message";
import { receiverRules, receiverUrlRefusal } from "./receiver-url";
import { RETRY_REQUEST_TABLE, restartOnce } from "./retry-requests";
import { retryDelayMs } from "./retry-timing";
import { openSigningSecret } from "./secret-vault";

/** Where the object keeps its endpoint's id, for the alarm (which runs with no request to name it). */
const ENDPOINT_ID_KEY = "endpointId";
/** Deliveries attempted together in one round. The runtime opens 6 connections at a time and queues the rest. */
const ROUND_SIZE = 20;
/** Rounds per alarm run: beyond this the run ends and the alarm is set for now, to go on. */
const MAX_ROUNDS = 10;
/**
 * After a busy run (more than QUIET_RUN_SIZE deliveries), the next starts no sooner than this: under
 * a stream of bookings, events gather and go out in rounds, and the endpoint's row is read from D1
 * at most ten times a second, not once per booking. After a quiet run, the next event goes out at once.
 */
const BUSY_RUN_INTERVAL_MS = 100;
const QUIET_RUN_SIZE = 2;
/**
 * After a round in which nothing was delivered, the run ends; the endpoint looks down. The next
 * run waits this long and tries only PROBE_ROUND_SIZE deliveries: a dead receiver gets a few
 * attempts a second, not its whole backlog at once (which would cost CPU for nothing). Its first
 * success brings back full rounds.
 */
const PROBE_INTERVAL_MS = 1_000;
const PROBE_ROUND_SIZE = 5;
/**
 * How long a run may use the endpoint's row as last read from D1 (URL, secrets, status). Changes
 * through the API reach the object at once (endpointChanged); this bounds a copy whose news was
 * lost. Without it, every run read D1, and under a stream of bookings those reads queued with the
 * bookings' own.
 */
const ENDPOINT_FRESH_MS = 1_000;
/**
 * While its endpoint is disabled with deliveries waiting, the object looks at the endpoint again
 * this often: enabling wakes it at once, and this makes good a wake-up that was lost.
 */
const DISABLED_RECHECK_MS = 5 * 60 * 1000;
/**
 * After a run that failed (D1 lost, most likely), the next waits this long, doubled after each
 * further failure up to FAILED_RUN_MAX_DELAY_MS. The run never throws to the runtime: its own alarm
 * retries give up after six, and a D1 outage of a few minutes would outlast them, leaving the
 * deliveries with no alarm at all.
 */
const FAILED_RUN_DELAY_MS = 5_000;
const FAILED_RUN_MAX_DELAY_MS = 5 * 60 * 1000;

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
  /** The endpoint's row as last read, and when (real time: this is a copy's age, not a schedule). */
  #endpoint: { row: WebhookEndpointRow; readAt: number } | null = null;
  /** Runs that failed in a row (in memory: a restarted object starts its back-off afresh). */
  #failedRuns = 0;
  /** Counts forget() calls: a run that outlives one (its endpoint deleted mid-run) records nothing. */
  #forgotten = 0;

  readonly #log: DeliveryLog = drizzle(this.ctx.storage);

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec(DELIVERY_LOG_TABLES + RETRY_REQUEST_TABLE);
  }

  get #db(): Database {
    return database(this.d1);
  }

  /** Events from the outbox, to deliver now; one this object already has is not added twice. */
  async accept(endpointId: string, events: NewDelivery[]): Promise<void> {
    addDeliveries(this.#log, events);
    await this.wake(endpointId);
  }

  /**
   * Something became due (new events, a retry asked for, the endpoint enabled): deliver it now, or
   * a moment after a busy run (BUSY_RUN_INTERVAL_MS), or a second after a run that delivered nothing.
   */
  async wake(endpointId: string): Promise<void> {
    await this.#rememberEndpoint(endpointId);
    const runAt = Math.max(this.clock(), this.#earliestNextRun());
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > runAt) await this.ctx.storage.setAlarm(runAt);
  }

  /** A page of the delivery log, newest first (GET /api/webhook-endpoints/:id/deliveries). */
  deliveries(query: { status: DeliveryStatus | undefined; limit: number; after: DeliveryPosition | undefined }) {
    return deliveryPage(this.#log, query);
  }

  /**
   * Makes one delivery due now with a fresh schedule, whatever its state, once per `requestKey`
   * (webhooks/retry-requests.ts): a second call with the same key answers the first's delivery and
   * restarts nothing. Null when this endpoint never had the event.
   */
  async retry(endpointId: string, eventId: string, requestKey: string): Promise<WebhookDeliveryResource | null> {
    const nowMs = this.clock();
    const delivery = this.ctx.storage.transactionSync(() => restartOnce(this.#log, requestKey, nowMs, () => restartDelivery(this.#log, eventId, nowMs)));
    if (!delivery) return null;
    await this.wake(endpointId);
    return delivery;
  }

  /**
   * The sweep's call, for every enabled endpoint once an hour (webhooks/wake-sweep.ts): sets the
   * alarm for the next delivery due (or the log's next expiry) when none is set by then, as after an
   * alarm the runtime dropped; otherwise does nothing. Reads this object's storage only. Answers
   * whether it set the alarm.
   */
  async resume(endpointId: string): Promise<boolean> {
    const wanted = this.#nextAlarmAt(true);
    if (wanted === null) return false;
    const current = await this.ctx.storage.getAlarm();
    if (current !== null && current <= wanted) return false;
    await this.#rememberEndpoint(endpointId);
    await this.ctx.storage.setAlarm(wanted);
    return true;
  }

  /** Stores the endpoint id for the alarm; written once per object, so a wake-up costs a write only when it must move the alarm. */
  async #rememberEndpoint(endpointId: string): Promise<void> {
    if (this.#storedEndpointId === endpointId) return;
    await this.ctx.storage.put(ENDPOINT_ID_KEY, endpointId);
    this.#storedEndpointId = endpointId;
  }

  /** The endpoint's row changed in D1 (PATCH, rotation): read it afresh before the next attempt; wake if asked. */
  async endpointChanged(endpointId: string, wake: boolean): Promise<void> {
    this.#endpoint = null;
    if (wake) await this.wake(endpointId);
  }

  /** The endpoint was deleted: its deliveries and their log go with it. */
  async forget(): Promise<void> {
    this.#forgotten += 1;
    this.#endpoint = null;
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    this.#storedEndpointId = undefined;
    // deleteAll drops the tables too; the object may still be asked for its (now empty) log.
    this.ctx.storage.sql.exec(DELIVERY_LOG_TABLES + RETRY_REQUEST_TABLE);
  }

  override async alarm(): Promise<void> {
    // One run at a time: a run started by hand (tests) and one the runtime fires never interleave.
    await this.#runs.run(async () => {
      try {
        await this.#deliverDue();
        this.#failedRuns = 0;
      } catch (error) {
        await this.#runAgainAfterFailure(error);
      }
    });
  }

  /** Sets the alarm for a little later (FAILED_RUN_DELAY_MS, doubling), unless one is set sooner. */
  async #runAgainAfterFailure(error: unknown): Promise<void> {
    this.#failedRuns += 1;
    const delayMs = Math.min(FAILED_RUN_DELAY_MS * 2 ** (this.#failedRuns - 1), FAILED_RUN_MAX_DELAY_MS);
    const runAt = this.clock() + delayMs;
    console.error(JSON.stringify({ message: "webhook delivery run failed; it runs again later", failedRuns: this.#failedRuns, delayMs, error: String(error) }));
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > runAt) await this.ctx.storage.setAlarm(runAt);
  }

  /**
   * Attempts the due deliveries round by round, then sets the alarm for the next one due, or for
   * when the oldest of the log is to be swept. A D1 failure throws (alarm() sets the alarm again);
   * a round's attempts are recorded before the next round starts, so nothing is marked done that
   * was not.
   */
  async #deliverDue(): Promise<void> {
    const endpointId = await this.ctx.storage.get<string>(ENDPOINT_ID_KEY);
    // No endpoint id, yet an alarm: what is stored outlived its endpoint's forget(): sweep it.
    if (endpointId === undefined) return this.forget();
    const forgotten = this.#forgotten;
    let endpoint = await this.#endpointRow(endpointId);
    // Deleted (handovers skip it from then on): so do its deliveries here.
    if (!endpoint) return this.forget();
    this.#lastRunAt = this.clock();
    this.#lastRunSize = 0;
    const sending = await this.#sendingRules(endpoint);
    // Disabled: its pending deliveries wait (enabling it wakes this object again).
    for (let round = 0; round < MAX_ROUNDS && endpoint.status === "enabled"; round += 1) {
      const size = this.#probing ? PROBE_ROUND_SIZE : ROUND_SIZE;
      const due = dueDeliveries(this.#log, this.clock(), size);
      if (due.length === 0) break;
      this.#lastRunSize += due.length;
      const records = await Promise.all(due.map((delivery) => this.#attempt(endpoint!, sending, delivery)));
      // Deleted while the attempts were out: forget() dropped the log, and nothing is written back into it.
      if (this.#forgotten !== forgotten) return;
      recordAttempts(this.#log, records);
      endpoint = await recordEndpointHealth(this.#db, endpoint, records);
      this.#endpoint = { row: endpoint, readAt: this.#endpoint?.readAt ?? Date.now() };
      this.#probing = records.every((record) => record.result.verdict !== "delivered");
      if (this.#probing) break;
      if (due.length < size) break;
    }
    await this.#setNextAlarm(endpoint.status === "enabled");
  }

  /** Sweeps what has expired from the log, then sets the alarm for the next run (or none). */
  async #setNextAlarm(delivering: boolean): Promise<void> {
    const now = this.clock();
    const oldest = oldestLogged(this.#log);
    // Deletes only when something has expired: a busy endpoint's runs write nothing for the sweep.
    if (oldest !== null && oldest <= now - LOG_RETENTION_MS) sweepLog(this.#log, now - LOG_RETENTION_MS);
    const next = this.#nextAlarmAt(delivering);
    if (next !== null) await this.ctx.storage.setAlarm(next);
    else await this.ctx.storage.deleteAlarm();
  }

  /**
   * When the next run is due: when a delivery is due (while the endpoint is enabled; while it is
   * disabled, a look at it a few minutes on), or when the oldest of the log expires; null for never.
   */
  #nextAlarmAt(delivering: boolean): number | null {
    const now = this.clock();
    const oldest = oldestLogged(this.#log);
    const pendingAt = nextDueAt(this.#log);
    const due = delivering || pendingAt === null ? pendingAt : now + DISABLED_RECHECK_MS;
    const candidates = [due === null ? null : Math.max(due, now, this.#earliestNextRun()), oldest === null ? null : oldest + LOG_RETENTION_MS];
    const next = candidates.filter((at): at is number => at !== null);
    return next.length > 0 ? Math.min(...next) : null;
  }

  /** The endpoint's row: the copy from the last second, or read from D1 (undefined once deleted). */
  async #endpointRow(endpointId: string): Promise<WebhookEndpointRow | undefined> {
    if (this.#endpoint && this.#endpoint.row.id === endpointId && Date.now() - this.#endpoint.readAt < ENDPOINT_FRESH_MS) return this.#endpoint.row;
    const row = await this.#db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpointId)).get();
    this.#endpoint = row ? { row, readAt: Date.now() } : null;
    return row;
  }

  #earliestNextRun(): number {
    if (this.#probing) return this.#lastRunAt + PROBE_INTERVAL_MS;
    return this.#lastRunSize > QUIET_RUN_SIZE ? this.#lastRunAt + BUSY_RUN_INTERVAL_MS : Number.NEGATIVE_INFINITY;
  }

  /**
   * What a run sends with: the endpoint's secrets opened, or why nothing may be sent (its URL is
   * refused, as the API would refuse it now, or its secret does not open with this deployment's key).
   */
  async #sendingRules(endpoint: WebhookEndpointRow): Promise<{ secrets: string[] } | { refusal: string }> {
    const urlRefusal = receiverUrlRefusal(endpoint.url, receiverRules(this.env));
    if (urlRefusal) return { refusal: `not sent: the endpoint's url ${urlRefusal}; change it with PATCH` };
    const secrets = await signingSecrets(this.env, endpoint, this.clock());
    if (!secrets) return { refusal: "not sent: the signing secret does not open with this deployment's MANAGE_TOKEN_KEY; rotate the secret" };
    return { secrets };
  }

  async #attempt(endpoint: WebhookEndpointRow, sending: { secrets: string[] } | { refusal: string }, delivery: DeliveryRow): Promise<AttemptRecord> {
    const atMs = this.clock();
    const result =
      "refusal" in sending
        ? { verdict: "failed" as const, statusCode: null, durationMs: 0, response: null, error: sending.refusal, retryAfterMs: null }
        : await attemptDelivery(endpoint.url, await signedHeaders(delivery.eventId, delivery.body, sending.secrets, atMs), delivery.body, this.timeoutMs);
    let next: DeliveryState = { status: "delivered" };
    if (result.verdict !== "delivered") {
      const failures = delivery.failures + 1;
      const delayMs = retryDelayMs(retrySchedule(this.env), failures, result.retryAfterMs, this.random);
      next = delayMs === null ? { status: "failed", failures } : { status: "pending", failures, nextAttemptAt: this.clock() + delayMs };
    }
    return { eventId: delivery.eventId, atMs, result, next };
  }
}

/**
 * The current secret, and the previous one during the 24 hours after a rotation, opened; null when
 * the current one does not open (a previous one that does not is left out).
 */
async function signingSecrets(env: Env, endpoint: WebhookEndpointRow, atMs: number): Promise<string[] | null> {
  const current = await openSigningSecret(env, endpoint.id, endpoint.secret);
  if (current === null) return null;
  const overlap = endpoint.previousSecret !== null && (endpoint.previousSecretExpiresAt ?? 0) > atMs;
  const previous = overlap ? await openSigningSecret(env, endpoint.id, endpoint.previousSecret!) : null;
  return previous === null ? [current] : [current, previous];
}
