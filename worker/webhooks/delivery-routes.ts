/**
 * An endpoint's deliveries through the API (design-webhooks.md "Endpoints"): send it a test event,
 * read its delivery log, and deliver one event again now, each operation beside its handler. app.ts
 * checks the token and the rate limit of every call under /api/webhook-endpoints. The log lives in
 * the endpoint's dispatcher (delivery-log.ts); what still waits in the outbox for the endpoint is
 * handed over first, so a change committed before the call is in the answer. A test send commits
 * its event with its Idempotency-Key's record, so a retry of the call sends nothing twice.
 */
import { createRoute } from "@hono/zod-openapi";
import { Hono } from "hono";
import { z } from "zod";
import { database } from "../db/client";
import { isRecordCollision, recordStatement } from "../db/idempotency-records";
import { type WebhookEndpointRow, webhookEvents } from "../db/schema";
import { ApiError } from "../domain/errors";
import { ticketId } from "../domain/idempotency";
import type { AppEnv } from "../http/env";
import { idempotent, replayRecorded } from "../http/idempotency";
import { errorAnswers, idempotencyKeyHeaders, jsonAnswer, jsonBody, listOf, POST_ERRORS, serviceTokenOnly } from "../http/openapi";
import { validJson, validQuery } from "../http/validate";
import { webhookDispatcher } from "./dispatcher-client";
import { endpointFor } from "./endpoint-access";
import { EVENT_ID, emptyBody, listDeliveriesQuery, TEST_EVENT_TYPE } from "./endpoint-schemas";
import { messageBody, newEventId } from "./message";
import { handOverWaiting, ofEndpoint } from "./outbox";
import { deliveryParams, deliverySchema, ENDPOINT_ERRORS, endpointParams, NO_FIELDS, WEBHOOKS_TAG } from "./responses";

export const sendWebhookTestEventOperation = createRoute({
  operationId: "sendWebhookTestEvent",
  method: "post",
  path: "/api/webhook-endpoints/{id}/test",
  tags: [WEBHOOKS_TAG],
  summary: "Send a test event",
  description: `Sends a \`${TEST_EVENT_TYPE}\` event to this endpoint only, signed and retried like any other; follow it in the deliveries. A disabled endpoint is a 400: enable it first.`,
  security: serviceTokenOnly,
  request: { params: endpointParams, headers: idempotencyKeyHeaders, body: jsonBody(emptyBody, NO_FIELDS) },
  responses: {
    202: jsonAnswer(z.object({ eventId: z.string().meta({ example: "msg_0b8f3c7e2a514d0e9d517c1a9e4f3b20" }) }).meta({ id: "WebhookTestSent" }), "On its way."),
    ...errorAnswers([...ENDPOINT_ERRORS, ...POST_ERRORS], { readsBody: true }),
  },
});

export const listWebhookDeliveriesOperation = createRoute({
  operationId: "listWebhookDeliveries",
  method: "get",
  path: "/api/webhook-endpoints/{id}/deliveries",
  tags: [WEBHOOKS_TAG],
  summary: "Deliveries to an endpoint",
  description: "The delivery log: each event sent to this endpoint, newest first, with every attempt (kept 30 days).",
  security: serviceTokenOnly,
  request: { params: endpointParams, query: listDeliveriesQuery },
  responses: { 200: jsonAnswer(listOf(deliverySchema), "A page of deliveries."), ...errorAnswers([...ENDPOINT_ERRORS]) },
});

export const retryWebhookDeliveryOperation = createRoute({
  operationId: "retryWebhookDelivery",
  method: "post",
  path: "/api/webhook-endpoints/{id}/deliveries/{eventId}/retry",
  tags: [WEBHOOKS_TAG],
  summary: "Deliver an event again",
  description:
    "Sends that event to this endpoint again now, whatever its state (a delivered one too), with the retry schedule started afresh. A disabled endpoint is a 400: enable it first.",
  security: serviceTokenOnly,
  request: { params: deliveryParams, headers: idempotencyKeyHeaders, body: jsonBody(emptyBody, NO_FIELDS) },
  responses: { 202: jsonAnswer(deliverySchema, "The delivery, pending again."), ...errorAnswers([...ENDPOINT_ERRORS, ...POST_ERRORS], { readsBody: true }) },
});

