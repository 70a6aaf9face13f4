/**
 * A host's weekly hours and date overrides, in the host's zone (design-management.md "Weekly hours and
 * date overrides"): GET and PUT /api/hosts/:username/schedule, GET …/overrides?from&to, PUT and
 * DELETE …/overrides/:date. Each write replaces its rows in one D1 batch (all or nothing), then tells
 * the host's Durable Object, so the very next availability answer and create follow it.
 */
import { createRoute } from "@hono/zod-openapi";
import { and, between, eq } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { database } from "../db/client";
import { dateOverrides, weeklyHours } from "../db/schema";
import { ApiError } from "../domain/errors";
import { unwrap } from "../domain/outcome";
import { acceptOverrideDate, dateOverrideResources, dateOverrideRows, scheduleResource, WEEKDAY_KEYS, weeklyHoursRows } from "../domain/weekly-schedule";
import { localDateOf } from "../domain/zoned-time";
import { tellHostChanged } from "../host-scheduler/client";
import type { AppEnv } from "../http/env";
import { errorAnswers, jsonAnswer, jsonBody, serviceTokenOnly } from "../http/openapi";
import { validJson, validQuery } from "../http/validate";
import { hostFor } from "./host-access";
import { dateOverride, HOST_ERRORS, HOURS_TAG, hostParams, overrideParams, schedule } from "./responses";
import { dateOverrideBody, overrideDate, overrideRange, scheduleBody } from "./schedule-schemas";

export const getScheduleOperation = createRoute({
  operationId: "getSchedule",
  method: "get",
  path: "/api/hosts/{username}/schedule",
  tags: [HOURS_TAG],
  summary: "Weekly hours",
  security: serviceTokenOnly,
  request: { params: hostParams },
  responses: { 200: jsonAnswer(schedule, "All seven days, intervals sorted; `[]` is a closed day."), ...errorAnswers([...HOST_ERRORS]) },
});

export const replaceScheduleOperation = createRoute({
  operationId: "replaceSchedule",
  method: "put",
  path: "/api/hosts/{username}/schedule",
  tags: [HOURS_TAG],
  summary: "Replace the weekly hours",
  description:
    "All seven days (`[]` for a closed day), in the host's zone. Per day: `start < end`, no overlaps, at most 24 intervals; a refusal names the day and the interval and changes nothing. Existing bookings are never touched.",
  security: serviceTokenOnly,
  request: { params: hostParams, body: jsonBody(scheduleBody) },
  responses: { 200: jsonAnswer(schedule, "The hours as stored."), ...errorAnswers([...HOST_ERRORS], { readsBody: true }) },
});

export const listDateOverridesOperation = createRoute({
  operationId: "listDateOverrides",
  method: "get",
  path: "/api/hosts/{username}/overrides",
  tags: [HOURS_TAG],
  summary: "Date overrides",
  description: "The overrides from `from` to `to`, both included (at most 366 days).",
  security: serviceTokenOnly,
  request: { params: hostParams, query: overrideRange },
  responses: { 200: jsonAnswer(z.object({ data: z.array(dateOverride) }), "By date."), ...errorAnswers([...HOST_ERRORS]) },
});

export const setDateOverrideOperation = createRoute({
  operationId: "setDateOverride",
  method: "put",
  path: "/api/hosts/{username}/overrides/{date}",
  tags: [HOURS_TAG],
  summary: "Set one date's hours",
  description: "That day's hours instead of the weekly ones: `[]` closes it, hours on a closed day open it. Today and later only.",
  security: serviceTokenOnly,
  request: { params: overrideParams, body: jsonBody(dateOverrideBody) },
  responses: { 200: jsonAnswer(dateOverride, "The override as stored."), ...errorAnswers([...HOST_ERRORS], { readsBody: true }) },
});

