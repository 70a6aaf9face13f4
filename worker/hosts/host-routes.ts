/**
 * Hosts through the API (design-management.md "Hosts"): create, list, read, change and delete.
 * A username is unique across accounts and never reused, deleted hosts included (it is in public
 * URLs). A change of zone and a deletion are told to the host's Durable Object, so the very next
 * availability answer and create follow them; a deleted host's bookings stay readable and cancellable.
 */
import { createRoute } from "@hono/zod-openapi";
import { and, asc, eq, gt, isNull } from "drizzle-orm";
import { Hono } from "hono";
import { d1ErrorMentions, database } from "../db/client";
import { isRecordCollision, recordStatement } from "../db/idempotency-records";
import { users } from "../db/schema";
import { ApiError, HOST_OR_TYPE_NOT_FOUND } from "../domain/errors";
import { tellHostChanged } from "../host-scheduler/client";
import { requireScope } from "../http/access";
import type { AppEnv } from "../http/env";
import { idempotent, replayRecorded } from "../http/idempotency";
import { CALL_ERRORS, errorAnswers, idempotencyKeyHeaders, jsonAnswer, jsonBody, listOf, locationHeader, POST_ERRORS, serviceTokenOnly } from "../http/openapi";
import { validJson, validQuery } from "../http/validate";
import { encodeCursor, keysetPage } from "../lib/pagination";
import { hostFor } from "./host-access";
import { createHostBody, hostResource, listHostsQuery, patchHostBody } from "./host-schemas";
import { HOST_ERRORS, HOSTS_TAG, hostParams, hostSchema } from "./responses";

export const createHostOperation = createRoute({
  operationId: "createHost",
  method: "post",
  path: "/api/hosts",
  tags: [HOSTS_TAG],
  summary: "Create a host",
  description: "Needs `hosts:write` on an account-wide token. Usernames are unique across all accounts and never reused.",
  security: serviceTokenOnly,
  request: { headers: idempotencyKeyHeaders, body: jsonBody(createHostBody) },
  responses: {
    201: jsonAnswer(hostSchema, "Created.", locationHeader),
    ...errorAnswers([...CALL_ERRORS, ...POST_ERRORS, "FORBIDDEN", "ALREADY_EXISTS"], { readsBody: true }),
  },
});

export const listHostsOperation = createRoute({
  operationId: "listHosts",
  method: "get",
  path: "/api/hosts",
  tags: [HOSTS_TAG],
  summary: "List hosts",
  description: "The hosts the token sees (deleted ones left out), in creation order.",
  security: serviceTokenOnly,
  request: { query: listHostsQuery },
  responses: { 200: jsonAnswer(listOf(hostSchema), "A page of hosts."), ...errorAnswers([...CALL_ERRORS, "FORBIDDEN"]) },
});

export const getHostOperation = createRoute({
  operationId: "getHost",
  method: "get",
  path: "/api/hosts/{username}",
  tags: [HOSTS_TAG],
  summary: "A host",
  security: serviceTokenOnly,
  request: { params: hostParams },
  responses: { 200: jsonAnswer(hostSchema, "The host."), ...errorAnswers([...HOST_ERRORS]) },
});

export const updateHostOperation = createRoute({
  operationId: "updateHost",
  method: "patch",
  path: "/api/hosts/{username}",
  tags: [HOSTS_TAG],
  summary: "Change a host",
  description: "A new `timeZone` reads the weekly hours in the new zone from the next request on; `email: null` clears it.",
  security: serviceTokenOnly,
  request: { params: hostParams, body: jsonBody(patchHostBody) },
  responses: { 200: jsonAnswer(hostSchema, "The host as changed."), ...errorAnswers([...HOST_ERRORS], { readsBody: true }) },
});

export const deleteHostOperation = createRoute({
  operationId: "deleteHost",
  method: "delete",
  path: "/api/hosts/{username}",
  tags: [HOSTS_TAG],
  summary: "Delete a host",
  description: "The host can no longer be booked; its bookings stay readable and cancellable; its username is never reused.",
  security: serviceTokenOnly,
  request: { params: hostParams },
  responses: { 204: { description: "Deleted." }, ...errorAnswers([...HOST_ERRORS]) },
});

