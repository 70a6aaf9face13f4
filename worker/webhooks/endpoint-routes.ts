/**
 * /api/webhook-endpoints (design-webhooks.md "Endpoints"): create, list, read, change, delete and
 * rotate the secret of an account's webhook endpoints, each operation beside its handler; the test
 * send and the delivery log are in delivery-routes.ts. app.ts checks the token and the rate limit of
 * every call under the prefix. A signing secret is answered only by a create and a rotation: the
 * change and its idempotency record commit in one D1 batch, the record holding the secret sealed
 * under the caller's own token (http/sealed-secret.ts), so only that caller retrying with the same
 * key gets the same secret again. The endpoint's row holds it sealed under the deployment's key
 * (secret-vault.ts), and its URL must pass receiver-url.ts.
 */
import { createRoute } from "@hono/zod-openapi";
import { and, eq, sql } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { accountLimitGuard, isAccountLimitRefusal } from "../db/account-limit-guard";
import { database } from "../db/client";
import { isRecordCollision, recordStatement } from "../db/idempotency-records";
import { type WebhookEndpointRow, webhookEndpoints } from "../db/schema";
import { ApiError } from "../domain/errors";
import type { AppEnv } from "../http/env";
import { idempotent } from "../http/idempotency";
import { errorAnswers, idempotencyKeyHeaders, jsonAnswer, jsonBody, listOf, locationHeader, POST_ERRORS, serviceTokenOnly } from "../http/openapi";
import { replaySealed, sealerOf } from "../http/sealed-replay";
import { sealSecret } from "../http/sealed-secret";
import { validJson, validQuery } from "../http/validate";
import { ROTATION_OVERLAP_MS } from "./config";
import { endpointChanged, forgetEndpoint } from "./dispatcher-client";
import { endpointFor, hostOfAccount, refuseUnsafeReceiver, webhookManager } from "./endpoint-access";
import { createEndpointBody, emptyBody, listEndpointsQuery, MAX_ENDPOINTS_PER_ACCOUNT, newEndpointId, patchEndpointBody } from "./endpoint-schemas";
import { type CreatedWebhookEndpointResource, endpointResource, listEndpointPage } from "./endpoint-store";
import { newSigningSecret } from "./message";
import { createdEndpointSchema, ENDPOINT_ERRORS, endpointParams, endpointSchema, MANAGER_ERRORS, NO_FIELDS, signingSecret, WEBHOOKS_TAG } from "./responses";
import { sealSigningSecret } from "./secret-vault";

/** The endpoints an account has now, for accountLimitGuard. */
function endpointsOf(accountId: string) {
  return sql`(SELECT count(*) FROM ${webhookEndpoints} WHERE ${webhookEndpoints.accountId} = ${accountId})`;
}

export const createWebhookEndpointOperation = createRoute({
  operationId: "createWebhookEndpoint",
  method: "post",
  path: "/api/webhook-endpoints",
  tags: [WEBHOOKS_TAG],
  summary: "Create a webhook endpoint",
  description: `Needs \`webhooks:write\` on an account-wide token. \`events\` left out means every event type (listed in the answer); \`host\` (a username of the account) limits it to that host's events, and an unknown one is a 400. At most ${MAX_ENDPOINTS_PER_ACCOUNT} endpoints per account. The signing secret is in this answer only (and in a rotation's).`,
  security: serviceTokenOnly,
  request: { headers: idempotencyKeyHeaders, body: jsonBody(createEndpointBody) },
  responses: {
    201: jsonAnswer(createdEndpointSchema, "Created; the secret is in `secret`, this once.", locationHeader),
    ...errorAnswers([...MANAGER_ERRORS, ...POST_ERRORS], { readsBody: true }),
  },
});

export const listWebhookEndpointsOperation = createRoute({
  operationId: "listWebhookEndpoints",
  method: "get",
  path: "/api/webhook-endpoints",
  tags: [WEBHOOKS_TAG],
  summary: "List webhook endpoints",
  description: "The account's endpoints, newest first. Secrets are never shown again.",
  security: serviceTokenOnly,
  request: { query: listEndpointsQuery },
  responses: { 200: jsonAnswer(listOf(endpointSchema), "A page of endpoints."), ...errorAnswers([...MANAGER_ERRORS]) },
});

export const getWebhookEndpointOperation = createRoute({
  operationId: "getWebhookEndpoint",
  method: "get",
  path: "/api/webhook-endpoints/{id}",
  tags: [WEBHOOKS_TAG],
  summary: "A webhook endpoint",
  security: serviceTokenOnly,
  request: { params: endpointParams },
  responses: { 200: jsonAnswer(endpointSchema, "The endpoint."), ...errorAnswers([...ENDPOINT_ERRORS]) },
});

