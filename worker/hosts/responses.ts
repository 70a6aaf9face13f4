/**
 * Hosts' answers as the OpenAPI document describes them (design-management.md "Hosts", "Weekly hours
 * and date overrides"), each checked against its wire type, and the path parameters and refusals
 * every call on one host shares.
 */
import { z } from "zod";
import type { ClockInterval, DateOverrideResource, ScheduleResource } from "../domain/weekly-schedule";
import { CALL_ERRORS, usernameParam } from "../http/openapi";
import type { HostResource } from "./host-schemas";
import { overrideDate } from "./schedule-schemas";

export const hostSchema = z
  .object({
    username: z.string().meta({ example: "hepuloujun" }),
    name: z.string().meta({ description: "Shown on booking pages and in the widget.", example: "Jun Hepulou" }),
    timeZone: z.string().meta({ description: "IANA zone of the host's hours.", example: "Asia/Tokyo" }),
    email: z.string().nullable().meta({ example: "jun@example.com" }),
    createdAt: z.iso.datetime().meta({ example: "2026-04-01T08:00:00Z" }),
  })
  .meta({ id: "Host" }) satisfies z.ZodType<HostResource>;

const clockInterval = z
  .object({ start: z.string().meta({ example: "09:00" }), end: z.string().meta({ example: "17:00" }) })
  .meta({ id: "ClockInterval", description: "Wall-clock times in the host's zone, `HH:MM`; `end` may be `24:00`." }) satisfies z.ZodType<ClockInterval>;

const day = z.array(clockInterval);

export const schedule = z
  .object({
    timeZone: z.string().meta({ example: "Asia/Tokyo" }),
    weekly: z.object({ mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day }),
  })
  .meta({ id: "Schedule" }) satisfies z.ZodType<ScheduleResource>;

export const dateOverride = z
  .object({ date: z.string().meta({ example: "2026-12-24" }), intervals: day.meta({ description: "`[]`: closed all day." }) })
  .meta({ id: "DateOverride" }) satisfies z.ZodType<DateOverrideResource>;

export const hostParams = z.object({ username: usernameParam });

export const overrideParams = z.object({
  username: usernameParam,
  date: overrideDate.meta({ param: { name: "date", in: "path" }, description: "A day in the host's zone, YYYY-MM-DD.", example: "2026-12-24" }),
});

/** A management call on one host: it may be unknown to the token, or known without the scope. */
export const HOST_ERRORS = [...CALL_ERRORS, "FORBIDDEN", "NOT_FOUND"] as const;

export const HOSTS_TAG = "Hosts";
export const HOURS_TAG = "Hours";
