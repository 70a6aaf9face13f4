/**
 * Idempotency for every POST (design.md "Idempotency"), checked at commit time. A request runs,
 * then its response is recorded under its key, in the same D1 transaction as its write where it
 * makes one (a booking and its record commit or roll back together). If a record already exists,
 * the recorded response wins: replayed with `Idempotent-Replayed: true` when it was for the same
 * request (same method, path and canonical body), 409 IDEMPOTENCY_CONFLICT when not. Identical
 * requests in flight at once meet in the host's Durable Object, where the later one waits for the
 * first and then finds its record, so nothing runs twice and a first request costs no extra read.
 */
import type { Context, MiddlewareHandler } from "hono";
import { database } from "../db/client";
import { findRecord, recordStatement } from "../db/idempotency-records";
import { idempotencyRecords } from "../db/schema";
import { ApiError } from "../domain/errors";
import type { IdempotencyTicket } from "../domain/idempotency";
import { canonicalJson } from "../lib/canonical-json";
import { sha256Hex } from "../lib/crypto";
import type { AppEnv, Caller } from "./env";

const KEY_PATTERN = /^[\x20-\x7e]{1,255}$/;
/** Any RFC 9562 UUID, in either case. */
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function idempotent(): MiddlewareHandler<AppEnv> {
  return async function idempotent(c, next) {
    const key = c.req.header("idempotency-key");
    if (key === undefined || key === "") {
      throw new ApiError("INVALID_REQUEST", "The Idempotency-Key header is required on every POST.");
    }
    if (!KEY_PATTERN.test(key)) {
      throw new ApiError("INVALID_REQUEST", "Idempotency-Key must be 1–255 printable ASCII characters.");
    }
    const caller = c.get("caller");
    // Public calls share one scope, and a public create's replay answers its manage token: a key
    // another visitor could guess ("booking-1") would hand that visitor the booking.
    if (caller.kind === "anonymous" && !UUID_PATTERN.test(key)) {
      throw new ApiError("INVALID_REQUEST", "Without a token, Idempotency-Key must be a UUID (e.g. from crypto.randomUUID()), new for each attempt.");
    }
    const ticket: IdempotencyTicket = {
      scope: scopeOf(caller),
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
    const inserted = await recordStatement(db, { ticket, status, body }, Date.now())
      .onConflictDoNothing()
      .returning({ key: idempotencyRecords.idempotencyKey });
    if (inserted.length === 0) c.res = await replayRecorded(c);
  };
}

/** The response recorded for this request's key: replayed if it was for the same request. */
export async function replayRecorded(c: Context<AppEnv>): Promise<Response> {
  const ticket = c.get("idempotency");
  const record = await findRecord(database(c.env.DB), ticket);
  // Only called after a record was found in the way; gone since means the hourly sweep took it
  // (24 hours on). Not stored, so the client's retry runs the request afresh.
  if (!record) throw new Error("The idempotency record vanished between its collision and its replay.");
  if (record.fingerprint !== ticket.fingerprint) {
    throw new ApiError("IDEMPOTENCY_CONFLICT", "This Idempotency-Key was already used with a different request.");
  }
  c.set("idempotencyRecorded", true);
  return new Response(record.responseBody, {
    status: record.responseStatus,
    headers: { "Content-Type": "application/json", "Idempotent-Replayed": "true" },
  });
}

/** design.md: a token's calls have a scope of their own; public calls share one, hence their UUID keys. */
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
