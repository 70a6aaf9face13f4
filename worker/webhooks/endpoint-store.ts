/**
 * Webhook endpoints as the management API sees them: the rows of one account, read a page at a
 * time newest first, and shaped for the wire without the signing secrets (which only a create and
 * a rotation answer). Their deliveries are in each endpoint's dispatcher (delivery-log.ts).
 */
import { and, desc, eq, isNull } from "drizzle-orm";
import type { Database } from "../db/client";
import { users, type WEBHOOK_DISABLED_REASONS, type WebhookEndpointRow, type WebhookEventType, webhookEndpoints } from "../db/schema";
import { toIsoUtc } from "../lib/instants";
import { keysetPage, pastPosition } from "../lib/pagination";
import { cursorAfter, type EndpointPosition } from "./endpoint-schemas";

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
export async function findAccountEndpoint(
  db: Database,
  accountId: string,
  id: string,
): Promise<{ endpoint: WebhookEndpointRow; host: string | null } | undefined> {
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
  return keysetPage(rows, limit, (last) => cursorAfter(last.endpoint.createdAt, last.endpoint.id));
}
