/**
 * Webhooks in the OpenAPI document (design-webhooks.md): the endpoint management operations, and
 * the messages receivers get, for the document's `webhooks` section (keyed by event type). Requests
 * are the schemas that validate them; answers are checked against their wire types.
 */
import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import { WEBHOOK_DELIVERY_STATUSES, WEBHOOK_DISABLED_REASONS, WEBHOOK_EVENT_TYPES } from "../db/schema";
import { CALL_ERRORS, errorAnswers, idempotencyKeyHeaders, jsonAnswer, jsonBody, listOf, locationHeader, POST_ERRORS, serviceTokenOnly } from "../http/openapi";
import { bookingSchema } from "../booking-api";
import { DELIVERY_TIMEOUT_MS } from "./config";
import { createEndpointBody, emptyBody, ENDPOINT_STATUSES, listDeliveriesQuery, listEndpointsQuery, MAX_ENDPOINTS_PER_ACCOUNT, patchEndpointBody, TEST_EVENT_TYPE } from "./endpoint-schemas";
import type { WebhookDeliveryResource } from "./delivery-log";
import type { CreatedWebhookEndpointResource, WebhookEndpointResource } from "./endpoint-store";

export const WEBHOOKS_TAG = "Webhooks";

const instant = z.iso.datetime().meta({ example: "2026-04-21T09:00:00Z" });
const secret = z.string().meta({ description: "The signing secret, `whsec_` + base64 of 32 bytes, shown only in this answer.", example: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" });

const endpointFields = {
  id: z.string().meta({ example: "we_3f9a2c7d1e5b4a60c2d1e5b4a60c2d1e" }),
  url: z.string().meta({ example: "https://example.com/webhooks/bookora" }),
  events: z.array(z.enum(WEBHOOK_EVENT_TYPES)).meta({ description: "The event types it receives.", example: [...WEBHOOK_EVENT_TYPES] }),
  host: z.string().nullable().meta({ description: "The one host whose events it receives; null: every host of the account.", example: null }),
  description: z.string().nullable().meta({ example: "CRM sync" }),
  status: z.enum(ENDPOINT_STATUSES).meta({ description: "disabled: nothing is sent; its pending deliveries wait until it is enabled." }),
  disabledReason: z
    .enum(WEBHOOK_DISABLED_REASONS)
    .nullable()
    .meta({ description: "manual: disabled with PATCH; gone: the receiver answered 410; failing: every attempt failed for 5 days. null while enabled.", example: null }),
};

const endpointSchema = z.object({ ...endpointFields, createdAt: instant }).meta({ id: "WebhookEndpoint" }) satisfies z.ZodType<WebhookEndpointResource>;

const createdEndpointSchema = z
  .object({ ...endpointFields, secret, createdAt: instant })
  .meta({ id: "CreatedWebhookEndpoint" }) satisfies z.ZodType<CreatedWebhookEndpointResource>;

const attemptSchema = z
  .object({
    at: instant,
    statusCode: z.number().int().nullable().meta({ description: "The receiver's status; null when no answer came (timeout, refused connection).", example: 500 }),
    durationMs: z.number().int().meta({ example: 182 }),
    response: z.string().nullable().meta({ description: "The first 1 KB of the receiver's answer.", example: "upstream error" }),
    error: z.string().nullable().meta({ description: "Why the attempt failed; null when it succeeded.", example: "HTTP 500" }),
  })
  .meta({ id: "WebhookAttempt" });

const deliverySchema = z
  .object({
    eventId: z.string().meta({ description: "The event's id: the `webhook-id` header of every attempt.", example: "msg_0b8f3c7e2a514d0e9d517c1a9e4f3b20" }),
    type: z.string().meta({ example: "booking.created" }),
    status: z.enum(WEBHOOK_DELIVERY_STATUSES).meta({ description: "pending: on its way or waiting for a retry; delivered: a 2xx came; failed: the last retry failed." }),
    createdAt: instant,
    nextAttemptAt: instant.nullable().meta({ description: "When the next attempt is due; null unless pending." }),
    attempts: z.array(attemptSchema).meta({ description: "Oldest first; kept 30 days." }),
  })
  .meta({ id: "WebhookDelivery" }) satisfies z.ZodType<WebhookDeliveryResource>;

const endpointParams = z.object({
  id: z.string().meta({ param: { name: "id", in: "path" }, example: "we_3f9a2c7d1e5b4a60c2d1e5b4a60c2d1e" }),
});
const deliveryParams = endpointParams.extend({
  eventId: z.string().meta({ param: { name: "eventId", in: "path" }, example: "msg_0b8f3c7e2a514d0e9d517c1a9e4f3b20" }),
});

/** Every call: `webhooks:write` on an account-wide token. */
const MANAGER_ERRORS = [...CALL_ERRORS, "FORBIDDEN"] as const;
/** A call on one endpoint, which another account's caller does not see. */
const ENDPOINT_ERRORS = [...MANAGER_ERRORS, "NOT_FOUND"] as const;

export const webhookEndpointOperations = [
  createRoute({
    method: "post",
    path: "/api/webhook-endpoints",
    tags: [WEBHOOKS_TAG],
    summary: "Create a webhook endpoint",
    description: `Needs \`webhooks:write\` on an account-wide token. \`events\` left out means every event type (listed in the answer); \`host\` (a username of the account) limits it to that host's events, and an unknown one is a 400. At most ${MAX_ENDPOINTS_PER_ACCOUNT} endpoints per account. The signing secret is in this answer only (and in a rotation's).`,
    security: serviceTokenOnly,
    request: { headers: idempotencyKeyHeaders, body: jsonBody(createEndpointBody) },
    responses: {
      201: jsonAnswer(createdEndpointSchema, "Created; the secret is in `secret`, this once.", locationHeader),
      ...errorAnswers([...MANAGER_ERRORS, ...POST_ERRORS], { readsBody: true }),
    },
  }),
  createRoute({
    method: "get",
    path: "/api/webhook-endpoints",
    tags: [WEBHOOKS_TAG],
    summary: "List webhook endpoints",
    description: "The account's endpoints, newest first. Secrets are never shown again.",
    security: serviceTokenOnly,
    request: { query: listEndpointsQuery },
    responses: { 200: jsonAnswer(listOf(endpointSchema), "A page of endpoints."), ...errorAnswers([...MANAGER_ERRORS]) },
  }),
  createRoute({
    method: "get",
    path: "/api/webhook-endpoints/{id}",
    tags: [WEBHOOKS_TAG],
    summary: "A webhook endpoint",
    security: serviceTokenOnly,
    request: { params: endpointParams },
    responses: { 200: jsonAnswer(endpointSchema, "The endpoint."), ...errorAnswers([...ENDPOINT_ERRORS]) },
  }),
  createRoute({
    method: "patch",
    path: "/api/webhook-endpoints/{id}",
    tags: [WEBHOOKS_TAG],
    summary: "Change a webhook endpoint",
    description:
      'Any of `url`, `events`, `host` (null: every host), `description` (null clears it) and `status`. `"disabled"` stops sending (`disabledReason` "manual"); `"enabled"` clears `disabledReason` and sends what waited, now. An empty change is a 400.',
    security: serviceTokenOnly,
    request: { params: endpointParams, body: jsonBody(patchEndpointBody) },
    responses: { 200: jsonAnswer(endpointSchema, "The endpoint as changed."), ...errorAnswers([...ENDPOINT_ERRORS], { readsBody: true }) },
  }),
  createRoute({
    method: "delete",
    path: "/api/webhook-endpoints/{id}",
    tags: [WEBHOOKS_TAG],
    summary: "Delete a webhook endpoint",
    description: "Nothing more is sent to it; its deliveries and their log go with it.",
    security: serviceTokenOnly,
    request: { params: endpointParams },
    responses: { 204: { description: "Deleted." }, ...errorAnswers([...ENDPOINT_ERRORS]) },
  }),
  createRoute({
    method: "post",
    path: "/api/webhook-endpoints/{id}/rotate-secret",
    tags: [WEBHOOKS_TAG],
    summary: "Rotate the signing secret",
    description: "A new secret, answered this once. For 24 hours both the new and the previous secret sign every message (two `v1,` signatures), so receivers can switch without losing one.",
    security: serviceTokenOnly,
    request: { params: endpointParams, headers: idempotencyKeyHeaders, body: jsonBody(emptyBody, "Takes no fields; send `{}` or nothing.") },
    responses: {
      200: jsonAnswer(z.object({ secret }).meta({ id: "RotatedWebhookSecret" }), "The new secret."),
      ...errorAnswers([...ENDPOINT_ERRORS, ...POST_ERRORS], { readsBody: true }),
    },
  }),
  createRoute({
    method: "post",
    path: "/api/webhook-endpoints/{id}/test",
    tags: [WEBHOOKS_TAG],
    summary: "Send a test event",
    description: `Sends a \`${TEST_EVENT_TYPE}\` event to this endpoint only, signed and retried like any other; follow it in the deliveries. A disabled endpoint is a 400: enable it first.`,
    security: serviceTokenOnly,
    request: { params: endpointParams, headers: idempotencyKeyHeaders, body: jsonBody(emptyBody, "Takes no fields; send `{}` or nothing.") },
    responses: {
      202: jsonAnswer(z.object({ eventId: z.string().meta({ example: "msg_0b8f3c7e2a514d0e9d517c1a9e4f3b20" }) }).meta({ id: "WebhookTestSent" }), "On its way."),
      ...errorAnswers([...ENDPOINT_ERRORS, ...POST_ERRORS], { readsBody: true }),
    },
  }),
  createRoute({
    method: "get",
    path: "/api/webhook-endpoints/{id}/deliveries",
    tags: [WEBHOOKS_TAG],
    summary: "Deliveries to an endpoint",
    description: "The delivery log: each event sent to this endpoint, newest first, with every attempt (kept 30 days).",
    security: serviceTokenOnly,
    request: { params: endpointParams, query: listDeliveriesQuery },
    responses: { 200: jsonAnswer(listOf(deliverySchema), "A page of deliveries."), ...errorAnswers([...ENDPOINT_ERRORS]) },
  }),
  createRoute({
    method: "post",
    path: "/api/webhook-endpoints/{id}/deliveries/{eventId}/retry",
    tags: [WEBHOOKS_TAG],
    summary: "Deliver an event again",
    description: "Sends that event to this endpoint again now, whatever its state (a delivered one too), with the retry schedule started afresh. A disabled endpoint is a 400: enable it first.",
    security: serviceTokenOnly,
    request: { params: deliveryParams, headers: idempotencyKeyHeaders, body: jsonBody(emptyBody, "Takes no fields; send `{}` or nothing.") },
    responses: { 202: jsonAnswer(deliverySchema, "The delivery, pending again."), ...errorAnswers([...ENDPOINT_ERRORS, ...POST_ERRORS], { readsBody: true }) },
  }),
];

const TIMEOUT_SECONDS = DELIVERY_TIMEOUT_MS / 1000;

/** The Standard Webhooks headers of every attempt. */
const messageHeaders = z.object({
  "webhook-id": z.string().meta({ description: "The event's id: the same on every attempt and at every endpoint. Deduplicate on it.", example: "msg_0b8f3c7e2a514d0e9d517c1a9e4f3b20" }),
  "webhook-timestamp": z.string().meta({ description: "Unix seconds of this attempt. Refuse messages far from your clock (replays).", example: "1776762000" }),
  "webhook-signature": z.string().meta({
    description:
      "`v1,` + base64 HMAC-SHA256 of `<webhook-id>.<webhook-timestamp>.<body>` keyed with the secret's decoded bytes (after `whsec_`); during a rotation two, space-separated, and either verifies. The `standardwebhooks` package checks all three headers.",
    example: "v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=",
  }),
});

function message(type: string, id: string, data: z.ZodType) {
  return z
    .object({ type: z.literal(type), timestamp: z.iso.datetime().meta({ description: "When the change committed.", example: "2026-04-21T09:00:00Z" }), data })
    .meta({ id });
}

const bookingData = z.object({ booking: bookingSchema });

const MESSAGES: { type: string; summary: string; description: string; body: z.ZodType }[] = [
  {
    type: "booking.created",
    summary: "A booking was made",
    description: "By anyone: a service token, the widget, a hosted page. `data.booking` is the booking as `GET /api/bookings/{id}` answers it.",
    body: message("booking.created", "BookingCreatedMessage", bookingData),
  },
  {
    type: "booking.cancelled",
    summary: "A booking was cancelled",
    description: "By a service token or the attendee's manage link. `data.booking` is the cancelled booking.",
    body: message("booking.cancelled", "BookingCancelledMessage", bookingData),
  },
  {
    type: "booking.rescheduled",
    summary: "A booking was moved",
    description: "One event per move: `data.booking` is the new booking, `data.previousBooking` the one it replaced (now cancelled, `rescheduledToId` naming the new one).",
    body: message("booking.rescheduled", "BookingRescheduledMessage", z.object({ booking: bookingSchema, previousBooking: bookingSchema })),
  },
  {
    type: TEST_EVENT_TYPE,
    summary: "A test event",
    description: "Sent only by `POST /api/webhook-endpoints/{id}/test`, to that endpoint.",
    body: message(TEST_EVENT_TYPE, "WebhookTestMessage", z.object({ endpointId: z.string().meta({ example: "we_3f9a2c7d1e5b4a60c2d1e5b4a60c2d1e" }) })),
  },
];

/** What a receiver answers, for every message. */
const receiverAnswers = {
  "2XX": { description: `Delivered: any 2xx within ${TIMEOUT_SECONDS} seconds. The body is ignored (its first 1 KB is kept in the log).` },
  "410": { description: "Gone: the endpoint is disabled at once; nothing more is sent until it is enabled again." },
  default: {
    description: `Anything else, a redirect (not followed) or no answer within ${TIMEOUT_SECONDS} s is a failure: retried after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h and 24 h (±20%, at least \`Retry-After\`), then the delivery is failed. An endpoint whose every attempt failed for 5 days is disabled.`,
  },
};

/** The `webhooks` section: one POST per event type, keyed by the type. */
export const webhookMessages = MESSAGES.map(({ type, summary, description, body }) =>
  createRoute({
    method: "post",
    path: type,
    tags: [WEBHOOKS_TAG],
    summary,
    description: `${description} At least once, in no promised order: deduplicate on \`webhook-id\`, order by \`timestamp\`.`,
    request: { headers: messageHeaders, body: jsonBody(body) },
    responses: receiverAnswers,
  }),
);
