/**
 * A host's calendar connections (design-calendars.md "Connecting"): start one (a single-use state,
 * a PKCE verifier, and the URL of our connect page, which goes on to the provider's consent page),
 * list them, choose which calendars count and which one receives events, and disconnect. Under
 * /api/hosts, which app.ts authenticates and limits once for every call. The connect page is
 * connect-routes.ts; the OAuth callback that completes a connection is oauth-callback.ts.
 */
import { createRoute } from "@hono/zod-openapi";
import { and, eq, inArray } from "drizzle-orm";
import { type Context, Hono } from "hono";
import { z } from "zod";
import { database } from "../db/client";
import { isRecordCollision, recordStatement } from "../db/idempotency-records";
import { calendarConnections, calendarEvents, connectionCalendars } from "../db/schema";
import { ApiError } from "../domain/errors";
import { tellHostChanged } from "../host-scheduler/client";
import { hostFor } from "../hosts";
import type { AppEnv } from "../http/env";
import { idempotent, replayRecorded } from "../http/idempotency";
import { CALL_ERRORS, errorAnswers, idempotencyKeyHeaders, jsonAnswer, jsonBody, POST_ERRORS, serviceTokenOnly, usernameParam } from "../http/openapi";
import { validJson } from "../http/validate";
import { randomToken, sha256Hex } from "../lib/crypto";
import { publicOrigin } from "../lib/public-origin";
import { createConnectionBody, patchConnectionBody } from "./connection-schemas";
import { connectionResource, findHostConnection, hostConnections } from "./connection-store";
import { createCodeVerifier } from "./pkce";
import { configuredProvider, vaultOf } from "./providers";
import { connectionSchema, startedSchema } from "./responses";
import { requireAllowedReturnUrl } from "./return-origins";
import { openTokens, sealVerifier } from "./token-vault";

/** design-calendars.md: the state of an authorization expires after 10 minutes. */
export const STATE_LIFETIME_MS = 10 * 60_000;

const TAG = "Calendars";

const hostParams = z.object({ username: usernameParam });

const connectionParams = z.object({
  username: usernameParam,
  id: z.string().meta({ param: { name: "id", in: "path" }, example: "cal_3f9a2c7d1e5b4a60c2d1" }),
});

const HOST_ERRORS = [...CALL_ERRORS, "FORBIDDEN", "NOT_FOUND"] as const;

export const startCalendarConnectionOperation = createRoute({
  operationId: "startCalendarConnection",
  method: "post",
  path: "/api/hosts/{username}/calendar-connections",
  tags: [TAG],
  summary: "Connect a calendar",
  description:
    "Starts OAuth 2.0 (authorization code + PKCE) with Google or Microsoft. `authorizationUrl` is our connect page, which names the host and the account and, on Continue, goes on to the provider's consent page. The provider sends the host back to `/oauth/callback/{provider}`, which activates the connection (only in the browser that pressed Continue) and then redirects to `returnUrl` (or shows a page of ours). 400 when this deployment has no client for the provider, or when `returnUrl` is on an origin the account does not allow.",
  security: serviceTokenOnly,
  request: { params: hostParams, headers: idempotencyKeyHeaders, body: jsonBody(createConnectionBody) },
  responses: { 201: jsonAnswer(startedSchema, "Started."), ...errorAnswers([...HOST_ERRORS, ...POST_ERRORS], { readsBody: true }) },
});

export const listCalendarConnectionsOperation = createRoute({
  operationId: "listCalendarConnections",
  method: "get",
  path: "/api/hosts/{username}/calendar-connections",
  tags: [TAG],
  summary: "List calendar connections",
  security: serviceTokenOnly,
  request: { params: hostParams },
  responses: { 200: jsonAnswer(z.object({ data: z.array(connectionSchema) }), "The host's connections, oldest first."), ...errorAnswers([...HOST_ERRORS]) },
});

