/**
 * Booking types through the API (design-management.md "Booking types"): create and list under a host
 * (`/api/hosts/:username/booking-types`), read, change and archive by reference
 * (`/api/booking-types/:ref`). Every change is told to the host's Durable Object, so the very next
 * availability answer and create follow it.
 */
import { createRoute } from "@hono/zod-openapi";
import { and, asc, eq, getTableColumns, gt, isNull, max } from "drizzle-orm";
import { type Context, Hono } from "hono";
import { z } from "zod";
import { d1ErrorMentions, database } from "../db/client";
import { isRecordCollision, recordStatement } from "../db/idempotency-records";
import { bookingTypes, users } from "../db/schema";
import {
  type BookingTypeColumns,
  bookingTypeColumns,
  bookingTypeResource,
  mergeBookingTypePatch,
  newBookingTypePublicId,
  type StoredBookingType,
} from "../domain/booking-type-rules";
import { ApiError, HOST_OR_TYPE_NOT_FOUND } from "../domain/errors";
import type { Scope } from "../domain/scopes";
import { tellHostChanged } from "../host-scheduler/client";
import { hostFor } from "../hosts";
import { requireScope, seesHost } from "../http/access";
import { authenticate } from "../http/auth";
import type { AppEnv } from "../http/env";
import { bookingTypeRef } from "../http/fields";
import { idempotent, replayRecorded } from "../http/idempotency";
import {
  errorAnswers,
  idempotencyKeyHeaders,
  jsonAnswer,
  jsonBody,
  listOf,
  locationHeader,
  POST_ERRORS,
  serviceTokenOnly,
  usernameParam,
} from "../http/openapi";
import { rateLimit } from "../http/rate-limit";
import { validJson, validQuery } from "../http/validate";
import { encodeCursor, keysetPage } from "../lib/pagination";
import { typeRefCondition } from "./lookup";
import { BOOKING_TYPES_TAG, bookingTypeSchema, refParams, TYPE_ERRORS } from "./responses";
import { createBookingTypeBody, listBookingTypesQuery, patchBookingTypeBody } from "./schemas";

const hostParams = z.object({ username: usernameParam });

export const createBookingTypeOperation = createRoute({
  operationId: "createBookingType",
  method: "post",
  path: "/api/hosts/{username}/booking-types",
  tags: [BOOKING_TYPES_TAG],
  summary: "Create a booking type",
  description:
    "`durations` 1–10 distinct lengths of 5–720 minutes (`duration`, the default, one of them); the rest takes its default when left out. A `slug` is unique per host. `questions` (up to 10) are what the booking form asks besides name, e-mail and notes. `reminders` (default `[1440]`, a day before) say when the attendee is reminded by e-mail; `emailAttendee` and `emailHost` (default true) turn e-mail to either off.",
  security: serviceTokenOnly,
  request: { params: hostParams, headers: idempotencyKeyHeaders, body: jsonBody(createBookingTypeBody) },
  responses: {
    201: jsonAnswer(bookingTypeSchema, "Created.", locationHeader),
    ...errorAnswers([...TYPE_ERRORS, ...POST_ERRORS, "ALREADY_EXISTS"], { readsBody: true }),
  },
});

export const listBookingTypesOperation = createRoute({
  operationId: "listBookingTypes",
  method: "get",
  path: "/api/hosts/{username}/booking-types",
  tags: [BOOKING_TYPES_TAG],
  summary: "List a host's booking types",
  security: serviceTokenOnly,
  request: { params: hostParams, query: listBookingTypesQuery },
  responses: { 200: jsonAnswer(listOf(bookingTypeSchema), "A page of types, oldest first."), ...errorAnswers([...TYPE_ERRORS]) },
});