export const updateWebhookEndpointOperation = createRoute({
  operationId: "updateWebhookEndpoint",
  method: "patch",
  path: "/api/webhook-endpoints/{id}",
  tags: [WEBHOOKS_TAG],
  summary: "Change a webhook endpoint",
  description:
    'Any of `url`, `events`, `host` (null: every host), `description` (null clears it) and `status`. `"disabled"` stops sending (`disabledReason` "manual"); `"enabled"` clears `disabledReason` and sends what waited, now. An empty change is a 400.',
  security: serviceTokenOnly,
  request: { params: endpointParams, body: jsonBody(patchEndpointBody) },
  responses: { 200: jsonAnswer(endpointSchema, "The endpoint as changed."), ...errorAnswers([...ENDPOINT_ERRORS], { readsBody: true }) },
});

export const deleteWebhookEndpointOperation = createRoute({
  operationId: "deleteWebhookEndpoint",
  method: "delete",
  path: "/api/webhook-endpoints/{id}",
  tags: [WEBHOOKS_TAG],
  summary: "Delete a webhook endpoint",
  description: "Nothing more is sent to it; its deliveries and their log go with it.",
  security: serviceTokenOnly,
  request: { params: endpointParams },
  responses: { 204: { description: "Deleted." }, ...errorAnswers([...ENDPOINT_ERRORS]) },
});

export const rotateWebhookEndpointSecretOperation = createRoute({
  operationId: "rotateWebhookEndpointSecret",
  method: "post",
  path: "/api/webhook-endpoints/{id}/rotate-secret",
  tags: [WEBHOOKS_TAG],
  summary: "Rotate the signing secret",
  description:
    "A new secret, answered this once. For 24 hours both the new and the previous secret sign every message (two `v1,` signatures), so receivers can switch without losing one.",
  security: serviceTokenOnly,
  request: { params: endpointParams, headers: idempotencyKeyHeaders, body: jsonBody(emptyBody, NO_FIELDS) },
  responses: {
    200: jsonAnswer(z.object({ secret: signingSecret }).meta({ id: "RotatedWebhookSecret" }), "The new secret."),
    ...errorAnswers([...ENDPOINT_ERRORS, ...POST_ERRORS], { readsBody: true }),
  },
});

