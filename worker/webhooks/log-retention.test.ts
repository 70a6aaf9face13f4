/** The delivery log is kept 30 days (design-webhooks.md "Delivery"): the hourly sweep, on real D1. */
import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { webhookAttempts, webhookDeliveries, webhookEvents } from "../db/schema";
import { db, seedAccount } from "../test/fixtures";
import { seedEndpoint } from "../test/webhook-fixtures";
import { sweepWebhookLog } from "./dispatch";

const DAY = 24 * 60 * 60 * 1000;

it("drops attempts older than 30 days and old events with their deliveries, but keeps anything still pending", async () => {
  const now = Date.now();
  const accountId = await seedAccount();
  const endpoint = await seedEndpoint(accountId, "https://nowhere.hooks.test/hook");
  const seed = async (id: string, ageDays: number, status: "delivered" | "pending" | "failed") => {
    const at = now - ageDays * DAY;
    await db.insert(webhookEvents).values({ id, accountId, hostId: null, type: "webhook.test", body: "{}", createdAt: at });
    await db.insert(webhookDeliveries).values({ endpointId: endpoint.id, eventId: id, status, failures: 1, nextAttemptAt: status === "pending" ? at : null, createdAt: at });
    await db.insert(webhookAttempts).values({ endpointId: endpoint.id, eventId: id, at, statusCode: 500, durationMs: 5, response: null, error: "HTTP 500" });
  };
  await seed("msg_old_delivered", 31, "delivered");
  await seed("msg_old_failed", 40, "failed");
  await seed("msg_old_pending", 31, "pending");
  await seed("msg_recent", 29, "delivered");

  await sweepWebhookLog(db, now);

  expect((await db.select({ id: webhookEvents.id }).from(webhookEvents)).map((row) => row.id).sort()).toEqual(["msg_old_pending", "msg_recent"]);
  const deliveries = await db.select({ id: webhookDeliveries.eventId }).from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpoint.id));
  expect(deliveries.map((row) => row.id).sort()).toEqual(["msg_old_pending", "msg_recent"]);
  const attempts = await db.select({ id: webhookAttempts.eventId }).from(webhookAttempts).where(eq(webhookAttempts.endpointId, endpoint.id));
  expect(attempts.map((row) => row.id)).toEqual(["msg_recent"]);
});
