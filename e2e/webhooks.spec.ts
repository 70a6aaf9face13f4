/**
 * Signed webhooks end to end (design-webhooks.md): the real Worker under `wrangler dev` delivering
 * to a real HTTP receiver on loopback, which verifies each message with the standardwebhooks
 * package. The e2e Worker allows http:// receivers and retries after 1, 1 and 2 seconds
 * (start-worker.ts), so the whole schedule runs in seconds.
 */
import type { APIRequestContext } from "@playwright/test";
import { bookPublicly, hostDaySlots } from "./support/api";
import { bookingDay } from "./support/days";
import { HOST } from "./support/origins";
import { expect, test } from "./support/test";
import { type Respond, WebhookReceiver } from "./support/webhook-receiver";

/** The demo account's token: every scope, every host (seed/demo.sql). */
const ACCOUNT_TOKEN = "bk_test_demo";
const auth = { authorization: `Bearer ${ACCOUNT_TOKEN}` };

interface Endpoint {
  id: string;
  secret: string;
}

interface DeliveryLog {
  eventId: string;
  type: string;
  status: string;
  attempts: { statusCode: number | null; error: string | null }[];
}

let receiver: WebhookReceiver;
let endpoint: Endpoint;

async function listen(request: APIRequestContext, respond?: Respond): Promise<void> {
  receiver = new WebhookReceiver(respond);
  await receiver.start();
  const created = await request.post("/api/webhook-endpoints", {
    headers: { ...auth, "idempotency-key": crypto.randomUUID() },
    data: { url: receiver.url, host: HOST.username, description: "e2e receiver" },
  });
  expect(created.status()).toBe(201);
  endpoint = (await created.json()) as Endpoint;
  receiver.trust(endpoint.secret);
}

test.afterEach(async ({ request }) => {
  // Other specs go on booking the same host: this receiver must not keep collecting their events.
  if (endpoint) await request.delete(`/api/webhook-endpoints/${endpoint.id}`, { headers: auth });
  await receiver?.stop();
});

async function deliveryLog(request: APIRequestContext, eventId: string): Promise<DeliveryLog | undefined> {
  const response = await request.get(`/api/webhook-endpoints/${endpoint.id}/deliveries?limit=100`, { headers: auth });
  expect(response.status()).toBe(200);
  return ((await response.json()) as { data: DeliveryLog[] }).data.find((delivery) => delivery.eventId === eventId);
}

async function bookOn(day: string): Promise<string> {
  const [slot] = await hostDaySlots(day);
  const booked = await bookPublicly(slot!, { name: "Webhook Watcher", email: "watcher@example.com" });
  expect(booked.status).toBe(201);
  return booked.body.bookingId!;
}

test("a receiver answering 500 twice gets one verified message three times, and the log shows all three", async ({ request }) => {
  await listen(request, (_delivery, attempt) => (attempt <= 2 ? 500 : 200));
  const bookingId = await bookOn(bookingDay("webhooksRetried"));

  await expect.poll(() => receiver.about(bookingId).length, { timeout: 15_000 }).toBe(3);
  const messages = receiver.about(bookingId);
  expect(new Set(messages.map((message) => message.id)).size).toBe(1);
  expect(messages[0]!.body.type).toBe("booking.created");
  expect(messages[0]!.body.data.booking).toMatchObject({ id: bookingId, status: "confirmed", attendee: { name: "Webhook Watcher" } });
  expect(receiver.rejected).toEqual([]);

  await expect.poll(async () => (await deliveryLog(request, messages[0]!.id))?.status, { timeout: 10_000 }).toBe("delivered");
  const log = await deliveryLog(request, messages[0]!.id);
  expect(
    log!.attempts.map((attempt) => attempt.statusCode),
    JSON.stringify(log),
  ).toEqual([500, 500, 200]);
});

test("a receiver down past the last retry: the delivery is failed; once it is back, a retry by API delivers it", async ({ request }) => {
  await listen(request);
  await receiver.stop();
  const bookingId = await bookOn(bookingDay("webhooksDown"));

  const failed = async () => {
    const response = await request.get(`/api/webhook-endpoints/${endpoint.id}/deliveries?status=failed`, { headers: auth });
    return ((await response.json()) as { data: DeliveryLog[] }).data;
  };
  await expect.poll(async () => (await failed()).length, { timeout: 20_000 }).toBe(1);
  const [delivery] = await failed();
  // The first attempt and the three retries of the schedule, each refused by the closed port.
  expect(delivery!.attempts).toHaveLength(4);
  expect(delivery!.attempts.every((attempt) => attempt.statusCode === null && attempt.error !== null)).toBe(true);

  await receiver.start();
  const retried = await request.post(`/api/webhook-endpoints/${endpoint.id}/deliveries/${delivery!.eventId}/retry`, {
    headers: { ...auth, "idempotency-key": crypto.randomUUID() },
  });
  expect(retried.status()).toBe(202);
  await expect.poll(() => receiver.about(bookingId).length, { timeout: 10_000 }).toBe(1);
  expect(receiver.about(bookingId)[0]!.id).toBe(delivery!.eventId);
  await expect.poll(async () => (await deliveryLog(request, delivery!.eventId))?.status, { timeout: 10_000 }).toBe("delivered");
});

test("a reschedule is one booking.rescheduled with both bookings; after a rotation both secrets verify; a test event arrives", async ({ request }) => {
  await listen(request);
  const day = bookingDay("webhooksMoved");
  const bookingId = await bookOn(day);
  const slots = await hostDaySlots(day);
  const moved = await request.post(`/api/bookings/${bookingId}/reschedule`, {
    headers: { authorization: `Bearer ${HOST.serviceToken}`, "idempotency-key": crypto.randomUUID() },
    data: { newSlot: slots.at(-1) },
  });
  expect(moved.status()).toBe(200);
  const { newBookingId } = (await moved.json()) as { newBookingId: string };

  await expect.poll(() => receiver.about(bookingId).length, { timeout: 10_000 }).toBe(2);
  const rescheduled = receiver.about(bookingId).find((message) => message.body.type === "booking.rescheduled")!;
  expect(rescheduled.body.data.booking).toMatchObject({ id: newBookingId, status: "confirmed", rescheduledFromId: bookingId });
  expect(rescheduled.body.data.previousBooking).toMatchObject({ id: bookingId, status: "cancelled", rescheduledToId: newBookingId });

  const rotated = await request.post(`/api/webhook-endpoints/${endpoint.id}/rotate-secret`, { headers: { ...auth, "idempotency-key": crypto.randomUUID() } });
  expect(rotated.status()).toBe(200);
  const { secret } = (await rotated.json()) as { secret: string };
  receiver.trust(endpoint.secret, secret);
  const tested = await request.post(`/api/webhook-endpoints/${endpoint.id}/test`, { headers: { ...auth, "idempotency-key": crypto.randomUUID() } });
  expect(tested.status()).toBe(202);
  const { eventId } = (await tested.json()) as { eventId: string };

  await expect.poll(() => receiver.deliveries.some((delivery) => delivery.id === eventId), { timeout: 10_000 }).toBe(true);
  const test = receiver.deliveries.find((delivery) => delivery.id === eventId)!;
  expect(test.body.type).toBe("webhook.test");
  // Signed with both secrets during the rotation: a receiver that knows only one of them accepts it.
  expect(test.signatures).toHaveLength(2);
  expect(test.verifiedBy.sort()).toEqual([endpoint.secret, secret].sort());
  expect(receiver.rejected).toEqual([]);
});