export const endpointRoutes = new Hono<AppEnv>()
  .on(createWebhookEndpointOperation.method, createWebhookEndpointOperation.getRoutingPath(), validJson(createEndpointBody), idempotent(), async (c) => {
    const body = c.req.valid("json");
    const caller = webhookManager(c);
    refuseUnsafeReceiver(c, body.url);
    const db = database(c.env.DB);
    const host = await hostOfAccount(db, caller.accountId, body.host);

    const nowMs = Date.now();
    const id = newEndpointId();
    const secret = newSigningSecret();
    const row: WebhookEndpointRow = {
      id,
      accountId: caller.accountId,
      url: body.url,
      events: body.events,
      hostId: host?.id ?? null,
      description: body.description,
      status: "enabled",
      disabledReason: null,
      secret: await sealSigningSecret(c.env, id, secret),
      previousSecret: null,
      previousSecretExpiresAt: null,
      failingSince: null,
      createdAt: nowMs,
    };
    const { createdAt, ...shown } = endpointResource(row, host?.username ?? null);
    const response: CreatedWebhookEndpointResource = { ...shown, secret, createdAt };
    const sealer = sealerOf(c);
    const recordedBody = JSON.stringify({ ...response, secret: await sealSecret(secret, sealer) });
    try {
      await db.batch([
        db.insert(webhookEndpoints).values(row),
        recordStatement(db, { ticket: sealer.ticket, status: 201, body: recordedBody }, nowMs),
        accountLimitGuard(db, caller.accountId, endpointsOf(caller.accountId), MAX_ENDPOINTS_PER_ACCOUNT),
      ]);
    } catch (error) {
      // The key already answered (a retry, or its twin in flight): this endpoint rolled back with the record.
      if (isRecordCollision(error)) return replaySealed(c, sealer, "secret");
      if (isAccountLimitRefusal(error)) {
        throw new ApiError("INVALID_REQUEST", `An account has at most ${MAX_ENDPOINTS_PER_ACCOUNT} webhook endpoints; delete one first.`);
      }
      throw error;
    }
    c.set("idempotencyRecorded", true);
    return c.json(response, 201, { Location: `/api/webhook-endpoints/${row.id}` });
  })

  .on(listWebhookEndpointsOperation.method, listWebhookEndpointsOperation.getRoutingPath(), validQuery(listEndpointsQuery), async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const caller = webhookManager(c);
    const { page, nextCursor } = await listEndpointPage(database(c.env.DB), caller.accountId, limit, cursor);
    return c.json({ data: page.map(({ endpoint, host }) => endpointResource(endpoint, host)), nextCursor }, 200, { "Cache-Control": "no-store" });
  })

  .on(getWebhookEndpointOperation.method, getWebhookEndpointOperation.getRoutingPath(), async (c) => {
    const db = database(c.env.DB);
    const { endpoint, host } = await endpointFor(c, db);
    return c.json(endpointResource(endpoint, host), 200, { "Cache-Control": "no-store" });
  })

  .on(updateWebhookEndpointOperation.method, updateWebhookEndpointOperation.getRoutingPath(), validJson(patchEndpointBody), async (c) => {
    const patch = c.req.valid("json");
    const db = database(c.env.DB);
    const found = await endpointFor(c, db);
    const { caller } = found;
    if (patch.url !== undefined) refuseUnsafeReceiver(c, patch.url);
    const host = patch.host === undefined ? undefined : await hostOfAccount(db, caller.accountId, patch.host);
    const status = webhookEndpoints.status;
    const changes = {
      ...(patch.url === undefined ? {} : { url: patch.url }),
      ...(patch.events === undefined ? {} : { events: patch.events }),
      ...(host === undefined ? {} : { hostId: host?.id ?? null }),
      ...(patch.description === undefined ? {} : { description: patch.description }),
      // An endpoint the dispatcher disabled ("gone", "failing") keeps saying why.
      ...(patch.status === "disabled"
        ? { status: "disabled" as const, disabledReason: sql`CASE WHEN ${status} = 'enabled' THEN 'manual' ELSE ${webhookEndpoints.disabledReason} END` }
        : {}),
      // Enabling starts the 5-day failure count afresh; re-enabling an enabled endpoint must not.
      ...(patch.status === "enabled"
        ? {
            status: "enabled" as const,
            disabledReason: null,
            failingSince: sql`CASE WHEN ${status} = 'disabled' THEN NULL ELSE ${webhookEndpoints.failingSince} END`,
          }
        : {}),
    };
    const [row] = await db
      .update(webhookEndpoints)
      .set(changes)
      .where(and(eq(webhookEndpoints.id, found.endpoint.id), eq(webhookEndpoints.accountId, caller.accountId)))
      .returning();
    // Deleted since endpointFor read it: the delete wins.
    if (!row) throw new ApiError("NOT_FOUND", `No webhook endpoint "${found.endpoint.id}".`);
    // Its dispatcher's copy is stale; and its pending deliveries waited while it was disabled: they go now.
    await endpointChanged(c.env, row.id, { wake: patch.status === "enabled" });
    return c.json(endpointResource(row, host === undefined ? found.host : (host?.username ?? null)), 200);
  })

  .on(deleteWebhookEndpointOperation.method, deleteWebhookEndpointOperation.getRoutingPath(), async (c) => {
    const db = database(c.env.DB);
    const { caller, endpoint } = await endpointFor(c, db);
    // Events still waiting in the outbox name it, but a handover gives only to endpoints that exist.
    await db.delete(webhookEndpoints).where(and(eq(webhookEndpoints.id, endpoint.id), eq(webhookEndpoints.accountId, caller.accountId)));
    await forgetEndpoint(c.env, endpoint.id);
    return c.body(null, 204);
  })

  .on(rotateWebhookEndpointSecretOperation.method, rotateWebhookEndpointSecretOperation.getRoutingPath(), validJson(emptyBody), idempotent(), async (c) => {
    const db = database(c.env.DB);
    const { endpoint } = await endpointFor(c, db);
    const nowMs = Date.now();
    const secret = newSigningSecret();
    const sealer = sealerOf(c);
    try {
      await db.batch([
        db
          .update(webhookEndpoints)
          // The secret in the row as this statement runs, so a concurrent rotation's is the one kept.
          // Sealed or not, the previous secret moves as stored: it is bound to this endpoint either way.
          .set({
            secret: await sealSigningSecret(c.env, endpoint.id, secret),
            previousSecret: sql`${webhookEndpoints.secret}`,
            previousSecretExpiresAt: nowMs + ROTATION_OVERLAP_MS,
          })
          .where(eq(webhookEndpoints.id, endpoint.id)),
        recordStatement(db, { ticket: sealer.ticket, status: 200, body: JSON.stringify({ secret: await sealSecret(secret, sealer) }) }, nowMs),
      ]);
    } catch (error) {
      if (isRecordCollision(error)) return replaySealed(c, sealer, "secret");
      throw error;
    }
    c.set("idempotencyRecorded", true);
    await endpointChanged(c.env, endpoint.id, { wake: false });
    return c.json({ secret }, 200);
  });
