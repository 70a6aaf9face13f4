/**
 * Delivery (design-webhooks.md "Delivery"): a committed booking change reaches every subscribed
 * receiver, signed to the Standard Webhooks specification (checked by the standardwebhooks package,
 * not by our code), retried on the contract's schedule, and logged attempt by attempt.
 */

import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { webhookEndpoints } from "../db/schema";
import type { BookingResponse } from "../domain/contract";
import { availableSlots, book, call, db, get, post, seedHost, seedToken, upcoming } from "../test/fixtures";
import {
  alarmOf,
  attemptsOf,
  controlDispatcher,
  deliveryOf,
  dispatcherOf,
  dueAt,
  eventsOfAccount,
  expectSameEvent,
  handedOver,
  LATER,
  receiver,
  runDeliveries,
  seedEndpoint,
  signedBy,
  verified,
  woken,
} from "../test/webhook-fixtures";

import { LOG_RETENTION_MS } from "./config";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

async function hostWithSlots() {
  const host = await seedHost();
  const day = upcoming(2);
  const slots = await availableSlots(host, { startDate: day, endDate: day });
  return { host, slots };
}

describe("a booking change reaches its receivers", () => {
  it("delivers booking.created after the answer, signed so the standardwebhooks package verifies it, with the booking as GET shows it", async () => {
    const { host, slots } = await hostWithSlots();
    const hook = receiver();
    const endpoint = await seedEndpoint(host.accountId, hook.url, { live: true });

    const { bookingId } = await book(host, slots[0]!);

    // No hand on the dispatcher: the host's object wakes it after the commit, and its alarm delivers.
    await vi.waitFor(() => expect(hook.received).toHaveLength(1), { timeout: 5_000 });
    const message = hook.received[0]!;
    const body = verified(endpoint.secret, message);
    expect(body.type).toBe("booking.created");
    // The booking as GET shows it to its host, but for its e-mail log, which events leave out.
    const { notifications: _emailLog, ...shown } = (await (await get(`/api/bookings/${bookingId}`, host.token)).json()) as BookingResponse;
    expect(body.data.booking).toEqual(shown);
    expect(message.headers["content-type"]).toBe("application/json");
    const [event] = await eventsOfAccount(host.accountId);
    expect(message.headers["webhook-id"]).toBe(event!.id);
    expect(body.timestamp).toBe(new Date(event!.createdAt).toISOString());
    await vi.waitFor(async () => expect((await deliveryOf(endpoint.id, event!.id))?.status).toBe("delivered"));
    const [attempt] = await attemptsOf(endpoint.id);
    expect(attempt).toMatchObject({ statusCode: 200, response: "ok", error: null });
  });

  it("retries a receiver that answers 500 twice: three attempts of one message, 5 s then 5 min apart (±20%), all logged", async () => {
    const { host, slots } = await hostWithSlots();
    const hook = receiver((_message, index) => (index < 2 ? new Response("down for maintenance", { status: 500 }) : new Response("thanks")));
    const endpoint = await seedEndpoint(host.accountId, hook.url);
    await book(host, slots[0]!);
    const [event] = await eventsOfAccount(host.accountId);
    await woken(endpoint.id);

    await runDeliveries(endpoint.id);
    const afterFirst = await deliveryOf(endpoint.id, event!.id);
    expect(afterFirst).toMatchObject({ status: "pending", failures: 1 });
    expect(afterFirst!.nextAttemptAt! - LATER).toBeGreaterThanOrEqual(4 * SECOND);
    expect(afterFirst!.nextAttemptAt! - LATER).toBeLessThanOrEqual(6 * SECOND);
    expect(await alarmOf(endpoint.id)).toBe(afterFirst!.nextAttemptAt);

    await controlDispatcher(endpoint.id, { nowMs: afterFirst!.nextAttemptAt! });
    await runDeliveries(endpoint.id);
    const afterSecond = await deliveryOf(endpoint.id, event!.id);
    expect(afterSecond).toMatchObject({ status: "pending", failures: 2 });
    const wait = afterSecond!.nextAttemptAt! - afterFirst!.nextAttemptAt!;
    expect(wait).toBeGreaterThanOrEqual(4 * MINUTE);
    expect(wait).toBeLessThanOrEqual(6 * MINUTE);

    await controlDispatcher(endpoint.id, { nowMs: afterSecond!.nextAttemptAt! });
    await runDeliveries(endpoint.id);
    expect(await deliveryOf(endpoint.id, event!.id)).toMatchObject({ status: "delivered", nextAttemptAt: null });

    expect(hook.received).toHaveLength(3);
    expectSameEvent(hook.received);
    // A new timestamp, and so a new signature, on every attempt; each verifies.
    expect(new Set(hook.received.map((message) => message.headers["webhook-timestamp"])).size).toBe(3);
    for (const message of hook.received) expect(signedBy(endpoint.secret, message)).toBe(true);
    const attempts = await attemptsOf(endpoint.id);
    expect(attempts.map((attempt) => [attempt.statusCode, attempt.response, attempt.error])).toEqual([
      [500, "down for maintenance", "HTTP 500"],
      [500, "down for maintenance", "HTTP 500"],
      [200, "thanks", null],
    ]);
  });
});

