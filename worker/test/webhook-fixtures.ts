/**
 * Webhook fixtures: receivers that answer the dispatcher's POSTs (a spy on fetch for the hosts
 * `*.hooks.test`, so nothing leaves the machine), endpoints seeded straight into D1, and control of
 * an endpoint's WebhookDispatcher (its clock, its timeout, running its alarm now).
 *
 * Tests move a dispatcher's clock ahead of real time before anything wakes it: the alarm it sets
 * is then in the future for the runtime, which never fires it behind the test's back.
 */
import { createExecutionContext, createScheduledController, runInDurableObject, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { and, eq, inArray, isNull } from "drizzle-orm";
import { drizzle } from "drizzle-orm/durable-sqlite";
import { Webhook } from "standardwebhooks";
import { afterEach, expect, vi } from "vitest";
import worker from "..";
import { WEBHOOK_EVENT_TYPES, type WebhookEndpointRow, webhookEndpoints, webhookEvents } from "../db/schema";
import { systemClock } from "../lib/clock";
import { type AttemptRow, attempts, type DeliveryLog, type DeliveryRow, deliveries } from "../webhooks/delivery-log";
import type { WebhookDispatcher } from "../webhooks/dispatcher";
import { webhookDispatcher } from "../webhooks/dispatcher-client";
import { messageBody, newSigningSecret } from "../webhooks/message";
import { handOverWaiting, ofEndpoint } from "../webhooks/outbox";
import { openSigningSecret, sealSigningSecret } from "../webhooks/secret-vault";
import { db } from "./fixtures";
import { faultyD1 } from "./scheduler-control";

/** One POST as the receiver saw it. */
export interface ReceivedMessage {
  headers: Record<string, string>;
  body: string;
}

/** How a receiver answers its n-th message (0-based); a promise that never settles is a hang. */
export type Answer = (message: ReceivedMessage, index: number, signal: AbortSignal | null) => Response | Promise<Response>;

export interface Receiver {
  url: string;
  received: ReceivedMessage[];
}

let receiverCount = 0;
const answers = new Map<string, { answer: Answer; received: ReceivedMessage[] }>();

/** A receiver at its own https URL, answering with `answer` (200 by default). */
export function receiver(answer: Answer = () => new Response("ok")): Receiver {
  installFetchSpy();
  receiverCount += 1;
  const host = `r${receiverCount}-${crypto.randomUUID().slice(0, 8)}.hooks.test`;
  const received: ReceivedMessage[] = [];
  answers.set(host, { answer, received });
  return { url: `https://${host}/hook`, received };
}

/** Never answers; gives up when the dispatcher's timeout aborts the request. */
export const hang: Answer = (_message, _index, signal) =>
  new Promise((_resolve, reject) => signal?.addEventListener("abort", () => reject(signal.reason ?? new Error("aborted"))));

function installFetchSpy(): void {
  if (vi.isMockFunction(globalThis.fetch)) return;
  const realFetch = globalThis.fetch;
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const request = new Request(input, init);
    const target = answers.get(new URL(request.url).host);
    if (!target) return realFetch(request);
    const message = { headers: Object.fromEntries(request.headers), body: await request.text() };
    target.received.push(message);
    return target.answer(message, target.received.length - 1, init?.signal ?? null);
  });
}

/** Endpoints seeded by the current test: removed after it, so no dispatcher alarm left behind sends anything later. */
const seeded: string[] = [];

afterEach(async () => {
  vi.restoreAllMocks();
  answers.clear();
  if (seeded.length > 0) await db.delete(webhookEndpoints).where(inArray(webhookEndpoints.id, seeded.splice(0)));
});

/**
 * A dispatcher clock far enough ahead of real time that the runtime never fires its alarm behind a
 * test, and near enough that what a test just committed is not yet 30 days old (the log's retention).
 */
export const LATER = Date.now() + 10 * 24 * 60 * 60 * 1000;

/**
 * An enabled endpoint of `accountId` for `url`, straight into D1 (the API is tested on its own),
 * its secret sealed as the API stores it; the row answered carries the secret in plain, to verify
 * with (`plaintextSecret` stores it as is, as rows written before sealing have it).
 * Its dispatcher's clock is set to LATER, so only the test runs it; `live` leaves it on real time,
 * for the runtime to deliver on its own.
 */
