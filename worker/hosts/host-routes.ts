/**
 * Hosts through the API (design-management.md "Hosts"): create, list, read, change and delete.
 * A username is unique across accounts and never reused, deleted hosts included (it is in public
 * URLs). A change of zone and a deletion are told to the host's Durable Object, so the very next
 * availability answer and create follow them; a deleted host's bookings stay readable and cancellable.
 */
import { and, asc, eq, gt, isNull } from "drizzle-orm";
import { Hono } from "hono";
import { d1ErrorMentions, database } from "../db/client";
import { isRecordCollision, recordStatement } from "../db/idempotency-records";
import { users } from "../db/schema";
import type { AppEnv } from "../http/env";
import { ApiError, HOST_OR_TYPE_NOT_FOUND } from "../domain/errors";
import { requireScope } from "../http/access";
import { idempotent, replayRecorded } from "../http/idempotency";
import { validJson, validQuery } from "../http/validate";
import { tellHostChanged } from "../host-scheduler/client";
import { hostFor } from "./host-access";
import { encodeCursor } from "../lib/pagination";
import { createHostBody, hostResource, listHostsQuery, patchHostBody } from "./host-schemas";

/** Under /api/hosts (which authenticates and limits every call). */
export const hostCrudRoutes = new Hono<AppEnv>()
  .post("/", validJson(createHostBody), idempotent(), async (c) => {
    const caller = c.get("caller");
    if (caller.kind !== "service") throw new ApiError("FORBIDDEN", "Only a service token can create hosts.");
    requireScope(caller, "hosts:write");
    if (caller.hostId !== null) throw new ApiError("FORBIDDEN", "A token narrowed to one host cannot create hosts.");
    const body = c.req.valid("json");
    const db = database(c.env.DB);
    const row = { username: body.username, accountId: caller.accountId, name: body.name, timeZone: body.timeZone, email: body.email ?? null, createdAt: Date.now() };
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

  .get("/", validQuery(listHostsQuery), async (c) => {
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
    const page = rows.slice(0, limit);
    return c.json({ data: page.map(hostResource), nextCursor: rows.length > limit ? encodeCursor(page.at(-1)!.id) : null });
  })

  .get("/:username", async (c) => {
    const host = await hostFor(c, c.req.param("username"), "hosts:read");
    return c.json(hostResource(host));
  })

  .patch("/:username", validJson(patchHostBody), async (c) => {
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

  .delete("/:username", async (c) => {
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
