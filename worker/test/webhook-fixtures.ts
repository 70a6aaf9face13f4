/**
 * Webhook fixtures: receivers that answer the dispatcher's POSTs (a spy on fetch for the hosts
 * `*.hooks.test`, so nothing leaves the machine), endpoints seeded straight into D1, and control of
 * an endpoint's WebhookDispatcher (its clock, its timeout, running its alarm now).
 *
 * Tests move a dispatcher's clock ahead of real time before anything wakes it: the alarm it sets
 * is then in the future for the runtime, which never fires it behind the test's back.
 */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq, inArray } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { afterEach, expect, vi } from "vitest";
import { webhookAttempts, webhookDeliveries, webhookEndpoints, webhookEvents, WEBHOOK_EVENT_TYPES, type WebhookEndpointRow } from "../db/schema";
import type { WebhookDispatcher } from "../durable/webhook-dispatcher";
import { webhookDispatcher } from "../webhooks/dispatch";
import { newSigningSecret } from "../webhooks/message";
import { db } from "./fixtures";

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

/** A dispatcher clock far enough ahead of real time that the runtime never fires its alarm behind a test. */
export const LATER = Date.now() + 30 * 24 * 60 * 60 * 1000;

/**
 * An enabled endpoint of `accountId` for `url`, straight into D1 (the API is tested on its own).
 * Its dispatcher's clock is set to LATER, so only the test runs it; `live` leaves it on real time,
 * for the runtime to deliver on its own.
 */
export async function seedEndpoint(accountId: string, url: string, extra: Partial<WebhookEndpointRow> & { live?: boolean } = {}): Promise<WebhookEndpointRow> {
  const { live = false, ...columns } = extra;
  const [row] = await db
    .insert(webhookEndpoints)
    .values({
      id: `we_${crypto.randomUUID().replaceAll("-", "")}`,
      accountId,
      url,
      events: [...WEBHOOK_EVENT_TYPES],
      status: "enabled",
      secret: newSigningSecret(),
      createdAt: Date.now(),
      ...columns,
    })
    .returning();
  if (!row) throw new Error("endpoint seed failed");
  seeded.push(row.id);
  if (!live) await controlDispatcher(row.id, { nowMs: LATER });
  return row;
}

export function dispatcherOf(endpointId: string): DurableObjectStub<WebhookDispatcher> {
  return webhookDispatcher(env, endpointId) as DurableObjectStub<WebhookDispatcher>;
}

/** Sets the endpoint's dispatcher clock (and optionally its timeout and jitter). */
export async function controlDispatcher(endpointId: string, settings: { nowMs?: number; timeoutMs?: number; random?: () => number; d1?: D1Database }): Promise<void> {
  await runInDurableObject(dispatcherOf(endpointId), (dispatcher: WebhookDispatcher) => {
    if (settings.nowMs !== undefined) dispatcher.clock = () => settings.nowMs!;
    if (settings.timeoutMs !== undefined) dispatcher.timeoutMs = settings.timeoutMs;
    if (settings.random) dispatcher.random = settings.random;
    if (settings.d1) dispatcher.d1 = settings.d1;
  });
}

/**
 * Runs the dispatcher's alarm now, as the runtime would when it fires. It is woken first: the host's
 * object wakes it after a booking's answer, in the background, which may not have happened yet.
 */
export async function runDeliveries(endpointId: string): Promise<void> {
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

export async function deliveryOf(endpointId: string, eventId: string) {
  const rows = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpointId));
  return rows.find((row) => row.eventId === eventId);
}

export async function attemptsOf(endpointId: string) {
  return db.select().from(webhookAttempts).where(eq(webhookAttempts.endpointId, endpointId)).orderBy(webhookAttempts.id);
}

export async function eventsOfAccount(accountId: string) {
  return db.select().from(webhookEvents).where(eq(webhookEvents.accountId, accountId)).orderBy(webhookEvents.createdAt);
}

/** The message's body, after the standardwebhooks package verified it against `secret`. */
export function verified(secret: string, message: ReceivedMessage): { type: string; timestamp: string; data: Record<string, any> } {
  return new Webhook(secret).verify(message.body, message.headers) as { type: string; timestamp: string; data: Record<string, any> };
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
