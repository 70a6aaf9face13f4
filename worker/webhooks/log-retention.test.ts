/**
 * The delivery log is kept 30 days (design-webhooks.md "Delivery"): each dispatcher sweeps its own
 * log and sets its alarm for when the oldest entry expires; D1's hourly sweep drops events an hour after their hand-over.
 */
import { runInDurableObject } from "cloudflare:test";
import { expect, it } from "vitest";
import { webhookEvents } from "../db/schema";
import { db, seedAccount } from "../test/fixtures";
import { alarmOf, attemptsOf, controlDispatcher, dispatcherOf, inDeliveryLog, LATER, receiver, seedDelivery, seedEndpoint } from "../test/webhook-fixtures";
import { LOG_RETENTION_MS } from "./config";
import { deliveries } from "./delivery-log";
import type { WebhookDispatcher } from "./dispatcher";
import { sweepWebhookLog } from "./outbox";

const DAY = 24 * 60 * 60 * 1000;

it("a dispatcher drops attempts older than 30 days and old finished deliveries, keeps what is pending, and wakes when the next entry expires", async () => {
  const accountId = await seedAccount();
  const rx = receiver();
  const endpoint = await seedEndpoint(accountId, rx.url);
  const now = LATER;
  const seed = (ageDays: number, status: "delivered" | "pending" | "failed") => {
    const at = now - ageDays * DAY;
    // Pending ones are due only later, so the run attempts nothing.
    return seedDelivery(endpoint.id, {
      status,
      createdAt: at,
      nextAttemptAt: status === "pending" ? now + DAY : undefined,
      attempts: [{ at, statusCode: 500, durationMs: 5, response: null, error: "HTTP 500" }],
    });
  };
  await seed(31, "delivered");
  await seed(40, "failed");
  const oldPending = await seed(31, "pending");
  const recent = await seed(29, "delivered");

  await runInDurableObject(dispatcherOf(endpoint.id), async (dispatcher: WebhookDispatcher) => {
    await dispatcher.wake(endpoint.id);
    await dispatcher.alarm();
  });

  const kept = await inDeliveryLog(endpoint.id, (log) => log.select({ id: deliveries.eventId }).from(deliveries).all());
  expect(kept.map((row) => row.id).sort()).toEqual([oldPending, recent].sort());
  expect((await attemptsOf(endpoint.id)).map((attempt) => attempt.eventId)).toEqual([recent]);
  // The recent entry expires a day from now, before the pending delivery is due.
  expect(await alarmOf(endpoint.id)).toBe(now - 29 * DAY + LOG_RETENTION_MS);

  await controlDispatcher(endpoint.id, { nowMs: now + DAY });
  await runInDurableObject(dispatcherOf(endpoint.id), (dispatcher: WebhookDispatcher) => dispatcher.alarm());
  // The pending one is sent now; the recent entry's attempt has expired.
  expect(rx.received).toHaveLength(1);
  expect((await attemptsOf(endpoint.id)).map((attempt) => attempt.eventId)).toEqual([oldPending]);
});

it("D1's hourly sweep drops events an hour after every endpoint took them, never one still waiting in the outbox", async () => {
  const now = Date.now();
  const accountId = await seedAccount();
  const endpoint = await seedEndpoint(accountId, "https://nowhere.hooks.test/hook");
  const event = async (id: string, ageDays: number, waiting = false) => {
    const createdAt = now - ageDays * DAY;
    await db.insert(webhookEvents).values({
      id,
      accountId,
      hostId: null,
      type: "webhook.test",
      body: "{}",
      createdAt,
      endpointIds: [endpoint.id],
      handedOverAt: waiting ? null : createdAt,
    });
  };
  await event("msg_old", 31);
  await event("msg_old_queued", 31, true);
  await event("msg_two_hours", 2 / 24);
  await event("msg_recent", 0.5 / 24);

  await sweepWebhookLog(db, now);

  expect((await db.select({ id: webhookEvents.id }).from(webhookEvents)).map((row) => row.id).sort()).toEqual(["msg_old_queued", "msg_recent"]);
});
