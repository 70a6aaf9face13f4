/**
 * Delivery (design-webhooks.md "Delivery"): a committed booking change reaches every subscribed
 * receiver, signed to the Standard Webhooks specification (checked by the standardwebhooks package,
 * not by our code), retried on the contract's schedule, and logged attempt by attempt.
 */
import { describe, expect, it, vi } from "vitest";
import { availableSlots, book, get, seedHost, upcoming } from "../test/fixtures";
import {
  alarmOf,
  attemptsOf,
  controlDispatcher,
  deliveryOf,
  eventsOfAccount,
  expectSameEvent,
  receiver,
  runDeliveries,
  seedEndpoint,
  signedBy,
  verified,
} from "../test/webhook-fixtures";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Far enough ahead of real time that the runtime never fires a dispatcher's alarm behind the test. */
const LATER = Date.now() + 30 * DAY;

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
    const endpoint = await seedEndpoint(host.accountId, hook.url);

    const { bookingId } = await book(host, slots[0]!);

    // No hand on the dispatcher: the host's object wakes it after the commit, and its alarm delivers.
    await vi.waitFor(() => expect(hook.received).toHaveLength(1), { timeout: 5_000 });
    const message = hook.received[0]!;
    const body = verified(endpoint.secret, message);
    expect(body.type).toBe("booking.created");
    const shown = await (await get(`/api/bookings/${bookingId}`, host.token)).json();
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
    await controlDispatcher(endpoint.id, { nowMs: LATER });
    await book(host, slots[0]!);
    const [event] = await eventsOfAccount(host.accountId);

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
