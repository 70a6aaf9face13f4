/**
 * GET /api/availability: free slots of a booking type for a range of the visitor's calendar days.
 * The host's Durable Object answers from memory, with the same engine that checks a booking.
 */
import { createRoute } from "@hono/zod-openapi";
import { Hono } from "hono";
import { type Database, database } from "../db/client";
import { addDays, type CalendarDay } from "../domain/calendar-days";
import { ApiError, HOST_OR_TYPE_NOT_FOUND } from "../domain/errors";
import { unwrap } from "../domain/outcome";
import { firstInstantAtOrAfter } from "../domain/zoned-time";
import { hostScheduler } from "../host-scheduler/client";
import { findHost } from "../hosts";
import { authenticate } from "../http/auth";
import type { AppEnv } from "../http/env";
import { CALL_ERRORS, errorAnswers, jsonAnswer, publicOrServiceToken } from "../http/openapi";
import { rateLimit } from "../http/rate-limit";
import { typeAccessFor } from "../http/type-access";
import { validQuery } from "../http/validate";
import { BoundedMap } from "../lib/bounded-map";
import { bookingTypeOwner } from "./booking-access";
import { availability } from "./responses";
import { availabilityQuery } from "./schemas";

export const availabilityOperation = createRoute({
  operationId: "getAvailability",
  method: "get",
  path: "/api/availability",
  tags: ["Booking API"],
  summary: "Free slots",
  description:
    "The free slots of a booking type over whole calendar days of the visitor's `timezone` (at most 62 days). Name the type with `username` and `slug` (numeric id, `bt-` id or the type's slug), or with `bookingType` alone. Public types need no token; a service token sees its account's private types too.",
  security: publicOrServiceToken,
  request: { query: availabilityQuery },
  responses: { 200: jsonAnswer(availability, "The free slots, ascending."), ...errorAnswers([...CALL_ERRORS, "NOT_FOUND"]) },
});

export const availabilityRoutes = new Hono<AppEnv>().on(
  availabilityOperation.method,
  availabilityOperation.getRoutingPath(),
  authenticate({ required: false, allowManageToken: false }),
  rateLimit(),
  validQuery(availabilityQuery),
  async (c) => {
    const query = c.req.valid("query");
    const { username, typeRef, host } = await hostOfQuery(database(c.env.DB), query);
    const access = typeAccessFor(c, host);
    // Inclusive calendar days in the visitor's zone: [start of startDate, start of the day after endDate).
    const json = unwrap(
      await hostScheduler(c.env, host.id).availability({
        hostId: host.id,
        username,
        bookingTypeRef: typeRef,
        fromMs: startOfDay(query.timezone, query.startDate),
        toMs: startOfDay(query.timezone, addDays(query.endDate, 1)),
        durationMinutes: query.duration,
        ...access,
      }),
    );
    return c.body(json, 200, { "Content-Type": "application/json", "Cache-Control": "no-store" });
  },
);

/**
 * The first instant of a calendar day in a zone, remembered: working it out takes six zone-offset
 * lookups (about 0.1 ms of CPU for a request's two days), and visitors of one zone ask for the same
 * few days. A zone's rules do not change while an isolate lives. Bounded.
 */
const dayStarts = new BoundedMap<string, number>(10_000);

function startOfDay(zone: string, day: CalendarDay): number {
  const key = `${zone} ${day}`;
  let startMs = dayStarts.get(key);
  if (startMs === undefined) {
    startMs = firstInstantAtOrAfter(zone, day, 0);
    dayStarts.set(key, startMs);
  }
  return startMs;
}

/** The host and type a query names: `username` with `slug`, or `bookingType` alone (its host is its owner's). */
async function hostOfQuery(db: Database, query: { username?: string; slug?: string; bookingType?: string }) {
  if (query.username !== undefined) {
    const host = await findHost(db, query.username);
    if (!host) throw new ApiError("NOT_FOUND", HOST_OR_TYPE_NOT_FOUND);
    return { username: query.username, typeRef: (query.slug ?? query.bookingType)!, host };
  }
  const typeRef = query.bookingType!;
  const owner = await bookingTypeOwner(db, typeRef);
  if (!owner) throw new ApiError("NOT_FOUND", HOST_OR_TYPE_NOT_FOUND);
  return { username: owner.username, typeRef, host: { id: owner.hostId, accountId: owner.accountId } };
}
