/**
 * Idempotency for every POST (design.md "Idempotency"). The first request with a key claims it
 * with a conditional insert, runs, and stores its response; a retry with the same request gets
 * that response replayed (`Idempotent-Replayed: true`); a different request, or one that arrives
 * while the first is still running, gets 409 IDEMPOTENCY_CONFLICT. Nothing runs twice.
 */
import { and, eq, lt } from "drizzle-orm";
import type { MiddlewareHandler } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { database, type Database } from "../db/client";
import { idempotencyRecords } from "../db/schema";
import type { AppEnv, Caller } from "../env";
import { ApiError } from "../errors";
import { canonicalJson } from "../lib/canonical-json";
import { sha256Hex } from "../lib/crypto";

/** Records live at least this long (design.md: ≥ 24 hours); the hourly sweep removes older ones. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

const KEY_PATTERN = /^[\x20-\x7e]{1,255}$/;

type RecordId = { scope: string; method: string; path: string; idempotencyKey: string };

export function idempotent(): MiddlewareHandler<AppEnv> {
  return async function idempotent(c, next) {
    const key = c.req.header("idempotency-key");
    if (key === undefined || key === "") {
      throw new ApiError("INVALID_REQUEST", "The Idempotency-Key header is required on every POST.");
    }
    if (!KEY_PATTERN.test(key)) {
      throw new ApiError("INVALID_REQUEST", "Idempotency-Key must be 1–255 printable ASCII characters.");
    }
    const db = database(c.env.DB);
    const id: RecordId = { scope: scopeOf(c.get("caller")), method: c.req.method, path: c.req.path, idempotencyKey: key };
    const fingerprint = await sha256Hex(canonicalJson(c.get("requestJson")));

    const earlier = await claim(db, id, fingerprint);
    if (earlier) {
      if (earlier.fingerprint !== fingerprint) {
        throw new ApiError("IDEMPOTENCY_CONFLICT", "This Idempotency-Key was already used with a different request.");
      }
      if (earlier.responseStatus === null || earlier.responseBody === null) {
        throw new ApiError("IDEMPOTENCY_CONFLICT", "A request with this Idempotency-Key is still running; retry shortly.", {
          headers: { "Retry-After": "1" },
        });
      }
      return c.body(earlier.responseBody, earlier.responseStatus as ContentfulStatusCode, {
        "Content-Type": "application/json",
        "Idempotent-Replayed": "true",
      });
    }

    await next();

    const status = c.res.status;
    if (isReplayable(status)) {
      const body = await c.res.clone().text();
      await db
        .update(idempotencyRecords)
        .set({ responseStatus: status, responseBody: body })
        .where(matches(id));
    } else {
      // 401, 429 and 5xx are not outcomes of the request: release the key so a retry runs again.
      await db.delete(idempotencyRecords).where(matches(id));
    }
  };
}

/** Deletes records past their time; run by the scheduled handler. */
export async function sweepIdempotencyRecords(db: Database, nowMs: number): Promise<number> {
  const result = await db.delete(idempotencyRecords).where(lt(idempotencyRecords.createdAt, nowMs - IDEMPOTENCY_TTL_MS)).run();
  return result.meta.changes;
}

/**
 * Inserts the record if the key is new (returns null: this request owns it), else returns the
 * earlier record. A single conditional statement, so two concurrent first requests cannot both win.
 */
async function claim(db: Database, id: RecordId, fingerprint: string) {
  const inserted = await db
    .insert(idempotencyRecords)
    .values({ ...id, fingerprint, createdAt: Date.now() })
    .onConflictDoNothing()
    .returning({ scope: idempotencyRecords.scope });
  if (inserted.length > 0) return null;
  const earlier = await db.select().from(idempotencyRecords).where(matches(id)).get();
  // Swept between the two statements: treat as an unfinished first request rather than run twice.
  return earlier ?? { fingerprint, responseStatus: null, responseBody: null };
}

function matches(id: RecordId) {
  return and(
    eq(idempotencyRecords.scope, id.scope),
    eq(idempotencyRecords.method, id.method),
    eq(idempotencyRecords.path, id.path),
    eq(idempotencyRecords.idempotencyKey, id.idempotencyKey),
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

function isReplayable(status: number): boolean {
  return status < 500 && status !== 401 && status !== 429;
}
