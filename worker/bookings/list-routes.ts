/**
 * GET /api/bookings (design-management.md "Bookings list"): the bookings of the hosts a service token
 * sees, in the shape of GET /api/bookings/:id, ordered by start then id, a page at a time. One D1
 * round trip per page: the page is a keyset read on bookings_host_time_idx (user_id, status,
 * start_ms), batched with the lookup of a named host.
 */
import { createRoute } from "@hono/zod-openapi";
import { and, asc, eq, gt, gte, inArray, lt, or, type SQL, sql } from "drizzle-orm";
import { Hono } from "hono";
import { bookingSchema } from "../booking-api";
import { type Database, database } from "../db/client";
import { BOOKING_STATUSES, bookings, bookingTypes, calendarEvents, users } from "../db/schema";
import { bookingEventColumns, bookingResource } from "../domain/booking-resource";
import type { BookingResponse } from "../domain/contract";
import { ApiError, HOST_OR_TYPE_NOT_FOUND } from "../domain/errors";
import { hasScope } from "../domain/scopes";
import { requireScope, seesHost } from "../http/access";
import { authenticate } from "../http/auth";
import type { AppEnv, Caller } from "../http/env";
import { CALL_ERRORS, errorAnswers, jsonAnswer, listOf, serviceTokenOnly } from "../http/openapi";
import { rateLimit } from "../http/rate-limit";
import { validQuery } from "../http/validate";
import { keysetPage } from "../lib/pagination";
import { type BookingListQuery, bookingListQuery, cursorAfter } from "./list-params";

type ServiceCaller = Extract<Caller, { kind: "service" }>;

/** Service tokens only: an attendee's manage token is for its own booking, never a list (401). */
const serviceToken = authenticate({ required: true, allowManageToken: false });

export interface BookingListResponse {
  data: BookingResponse[];
  nextCursor: string | null;
}

export const listBookingsOperation = createRoute({
  operationId: "listBookings",
  method: "get",
  path: "/api/bookings",
  tags: ["Bookings"],
  summary: "List bookings",
  description:
    "Bookings of the hosts the token sees (or of `host`), ordered by start, in the shape of `GET /api/bookings/{id}`. `from` is included and `to` excluded; both bound the start. Needs `bookings:read`.",
  security: serviceTokenOnly,
  request: { query: bookingListQuery },
  responses: { 200: jsonAnswer(listOf(bookingSchema), "A page of bookings."), ...errorAnswers([...CALL_ERRORS, "FORBIDDEN", "NOT_FOUND"]) },
});

export const bookingListOperations = [listBookingsOperation];

export const bookingListRoutes = new Hono<AppEnv>().on(
  listBookingsOperation.method,
  listBookingsOperation.getRoutingPath(),
  serviceToken,
  rateLimit(),
  validQuery(bookingListQuery),
  async (c) => {
    const caller = c.get("caller");
    if (caller.kind !== "service") throw new ApiError("UNAUTHORIZED", "Listing bookings needs a service token.");
    const query = c.req.valid("query");
    const db = database(c.env.DB);
    // Visibility before permission: a named host the token cannot see is NOT_FOUND even without the scope.
    if (!hasScope(caller.scopes, "bookings:read")) {
      if (query.host !== undefined) requireVisible(caller, await hostNamed(db, query.host));
      requireScope(caller, "bookings:read");
    }
    const page = pageQuery(db, caller, query);
    let rows: Awaited<typeof page>;
    if (query.host === undefined) {
      rows = await page;
    } else {
      const [host, found] = await db.batch([hostNamed(db, query.host), page]);
      requireVisible(caller, host);
      rows = found;
    }
    const { page: shown, nextCursor } = keysetPage(rows, query.limit, (last) => cursorAfter({ startMs: last.booking.startMs, id: last.booking.id }));
    const response: BookingListResponse = { data: shown.map((row) => bookingResource(row.booking, row.username, row.type, row.event)), nextCursor };
    return c.json(response, 200, { "Cache-Control": "no-store" });
  },
);

function hostNamed(db: Database, username: string) {
  return db.select({ id: users.id, accountId: users.accountId }).from(users).where(eq(users.username, username));
}

function requireVisible(caller: ServiceCaller, found: { id: number; accountId: string }[]): void {
  const host = found[0];
  if (!host || !seesHost(caller, host)) throw new ApiError("NOT_FOUND", HOST_OR_TYPE_NOT_FOUND);
}

/**
 * One more row than the page, to know whether another follows. The status is always constrained
 * (both values when unfiltered) so each host's rows are a range of the index; the cursor's
 * `start_ms >= ?` bounds that range and the `(start_ms, id) > cursor` test settles ties.
 */
function pageQuery(db: Database, caller: ServiceCaller, query: BookingListQuery) {
  const conditions: (SQL | undefined)[] = [
    eq(users.accountId, caller.accountId),
    caller.hostId === null ? undefined : eq(bookings.userId, caller.hostId),
    query.host === undefined ? undefined : eq(users.username, query.host),
    query.status === undefined ? inArray(bookings.status, [...BOOKING_STATUSES]) : eq(bookings.status, query.status),
    query.from === undefined ? undefined : gte(bookings.startMs, query.from),
    query.to === undefined ? undefined : lt(bookings.startMs, query.to),
  ];
  if (query.cursor) {
    const after = query.cursor;
    conditions.push(gte(bookings.startMs, after.startMs), or(gt(bookings.startMs, after.startMs), gt(bookings.id, after.id)));
  }
  return db
    .select({
      booking: {
        id: bookings.id,
        startMs: bookings.startMs,
        endMs: bookings.endMs,
        status: bookings.status,
        attendeeEmail: bookings.attendeeEmail,
        attendeeName: bookings.attendeeName,
        attendeeTimeZone: bookings.attendeeTimeZone,
        attendeeLocale: bookings.attendeeLocale,
        notes: bookings.notes,
        metadata: bookings.metadata,
        answers: bookings.answers,
        rescheduledFromId: bookings.rescheduledFromId,
        rescheduledToId: bookings.rescheduledToId,
        createdAt: bookings.createdAt,
        cancelledAt: bookings.cancelledAt,
      },
      username: users.username,
      // In a batch drizzle reads D1's rows as objects keyed by column name, so a second "id" would
      // overwrite the booking's and shift every later column: the type's id gets a name of its own.
      type: { id: sql<number>`${bookingTypes.id}`.as("type_id"), publicId: bookingTypes.publicId, title: bookingTypes.title },
      event: bookingEventColumns,
    })
    .from(bookings)
    .innerJoin(users, eq(users.id, bookings.userId))
    .innerJoin(bookingTypes, eq(bookingTypes.id, bookings.bookingTypeId))
    .leftJoin(calendarEvents, eq(calendarEvents.bookingId, bookings.id))
    .where(and(...conditions))
    .orderBy(asc(bookings.startMs), asc(bookings.id))
    .limit(query.limit + 1);
}
