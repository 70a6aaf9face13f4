/**
 * Who may manage webhook endpoints, and the endpoint a path names (design-webhooks.md "Endpoints"):
 * an account-wide token with `webhooks:write`, for every call including reads; another account's
 * endpoint is NOT_FOUND. Also the replay of a call that answered a signing secret, which its
 * idempotency record holds only sealed under the caller's own secret (tokens/sealed-secret.ts).
 */
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { database, type Database } from "../db/client";
import { findRecord } from "../db/idempotency-records";
import type { WebhookEndpointRow } from "../db/schema";
import type { AppEnv, Caller } from "../env";
import { ApiError } from "../errors";
import { requireScope } from "../middleware/access";
import { isSealed, unsealSecret, type Sealer } from "../tokens/sealed-secret";
import { allowsHttp } from "./config";
import { ENDPOINT_ID } from "./endpoint-schemas";
import { findAccountEndpoint, findAccountHost } from "./endpoint-store";

type ServiceCaller = Extract<Caller, { kind: "service" }>;

/** The caller if it may manage webhooks: account-wide with `webhooks:write`, else 403 FORBIDDEN. */
export function webhookManager(c: Context<AppEnv>): ServiceCaller {
  const caller = c.get("caller");
  if (caller.kind !== "service") throw new Error("webhookEndpointRoutes authenticate service tokens only.");
  // Such a token can't be made by the API or the CLI; one written into D1 by hand still gets no say.
  if (caller.hostId !== null) throw new ApiError("FORBIDDEN", "A token narrowed to one host cannot manage webhook endpoints.");
  requireScope(caller, "webhooks:write");
  return caller;
}

/** The caller's endpoint named by the path's `:id`, with its host's username, else 404 NOT_FOUND. */
export async function endpointFor(c: Context<AppEnv>, db: Database, caller: ServiceCaller): Promise<{ endpoint: WebhookEndpointRow; host: string | null }> {
  const id = c.req.param("id") ?? "";
  const found = ENDPOINT_ID.test(id) ? await findAccountEndpoint(db, caller.accountId, id) : undefined;
  if (!found) throw new ApiError("NOT_FOUND", `No webhook endpoint "${id.slice(0, 80)}".`);
  return found;
}

/** The host an endpoint is narrowed to: null for all, else a live host of the account or 400 naming `host`. */
export async function hostOfAccount(db: Database, accountId: string, username: string | null): Promise<{ id: number; username: string } | null> {
  if (username === null) return null;
  const host = await findAccountHost(db, accountId, username);
  if (!host) throw invalidField("host", `this account has no host named ${JSON.stringify(username)}`);
  return host;
}

/** `http://` receivers only where WEBHOOKS_ALLOW_HTTP=on (local development); else 400 naming `url`. */
export function refuseHttpUnlessAllowed(env: Env, url: string): void {
  if (new URL(url).protocol === "http:" && !allowsHttp(env)) {
    throw invalidField("url", "must be https:// (plain http:// is allowed only in local development, with WEBHOOKS_ALLOW_HTTP=on)");
  }
}

/** A refusal shaped as the validator's: `field: message`, with the same details. */
export function invalidField(path: string, message: string): ApiError {
  return new ApiError("INVALID_REQUEST", `${path}: ${message}`, { details: [{ path, message }] });
}

export function sealerOf(c: Context<AppEnv>): Sealer {
  const callerSecret = c.get("bearerToken");
  if (!callerSecret) throw new Error("authenticate() keeps the bearer secret of every service-token call.");
  return { callerSecret, ticket: c.get("idempotency") };
}

/**
 * The key's earlier answer, for a call that answered a `secret` (create, rotation): another
 * request's is 409 IDEMPOTENCY_CONFLICT; this request's is answered again, its sealed secret opened
 * with the caller's secret (a recorded refusal holds none).
 */
export async function replaySealed(c: Context<AppEnv>, sealer: Sealer): Promise<Response> {
  const record = await findRecord(database(c.env.DB), sealer.ticket);
  // Gone since the collision means the hourly sweep took it: not stored, so a retry runs afresh.
  if (!record) throw new Error("The idempotency record vanished between its collision and its replay.");
  if (record.fingerprint !== sealer.ticket.fingerprint) {
    throw new ApiError("IDEMPOTENCY_CONFLICT", "This Idempotency-Key was already used with a different request.");
  }
  const recorded = JSON.parse(record.responseBody) as Record<string, unknown>;
  if (isSealed(recorded.secret)) {
    const secret = await unsealSecret(recorded.secret, sealer);
    // The scope of a record is the calling token, whose secret never changes: this cannot fail.
    if (secret === null) throw new Error("A webhook secret's own record could not be unsealed.");
    recorded.secret = secret;
  }
  c.set("idempotencyRecorded", true);
  return c.body(JSON.stringify(recorded), record.responseStatus as ContentfulStatusCode, { "Content-Type": "application/json", "Idempotent-Replayed": "true" });
}