export async function seedEndpoint(
  accountId: string,
  url: string,
  extra: Partial<WebhookEndpointRow> & { live?: boolean; plaintextSecret?: boolean } = {},
): Promise<WebhookEndpointRow> {
  const { live = false, plaintextSecret = false, ...columns } = extra;
  const id = columns.id ?? `we_${crypto.randomUUID().replaceAll("-", "")}`;
  const secret = columns.secret ?? newSigningSecret();
  const [row] = await db
    .insert(webhookEndpoints)
    .values({
      accountId,
      url,
      events: [...WEBHOOK_EVENT_TYPES],
      status: "enabled",
      createdAt: Date.now(),
      ...columns,
      id,
      secret: plaintextSecret ? secret : await sealSigningSecret(env, id, secret),
    })
    .returning();
  if (!row) throw new Error("endpoint seed failed");
  seeded.push(row.id);
  if (!live) await controlDispatcher(row.id, { nowMs: LATER });
  return { ...row, secret };
}

/** The endpoint's secret as D1 stores it, and opened as the dispatcher opens it. */
export async function storedSecretOf(
  endpointId: string,
): Promise<{ stored: string; opened: string | null; previousStored: string | null; previousOpened: string | null }> {
  const row = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpointId)).get();
  if (!row) throw new Error(`no endpoint ${endpointId}`);
  return {
    stored: row.secret,
    opened: await openSigningSecret(env, endpointId, row.secret),
    previousStored: row.previousSecret,
    previousOpened: row.previousSecret === null ? null : await openSigningSecret(env, endpointId, row.previousSecret),
  };
}

export function dispatcherOf(endpointId: string): DurableObjectStub<WebhookDispatcher> {
  return webhookDispatcher(env, endpointId) as DurableObjectStub<WebhookDispatcher>;
}

/** Sets the endpoint's dispatcher clock (or `live`: real time again), and optionally its timeout, jitter and D1. */
export async function controlDispatcher(
  endpointId: string,
  settings: { nowMs?: number; live?: boolean; timeoutMs?: number; random?: () => number; d1?: D1Database },
): Promise<void> {
  await runInDurableObject(dispatcherOf(endpointId), (dispatcher: WebhookDispatcher) => {
    if (settings.nowMs !== undefined) dispatcher.clock = () => settings.nowMs!;
    if (settings.live) dispatcher.clock = systemClock;
    if (settings.timeoutMs !== undefined) dispatcher.timeoutMs = settings.timeoutMs;
    if (settings.random) dispatcher.random = settings.random;
    if (settings.d1) dispatcher.d1 = settings.d1;
  });
}

/** From now on the endpoint's dispatcher loses its connection to D1 on every query `fails` picks (all of them by default). */
export async function dispatcherLosesD1(endpointId: string, fails: (sql: string) => boolean = () => true): Promise<void> {
  const d1 = faultyD1({
    query: (sql) => {
      if (fails(sql)) throw new Error("D1_ERROR: Network connection lost.");
    },
  });
  await controlDispatcher(endpointId, { d1 });
}

/** One of the Worker's cron triggers, run as the runtime would at `scheduledTime`, until its waitUntil work is done. */
export async function cronRun(cron: "* * * * *" | "23 * * * *", scheduledTime = Date.now()): Promise<void> {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ cron, scheduledTime }), env, ctx);
  await waitOnExecutionContext(ctx);
}

/** The minutely trigger at each minute of the hour that starts at `hourStart`: every endpoint's slice of the wake sweep once. */
export async function anHourOfMinutelyRuns(hourStart = Math.floor(Date.now() / 3_600_000) * 3_600_000): Promise<void> {
  for (let minute = 0; minute < 60; minute += 1) await cronRun("* * * * *", hourStart + minute * 60_000);
}

/**
 * Hands the endpoint's waiting events to its dispatcher, as the host's object does after a commit, in
 * the background, which may not have happened yet (a second handover of the same event adds nothing).
 */
export async function handedOver(endpointId: string): Promise<void> {
  await handOverWaiting(env, db, ofEndpoint(endpointId));
}

/** Runs the dispatcher's alarm now, as the runtime would when it fires, once it has what was committed for it. */
export async function runDeliveries(endpointId: string): Promise<void> {
  await handedOver(endpointId);
  await runInDurableObject(dispatcherOf(endpointId), async (dispatcher: WebhookDispatcher) => {
    await dispatcher.wake(endpointId);
    await dispatcher.alarm();
  });
}

/** Resolves once the host's object has woken the dispatcher after a commit (it does so after the answer). */
export async function woken(endpointId: string): Promise<void> {
  await vi.waitFor(async () => expect(await alarmOf(endpointId)).not.toBeNull());
}

/** When the dispatcher's alarm is set for (null: none). */
export async function alarmOf(endpointId: string): Promise<number | null> {
  return runInDurableObject(dispatcherOf(endpointId), (_dispatcher: WebhookDispatcher, state) => state.storage.getAlarm());
}

