/**
 * An endpoint's deliveries through the API: a test send (an event and its delivery committed with
 * the call, then delivered and signed), the delivery log with its attempts, page by page and by
 * status, and a retry that sends an event again now. Receivers answer through a spy on fetch
 * (test/webhook-fixtures.ts); each dispatcher's clock runs a minute ahead of real time, so the alarm
 * a call sets never fires behind the test's back and the test runs it when it wants.
 */
import { runInDurableObject } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it, onTestFinished } from "vitest";
import { webhookEndpoints, webhookEvents } from "../db/schema";
import { SCOPES } from "../domain/scopes";
import { toIsoUtc } from "../lib/instants";
import { call, db, errorOf, get, post, seedAccount, seedToken } from "../test/fixtures";
import { until } from "../test/scheduler-control";
import { alarmOf, controlDispatcher, deliveryOf, dispatcherOf, outboxOf, receiver, runDeliveries, seedDelivery, verified } from "../test/webhook-fixtures";
import type { WebhookDeliveryResource } from "./delivery-log";
import type { WebhookDispatcher } from "./dispatcher";
import type { CreatedWebhookEndpointResource } from "./endpoint-store";

interface DeliveryPage {
  data: WebhookDeliveryResource[];
  nextCursor: string | null;
}

/** A whole second an hour ago, so its ISO form is exact and the log keeps what is made then. */
const T = Math.floor(Date.now() / 1000) * 1000 - 60 * 60 * 1000;
const DISPATCHER_AHEAD_MS = 60_000;

/** An account-wide admin and an endpoint of its own at a fresh receiver, its dispatcher a minute ahead. */
async function endpointWithReceiver() {
  const accountId = await seedAccount();
  const admin = await seedToken(accountId, [...SCOPES]);
  const rx = receiver();
  const response = await post("/api/webhook-endpoints", { url: rx.url }, { token: admin });
  expect(response.status).toBe(201);
  const endpoint = (await response.json()) as CreatedWebhookEndpointResource;
  const dispatcherNow = Date.now() + DISPATCHER_AHEAD_MS;
  await controlDispatcher(endpoint.id, { nowMs: dispatcherNow });
  return { accountId, admin, rx, endpoint, dispatcherNow };
}

/**
 * Holds the next retry call into the endpoint's dispatcher until released (on the class: a stub's
 * call does not see an instance's property). Flags, each side polling its own: a promise resolved
 * across the test's and the object's contexts would carry one's I/O into the other.
 */
