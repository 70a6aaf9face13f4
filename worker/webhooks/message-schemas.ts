/**
 * The messages receivers get (design-webhooks.md "The message"), for the OpenAPI document's `webhooks`
 * section: one POST per event type, keyed by the type, with the Standard Webhooks headers and what a
 * receiver's answer means. The bodies are built in message.ts.
 */
import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import { bookingAnswers, bookingMetadata, bookingSchema } from "../booking-api";
import { jsonBody } from "../http/openapi";
import { DELIVERY_TIMEOUT_MS } from "./config";
import { TEST_EVENT_TYPE } from "./endpoint-schemas";
import { WEBHOOKS_TAG } from "./responses";

const TIMEOUT_SECONDS = DELIVERY_TIMEOUT_MS / 1000;

/** The Standard Webhooks headers of every attempt. */
const messageHeaders = z.object({
  "webhook-id": z.string().meta({
    description: "The event's id: the same on every attempt and at every endpoint. Deduplicate on it.",
    example: "msg_0b8f3c7e2a514d0e9d517c1a9e4f3b20",
  }),
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

/** Beside the booking, where a receiver looks first: the same as `booking.metadata` and `booking.answers`. */
const partnerData = {
  metadata: bookingMetadata.meta({ description: "The booking's `metadata` (the partner's own data); `{}` when none." }),
  answers: bookingAnswers.meta({ description: "The booking's `answers` by question id; `{}` when none." }),
};

const bookingData = z.object({ booking: bookingSchema, ...partnerData });

/** operationId: the message's schema name, camelCased (`bookingCreatedMessage`), stable as the type. */
const MESSAGES: { type: string; operationId: string; summary: string; description: string; body: z.ZodType }[] = [
  {
    type: "booking.created",
    operationId: "bookingCreatedMessage",
    summary: "A booking was made",
    description:
      "By anyone: a service token, the widget, a hosted page. `data.booking` is the booking as `GET /api/bookings/{id}` answers it; `data.metadata` and `data.answers` are its `metadata` and `answers`.",
    body: message("booking.created", "BookingCreatedMessage", bookingData),
  },
  {
    type: "booking.cancelled",
    operationId: "bookingCancelledMessage",
    summary: "A booking was cancelled",
    description: "By a service token or the attendee's manage link. `data.booking` is the cancelled booking.",
    body: message("booking.cancelled", "BookingCancelledMessage", bookingData),
  },
  {
    type: "booking.rescheduled",
    operationId: "bookingRescheduledMessage",
    summary: "A booking was moved",
    description:
      "One event per move: `data.booking` is the new booking, `data.previousBooking` the one it replaced (now cancelled, `rescheduledToId` naming the new one). The move carries `metadata` and `answers` over.",
    body: message("booking.rescheduled", "BookingRescheduledMessage", z.object({ booking: bookingSchema, previousBooking: bookingSchema, ...partnerData })),
  },
  {
    type: TEST_EVENT_TYPE,
    operationId: "webhookTestMessage",
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
export const webhookMessages = MESSAGES.map(({ type, operationId, summary, description, body }) =>
  createRoute({
    operationId,
    method: "post",
    path: type,
    tags: [WEBHOOKS_TAG],
    summary,
    // Our own call to the partner: signed (webhook-signature), with none of the API's security schemes.
    security: [{}],
    description: `${description} At least once, in no promised order: deduplicate on \`webhook-id\`, order by \`timestamp\`.`,
    request: { headers: messageHeaders, body: jsonBody(body) },
    responses: receiverAnswers,
  }),
);