/** Reads or writes the endpoint's delivery log, in its dispatcher's own storage. */
export async function inDeliveryLog<T>(endpointId: string, use: (log: DeliveryLog) => T): Promise<T> {
  return runInDurableObject(dispatcherOf(endpointId), (_dispatcher: WebhookDispatcher, state) => use(drizzle(state.storage)));
}

/** The delivery in the endpoint's log, once what was committed for it is handed over (as the API's log reads it). */
export async function deliveryOf(endpointId: string, eventId: string): Promise<DeliveryRow | undefined> {
  await handedOver(endpointId);
  return inDeliveryLog(endpointId, (log) => log.select().from(deliveries).where(eq(deliveries.eventId, eventId)).get());
}

/** The events in the endpoint's log as it stands (nothing is handed over first). */
export async function loggedEventIds(endpointId: string): Promise<string[]> {
  const rows = await inDeliveryLog(endpointId, (log) => log.select({ eventId: deliveries.eventId }).from(deliveries).all());
  return rows.map((row) => row.eventId);
}

/** Every attempt in the endpoint's log, in the order they were made. */
export async function attemptsOf(endpointId: string): Promise<AttemptRow[]> {
  return inDeliveryLog(endpointId, (log) => log.select().from(attempts).orderBy(attempts.id).all());
}

/** Moves a delivery's next attempt (as if its time had come, or not yet). */
export async function dueAt(endpointId: string, eventId: string, nextAttemptAt: number): Promise<void> {
  await inDeliveryLog(endpointId, (log) => log.update(deliveries).set({ nextAttemptAt }).where(eq(deliveries.eventId, eventId)).run());
}

/**
 * A delivery of a new booking.created event put straight into the endpoint's dispatcher, with its
 * attempts, without waking it. Answers the event id.
 */
export async function seedDelivery(
  endpointId: string,
  delivery: { status: DeliveryRow["status"]; createdAt: number; nextAttemptAt?: number; attempts?: Omit<AttemptRow, "id" | "eventId">[] },
): Promise<string> {
  const eventId = `msg_${crypto.randomUUID().replaceAll("-", "")}`;
  const body = messageBody("booking.created", delivery.createdAt, { booking: { id: eventId } });
  await inDeliveryLog(endpointId, (log) => {
    log
      .insert(deliveries)
      .values({
        eventId,
        type: "booking.created",
        body,
        createdAt: delivery.createdAt,
        status: delivery.status,
        failures: delivery.attempts?.filter((attempt) => attempt.error !== null).length ?? 0,
        nextAttemptAt: delivery.nextAttemptAt ?? null,
      })
      .run();
    for (const attempt of delivery.attempts ?? [])
      log
        .insert(attempts)
        .values({ eventId, ...attempt })
        .run();
  });
  return eventId;
}

/** The events committed for the endpoint that still wait in the outbox (not yet taken by every endpoint they are for). */
export async function outboxOf(endpointId: string): Promise<string[]> {
  const rows = await db
    .select({ eventId: webhookEvents.id })
    .from(webhookEvents)
    .where(and(isNull(webhookEvents.handedOverAt), ofEndpoint(endpointId)));
  return rows.map((row) => row.eventId);
}

export async function eventsOfAccount(accountId: string) {
  return db.select().from(webhookEvents).where(eq(webhookEvents.accountId, accountId)).orderBy(webhookEvents.createdAt);
}

/** A message's `data`: each test reads the fields whose values it asserts. */
// biome-ignore lint/suspicious/noExplicitAny: the tests index into messages of every event type.
export type MessageData = Record<string, any>;

/** The message's body, after the standardwebhooks package verified it against `secret`. */
export function verified(secret: string, message: ReceivedMessage): { type: string; timestamp: string; data: MessageData } {
  return new Webhook(secret).verify(message.body, message.headers) as { type: string; timestamp: string; data: MessageData };
}

/**
 * Whether `secret` signed the message, by the standardwebhooks package's own signing (for messages
 * stamped by a dispatcher clock far from real time, which `verify` would refuse as a replay).
 */
export function signedBy(secret: string, message: ReceivedMessage): boolean {
  const timestamp = new Date(Number(message.headers["webhook-timestamp"]) * 1000);
  const expected = new Webhook(secret).sign(message.headers["webhook-id"]!, timestamp, message.body);
  return message.headers["webhook-signature"]!.split(" ").includes(expected);
}

export function expectSameEvent(messages: readonly ReceivedMessage[]): void {
  const ids = new Set(messages.map((message) => message.headers["webhook-id"]));
  expect(ids.size).toBe(1);
}
