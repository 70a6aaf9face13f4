/**
 * Replays of creations that answered a secret (a service token, a webhook signing secret): the
 * idempotency record holds the secret sealed under the caller's own secret (sealed-secret.ts),
 * so only the same caller retrying with the same key gets the same answer again.
 */
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { database } from "../db/client";
import { findRecord } from "../db/idempotency-records";
import { ApiError } from "../domain/errors";
import type { AppEnv } from "./env";
import { isSealed, type Sealer, unsealSecret } from "./sealed-secret";

/** What seals this request's secret: the caller's bearer secret and the request's ticket. */
export function sealerOf(c: Context<AppEnv>): Sealer {
  const callerSecret = c.get("bearerToken");
  if (!callerSecret) throw new Error("authenticate() keeps the bearer secret of every service-token call.");
  return { callerSecret, ticket: c.get("idempotency") };
}

/**
 * The key's earlier answer: another request's is 409 IDEMPOTENCY_CONFLICT; this request's is
 * answered again, its sealed `field` opened with the caller's secret (a recorded refusal holds none).
 */
export async function replaySealed(c: Context<AppEnv>, sealer: Sealer, field: string): Promise<Response> {
  const record = await findRecord(database(c.env.DB), sealer.ticket);
  // Gone since the collision means the hourly sweep took it: not stored, so a retry runs afresh.
  if (!record) throw new Error("The idempotency record vanished between its collision and its replay.");
  if (record.fingerprint !== sealer.ticket.fingerprint) {
    throw new ApiError("IDEMPOTENCY_CONFLICT", "This Idempotency-Key was already used with a different request.");
  }
  const recorded = JSON.parse(record.responseBody) as Record<string, unknown>;
  const sealed = recorded[field];
  if (isSealed(sealed)) {
    const secret = await unsealSecret(sealed, sealer);
    // The scope of a record is the calling token, whose secret never changes: this cannot fail.
    if (secret === null) throw new Error(`The sealed ${field} of a record could not be opened by its own caller.`);
    recorded[field] = secret;
  }
  c.set("idempotencyRecorded", true);
  return c.body(JSON.stringify(recorded), record.responseStatus as ContentfulStatusCode, { "Content-Type": "application/json", "Idempotent-Replayed": "true" });
}