export const updateCalendarConnectionOperation = createRoute({
  operationId: "updateCalendarConnection",
  method: "patch",
  path: "/api/hosts/{username}/calendar-connections/{id}",
  tags: [TAG],
  summary: "Choose calendars",
  description: "Which calendars count for conflicts and which one receives events. Choosing a calendar to receive events unchooses any other of the host's.",
  security: serviceTokenOnly,
  request: { params: connectionParams, body: jsonBody(patchConnectionBody) },
  responses: { 200: jsonAnswer(connectionSchema, "The connection as changed."), ...errorAnswers([...HOST_ERRORS], { readsBody: true }) },
});

export const deleteCalendarConnectionOperation = createRoute({
  operationId: "deleteCalendarConnection",
  method: "delete",
  path: "/api/hosts/{username}/calendar-connections/{id}",
  tags: [TAG],
  summary: "Disconnect a calendar",
  description: "Its tokens are deleted (and revoked at the provider, best effort); its busy times stop counting at once.",
  security: serviceTokenOnly,
  request: { params: connectionParams },
  responses: { 204: { description: "Disconnected." }, ...errorAnswers([...HOST_ERRORS]) },
});

/** In the order the reference shows them. */
export const calendarOperations = [
  startCalendarConnectionOperation,
  listCalendarConnectionsOperation,
  updateCalendarConnectionOperation,
  deleteCalendarConnectionOperation,
];

export const connectionRoutes = new Hono<AppEnv>()
  .on(startCalendarConnectionOperation.method, startCalendarConnectionOperation.getRoutingPath(), validJson(createConnectionBody), idempotent(), async (c) => {
    const { provider: name, returnUrl } = c.req.valid("json");
    const host = await hostFor(c, c.req.param("username"), "hosts:write");
    // 400 now, naming the settings it lacks, when this deployment has no client for the provider.
    configuredProvider(c.env, name);
    const key = await vaultOf(c.env);
    const db = database(c.env.DB);
    const base = publicOrigin(c.env, c.req.url);
    if (returnUrl) await requireAllowedReturnUrl(db, host.accountId, returnUrl, new URL(base).origin);
    const id = `cal_${crypto.randomUUID().replaceAll("-", "").slice(0, 20)}`;
    const state = randomToken("st_");
    const verifier = createCodeVerifier();
    const nowMs = Date.now();
    // Our page, not the provider's: it names the host and the account before anyone consents.
    const authorizationUrl = `${base}/oauth/connect?${new URLSearchParams({ state })}`;
    const answer = JSON.stringify({ id, provider: name, status: "pending", authorizationUrl });
    try {
      await db.batch([
        db.insert(calendarConnections).values({
          id,
          hostId: host.id,
          provider: name,
          status: "pending",
          stateHash: await sha256Hex(state),
          stateExpiresAt: nowMs + STATE_LIFETIME_MS,
          codeVerifierSealed: await sealVerifier(verifier, key, id),
          returnUrl: returnUrl ?? null,
          createdAt: nowMs,
        }),
        recordStatement(db, { ticket: c.get("idempotency"), status: 201, body: answer }, nowMs),
      ]);
    } catch (error) {
      if (isRecordCollision(error)) return replayRecorded(c);
      throw error;
    }
    c.set("idempotencyRecorded", true);
    return c.body(answer, 201, { "Content-Type": "application/json", "Cache-Control": "no-store" });
  })

  .on(listCalendarConnectionsOperation.method, listCalendarConnectionsOperation.getRoutingPath(), async (c) => {
    const host = await hostFor(c, c.req.param("username"), "hosts:read");
    const { rows, calendars } = await hostConnections(database(c.env.DB), host.id);
    return c.json({ data: rows.map((row) => connectionResource(row, calendars)) }, 200, { "Cache-Control": "no-store" });
  })

  .on(updateCalendarConnectionOperation.method, updateCalendarConnectionOperation.getRoutingPath(), validJson(patchConnectionBody), async (c) => {
    const { calendars: choices } = c.req.valid("json");
    const { host, connection } = await connectionFor(c, "hosts:write");
    const db = database(c.env.DB);
    const { calendars } = await hostConnections(db, host.id);
    const own = new Set(calendars.filter((calendar) => calendar.connectionId === connection.id).map((calendar) => calendar.calendarId));
    const unknown = choices.findIndex((choice) => !own.has(choice.id));
    if (unknown >= 0) {
      throw new ApiError("INVALID_REQUEST", `calendars.${unknown}.id: "${choices[unknown]!.id}" is not a calendar of this connection.`, {
        details: [{ path: `calendars.${unknown}.id`, message: "is not a calendar of this connection" }],
      });
    }
    const receiver = choices.find((choice) => choice.receivesEvents === true);
    const updates = choices.map((choice) =>
      db
        .update(connectionCalendars)
        .set({
          ...(choice.checkForConflicts === undefined ? {} : { checkForConflicts: choice.checkForConflicts }),
          ...(choice.receivesEvents === undefined ? {} : { receivesEvents: choice.receivesEvents }),
        })
        .where(and(eq(connectionCalendars.connectionId, connection.id), eq(connectionCalendars.calendarId, choice.id))),
    );
    // At most one calendar of the host receives events: choosing one unchooses every other.
    const others = calendars.filter(
      (calendar) => calendar.receivesEvents && !(calendar.connectionId === connection.id && calendar.calendarId === receiver?.id),
    );
    const unchoose = receiver
      ? others.map((calendar) =>
          db
            .update(connectionCalendars)
            .set({ receivesEvents: false })
            .where(and(eq(connectionCalendars.connectionId, calendar.connectionId), eq(connectionCalendars.calendarId, calendar.calendarId))),
        )
      : [];
    const statements = [...unchoose, ...updates.filter((_, index) => Object.keys(choices[index]!).length > 1)];
    if (statements.length > 0) await db.batch(statements as [(typeof statements)[number], ...(typeof statements)[number][]]);
    await tellHostChanged(c.env, host.id);
    const after = await hostConnections(db, host.id);
    return c.json(connectionResource(connection, after.calendars));
  })

  .on(deleteCalendarConnectionOperation.method, deleteCalendarConnectionOperation.getRoutingPath(), async (c) => {
    const { host, connection } = await connectionFor(c, "hosts:write");
    const db = database(c.env.DB);
    await db.batch([
      // Work that needed this connection can no longer be done: it ends, saying why.
      db
        .update(calendarEvents)
        .set({ status: "failed", lastError: "the calendar connection was deleted" })
        .where(and(eq(calendarEvents.connectionId, connection.id), inArray(calendarEvents.status, ["pending"]))),
      db.delete(connectionCalendars).where(eq(connectionCalendars.connectionId, connection.id)),
      db.delete(calendarConnections).where(eq(calendarConnections.id, connection.id)),
    ]);
    // Its busy times stop counting from the next request on.
    await tellHostChanged(c.env, host.id);
    c.executionCtx.waitUntil(revokeAtProvider(c, connection));
    return c.body(null, 204);
  });