export const deleteDateOverrideOperation = createRoute({
  operationId: "deleteDateOverride",
  method: "delete",
  path: "/api/hosts/{username}/overrides/{date}",
  tags: [HOURS_TAG],
  summary: "Remove one date's override",
  description: "The weekly hours apply to that date again.",
  security: serviceTokenOnly,
  request: { params: overrideParams },
  responses: { 204: { description: "Removed (or there was none)." }, ...errorAnswers([...HOST_ERRORS]) },
});

/** app.ts checks the token and counts the rate limit for everything under /api/hosts. */
export const scheduleRoutes = new Hono<AppEnv>()
  .on(getScheduleOperation.method, getScheduleOperation.getRoutingPath(), async (c) => {
    const host = await hostFor(c, c.req.param("username"), "hosts:read");
    const rows = await database(c.env.DB).select().from(weeklyHours).where(eq(weeklyHours.userId, host.id));
    return c.json(scheduleResource(host.timeZone, rows));
  })

  .on(replaceScheduleOperation.method, replaceScheduleOperation.getRoutingPath(), validJson(scheduleBody), async (c) => {
    const { weekly } = c.req.valid("json");
    const host = await hostFor(c, c.req.param("username"), "hosts:write");
    const db = database(c.env.DB);
    const rows = weeklyHoursRows(weekly).map((row) => ({ ...row, userId: host.id }));
    // One insert per day keeps each statement within D1's bound-parameter limit (24 intervals × 4).
    const inserts = WEEKDAY_KEYS.map((_, index) => rows.filter((row) => row.weekday === index + 1))
      .filter((dayRows) => dayRows.length > 0)
      .map((dayRows) => db.insert(weeklyHours).values(dayRows));
    await db.batch([db.delete(weeklyHours).where(eq(weeklyHours.userId, host.id)), ...inserts]);
    await tellHostChanged(c.env, host.id);
    return c.json(scheduleResource(host.timeZone, rows));
  })

  .on(listDateOverridesOperation.method, listDateOverridesOperation.getRoutingPath(), validQuery(overrideRange), async (c) => {
    const { from, to } = c.req.valid("query");
    const host = await hostFor(c, c.req.param("username"), "hosts:read");
    const rows = await database(c.env.DB)
      .select()
      .from(dateOverrides)
      .where(and(eq(dateOverrides.userId, host.id), between(dateOverrides.date, from, to)));
    return c.json({ data: dateOverrideResources(rows) });
  })

  .on(setDateOverrideOperation.method, setDateOverrideOperation.getRoutingPath(), validJson(dateOverrideBody), async (c) => {
    const { intervals } = c.req.valid("json");
    const date = validDate(c.req.param("date"));
    const host = await hostFor(c, c.req.param("username"), "hosts:write");
    unwrap(acceptOverrideDate(date, localDateOf(host.timeZone, Date.now())));
    const db = database(c.env.DB);
    const rows = dateOverrideRows(date, intervals).map((row) => ({ ...row, userId: host.id }));
    await db.batch([
      db.delete(dateOverrides).where(and(eq(dateOverrides.userId, host.id), eq(dateOverrides.date, date))),
      db.insert(dateOverrides).values(rows),
    ]);
    await tellHostChanged(c.env, host.id);
    return c.json(dateOverrideResources(rows)[0]);
  })

  .on(deleteDateOverrideOperation.method, deleteDateOverrideOperation.getRoutingPath(), async (c) => {
    const date = validDate(c.req.param("date"));
    const host = await hostFor(c, c.req.param("username"), "hosts:write");
    await database(c.env.DB)
      .delete(dateOverrides)
      .where(and(eq(dateOverrides.userId, host.id), eq(dateOverrides.date, date)))
      .run();
    await tellHostChanged(c.env, host.id);
    return c.body(null, 204);
  });

function validDate(text: string): string {
  const parsed = overrideDate.safeParse(text);
  if (!parsed.success) throw new ApiError("INVALID_REQUEST", `date: ${parsed.error.issues[0]?.message ?? "must be YYYY-MM-DD"}`);
  return parsed.data;
}
