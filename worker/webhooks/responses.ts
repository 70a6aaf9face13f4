/**
 * The webhook endpoint API as the OpenAPI document describes it, shared by its operations: the
 * answers, each checked against its wire type (the suite checks every real answer against the
 * document), the path ids and the errors every call may answer.
 */
import { z } from "zod";
import { WEBHOOK_DELIVERY_STATUSES, WEBHOOK_DISABLED_REASONS, WEBHOOK_EVENT_TYPES } from "../db/schema";
import { CALL_ERRORS } from "../http/openapi";
import type { WebhookDeliveryResource } from "./delivery-log";
import { ENDPOINT_STATUSES } from "./endpoint-schemas";
import type { CreatedWebhookEndpointResource, WebhookEndpointResource } from "./endpoint-store";

export const WEBHOOKS_TAG = "Webhooks";

const instant = z.iso.datetime().meta({ example: "2026-04-21T09:00:00Z" });

export const signingSecret = z
  .string()
  .meta({ description: "The signing secret, `whsec_` + base64 of 32 bytes, shown only in this answer.", example: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" });

const endpointFields = {
  id: z.string().meta({ example: "we_3f9a2c7d1e5b4a60c2d1e5b4a60c2d1e" }),
  url: z.string().meta({ example: "https://example.com/webhooks/bookora" }),
  events: z.array(z.enum(WEBHOOK_EVENT_TYPES)).meta({ description: "The event types it receives.", example: [...WEBHOOK_EVENT_TYPES] }),
  host: z.string().nullable().meta({ description: "The one host whose events it receives; null: every host of the account.", example: null }),
  description: z.string().nullable().meta({ example: "CRM sync" }),
  status: z.enum(ENDPOINT_STATUSES).meta({ description: "disabled: nothing is sent; its pending deliveries wait until it is enabled." }),
  disabledReason: z.enum(WEBHOOK_DISABLED_REASONS).nullable().meta({
    description: "manual: disabled with PATCH; gone: the receiver answered 410; failing: every attempt failed for 5 days. null while enabled.",
    example: null,
  }),
};

export const endpointSchema = z.object({ ...endpointFields, createdAt: instant }).meta({ id: "WebhookEndpoint" }) satisfies z.ZodType<WebhookEndpointResource>;

export const createdEndpointSchema = z
  .object({ ...endpointFields, secret: signingSecret, createdAt: instant })
  .meta({ id: "CreatedWebhookEndpoint" }) satisfies z.ZodType<CreatedWebhookEndpointResource>;

const attemptSchema = z
  .object({
    at: instant,
    statusCode: z
      .number()
      .int()
      .nullable()
      .meta({ description: "The receiver's status; null when no answer came (timeout, refused connection).", example: 500 }),
    durationMs: z.number().int().meta({ example: 182 }),
    response: z.string().nullable().meta({ description: "The first 1 KB of the receiver's answer.", example: "upstream error" }),
    error: z.string().nullable().meta({ description: "Why the attempt failed; null when it succeeded.", example: "HTTP 500" }),
  })
  .meta({ id: "WebhookAttempt" });

export const deliverySchema = z
  .object({
    eventId: z.string().meta({ description: "The event's id: the `webhook-id` header of every attempt.", example: "msg_0b8f3c7e2a514d0e9d517c1a9e4f3b20" }),
    type: z.string().meta({ example: "booking.created" }),
    status: z
      .enum(WEBHOOK_DELIVERY_STATUSES)
      .meta({ description: "pending: on its way or waiting for a retry; delivered: a 2xx came; failed: the last retry failed." }),
    createdAt: instant,
    nextAttemptAt: instant.nullable().meta({ description: "When the next attempt is due; null unless pending." }),
    attempts: z.array(attemptSchema).meta({ description: "Oldest first; kept 30 days." }),
  })
  .meta({ id: "WebhookDelivery" }) satisfies z.ZodType<WebhookDeliveryResource>;

export const endpointParams = z.object({
  id: z.string().meta({ param: { name: "id", in: "path" }, example: "we_3f9a2c7d1e5b4a60c2d1e5b4a60c2d1e" }),
});

/** The request body of rotate-secret, test and retry (endpoint-schemas.ts emptyBody). */
export const NO_FIELDS = "Takes no fields; send `{}` or nothing.";

export const deliveryParams = endpointParams.extend({
  eventId: z.string().meta({ param: { name: "eventId", in: "path" }, example: "msg_0b8f3c7e2a514d0e9d517c1a9e4f3b20" }),
});

/** Every call: `webhooks:write` on an account-wide token. */
export const MANAGER_ERRORS = [...CALL_ERRORS, "FORBIDDEN"] as const;
/** A call on one endpoint, which another account's caller does not see. */
export const ENDPOINT_ERRORS = [...MANAGER_ERRORS, "NOT_FOUND"] as const;
