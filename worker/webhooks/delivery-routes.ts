/**
 * An endpoint's deliveries through the API (design-webhooks.md "Endpoints"): send it a test event,
 * read its delivery log, and deliver one event again now. Mounted inside webhookEndpointRoutes,
 * which authenticates and limits every call. A test send and a retry commit with their
 * Idempotency-Key's record, so a retry of the call sends nothing twice; the endpoint's dispatcher is
 * woken after the commit (a lost wake-up is made good by the minutely sweep).
 */
import { and, eq } from "drizzle-orm";
import { Hono, type Context } from "hono";
import type { BatchItem } from "drizzle-orm/batch";
import { database } from "../db/client";
import { isRecordCollision, recordStatement } from "../db/idempotency-records";
import { webhookDeliveries, webhookEvents, type WebhookEndpointRow } from "../db/schema";
import type { AppEnv } from "../env";
import { ApiError } from "../errors";
import { idempotent, replayRecorded } from "../middleware/idempotency";
import { validJson, validQuery } from "../middleware/validate";
import { wakeEndpoint } from "./dispatch";
import { endpointFor, webhookManager } from "./endpoint-access";
import { cursorAfter, emptyBody, EVENT_ID, listDeliveriesQuery, TEST_EVENT_TYPE } from "./endpoint-schemas";
import { findDelivery, listDeliveryPage, toWholeSecond, type WebhookDeliveryResource } from "./endpoint-store";
import { messageBody, newEventId } from "./message";

export const deliveryRoutes = new Hono<AppEnv>()
  .post("/:id/test", validJson(emptyBody), idempotent(), async (c) => {
    const caller = webhookManager(c);
    const db = database(c.env.DB);
    const { endpoint } = await endpointFor(c, db, caller);
    refuseDisabled(endpoint);
    const nowMs = Date.now();
    const eventId = newEventId();
    return queueDelivery(c, endpoint.id, { eventId }, [
      db.insert(webhookEvents).values({
        id: eventId,
        accountId: caller.accountId,
        hostId: null,
        type: TEST_EVENT_TYPE,
        body: messageBody(TEST_EVENT_TYPE, nowMs, { endpointId: endpoint.id }),
        createdAt: nowMs,
      }),
      db.insert(webhookDeliveries).values({ endpointId: endpoint.id, eventId, status: "pending", failures: 0, nextAttemptAt: nowMs, createdAt: nowMs }),
    ]);
  })

  .get("/:id/deliveries", validQuery(listDeliveriesQuery), async (c) => {
    const { status, limit, cursor } = c.req.valid("query");
    const db = database(c.env.DB);
    const { endpoint } = await endpointFor(c, db, webhookManager(c));
    const { deliveries, last, hasMore } = await listDeliveryPage(db, endpoint.id, { status, limit, after: cursor });
    return c.json({ data: deliveries, nextCursor: hasMore && last ? cursorAfter(last.createdAt, last.eventId) : null }, 200, { "Cache-Control": "no-store" });
  })

  .post("/:id/deliveries/:eventId/retry", validJson(emptyBody), idempotent(), async (c) => {
    const caller = webhookManager(c);
    const db = database(c.env.DB);
    const { endpoint } = await endpointFor(c, db, caller);
    const eventId = c.req.param("eventId");
    const delivery = EVENT_ID.test(eventId) ? await findDelivery(db, endpoint.id, eventId) : undefined;
    if (!delivery) throw new ApiError("NOT_FOUND", `Endpoint "${endpoint.id}" has no delivery of event "${eventId.slice(0, 80)}".`);
    refuseDisabled(endpoint);
    const nowMs = Date.now();
    // Any state may be retried, a delivered one too (it is sent again): the schedule starts afresh.
    const answer: WebhookDeliveryResource = { ...delivery, status: "pending", nextAttemptAt: toWholeSecond(nowMs) };
    return queueDelivery(c, endpoint.id, answer, [
      db
        .update(webhookDeliveries)
        .set({ status: "pending", failures: 0, nextAttemptAt: nowMs })
        .where(and(eq(webhookDeliveries.endpointId, endpoint.id), eq(webhookDeliveries.eventId, eventId))),
    ]);
  });

/**
 * Commits a delivery made due now with the Idempotency-Key's record (a repeated call replays the
 * record and sends nothing twice), then wakes the endpoint's dispatcher: 202 with `answer`.
 */
async function queueDelivery(c: Context<AppEnv>, endpointId: string, answer: object, change: BatchItem<"sqlite">[]): Promise<Response> {
  const db = database(c.env.DB);
  try {
    await db.batch([recordStatement(db, { ticket: c.get("idempotency"), status: 202, body: JSON.stringify(answer) }, Date.now()), ...change]);
  } catch (error) {
    if (isRecordCollision(error)) return replayRecorded(c);
    throw error;
  }
  c.set("idempotencyRecorded", true);
  await wakeEndpoint(c.env, endpointId);
  return c.json(answer, 202);
}

/** A disabled endpoint is sent nothing; sending to it on request would be a surprise. */
function refuseDisabled(endpoint: WebhookEndpointRow): void {
  if (endpoint.status === "disabled") {
    throw new ApiError("INVALID_REQUEST", `Endpoint "${endpoint.id}" is disabled; enable it first (PATCH with "status": "enabled").`);
  }
}
