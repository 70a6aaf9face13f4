/**
 * Webhook endpoints and their deliveries as the management API sees them: the rows of one account,
 * read a page at a time newest first, and shaped for the wire without the signing secrets (which
 * only a create and a rotation answer).
 */
import { and, asc, desc, eq, inArray, isNull } from "drizzle-orm";
import type { Database } from "../db/client";
import {
  users,
  webhookAttempts,
  webhookDeliveries,
  webhookEndpoints,
  webhookEvents,
  WEBHOOK_DISABLED_REASONS,
  WEBHOOK_DELIVERY_STATUSES,
  type WebhookAttemptRow,
  type WebhookEndpointRow,
  type WebhookEventType,
} from "../db/schema";
import { toIsoUtc } from "../lib/instants";
import { pastPosition } from "../lib/pagination";
import type { DeliveryPosition, EndpointPosition } from "./endpoint-schemas";

/** An endpoint in GET answers and in the answer to a PATCH: never a secret. */
export interface WebhookEndpointResource {
  id: string;
  url: string;
  events: WebhookEventType[];
  host: string | null;
  description: string | null;
  status: "enabled" | "disabled";
  /** Why it is disabled: by its owner, by a 410 Gone, or after 5 days of failures; null while enabled. */
  disabledReason: (typeof WEBHOOK_DISABLED_REASONS)[number] | null;
  createdAt: string;
}

/** The answer to a create: the only time, besides a rotation, that the secret is shown. */
export interface CreatedWebhookEndpointResource extends WebhookEndpointResource {
  secret: string;
}

export interface WebhookAttemptResource {
  at: string;
  statusCode: number | null;
  durationMs: number;
  response: string | null;
  error: string | null;
}

export interface WebhookDeliveryResource {
  eventId: string;
  type: string;
  status: (typeof WEBHOOK_DELIVERY_STATUSES)[number];
  createdAt: string;
  nextAttemptAt: string | null;
  attempts: WebhookAttemptResource[];
}

/** design-management.md: instants are written to the second. */
export function toWholeSecond(instantMs: number): string {
  return toIsoUtc(Math.floor(instantMs / 1000) * 1000);
}

export function endpointResource(row: WebhookEndpointRow, host: string | null): WebhookEndpointResource {
  return {
    id: row.id,
    url: row.url,
    events: row.events,
    host,
    description: row.description,
    status: row.status,
    disabledReason: row.disabledReason,
    createdAt: toWholeSecond(row.createdAt),
  };
}

/** A host of `accountId` by username, unless deleted: what an endpoint may be narrowed to. */
export function findAccountHost(db: Database, accountId: string, username: string) {
  return db
    .select({ id: users.id, username: users.username })
    .from(users)
    .where(and(eq(users.username, username), eq(users.accountId, accountId), isNull(users.deletedAt)))
    .get();
}

/** The account's endpoint `id` with its host's username; undefined when the account has none such. */
export async function findAccountEndpoint(db: Database, accountId: string, id: string): Promise<{ endpoint: WebhookEndpointRow; host: string | null } | undefined> {
  const row = await db
    .select({ endpoint: webhookEndpoints, host: users.username })
    .from(webhookEndpoints)
    .leftJoin(users, eq(users.id, webhookEndpoints.hostId))
    .where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.accountId, accountId)))
    .get();
  return row ? { endpoint: row.endpoint, host: row.host } : undefined;
}

/** Up to `limit` endpoints of the account after `after`, newest first, and whether more follow. */
export async function listEndpointPage(db: Database, accountId: string, limit: number, after: EndpointPosition | undefined) {
  const rows = await db
    .select({ endpoint: webhookEndpoints, host: users.username })
    .from(webhookEndpoints)
    .leftJoin(users, eq(users.id, webhookEndpoints.hostId))
    .where(
      and(
        eq(webhookEndpoints.accountId, accountId),
        pastPosition(webhookEndpoints.createdAt, webhookEndpoints.id, after && { sort: after.createdAt, tie: after.id }, "desc"),
      ),
    )
    .orderBy(desc(webhookEndpoints.createdAt), desc(webhookEndpoints.id))
    .limit(limit + 1);
  return { rows: rows.slice(0, limit), hasMore: rows.length > limit };
}

const deliveryColumns = {
  eventId: webhookDeliveries.eventId,
  type: webhookEvents.type,
  status: webhookDeliveries.status,
  createdAt: webhookDeliveries.createdAt,
  nextAttemptAt: webhookDeliveries.nextAttemptAt,
};

type DeliveryRow = { eventId: string; type: string; status: WebhookDeliveryResource["status"]; createdAt: number; nextAttemptAt: number | null };

/**
 * Up to `limit` deliveries of the endpoint after `after` (newest first), in `status` if given, each
 * with its attempts oldest first: two queries for the page, whatever its size.
 */
export async function listDeliveryPage(
  db: Database,
  endpointId: string,
  options: { status: WebhookDeliveryResource["status"] | undefined; limit: number; after: DeliveryPosition | undefined },
) {
  const { status, limit, after } = options;
  const rows = await db
    .select(deliveryColumns)
    .from(webhookDeliveries)
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .where(
      and(
        eq(webhookDeliveries.endpointId, endpointId),
        status ? eq(webhookDeliveries.status, status) : undefined,
        pastPosition(webhookDeliveries.createdAt, webhookDeliveries.eventId, after && { sort: after.createdAt, tie: after.eventId }, "desc"),
      ),
    )
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.eventId))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const attempts = await attemptsOf(db, endpointId, page.map((row) => row.eventId));
  return { deliveries: page.map((row) => deliveryResource(row, attempts)), last: page.at(-1), hasMore: rows.length > limit };
}

/** One delivery of the endpoint with its attempts; undefined when the endpoint never had that event. */
export async function findDelivery(db: Database, endpointId: string, eventId: string): Promise<WebhookDeliveryResource | undefined> {
  const row = await db
    .select(deliveryColumns)
    .from(webhookDeliveries)
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .where(and(eq(webhookDeliveries.endpointId, endpointId), eq(webhookDeliveries.eventId, eventId)))
    .get();
  return row ? deliveryResource(row, await attemptsOf(db, endpointId, [eventId])) : undefined;
}

async function attemptsOf(db: Database, endpointId: string, eventIds: string[]): Promise<WebhookAttemptRow[]> {
  if (eventIds.length === 0) return [];
  return db
    .select()
    .from(webhookAttempts)
    .where(and(eq(webhookAttempts.endpointId, endpointId), inArray(webhookAttempts.eventId, eventIds)))
    .orderBy(asc(webhookAttempts.at), asc(webhookAttempts.id));
}

function deliveryResource(row: DeliveryRow, attempts: readonly WebhookAttemptRow[]): WebhookDeliveryResource {
  return {
    eventId: row.eventId,
    type: row.type,
    status: row.status,
    createdAt: toWholeSecond(row.createdAt),
    nextAttemptAt: row.status === "pending" && row.nextAttemptAt !== null ? toWholeSecond(row.nextAttemptAt) : null,
    attempts: attempts
      .filter((attempt) => attempt.eventId === row.eventId)
      .map((attempt) => ({ at: toWholeSecond(attempt.at), statusCode: attempt.statusCode, durationMs: attempt.durationMs, response: attempt.response, error: attempt.error })),
  };
}
