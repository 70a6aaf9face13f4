/**
 * Who may manage webhook endpoints, and the endpoint a path names (design-webhooks.md "Endpoints"):
 * an account-wide token with `webhooks:write`, for every call including reads; another account's
 * endpoint is NOT_FOUND.
 */
import type { Context } from "hono";
import type { Database } from "../db/client";
import type { WebhookEndpointRow } from "../db/schema";
import { ApiError } from "../domain/errors";
import { requireScope } from "../http/access";
import type { AppEnv, Caller } from "../http/env";
import { ENDPOINT_ID } from "./endpoint-schemas";
import { findAccountEndpoint, findAccountHost } from "./endpoint-store";
import { receiverRules, receiverUrlRefusal } from "./receiver-url";

type ServiceCaller = Extract<Caller, { kind: "service" }>;

/** The caller if it may manage webhooks: account-wide with `webhooks:write`, else 403 FORBIDDEN. */
export function webhookManager(c: Context<AppEnv>): ServiceCaller {
  const caller = serviceCaller(c);
  // Such a token can't be made by the API or the CLI; one written into D1 by hand still gets no say.
  if (caller.hostId !== null) throw new ApiError("FORBIDDEN", "A token narrowed to one host cannot manage webhook endpoints.");
  requireScope(caller, "webhooks:write");
  return caller;
}

/**
 * The endpoint named by the path's `:id`, with its host's username, and the caller who may manage
 * it. Visibility before permission (design-management.md): another account's endpoint, or none, is
 * 404 NOT_FOUND whatever the token's scopes; one of the caller's account is 403 FORBIDDEN without
 * the right to manage it.
 */
export async function endpointFor(c: Context<AppEnv>, db: Database): Promise<{ caller: ServiceCaller; endpoint: WebhookEndpointRow; host: string | null }> {
  const id = c.req.param("id") ?? "";
  const found = ENDPOINT_ID.test(id) ? await findAccountEndpoint(db, serviceCaller(c).accountId, id) : undefined;
  if (!found) throw new ApiError("NOT_FOUND", `No webhook endpoint "${id.slice(0, 80)}".`);
  return { caller: webhookManager(c), ...found };
}

function serviceCaller(c: Context<AppEnv>): ServiceCaller {
  const caller = c.get("caller");
  if (caller.kind !== "service") throw new Error("webhookEndpointRoutes authenticate service tokens only.");
  return caller;
}

/** The host an endpoint is narrowed to: null for all, else a live host of the account or 400 naming `host`. */
export async function hostOfAccount(db: Database, accountId: string, username: string | null): Promise<{ id: number; username: string } | null> {
  if (username === null) return null;
  const host = await findAccountHost(db, accountId, username);
  if (!host) throw invalidField("host", `this account has no host named ${JSON.stringify(username)}`);
  return host;
}

/** A receiver URL this deployment may send to (receiver-url.ts), else 400 naming `url`. */
export function refuseUnsafeReceiver(c: Context<AppEnv>, url: string): void {
  const refusal = receiverUrlRefusal(url, receiverRules(c.env, c.req.url));
  if (refusal) throw invalidField("url", refusal);
}

/** A refusal shaped as the validator's: `field: message`, with the same details. */
export function invalidField(path: string, message: string): ApiError {
  return new ApiError("INVALID_REQUEST", `${path}: ${message}`, { details: [{ path, message }] });
}
