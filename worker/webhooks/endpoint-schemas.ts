/**
 * What the webhook endpoint API accepts (design-webhooks.md "Endpoints"): the bodies of create and
 * PATCH, the lists' queries with their opaque cursors, and the path ids. Each refusal names its
 * field. Which receivers are allowed depends on the deployment (WEBHOOKS_ALLOW_HTTP, its own host),
 * so the schema checks the URL's form only and the route applies receiver-url.ts.
 */
import { z } from "zod";
import { WEBHOOK_DELIVERY_STATUSES, WEBHOOK_EVENT_TYPES, type WebhookEventType } from "../db/schema";
import { freeText } from "../lib/free-text";
import { encodeCursor, pageCursor, pageLimit } from "../lib/pagination";

export const URL_MAX = 2048;
export const DESCRIPTION_MAX = 500;
/** design decision: an account has at most this many endpoints. */
export const MAX_ENDPOINTS_PER_ACCOUNT = 20;

const EVENT_LIST = WEBHOOK_EVENT_TYPES.join(", ");

const url = z
  .string({ error: (issue) => (issue.input === undefined ? "is required" : "must be an https:// URL") })
  .trim()
  .max(URL_MAX, `must be at most ${URL_MAX} characters`)
  .superRefine((text, ctx) => {
    const parsed = URL.parse(text);
    if (!parsed || (parsed.protocol !== "https:" && parsed.protocol !== "http:") || parsed.hostname === "") {
      ctx.addIssue({ code: "custom", message: "must be an absolute https:// URL, e.g. https://example.com/webhooks" });
    } else if (parsed.username !== "" || parsed.password !== "") {
      // It would be logged and shown in every listing: receivers authenticate us by the signature.
      ctx.addIssue({ code: "custom", message: "must not contain a username or password; verify our signature instead" });
    }
  })
  .meta({
    description: `Where messages are POSTed: \`https://\` to a public host name (not an IP address, \`localhost\`, a single label, a \`.local\`, \`.internal\`, \`.localhost\` or \`.home.arpa\` name, nor this deployment's own host), no credentials, at most ${URL_MAX} characters.`,
    example: "https://example.com/webhooks/bookora",
  });

const eventType = z.string({ error: `must be one of ${EVENT_LIST}` }).superRefine((text, ctx) => {
  if (!(WEBHOOK_EVENT_TYPES as readonly string[]).includes(text)) {
    ctx.addIssue({ code: "custom", message: `${JSON.stringify(text.slice(0, 40))} is not an event type; use one of ${EVENT_LIST}` });
  }
});

/** Distinct known types, answered in the contract's order whatever order they were sent in. */
const events = z
  .array(eventType, { error: `must be a list of event types, e.g. ["booking.created"]` })
  .min(1, "must list at least one event type (leave it out for all of them)")
  .max(WEBHOOK_EVENT_TYPES.length, `must list at most ${WEBHOOK_EVENT_TYPES.length} event types`)
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((value, index) => {
      if (seen.has(value)) ctx.addIssue({ code: "custom", message: `lists ${JSON.stringify(value.slice(0, 40))} twice`, path: [index] });
      seen.add(value);
    });
  })
  .transform((list) => WEBHOOK_EVENT_TYPES.filter((type) => list.includes(type)) as WebhookEventType[])
  .meta({ description: `Event types to receive: ${EVENT_LIST}.`, example: ["booking.created", "booking.cancelled"] });

/** A host's username; whether the caller's account has it is the route's question (400). */
const host = z
  .string({ error: "must be a host's username or null" })
  .min(1, "must be a host's username or null")
  .max(64, "must be a host's username or null")
  .nullable()
  .meta({ description: "A host's username: only that host's events. null: every host of the account.", example: "hepuloujun" });

const description = freeText(z.string({ error: "must be text or null" }).max(DESCRIPTION_MAX, `must be at most ${DESCRIPTION_MAX} characters`), {
  multiline: true,
})
  .nullable()
  .meta({ description: "For people: what this endpoint is for.", example: "CRM sync" });

export const createEndpointBody = z.object({
  url,
  events: events.optional().transform((list) => list ?? [...WEBHOOK_EVENT_TYPES]),
  host: host.optional().transform((username) => username ?? null),
  description: description.optional().transform((text) => text ?? null),
});

/** The event type of a test send: no endpoint subscribes to it; each goes to one endpoint, on request. */
export const TEST_EVENT_TYPE = "webhook.test";

export const ENDPOINT_STATUSES = ["enabled", "disabled"] as const;

const PATCHABLE = ["url", "events", "host", "description", "status"] as const;

/** Any of the fields; `host: null` and `description: null` clear them. An empty change is refused. */
export const patchEndpointBody = z
  .object({
    url: url.optional(),
    events: events.optional(),
    host: host.optional(),
    description: description.optional(),
    status: z
      .enum(ENDPOINT_STATUSES, { error: "must be enabled or disabled" })
      .optional()
      .meta({ description: "disabled: nothing is sent (deliveries wait); enabled: they resume now." }),
  })
  .superRefine((body, ctx) => {
    if (PATCHABLE.every((field) => body[field] === undefined)) {
      ctx.addIssue({ code: "custom", message: `send at least one of ${PATCHABLE.join(", ")}` });
    }
  });

export type EndpointPatch = z.output<typeof patchEndpointBody>;

/** The bodies of rotate-secret, test and retry: no fields. */
export const emptyBody = z.object({});

/** Where a page of endpoints starts: after the row with this creation time and id (newest first). */
export interface EndpointPosition {
  createdAt: number;
  id: string;
}

const position = z.tuple([z.number().int().min(0).max(8.64e15), z.string().min(1).max(100)]);

export const listEndpointsQuery = z.object({
  limit: pageLimit,
  cursor: pageCursor(position.transform(([createdAt, id]): EndpointPosition => ({ createdAt, id }))),
});

/** Where a page of deliveries starts: after the delivery with this creation time and event id (newest first). */
export interface DeliveryPosition {
  createdAt: number;
  eventId: string;
}

export const listDeliveriesQuery = z.object({
  status: z
    .enum(WEBHOOK_DELIVERY_STATUSES, { error: `must be one of ${WEBHOOK_DELIVERY_STATUSES.join(", ")}` })
    .optional()
    .meta({ description: "Only deliveries in this state; all of them when absent.", example: "failed" }),
  limit: pageLimit,
  cursor: pageCursor(position.transform(([createdAt, eventId]): DeliveryPosition => ({ createdAt, eventId }))),
});

/** The opaque cursor after a row: its [createdAt, id] in the list's order. */
export function cursorAfter(createdAt: number, id: string): string {
  return encodeCursor([createdAt, id]);
}

/** `we_` and 32 hex digits. */
export function newEndpointId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `we_${Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("")}`;
}

/** Path ids that can name a row; anything else is NOT_FOUND without a query. */
export const ENDPOINT_ID = /^we_[A-Za-z0-9_-]{1,64}$/;
export const EVENT_ID = /^msg_[A-Za-z0-9_-]{1,64}$/;