async function holdNextRetryCall(endpointId: string): Promise<{ reached: Promise<void>; release: () => void }> {
  const prototype = await runInDurableObject(
    dispatcherOf(endpointId),
    (dispatcher: WebhookDispatcher) => Object.getPrototypeOf(dispatcher) as WebhookDispatcher,
  );
  const retry = prototype.retry;
  const state = { held: false, released: false, used: false };
  prototype.retry = async function (this: WebhookDispatcher, ...args: Parameters<WebhookDispatcher["retry"]>) {
    if (!state.used) {
      state.used = true;
      state.held = true;
      while (!state.released) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return retry.apply(this, args);
  };
  onTestFinished(() => {
    prototype.retry = retry;
  });
  return { reached: until(() => state.held, "the retry call is held"), release: () => (state.released = true) };
}

function patch(id: string, body: unknown, token: string): Promise<Response> {
  return call(`/api/webhook-endpoints/${id}`, {
    method: "PATCH",
    body: JSON.stringify(body),
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
  });
}

async function deliveries(endpointId: string, token: string, query = ""): Promise<DeliveryPage> {
  const response = await get(`/api/webhook-endpoints/${endpointId}/deliveries${query}`, token);
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as DeliveryPage;
}

describe("POST /api/webhook-endpoints/:id/test", () => {
  it("answers 202 with the event id, commits a webhook.test event and its delivery, and the receiver gets it signed", async () => {
    const { accountId, admin, rx, endpoint, dispatcherNow } = await endpointWithReceiver();
    const key = crypto.randomUUID();
    const before = Date.now();
    const response = await post(`/api/webhook-endpoints/${endpoint.id}/test`, {}, { token: admin, key });
    expect(response.status).toBe(202);
    const { eventId } = (await response.json()) as { eventId: string };
    expect(eventId).toMatch(/^msg_[0-9a-f]{32}$/);
    const event = await db.select().from(webhookEvents).where(eq(webhookEvents.id, eventId)).get();
    expect(event).toMatchObject({ accountId, hostId: null, type: "webhook.test" });
    expect(JSON.parse(event!.body)).toEqual({ type: "webhook.test", timestamp: expect.stringMatching(/Z$/), data: { endpointId: endpoint.id } });
    const delivery = await deliveryOf(endpoint.id, eventId);
    expect(delivery).toMatchObject({ status: "pending", failures: 0 });
    expect(delivery!.nextAttemptAt).toBeGreaterThanOrEqual(before);
    expect(delivery!.nextAttemptAt).toBeLessThanOrEqual(Date.now());
    expect(await outboxOf(endpoint.id)).toEqual([]); // handed to the dispatcher
    expect(await alarmOf(endpoint.id)).toBe(dispatcherNow); // woken
    expect(rx.received).toHaveLength(0);

    await runDeliveries(endpoint.id);
    expect(rx.received).toHaveLength(1);
    expect(rx.received[0]!.headers["webhook-id"]).toBe(eventId);
    expect(verified(endpoint.secret, rx.received[0]!)).toEqual(JSON.parse(event!.body));
    expect((await deliveryOf(endpoint.id, eventId))?.status).toBe("delivered");

    const retry = await post(`/api/webhook-endpoints/${endpoint.id}/test`, {}, { token: admin, key });
    expect(retry.status).toBe(202);
    expect(retry.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await retry.json()).toEqual({ eventId });
    expect(await db.select().from(webhookEvents).where(eq(webhookEvents.accountId, accountId))).toHaveLength(1);
  });

  it("refuses a disabled endpoint with 400 saying to enable it, and writes no event", async () => {
    const { accountId, admin, endpoint } = await endpointWithReceiver();
    expect((await patch(endpoint.id, { status: "disabled" }, admin)).status).toBe(200);
    const refused = await errorOf(await post(`/api/webhook-endpoints/${endpoint.id}/test`, {}, { token: admin }));
    expect(refused).toMatchObject({ status: 400, code: "INVALID_REQUEST" });
    expect(refused.message).toContain("enable it first");
    expect(await db.select().from(webhookEvents).where(eq(webhookEvents.accountId, accountId))).toEqual([]);
  });
});

describe("GET /api/webhook-endpoints/:id/deliveries", () => {
  it("lists the endpoint's deliveries newest first, each with its attempts oldest first, and no other endpoint's", async () => {
    const { admin, endpoint } = await endpointWithReceiver();
    const other = (await (
      await post("/api/webhook-endpoints", { url: "https://example.com/other" }, { token: admin })
    ).json()) as CreatedWebhookEndpointResource;
    await seedDelivery(other.id, { status: "pending", createdAt: T + 9_000, nextAttemptAt: T + 9_000 });
    const delivered = await seedDelivery(endpoint.id, {
      status: "delivered",
      createdAt: T,
      attempts: [
        { at: T + 6_000, statusCode: 200, durationMs: 40, response: "ok", error: null },
        { at: T + 1_000, statusCode: 500, durationMs: 12, response: "oops", error: "HTTP 500" },
      ],
    });
    const failed = await seedDelivery(endpoint.id, {
      status: "failed",
      createdAt: T + 1_000,
      attempts: [{ at: T + 2_000, statusCode: null, durationMs: 15_000, response: null, error: "no answer within 15 s" }],
    });
    // Two created in the same millisecond: ordered by event id, newest (highest) first.
    const pendingA = await seedDelivery(endpoint.id, { status: "pending", createdAt: T + 2_000, nextAttemptAt: T + 302_000 });
    const pendingB = await seedDelivery(endpoint.id, { status: "pending", createdAt: T + 2_000, nextAttemptAt: T + 302_000 });
    const pending = [pendingA, pendingB].sort().reverse();

    const page = await deliveries(endpoint.id, admin);
    expect(page.nextCursor).toBeNull();
    expect(page.data.map((delivery) => delivery.eventId)).toEqual([...pending, failed, delivered]);
    expect(page.data[3]).toEqual({
      eventId: delivered,
      type: "booking.created",
      status: "delivered",
      createdAt: toIsoUtc(T),
      nextAttemptAt: null,
      attempts: [
        { at: toIsoUtc(T + 1_000), statusCode: 500, durationMs: 12, response: "oops", error: "HTTP 500" },
        { at: toIsoUtc(T + 6_000), statusCode: 200, durationMs: 40, response: "ok", error: null },
      ],
    });
    expect(page.data[2]).toMatchObject({
      status: "failed",
      nextAttemptAt: null,
      attempts: [{ statusCode: null, response: null, error: "no answer within 15 s" }],
    });
    expect(page.data[0]).toMatchObject({ status: "pending", nextAttemptAt: toIsoUtc(T + 302_000), attempts: [] });

    expect((await deliveries(endpoint.id, admin, "?status=failed")).data.map((delivery) => delivery.eventId)).toEqual([failed]);
    expect((await deliveries(endpoint.id, admin, "?status=pending")).data.map((delivery) => delivery.eventId)).toEqual(pending);
    expect((await deliveries(other.id, admin)).data).toHaveLength(1);
  });

  it("walks the log a page at a time through opaque cursors, with and without a status", async () => {
    const { admin, endpoint } = await endpointWithReceiver();
    const statuses = ["pending", "delivered", "failed", "delivered", "delivered"] as const;
    for (const [index, status] of statuses.entries()) await seedDelivery(endpoint.id, { status, createdAt: T + index * 1_000, nextAttemptAt: T });
    for (const query of ["", "&status=delivered"]) {
      const all = (await deliveries(endpoint.id, admin, `?limit=100${query}`)).data.map((delivery) => delivery.eventId);
      expect(all).toHaveLength(query ? 3 : 5);
      const walked: string[] = [];
      let cursor: string | null = null;
      do {
        const page: DeliveryPage = await deliveries(endpoint.id, admin, `?limit=2${query}${cursor ? `&cursor=${cursor}` : ""}`);
        walked.push(...page.data.map((delivery) => delivery.eventId));
        cursor = page.nextCursor;
        if (cursor) expect(cursor).not.toContain("msg_");
      } while (cursor);
      expect(walked).toEqual(all);
    }
  });

  it("refuses an unknown status, a malformed cursor and a limit outside 1–100 with 400 naming it", async () => {
    const { admin, endpoint } = await endpointWithReceiver();
    for (const query of ["status=sent", "cursor=abc", `cursor=${btoa("[1]")}`, "limit=0", "limit=101"]) {
      const error = await errorOf(await get(`/api/webhook-endpoints/${endpoint.id}/deliveries?${query}`, admin));
      expect(error, query).toMatchObject({ status: 400, code: "INVALID_REQUEST" });
      expect(error.message).toContain(query.split("=")[0]!);
    }
  });
});

describe("POST /api/webhook-endpoints/:id/deliveries/:eventId/retry", () => {
  it("puts a failed delivery back to pending now with a fresh schedule, answers it with 202, and sends it again", async () => {
    const { admin, rx, endpoint, dispatcherNow } = await endpointWithReceiver();
    const attempt = { at: T + 1_000, statusCode: 503, durationMs: 9, response: "down", error: "HTTP 503" };
    const eventId = await seedDelivery(endpoint.id, { status: "failed", createdAt: T, attempts: [attempt] });
    const key = crypto.randomUUID();
    const before = Date.now();
    const response = await post(`/api/webhook-endpoints/${endpoint.id}/deliveries/${eventId}/retry`, {}, { token: admin, key });
    expect(response.status).toBe(202);
    const answer = (await response.json()) as WebhookDeliveryResource;
    expect(answer).toEqual({
      eventId,
      type: "booking.created",
      status: "pending",
      createdAt: toIsoUtc(T),
      nextAttemptAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
      attempts: [{ ...attempt, at: toIsoUtc(attempt.at) }],
    });
    expect(Date.parse(answer.nextAttemptAt!)).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    const row = await deliveryOf(endpoint.id, eventId);
    expect(row).toMatchObject({ status: "pending", failures: 0 });
    expect(row!.nextAttemptAt).toBeGreaterThanOrEqual(before);
    expect(await alarmOf(endpoint.id)).toBe(dispatcherNow);

    const replay = await post(`/api/webhook-endpoints/${endpoint.id}/deliveries/${eventId}/retry`, {}, { token: admin, key });
    expect(replay.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await replay.json()).toEqual(answer);

    await runDeliveries(endpoint.id);
    expect(rx.received.map((message) => message.headers["webhook-id"])).toEqual([eventId]);
    expect((await deliveryOf(endpoint.id, eventId))?.status).toBe("delivered");
    // A delivered event may be sent again too.
    expect((await post(`/api/webhook-endpoints/${endpoint.id}/deliveries/${eventId}/retry`, {}, { token: admin })).status).toBe(202);
    await runDeliveries(endpoint.id);
    expect(rx.received.map((message) => message.headers["webhook-id"])).toEqual([eventId, eventId]);
  });

  it("race: two calls with one Idempotency-Key restart the delivery once, even when the second reaches the dispatcher after the first has answered and its message gone out; both answer the first's delivery", async () => {
    const { admin, rx, endpoint } = await endpointWithReceiver();
    const eventId = await seedDelivery(endpoint.id, {
      status: "delivered",
      createdAt: T,
      attempts: [{ at: T + 1_000, statusCode: 200, durationMs: 9, response: "ok", error: null }],
    });
    const key = crypto.randomUUID();
    const retry = () => post(`/api/webhook-endpoints/${endpoint.id}/deliveries/${eventId}/retry`, {}, { token: admin, key });
    // The fault: the second call is held on its way into the dispatcher, after every check it makes before.
    const held = await holdNextRetryCall(endpoint.id);
    const second = retry();
    await held.reached;
    const first = await retry();
    expect(first.status).toBe(202);
    await runDeliveries(endpoint.id);
    expect(rx.received).toHaveLength(1);

    held.release();
    const secondAnswer = await second;
    expect(secondAnswer.status).toBe(202);
    expect(await secondAnswer.json()).toEqual(await first.json());
    await runDeliveries(endpoint.id);
    expect(rx.received.map((message) => message.headers["webhook-id"])).toEqual([eventId]);
    expect(await deliveryOf(endpoint.id, eventId)).toMatchObject({ status: "delivered" });
  });

  it("answers 404 for an event this endpoint never had (another endpoint's included), and 400 while the endpoint is disabled", async () => {
    const { admin, endpoint } = await endpointWithReceiver();
    const other = (await (
      await post("/api/webhook-endpoints", { url: "https://example.com/other" }, { token: admin })
    ).json()) as CreatedWebhookEndpointResource;
    const othersEvent = await seedDelivery(other.id, { status: "failed", createdAt: T });
    expect(await errorOf(await post(`/api/webhook-endpoints/${endpoint.id}/deliveries/${othersEvent}/retry`, {}, { token: admin }))).toMatchObject({
      status: 404,
      code: "NOT_FOUND",
    });
    const eventId = await seedDelivery(endpoint.id, { status: "failed", createdAt: T });
    expect((await patch(endpoint.id, { status: "disabled" }, admin)).status).toBe(200);
    const refused = await errorOf(await post(`/api/webhook-endpoints/${endpoint.id}/deliveries/${eventId}/retry`, {}, { token: admin }));
    expect(refused).toMatchObject({ status: 400, code: "INVALID_REQUEST" });
    expect(refused.message).toContain("enable it first");
    expect(await deliveryOf(endpoint.id, eventId)).toMatchObject({ status: "failed", nextAttemptAt: null });
  });
});

describe("enabling a disabled endpoint", () => {
  it("sends the deliveries that waited while it was disabled", async () => {
    const { admin, rx, endpoint, dispatcherNow } = await endpointWithReceiver();
    expect((await patch(endpoint.id, { status: "disabled" }, admin)).status).toBe(200);
    const eventId = await seedDelivery(endpoint.id, { status: "pending", createdAt: T, nextAttemptAt: T });
    expect(await alarmOf(endpoint.id)).toBeNull();
    expect((await patch(endpoint.id, { status: "enabled" }, admin)).status).toBe(200);
    expect(await alarmOf(endpoint.id)).toBe(dispatcherNow);
    await runDeliveries(endpoint.id);
    expect(rx.received.map((message) => message.headers["webhook-id"])).toEqual([eventId]);
  });
});

describe("a disabled endpoint's waiting deliveries", () => {
  it("are looked at again every 5 minutes, so they go once it is enabled even if its wake-up was lost", async () => {
    const { admin, rx, endpoint, dispatcherNow } = await endpointWithReceiver();
    expect((await patch(endpoint.id, { status: "disabled" }, admin)).status).toBe(200);
    const eventId = await seedDelivery(endpoint.id, { status: "pending", createdAt: T, nextAttemptAt: T });
    await runDeliveries(endpoint.id);
    expect(rx.received).toHaveLength(0);
    expect(await alarmOf(endpoint.id)).toBe(dispatcherNow + 5 * 60_000);

    // Enabled behind the object's back (as if the API's wake-up had been lost); its alarm comes round.
    await db.update(webhookEndpoints).set({ status: "enabled", disabledReason: null }).where(eq(webhookEndpoints.id, endpoint.id));
    await controlDispatcher(endpoint.id, { nowMs: dispatcherNow + 5 * 60_000 });
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // past the object's copy of the endpoint
    await runInDurableObject(dispatcherOf(endpoint.id), (dispatcher: WebhookDispatcher) => dispatcher.alarm());
    expect(rx.received.map((message) => message.headers["webhook-id"])).toEqual([eventId]);
  });
});