/** app.ts checks the token and counts the rate limit for everything under /api/hosts. */
export const hostCrudRoutes = new Hono<AppEnv>()
  .on(createHostOperation.method, createHostOperation.getRoutingPath(), validJson(createHostBody), idempotent(), async (c) => {
    const caller = c.get("caller");
    if (caller.kind !== "service") throw new ApiError("FORBIDDEN", "Only a service token can create hosts.");
    requireScope(caller, "hosts:write");
    if (caller.hostId !== null) throw new ApiError("FORBIDDEN", "A token narrowed to one host cannot create hosts.");
    const body = c.req.valid("json");
    const db = database(c.env.DB);
    const row = {
      username: body.username,
      accountId: caller.accountId,
      name: body.name,
      timeZone: body.timeZone,
      email: body.email ?? null,
      createdAt: Date.now(),
    };
    const answer = JSON.stringify(hostResource(row));
    try {
      // With its Idempotency-Key's record, so a retry after a lost answer replays it (not 409 ALREADY_EXISTS).
      await db.batch([db.insert(users).values(row), recordStatement(db, { ticket: c.get("idempotency"), status: 201, body: answer }, row.createdAt)]);
    } catch (error) {
      if (isRecordCollision(error)) return replayRecorded(c);
      if (d1ErrorMentions(error, "users.username")) {
        throw new ApiError("ALREADY_EXISTS", `username: "${body.username}" is taken (usernames are never reused).`, {
          details: [{ path: "username", message: "is taken" }],
        });
      }
      throw error;
    }
    c.set("idempotencyRecorded", true);
    return c.body(answer, 201, { "Content-Type": "application/json", Location: `/api/hosts/${row.username}` });
  })

  .on(listHostsOperation.method, listHostsOperation.getRoutingPath(), validQuery(listHostsQuery), async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const caller = c.get("caller");
    if (caller.kind !== "service") throw new ApiError("FORBIDDEN", "Only a service token can list hosts.");
    requireScope(caller, "hosts:read");
    const rows = await database(c.env.DB)
      .select()
      .from(users)
      .where(
        and(
          eq(users.accountId, caller.accountId),
          caller.hostId === null ? undefined : eq(users.id, caller.hostId),
          isNull(users.deletedAt),
          cursor === undefined ? undefined : gt(users.id, cursor),
        ),
      )
      .orderBy(asc(users.id))
      .limit(limit + 1);
    const { page, nextCursor } = keysetPage(rows, limit, (last) => encodeCursor(last.id));
    return c.json({ data: page.map(hostResource), nextCursor });
  })

  .on(getHostOperation.method, getHostOperation.getRoutingPath(), async (c) => {
    const host = await hostFor(c, c.req.param("username"), "hosts:read");
    return c.json(hostResource(host));
  })

  .on(updateHostOperation.method, updateHostOperation.getRoutingPath(), validJson(patchHostBody), async (c) => {
    const patch = c.req.valid("json");
    const host = await hostFor(c, c.req.param("username"), "hosts:write");
    const changes = {
      ...(patch.name === undefined ? {} : { name: patch.name }),
      ...(patch.timeZone === undefined ? {} : { timeZone: patch.timeZone }),
      ...(patch.email === undefined ? {} : { email: patch.email }),
    };
    if (Object.keys(changes).length === 0) return c.json(hostResource(host));
    // Guarded on deleted_at: a delete that committed since hostFor read the row wins.
    const [row] = await database(c.env.DB)
      .update(users)
      .set(changes)
      .where(and(eq(users.id, host.id), isNull(users.deletedAt)))
      .returning();
    if (!row) throw new ApiError("NOT_FOUND", HOST_OR_TYPE_NOT_FOUND);
    // Weekly hours are read in the host's zone: the very next answer must use the new one.
    if (changes.timeZone !== undefined) await tellHostChanged(c.env, host.id);
    return c.json(hostResource(row));
  })

  .on(deleteHostOperation.method, deleteHostOperation.getRoutingPath(), async (c) => {
    const host = await hostFor(c, c.req.param("username"), "hosts:write");
    await database(c.env.DB)
      .update(users)
      .set({ deletedAt: Date.now() })
      .where(and(eq(users.id, host.id), isNull(users.deletedAt)))
      .run();
    // Its object stops offering slots and taking bookings from the next request on.
    await tellHostChanged(c.env, host.id);
    return c.body(null, 204);
  });
