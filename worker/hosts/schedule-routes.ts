/**
 * A host's weekly hours and date overrides, in the host's zone (design-management.md "Weekly hours and
 * date overrides"): GET and PUT /api/hosts/:username/schedule, GET …/overrides?from&to, PUT and
 * DELETE …/overrides/:date. Each write replaces its rows in one D1 batch (all or nothing), then tells
 * the host's Durable Object, so the very next availability answer and create follow it.
 */
import { and, between, eq } from "drizzle-orm";
import { Hono } from "hono";
import { database } from "../db/client";
import { dateOverrides, weeklyHours } from "../db/schema";
import { unwrap } from "../domain/outcome";
import { acceptOverrideDate, dateOverrideResources, dateOverrideRows, scheduleResource, WEEKDAY_KEYS, weeklyHoursRows } from "../domain/weekly-schedule";
import { localDateOf } from "../domain/zoned-time";
import type { AppEnv } from "../http/env";
import { ApiError } from "../domain/errors";
import { validJson, validQuery } from "../http/validate";
import { tellHostChanged } from "../host-scheduler/client";
import { dateOverrideBody, overrideDate, overrideRange, scheduleBody } from "./schedule-schemas";
import { hostFor } from "./host-access";

/** Under /api/hosts (which authenticates and limits every call). */
export const scheduleRoutes = new Hono<AppEnv>()
  .get("/:username/schedule", async (c) => {
    const host = await hostFor(c, c.req.param("username"), "hosts:read");
    const rows = await database(c.env.DB).select().from(weeklyHours).where(eq(weeklyHours.userId, host.id));
    return c.json(scheduleResource(host.timeZone, rows));
  })

  .put("/:username/schedule", validJson(scheduleBody), async (c) => {
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

  .get("/:username/overrides", validQuery(overrideRange), async (c) => {
    const { from, to } = c.req.valid("query");
    const host = await hostFor(c, c.req.param("username"), "hosts:read");
    const rows = await database(c.env.DB)
      .select()
      .from(dateOverrides)
      .where(and(eq(dateOverrides.userId, host.id), between(dateOverrides.date, from, to)));
    return c.json({ data: dateOverrideResources(rows) });
  })

  .put("/:username/overrides/:date", validJson(dateOverrideBody), async (c) => {
    const { intervals } = c.req.valid("json");
    const date = validDate(c.req.param("date"));
    const host = await hostFor(c, c.req.param("username"), "hosts:write");
    unwrap(acceptOverrideDate(date, localDateOf(host.timeZone, Date.now())));
    const db = database(c.env.DB);
    const rows = dateOverrideRows(date, intervals).map((row) => ({ ...row, userId: host.id }));
    await db.batch([db.delete(dateOverrides).where(and(eq(dateOverrides.userId, host.id), eq(dateOverrides.date, date))), db.insert(dateOverrides).values(rows)]);
    await tellHostChanged(c.env, host.id);
    return c.json(dateOverrideResources(rows)[0]);
  })

  .delete("/:username/overrides/:date", async (c) => {
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
