/**
 * What attempts do to their endpoint in D1 (design-webhooks.md "Delivery"): a 410 disables it at
 * once; a success ends its failure streak; failures start the streak, and disable the endpoint once
 * it is FAILING_LIMIT_MS old. A healthy endpoint's successes write nothing: D1 hears from the
 * dispatcher only when the endpoint's state changes.
 */
import { eq, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { type WebhookEndpointRow, webhookEndpoints } from "../db/schema";
import { FAILING_LIMIT_MS } from "./config";
import type { AttemptRecord } from "./delivery-log";

/** The endpoint after a round's attempts, written to D1 when they change it. */
export async function recordEndpointHealth(db: Database, endpoint: WebhookEndpointRow, records: readonly AttemptRecord[]): Promise<WebhookEndpointRow> {
  const change = healthChange(endpoint, records);
  if (!change) return endpoint;
  const updated = await db.update(webhookEndpoints).set(change).where(eq(webhookEndpoints.id, endpoint.id)).returning().get();
  return updated ?? endpoint;
}

function healthChange(endpoint: WebhookEndpointRow, records: readonly AttemptRecord[]) {
  if (records.length === 0) return null;
  const firstAt = Math.min(...records.map((record) => record.atMs));
  const lastAt = Math.max(...records.map((record) => record.atMs));
  // The streak as D1 has it, in case an owner's change (enabling clears it) came in meanwhile.
  const streak = sql`coalesce(${webhookEndpoints.failingSince}, ${firstAt})`;
  if (records.some((record) => record.result.verdict === "gone")) return { failingSince: streak, status: "disabled" as const, disabledReason: "gone" as const };
  if (records.some((record) => record.result.verdict === "delivered")) return endpoint.failingSince === null ? null : { failingSince: null };
  if (endpoint.failingSince !== null && lastAt - endpoint.failingSince < FAILING_LIMIT_MS) return null;
  const tooLong = sql`${lastAt} - ${streak} >= ${FAILING_LIMIT_MS}`;
  return {
    failingSince: streak,
    status: sql`CASE WHEN ${tooLong} THEN 'disabled' ELSE ${webhookEndpoints.status} END`,
    disabledReason: sql`CASE WHEN ${tooLong} THEN 'failing' ELSE ${webhookEndpoints.disabledReason} END`,
  };
}