/** Runs the dispatcher at each due time until the delivery leaves `pending`; answers the times it ran at. */
async function runUntilSettled(endpointId: string, eventId: string, fromMs: number): Promise<number[]> {
  const times: number[] = [];
  let nowMs = fromMs;
  for (let run = 0; run < 20; run += 1) {
    await controlDispatcher(endpointId, { nowMs });
    times.push(nowMs);
    await runDeliveries(endpointId);
    const delivery = await deliveryOf(endpointId, eventId);
    if (delivery?.status !== "pending") return times;
    nowMs = delivery.nextAttemptAt!;
  }
  throw new Error("the delivery never settled");
}

describe("when the receiver stays down", () => {
  it("tries ten times over about three days (5 s … 24 h apart), then the delivery is failed; a retry by API delivers it", async () => {
    const { host, slots } = await hostWithSlots();
    let up = false;
    const hook = receiver(() => new Response(up ? "back" : "no", { status: up ? 200 : 503 }));
    const endpoint = await seedEndpoint(host.accountId, hook.url);
    // The jitter pinned at its middle: each wait is exactly the contract's.
    await controlDispatcher(endpoint.id, { random: () => 0.5 });
    await book(host, slots[0]!);
    const [event] = await eventsOfAccount(host.accountId);

    const times = await runUntilSettled(endpoint.id, event!.id, LATER);
    const waits = times.slice(1).map((at, index) => (at - times[index]!) / SECOND);
    expect(waits).toEqual([5, 300, 1_800, 7_200, 18_000, 36_000, 50_400, 72_000, 86_400]);
    expect(await deliveryOf(endpoint.id, event!.id)).toMatchObject({ status: "failed", failures: 10, nextAttemptAt: null });
    expect(hook.received).toHaveLength(10);
    expectSameEvent(hook.received);
    // Nothing more is tried: the alarm waits only to sweep the log once it is 30 days old.
    expect(await alarmOf(endpoint.id)).toBe(event!.createdAt + LOG_RETENTION_MS);

    up = true;
    const token = await seedToken(host.accountId, ["webhooks:write"]);
    const retried = await post(`/api/webhook-endpoints/${endpoint.id}/deliveries/${event!.id}/retry`, {}, { token });
    expect(retried.status).toBe(202);
    expect(await alarmOf(endpoint.id)).not.toBeNull();
    await runDeliveries(endpoint.id);
    expect(await deliveryOf(endpoint.id, event!.id)).toMatchObject({ status: "delivered" });
    expect(hook.received).toHaveLength(11);
    expectSameEvent(hook.received);
    expect((await attemptsOf(endpoint.id)).at(-1)).toMatchObject({ statusCode: 200, response: "back" });
  });

  it("waits at least the receiver's Retry-After", async () => {
    const { host, slots } = await hostWithSlots();
    const hook = receiver(() => new Response("slow down", { status: 429, headers: { "retry-after": "3600" } }));
    const endpoint = await seedEndpoint(host.accountId, hook.url);
    await book(host, slots[0]!);
    const [event] = await eventsOfAccount(host.accountId);
    await runDeliveries(endpoint.id);
    expect((await deliveryOf(endpoint.id, event!.id))!.nextAttemptAt).toBeGreaterThanOrEqual(LATER + HOUR);
  });

  it("does not follow a redirect: it is a failed attempt, and the place it points to gets nothing", async () => {
    const { host, slots } = await hostWithSlots();
    const elsewhere = receiver();
    const hook = receiver(() => new Response(null, { status: 302, headers: { location: elsewhere.url } }));
    const endpoint = await seedEndpoint(host.accountId, hook.url);
    await book(host, slots[0]!);
    const [event] = await eventsOfAccount(host.accountId);
    await runDeliveries(endpoint.id);
    expect(elsewhere.received).toHaveLength(0);
    expect(await deliveryOf(endpoint.id, event!.id)).toMatchObject({ status: "pending", failures: 1 });
    expect((await attemptsOf(endpoint.id))[0]).toMatchObject({ statusCode: 302, error: `redirect not followed (to ${elsewhere.url})` });
  });

  it("disables the endpoint on 410 Gone; its deliveries wait, and flow again once it is enabled", async () => {
    const { host, slots } = await hostWithSlots();
    let gone = true;
    const hook = receiver(() => (gone ? new Response("gone", { status: 410 }) : new Response("ok")));
    const endpoint = await seedEndpoint(host.accountId, hook.url);
    await book(host, slots[0]!);
    await book(host, slots[2]!);
    await runDeliveries(endpoint.id);
    // The first 410 disables it: the other delivery due in the same run is not attempted after it.
    expect(hook.received.length).toBeGreaterThanOrEqual(1);
    const token = await seedToken(host.accountId, ["webhooks:write"]);
    const shown = (await (await get(`/api/webhook-endpoints/${endpoint.id}`, token)).json()) as { status: string; disabledReason: string };
    expect(shown).toMatchObject({ status: "disabled", disabledReason: "gone" });
    const seen = hook.received.length;
    await controlDispatcher(endpoint.id, { nowMs: LATER + DAY });
    await runDeliveries(endpoint.id);
    expect(hook.received).toHaveLength(seen);

    gone = false;
    const enabled = await call(`/api/webhook-endpoints/${endpoint.id}`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ status: "enabled" }),
    });
    expect(enabled.status).toBe(200);
    await runDeliveries(endpoint.id);
    const events = await eventsOfAccount(host.accountId);
    for (const event of events) expect((await deliveryOf(endpoint.id, event.id))?.status).toBe("delivered");
  });

  it("disables an endpoint whose every attempt has failed for 5 days", async () => {
    const { host, slots } = await hostWithSlots();
    const hook = receiver(() => new Response("no", { status: 500 }));
    const endpoint = await seedEndpoint(host.accountId, hook.url);
    await book(host, slots[0]!);
    await runDeliveries(endpoint.id);
    expect(await endpointRow(endpoint.id)).toMatchObject({ status: "enabled", failingSince: LATER });

    // Four days on, a new event fails too: still enabled. Past five days of failing, disabled.
    await book(host, slots[2]!);
    const [, second] = await eventsOfAccount(host.accountId);
    await handedOver(endpoint.id);
    await dueAt(endpoint.id, second!.id, LATER);
    await controlDispatcher(endpoint.id, { nowMs: LATER + 4 * DAY });
    await runDeliveries(endpoint.id);
    expect((await endpointRow(endpoint.id))!.status).toBe("enabled");
    await controlDispatcher(endpoint.id, { nowMs: LATER + 5 * DAY });
    await runDeliveries(endpoint.id);
    expect(await endpointRow(endpoint.id)).toMatchObject({ status: "disabled", disabledReason: "failing" });
  });

  it("a success ends the failure streak", async () => {
    const { host, slots } = await hostWithSlots();
    const hook = receiver((_message, index) => (index === 0 ? new Response("no", { status: 500 }) : new Response("ok")));
    const endpoint = await seedEndpoint(host.accountId, hook.url);
    await book(host, slots[0]!);
    await runDeliveries(endpoint.id);
    expect((await endpointRow(endpoint.id))!.failingSince).toBe(LATER);
    await controlDispatcher(endpoint.id, { nowMs: LATER + MINUTE });
    await runDeliveries(endpoint.id);
    expect((await endpointRow(endpoint.id))!.failingSince).toBeNull();
  });
});