/** app.ts checks the token and counts the rate limit for everything under /api/hosts. */
export const hostBookingTypeRoutes = new Hono<AppEnv>()
  .on(createBookingTypeOperation.method, createBookingTypeOperation.getRoutingPath(), validJson(createBookingTypeBody), idempotent(), async (c) => {
    const host = await hostFor(c, c.req.param("username"), "hosts:write");
    const created = await insertTypeWithRecord(c, host, bookingTypeColumns(c.req.valid("json")));
    if (created === "replayed") return replayRecorded(c);
    c.set("idempotencyRecorded", true);
    await tellHostChanged(c.env, host.id);
    return c.body(created.body, 201, { "Content-Type": "application/json", Location: `/api/booking-types/${created.id}` });
  })

  .on(listBookingTypesOperation.method, listBookingTypesOperation.getRoutingPath(), validQuery(listBookingTypesQuery), async (c) => {
    const { archived, limit, cursor } = c.req.valid("query");
    const host = await hostFor(c, c.req.param("username"), "hosts:read");
    const rows = await database(c.env.DB)
      .select()
      .from(bookingTypes)
      .where(
        and(
          eq(bookingTypes.userId, host.id),
          archived === "true" ? undefined : isNull(bookingTypes.archivedAt),
          cursor === undefined ? undefined : gt(bookingTypes.id, cursor),
        ),
      )
      .orderBy(asc(bookingTypes.id))
      .limit(limit + 1);
    const { page, nextCursor } = keysetPage(rows, limit, (last) => encodeCursor(last.id));
    return c.json({ data: page.map((row) => bookingTypeResource({ ...row, hostUsername: host.username })), nextCursor });
  });

const serviceToken = authenticate({ required: true, allowManageToken: false });

export const getBookingTypeOperation = createRoute({
  operationId: "getBookingType",
  method: "get",
  path: "/api/booking-types/{ref}",
  tags: [BOOKING_TYPES_TAG],
  summary: "A booking type",
  security: serviceTokenOnly,
  request: { params: refParams },
  responses: { 200: jsonAnswer(bookingTypeSchema, "The type."), ...errorAnswers([...TYPE_ERRORS]) },
});

export const updateBookingTypeOperation = createRoute({
  operationId: "updateBookingType",
  method: "patch",
  path: "/api/booking-types/{ref}",
  tags: [BOOKING_TYPES_TAG],
  summary: "Change a booking type",
  description:
    "Any setting; absent fields are unchanged, `null` clears a nullable one. The next availability answer and create follow the change. New `questions` replace the list; answers stored on existing bookings stay as they are. New `reminders` replace the list too.",
  security: serviceTokenOnly,
  request: { params: refParams, body: jsonBody(patchBookingTypeBody) },
  responses: { 200: jsonAnswer(bookingTypeSchema, "The type as changed."), ...errorAnswers([...TYPE_ERRORS, "ALREADY_EXISTS"], { readsBody: true }) },
});

export const archiveBookingTypeOperation = createRoute({
  operationId: "archiveBookingType",
  method: "delete",
  path: "/api/booking-types/{ref}",
  tags: [BOOKING_TYPES_TAG],
  summary: "Archive a booking type",
  description: "No new bookings; existing ones are untouched. Archiving an archived type changes nothing.",
  security: serviceTokenOnly,
  request: { params: refParams },
  responses: { 204: { description: "Archived." }, ...errorAnswers([...TYPE_ERRORS]) },
});

/** Beside the public lookup `GET /api/booking-types?username&slug`; each call checks its own token. */
export const bookingTypeManagementRoutes = new Hono<AppEnv>()
  .on(getBookingTypeOperation.method, getBookingTypeOperation.getRoutingPath(), serviceToken, rateLimit(), async (c) => {
    const found = await typeFor(c, "hosts:read");
    return c.json(bookingTypeResource(found));
  })

  .on(updateBookingTypeOperation.method, updateBookingTypeOperation.getRoutingPath(), serviceToken, rateLimit(), validJson(patchBookingTypeBody), async (c) => {
    const found = await typeFor(c, "hosts:write");
    const merged = mergeBookingTypePatch(found, c.req.valid("json"));
    if (!merged.ok) throw new ApiError("INVALID_REQUEST", `${merged.issue.path}: ${merged.issue.message}`, { details: [merged.issue] });
    const db = database(c.env.DB);
    await refusingTakenSlug(db.update(bookingTypes).set(merged.value).where(eq(bookingTypes.id, found.id)).run(), merged.value.slug);
    await tellHostChanged(c.env, found.userId);
    return c.json(bookingTypeResource({ ...found, ...merged.value }));
  })

  .on(archiveBookingTypeOperation.method, archiveBookingTypeOperation.getRoutingPath(), serviceToken, rateLimit(), async (c) => {
    const found = await typeFor(c, "hosts:write");
    if (found.archivedAt === null) {
      await database(c.env.DB).update(bookingTypes).set({ archivedAt: Date.now() }).where(eq(bookingTypes.id, found.id)).run();
      await tellHostChanged(c.env, found.userId);
    }
    return c.body(null, 204);
  });

