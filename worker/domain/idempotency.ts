/**
 * What identifies one POST for idempotency (design.md "Idempotency"), and the response recorded
 * under it. The HTTP middleware builds tickets; the host's Durable Object commits a write and its
 * record together; db/idempotency-records.ts stores them.
 */

/** Records live at least this long (design.md: ≥ 24 hours); the hourly sweep removes older ones. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/** One POST's identity (caller scope, method, path, key) and the fingerprint of its body. */
export interface IdempotencyTicket {
  scope: string;
  method: string;
  path: string;
  idempotencyKey: string;
  fingerprint: string;
}

/** A response to record with a write: the status and JSON body a replay will answer. */
export interface RecordedResponse {
  ticket: IdempotencyTicket;
  status: number;
  body: string;
}

/** One string per ticket identity, for in-memory bookkeeping of requests in flight. */
export function ticketId(ticket: IdempotencyTicket): string {
  return JSON.stringify([ticket.scope, ticket.method, ticket.path, ticket.idempotencyKey]);
}
