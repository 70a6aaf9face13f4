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
 * This file is the object's surface: the calls it answers (events in, wake-ups, the log's pages, a
 * retry asked for, the endpoint changed or deleted) and the knobs tests set. Its alarm's runs are
 * DeliveryRuns' (delivery-run.ts).
 */
import { DurableObject } from "cloudflare:workers";
import { drizzle } from "drizzle-orm/durable-sqlite";
import { database } from "../db/client";
import { type Clock, systemClock } from "../lib/clock";
import { DELIVERY_TIMEOUT_MS } from "./config";
import {
  addDeliveries,
  DELIVERY_LOG_TABLES,
  type DeliveryLog,
  type DeliveryStatus,
  deliveryPage,
  type NewDelivery,
  restartDelivery,
  type WebhookDeliveryResource,
} from "./delivery-log";
import { DeliveryRuns } from "./delivery-run";
import type { DeliveryPosition } from "./endpoint-schemas";
import { RETRY_REQUEST_TABLE, restartOnce } from "./retry-requests";

/** Where the object keeps its endpoint's id, for the alarm (which runs with no request to name it). */
const ENDPOINT_ID_KEY = "endpointId";

export class WebhookDispatcher extends DurableObject<Env> {
  /** Where "now" comes from; tests move it with runInDurableObject. */
  clock: Clock = systemClock;
  /** Tests shorten it to show a hanging receiver without waiting 15 seconds. */
  timeoutMs = DELIVERY_TIMEOUT_MS;
  /** The jitter's source; tests pin it. */
  random: () => number = Math.random;
  /** The D1 this object writes to; tests put one with injected faults here. */
  d1: D1Database = this.env.DB;
  /** The endpoint id as this instance last stored it (the alarm reads it from storage). */
  #storedEndpointId: string | undefined;

  readonly #log: DeliveryLog = drizzle(this.ctx.storage);
  readonly #runs = new DeliveryRuns({
    env: this.env,
    storage: this.ctx.storage,
    log: this.#log,
    db: () => database(this.d1),
    clock: () => this.clock(),
    timeoutMs: () => this.timeoutMs,
    random: () => this.random(),
    endpointId: () => this.ctx.storage.get<string>(ENDPOINT_ID_KEY),
    forget: () => this.forget(),
  });

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec(DELIVERY_LOG_TABLES + RETRY_REQUEST_TABLE);
  }

  /** Events from the outbox, to deliver now; one this object already has is not added twice. */
  async accept(endpointId: string, events: NewDelivery[]): Promise<void> {
    addDeliveries(this.#log, events);
    await this.wake(endpointId);
  }

  /**
   * Something became due (new events, a retry asked for, the endpoint enabled): deliver it now, or
   * a moment after a busy run, or a second after a run that delivered nothing (DeliveryRuns.earliestNextRun).
   */
  async wake(endpointId: string): Promise<void> {
    await this.#rememberEndpoint(endpointId);
    const runAt = Math.max(this.clock(), this.#runs.earliestNextRun());
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
    const wanted = this.#runs.nextAlarmAt(true);
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
    this.#runs.endpointChanged();
    if (wake) await this.wake(endpointId);
  }

  /** The endpoint was deleted: its deliveries and their log go with it. */
  async forget(): Promise<void> {
    this.#runs.forgotten();
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    this.#storedEndpointId = undefined;
    // deleteAll drops the tables too; the object may still be asked for its (now empty) log.
    this.ctx.storage.sql.exec(DELIVERY_LOG_TABLES + RETRY_REQUEST_TABLE);
  }

  /** Delivers what is due (DeliveryRuns.run); never throws to the runtime. */
  override async alarm(): Promise<void> {
    await this.#runs.run();
  }
}