/** Create and list under a host, then read, change and archive by reference: the order the reference shows them. */
export const bookingTypeOperations = [
  createBookingTypeOperation,
  listBookingTypesOperation,
  getBookingTypeOperation,
  updateBookingTypeOperation,
  archiveBookingTypeOperation,
];

/** The type `:ref` names (numeric or string id: a slug needs its host), if the token sees its host and it is not deleted. */
async function typeFor(c: Context<AppEnv>, scope: Scope): Promise<StoredBookingType & { userId: number }> {
  const ref = c.req.param("ref") ?? "";
  const caller = c.get("caller");
  const parsed = bookingTypeRef.safeParse(ref);
  const found = parsed.success
    ? await database(c.env.DB)
        .select({ ...getTableColumns(bookingTypes), hostUsername: users.username, accountId: users.accountId, hostDeletedAt: users.deletedAt })
        .from(bookingTypes)
        .innerJoin(users, eq(users.id, bookingTypes.userId))
        .where(typeRefCondition(parsed.data))
        .get()
    : undefined;
  if (!found || found.hostDeletedAt !== null || caller.kind !== "service" || !seesHost(caller, { id: found.userId, accountId: found.accountId })) {
    throw new ApiError("NOT_FOUND", HOST_OR_TYPE_NOT_FOUND);
  }
  requireScope(caller, scope);
  return found;
}

/** How often a create draws a new id when a concurrent create took the one it chose. */
const ID_ATTEMPTS = 5;

/**
 * Inserts the type and its Idempotency-Key's record in one D1 batch, so a retry after a lost answer
 * replays this type instead of creating a second. The recorded answer names the id, so the id is
 * chosen first (the next after the highest): a concurrent create that took it fails the whole batch
 * on the primary key, and this draws again, as it does on the rare clash of the random string id.
 */
async function insertTypeWithRecord(
  c: Context<AppEnv>,
  host: { id: number; username: string },
  columns: BookingTypeColumns,
): Promise<{ id: number; body: string } | "replayed"> {
  const db = database(c.env.DB);
  for (let attempt = 1; ; attempt += 1) {
    const highest = await db
      .select({ id: max(bookingTypes.id) })
      .from(bookingTypes)
      .get();
    const nowMs = Date.now();
    const row = { ...columns, id: (highest?.id ?? 0) + 1, publicId: newBookingTypePublicId(), userId: host.id, createdAt: nowMs, archivedAt: null };
    const body = JSON.stringify(bookingTypeResource({ ...row, hostUsername: host.username }));
    try {
      await db.batch([db.insert(bookingTypes).values(row), recordStatement(db, { ticket: c.get("idempotency"), status: 201, body }, nowMs)]);
      return { id: row.id, body };
    } catch (error) {
      if (isRecordCollision(error)) return "replayed";
      if (d1ErrorMentions(error, "booking_types.slug")) throw slugTaken(columns.slug);
      const idTaken = d1ErrorMentions(error, "booking_types.id") || d1ErrorMentions(error, "booking_types.public_id");
      if (!idTaken || attempt === ID_ATTEMPTS) throw error;
    }
  }
}

async function refusingTakenSlug<T>(write: Promise<T>, slug: string | null): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (d1ErrorMentions(error, "booking_types.slug")) throw slugTaken(slug);
    throw error;
  }
}

function slugTaken(slug: string | null): ApiError {
  return new ApiError("ALREADY_EXISTS", `slug: this host already has a booking type "${slug}".`, { details: [{ path: "slug", message: "is taken" }] });
}