export const deliveryRoutes = new Hono<AppEnv>()
  .on(sendWebhookTestEventOperation.method, sendWebhookTestEventOperation.getRoutingPath(), validJson(emptyBody), idempotent(), async (c) => {
    const db = database(c.env.DB);
    const { caller, endpoint } = await endpointFor(c, db);
    refuseDisabled(endpoint);
    const nowMs = Date.now();
    const eventId = newEventId();
    const answer = { eventId };
    try {
      await db.batch([
        recordStatement(db, { ticket: c.get("idempotency"), status: 202, body: JSON.stringify(answer) }, nowMs),
        db.insert(webhookEvents).values({
          id: eventId,
          accountId: caller.accountId,
          hostId: null,
          type: TEST_EVENT_TYPE,
          body: messageBody(TEST_EVENT_TYPE, nowMs, { endpointId: endpoint.id }),
          createdAt: nowMs,
          endpointIds: [endpoint.id],
        }),
      ]);
    } catch (error) {
      if (isRecordCollision(error)) return replayRecorded(c);
      throw error;
    }
    c.set("idempotencyRecorded", true);
    await handOverWaiting(c.env, db, ofEndpoint(endpoint.id));
    return c.json(answer, 202);
  })

  .on(listWebhookDeliveriesOperation.method, listWebhookDeliveriesOperation.getRoutingPath(), validQuery(listDeliveriesQuery), async (c) => {
    const { status, limit, cursor } = c.req.valid("query");
    const db = database(c.env.DB);
    const { endpoint } = await endpointFor(c, db);
    await handOverWaiting(c.env, db, ofEndpoint(endpoint.id));
    const { deliveries, nextCursor } = await webhookDispatcher(c.env, endpoint.id).deliveries({ status, limit, after: cursor });
    return c.json({ data: deliveries, nextCursor }, 200, { "Cache-Control": "no-store" });
  })

  .on(retryWebhookDeliveryOperation.method, retryWebhookDeliveryOperation.getRoutingPath(), validJson(emptyBody), idempotent(), async (c) => {
    const db = database(c.env.DB);
    const { endpoint } = await endpointFor(c, db);
    const eventId = c.req.param("eventId");
    if (!EVENT_ID.test(eventId)) throw notADelivery(endpoint.id, eventId);
    refuseDisabled(endpoint);
    await handOverWaiting(c.env, db, ofEndpoint(endpoint.id));
    // Any state may be retried, a delivered one too (it is sent again): the schedule starts afresh.
    // The log is outside D1, so the restart cannot commit with the key's record: the dispatcher
    // restarts once per key and answers a repeated call (in flight together or later) with the first's
    // delivery; the middleware then records this answer, or replays the record already there.
    const delivery = await webhookDispatcher(c.env, endpoint.id).retry(endpoint.id, eventId, ticketId(c.get("idempotency")));
    if (!delivery) throw notADelivery(endpoint.id, eventId);
    return c.json(delivery, 202);
  });

function notADelivery(endpointId: string, eventId: string): ApiError {
  return new ApiError("NOT_FOUND", `Endpoint "${endpointId}" has no delivery of event "${eventId.slice(0, 80)}".`);
}

/** A disabled endpoint is sent nothing; sending to it on request would be a surprise. */
function refuseDisabled(endpoint: WebhookEndpointRow): void {
  if (endpoint.status === "disabled") {
    throw new ApiError("INVALID_REQUEST", `Endpoint "${endpoint.id}" is disabled; enable it first (PATCH with "status": "enabled").`);
  }
}
