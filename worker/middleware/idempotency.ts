/**
 * Idempotency for every POST (design.md "Idempotency"), checked at commit time. A request runs,
 * then its response is recorded under its key, in the same D1 transaction as its write where it
 * makes one (a booking and its record commit or roll back together). If a record already exists,
 * the recorded response wins: replayed with `Idempotent-Replayed: true` when it was for the same
 * request (same method, path and canonical body), 409 IDEMPOTENCY_CONFLICT when not. Identical
 * requests in flight at once are queued behind each other in the host's Durable Object, so
 * nothing runs twice, and a first request costs no extra D1 round trip.
 */
import { and, eq, lt } from "drizzle-orm";
import type { Context, MiddlewareHandler } from "hono";
import { d1ErrorMentions, database, type Database } from "../db/client";
import { idempotencyRecords } from "../db/schema";
import type { AppEnv, Caller } from "../env";
import { ApiError } from "../errors";
import { canonicalJson } from "../lib/canonical-json";
import { sha256Hex } from "../lib/crypto";

/** Records live at least this long (design.md: ≥ 24 hours); the hourly sweep removes older ones. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

const KEY_PATTERN = /^[\x20-\x7e]{1,255}$/;

/** What identifies one POST for idempotency, and the fingerprint of its body. */
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

export function idempotent(): MiddlewareHandler<AppEnv> {
  return async function idempotent(c, next) {
    const key = c.req.header("idempotency-key");
    if (key === undefined || key === "") {
      throw new ApiError("INVALID_REQUEST", "The Idempotency-Key header is required on every POST.");
    }
    if (!KEY_PATTERN.test(key)) {
      throw new ApiError("INVALID_REQUEST", "Idempotency-Key must be 1–255 printable ASCII characters.");
    }
    const ticket: IdempotencyTicket = {
      scope: scopeOf(c.get("caller")),
      method: c.req.method,
      path: c.req.path,
      idempotencyKey: key,
      fingerprint: await sha256Hex(canonicalJson(c.get("requestJson"))),
    };
    c.set("idempotency", ticket);
    c.set("idempotencyRecorded", false);

    await next();

    // 401, 429 and 5xx are not outcomes of the request: a retry with the same key runs again.
    const status = c.res.status;
    if (c.get("idempotencyRecorded") || status >= 500 || status === 401 || status === 429) return;
    const db = database(c.env.DB);
    const body = await c.res.clone().text();
    const inserted = await recordStatement(db, { ticket, status, body }).onConflictDoNothing().returning({ key: idempotencyRecords.idempotencyKey });
    if (inserted.length === 0) c.res = await replayRecorded(c);
  };
}

/** The insert that records a response; commit it in the same batch as the write it answers. */
export function recordStatement(db: Database, recorded: RecordedResponse) {
  return db.insert(idempotencyRecords).values({
    ...recorded.ticket,
    responseStatus: recorded.status,
    responseBody: recorded.body,
    createdAt: Date.now(),
  });
}

/** True when a write was refused because its Idempotency-Key already has a record. */
export function isRecordCollision(error: unknown): boolean {
  return d1ErrorMentions(error, "UNIQUE constraint failed: idempotency_records");
}

/** The response recorded for this request's key: replayed if it was for the same request. */
export async function replayRecorded(c: Context<AppEnv>): Promise<Response> {
  const ticket = c.get("idempotency");
  const record = await database(c.env.DB).select().from(idempotencyRecords).where(matches(ticket)).get();
  if (record && record.fingerprint !== ticket.fingerprint) {
    throw new ApiError("IDEMPOTENCY_CONFLICT", "This Idempotency-Key was already used with a different request.");
  }
  if (!record || record.responseStatus === null || record.responseBody === null) {
    throw new ApiError("IDEMPOTENCY_CONFLICT", "A request with this Idempotency-Key is still running; retry shortly.", {
      headers: { "Retry-After": "1" },
    });
  }
  c.set("idempotencyRecorded", true);
  return new Response(record.responseBody, {
    status: record.responseStatus,
    headers: { "Content-Type": "application/json", "Idempotent-Replayed": "true" },
  });
}

/** Deletes records past their time; run by the scheduled handler. */
export async function sweepIdempotencyRecords(db: Database, nowMs: number): Promise<number> {
  const result = await db.delete(idempotencyRecords).where(lt(idempotencyRecords.createdAt, nowMs - IDEMPOTENCY_TTL_MS)).run();
  return result.meta.changes;
}

/** One string per ticket identity, for in-memory bookkeeping of requests in flight. */
export function ticketId(ticket: IdempotencyTicket): string {
  return JSON.stringify([ticket.scope, ticket.method, ticket.path, ticket.idempotencyKey]);
}

function matches(ticket: IdempotencyTicket) {
  return and(
    eq(idempotencyRecords.scope, ticket.scope),
    eq(idempotencyRecords.method, ticket.method),
    eq(idempotencyRecords.path, ticket.path),
    eq(idempotencyRecords.idempotencyKey, ticket.idempotencyKey),
  );
}

/** design.md: public calls share one scope, so their keys must be unguessable (UUIDs). */
function scopeOf(caller: Caller): string {
  switch (caller.kind) {
    case "service":
      return `token:${caller.tokenId}`;
    case "manage":
      return `manage:${caller.tokenHash}`;
    case "anonymous":
      return "public";
  }
}