describe("a busy endpoint", () => {
  it("takes a handover of 40 events in one go and delivers each once; the delivered and the failed of one round are each recorded as such", async () => {
    const host = await seedHost();
    const failing = new Set<string>();
    const hook = receiver((message, index) => {
      if (index % 7 !== 3) return new Response("ok");
      failing.add(message.headers["webhook-id"]!);
      return new Response("busy", { status: 503 });
    });
    const endpoint = await seedEndpoint(host.accountId, hook.url);
    // More rows than one statement can bind (100 parameters): the log writes them in runs.
    const events = Array.from({ length: 40 }, (_, i) => ({
      eventId: `msg_busy${String(i).padStart(2, "0")}`,
      type: "booking.created",
      body: JSON.stringify({ type: "booking.created", timestamp: new Date(LATER).toISOString(), data: { n: i } }),
      createdAt: LATER - 1_000 + i,
    }));

    await dispatcherOf(endpoint.id).accept(endpoint.id, events);
    await dispatcherOf(endpoint.id).accept(endpoint.id, events.slice(0, 20));
    await runDeliveries(endpoint.id);

    const ids = hook.received.map((message) => message.headers["webhook-id"]);
    expect(ids.toSorted()).toEqual(events.map((event) => event.eventId));
    expect(failing.size).toBe(6);
    const logged = await attemptsOf(endpoint.id);
    expect(logged).toHaveLength(40);
    for (const { eventId } of events) {
      const delivery = await deliveryOf(endpoint.id, eventId);
      if (failing.has(eventId)) {
        expect(delivery).toMatchObject({ status: "pending", failures: 1 });
        expect(delivery!.nextAttemptAt! - LATER).toBeGreaterThanOrEqual(4 * SECOND);
      } else {
        expect(delivery).toMatchObject({ status: "delivered", nextAttemptAt: null, failures: 0 });
      }
    }
  });
});

