/**
 * Retries asked for through the API (POST …/deliveries/:eventId/retry), remembered by their
 * Idempotency-Key in the endpoint's dispatcher, beside the delivery they restart. The log is not in
 * D1, so a retry cannot commit with its key's D1 record; instead the restart and the note of the key
 * that asked for it are one transaction in the one object that owns the delivery. Two calls with one
 * key (in flight together, or the second after the first's record was lost) restart it once; the
 * second answers what the first did, and the idempotency middleware then replays the first's record.
 */
import { eq, lt } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { IDEMPOTENCY_TTL_MS } from "../domain/idempotency";
import type { DeliveryLog, WebhookDeliveryResource } from "./delivery-log";

export const retryRequests = sqliteTable(
  "retry_requests",
  {
    /** The request's idempotency identity (domain/idempotency.ts ticketId). */
    requestKey: text("request_key").primaryKey(),
    answeredAt: integer("answered_at").notNull(),
    /** The delivery as the first call answered it (JSON). */
    answer: text("answer").notNull(),
  },
  (t) => [index("retry_requests_answered_idx").on(t.answeredAt)],
);

/** The table above as SQL, run when the dispatcher starts (IF NOT EXISTS: a no-op after the first time). */
export const RETRY_REQUEST_TABLE = `
  CREATE TABLE IF NOT EXISTS retry_requests (
    request_key TEXT PRIMARY KEY NOT NULL,
    answered_at INTEGER NOT NULL,
    answer TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS retry_requests_answered_idx ON retry_requests (answered_at);
`;

/**
 * Runs `restart` unless `requestKey` already asked, and notes the key with its answer; answers the
 * first call's delivery either way (undefined: no such delivery, and nothing is noted). Synchronous,
 * so nothing else in the object runs between the look and the note: call it inside a transaction.
 */
export function restartOnce(
  log: DeliveryLog,
  requestKey: string,
  nowMs: number,
  restart: () => WebhookDeliveryResource | undefined,
): WebhookDeliveryResource | undefined {
  // Kept as long as the key's D1 record: after that, the same key runs afresh there too.
  log
    .delete(retryRequests)
    .where(lt(retryRequests.answeredAt, nowMs - IDEMPOTENCY_TTL_MS))
    .run();
  const earlier = log.select({ answer: retryRequests.answer }).from(retryRequests).where(eq(retryRequests.requestKey, requestKey)).get();
  if (earlier) return JSON.parse(earlier.answer) as WebhookDeliveryResource;
  const delivery = restart();
  if (delivery)
    log
      .insert(retryRequests)
      .values({ requestKey, answeredAt: nowMs, answer: JSON.stringify(delivery) })
      .run();
  return delivery;
}