/** The connection `:id` of host `:username`, as the token may see it (else NOT_FOUND). */
async function connectionFor(c: Context<AppEnv>, scope: "hosts:read" | "hosts:write") {
  const host = await hostFor(c, c.req.param("username") ?? "", scope);
  const id = c.req.param("id") ?? "";
  const connection = /^cal_[a-z0-9]{1,40}$/.test(id) ? await findHostConnection(database(c.env.DB), host.id, id) : undefined;
  if (!connection) throw new ApiError("NOT_FOUND", `No calendar connection "${id}" for host "${host.username}".`);
  return { host, connection };
}

/** Best effort, after the answer: the grant is revoked at the provider (Google); its tokens are already gone here. */
async function revokeAtProvider(c: Context<AppEnv>, connection: { id: string; provider: "google" | "microsoft"; tokensSealed: string | null }) {
  try {
    if (!connection.tokensSealed) return;
    const tokens = await openTokens(connection.tokensSealed, await vaultOf(c.env), connection.id);
    const token = tokens?.refreshToken ?? tokens?.accessToken;
    if (token) await configuredProvider(c.env, connection.provider).revoke(token);
  } catch (error) {
    console.error(JSON.stringify({ message: "calendar grant not revoked", connectionId: connection.id, error: String(error) }));
  }
}