describe("changes to the endpoint", () => {
  it("reach the next delivery at once: a new url gets it, the old one nothing more (the dispatcher's copy of the endpoint is refreshed)", async () => {
    const { host, slots } = await hostWithSlots();
    const before = receiver();
    const after = receiver();
    const endpoint = await seedEndpoint(host.accountId, before.url);
    await book(host, slots[0]!);
    await runDeliveries(endpoint.id);
    expect(before.received).toHaveLength(1);

    const token = await seedToken(host.accountId, ["webhooks:write"]);
    const moved = await call(`/api/webhook-endpoints/${endpoint.id}`, {
      method: "PATCH",
      body: JSON.stringify({ url: after.url }),
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    });
    expect(moved.status).toBe(200);
    await book(host, slots[2]!);
    await runDeliveries(endpoint.id);
    expect(before.received).toHaveLength(1);
    expect(after.received).toHaveLength(1);
    expect(signedBy(endpoint.secret, after.received[0]!)).toBe(true);
  });
});

describe("secret rotation", () => {
  it("signs with both secrets for 24 hours after a rotation, then with the new one only", async () => {
    const { host, slots } = await hostWithSlots();
    const hook = receiver();
    const endpoint = await seedEndpoint(host.accountId, hook.url, { live: true });
    const token = await seedToken(host.accountId, ["webhooks:write"]);
    const rotated = await post(`/api/webhook-endpoints/${endpoint.id}/rotate-secret`, {}, { token });
    expect(rotated.status).toBe(200);
    const { secret } = (await rotated.json()) as { secret: string };
    expect(secret).not.toBe(endpoint.secret);

    // Delivered at real time, so the package's verify (which refuses stale timestamps) accepts it with either secret.
    await book(host, slots[0]!);
    await vi.waitFor(() => expect(hook.received).toHaveLength(1), { timeout: 5_000 });
    const during = hook.received[0]!;
    expect(during.headers["webhook-signature"]!.split(" ")).toHaveLength(2);
    expect(verified(endpoint.secret, during).type).toBe("booking.created");
    expect(verified(secret, during).type).toBe("booking.created");

    await controlDispatcher(endpoint.id, { nowMs: Date.now() + 25 * HOUR });
    await book(host, slots[2]!);
    await runDeliveries(endpoint.id);
    const after = hook.received.at(-1)!;
    expect(after.headers["webhook-signature"]!.split(" ")).toHaveLength(1);
    expect(signedBy(secret, after)).toBe(true);
    expect(signedBy(endpoint.secret, after)).toBe(false);
  });
});

async function endpointRow(endpointId: string) {
  return db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpointId)).get();
}
