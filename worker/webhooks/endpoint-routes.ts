/**
 * /api/webhook-endpoints (design-webhooks.md "Endpoints"): create, list, read, change, delete and
 * rotate the secret of an account's webhook endpoints; the test send and the delivery log are in
 * delivery-routes.ts. A signing secret is answered only by a create and a rotation: the change and
 * its idempotency record commit in one D1 batch, the record holding the secret sealed under the
 * caller's own token (tokens/sealed-secret.ts), so only that caller retrying with the same key gets
 * the same secret again. The endpoint's row holds it sealed under the deployment's key
 * (secret-vault.ts), and its URL must pass receiver-url.ts.
 */
import { and, eq, sql } from "drizzle-orm";
import { Hono } from "hono";
import { accountLimitGuard, isAccountLimitRefusal } from "../db/account-limit-guard";
import { database } from "../db/client";
import { isRecordCollision, recordStatement } from "../db/idempotency-records";
import { webhookEndpoints, type WebhookEndpointRow } from "../db/schema";
import type { AppEnv } from "../http/env";
import { ApiError } from "../domain/errors";
import { authenticate } from "../http/auth";
import { idempotent } from "../http/idempotency";
import { rateLimit } from "../http/rate-limit";
import { validJson, validQuery } from "../http/validate";
import { sealSecret } from "../http/sealed-secret";
import { ROTATION_OVERLAP_MS } from "./config";
import { deliveryRoutes } from "./delivery-routes";
import { endpointChanged, forgetEndpoint } from "./dispatch";
import { replaySealed, sealerOf } from "../http/sealed-replay";
import { endpointFor, hostOfAccount, refuseUnsafeReceiver, webhookManager } from "./endpoint-access";
import { createEndpointBody, cursorAfter, emptyBody, listEndpointsQuery, MAX_ENDPOINTS_PER_ACCOUNT, newEndpointId, patchEndpointBody } from "./endpoint-schemas";
import { endpointResource, listEndpointPage, type CreatedWebhookEndpointResource } from "./endpoint-store";
import { newSigningSecret } from "./message";
import { sealSigningSecret } from "./secret-vault";

/** The endpoints an account has now, for accountLimitGuard. */
function endpointsOf(accountId: string) {
  return sql`(SELECT count(*) FROM ${webhookEndpoints} WHERE ${webhookEndpoints.accountId} = ${accountId})`;
}

export const webhookEndpointRoutes = new Hono<AppEnv>()
  .use("*", authenticate({ required: true, allowManageToken: false }), rateLimit())

  .post("/", validJson(createEndpointBody), idempotent(), async (c) => {
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

  .get("/", validQuery(listEndpointsQuery), async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const caller = webhookManager(c);
    const { rows, hasMore } = await listEndpointPage(database(c.env.DB), caller.accountId, limit, cursor);
    const last = rows.at(-1)?.endpoint;
    return c.json(
      { data: rows.map(({ endpoint, host }) => endpointResource(endpoint, host)), nextCursor: hasMore && last ? cursorAfter(last.createdAt, last.id) : null },
      200,
      { "Cache-Control": "no-store" },
    );
  })

  .get("/:id", async (c) => {
    const db = database(c.env.DB);
    const { endpoint, host } = await endpointFor(c, db);
    return c.json(endpointResource(endpoint, host), 200, { "Cache-Control": "no-store" });
  })

  .patch("/:id", validJson(patchEndpointBody), async (c) => {
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
        ? { status: "enabled" as const, disabledReason: null, failingSince: sql`CASE WHEN ${status} = 'disabled' THEN NULL ELSE ${webhookEndpoints.failingSince} END` }
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

  .delete("/:id", async (c) => {
    const db = database(c.env.DB);
    const { caller, endpoint } = await endpointFor(c, db);
    // Events still waiting in the outbox name it, but a handoff gives only to endpoints that exist.
    await db.delete(webhookEndpoints).where(and(eq(webhookEndpoints.id, endpoint.id), eq(webhookEndpoints.accountId, caller.accountId)));
    await forgetEndpoint(c.env, endpoint.id);
    return c.body(null, 204);
  })

  .post("/:id/rotate-secret", validJson(emptyBody), idempotent(), async (c) => {
    const db = database(c.env.DB);
    const { caller, endpoint } = await endpointFor(c, db);
    const nowMs = Date.now();
    const secret = newSigningSecret();
    const sealer = sealerOf(c);
    try {
      await db.batch([
        db
          .update(webhookEndpoints)
          // The secret in the row as this statement runs, so a concurrent rotation's is the one kept.
          // Sealed or not, the previous secret moves as stored: it is bound to this endpoint either way.
          .set({ secret: await sealSigningSecret(c.env, endpoint.id, secret), previousSecret: sql`${webhookEndpoints.secret}`, previousSecretExpiresAt: nowMs + ROTATION_OVERLAP_MS })
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
  })

  .route("/", deliveryRoutes);
