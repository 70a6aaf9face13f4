/**
 * Hosts, their weekly hours and their date overrides in the OpenAPI document
 * (design-management.md "Hosts", "Weekly hours and date overrides"). Bodies and queries are the
 * schemas that validate them; answers are described here, checked against their wire types.
 */
import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import type { ClockInterval, DateOverrideResource, ScheduleResource } from "../domain/weekly-schedule";
import {
  CALL_ERRORS,
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
import { dateOverrideBody, overrideDate, overrideRange, scheduleBody } from "./schedule-schemas";
import { createHostBody, listHostsQuery, patchHostBody, type HostResource } from "./host-schemas";

const HOSTS = "Hosts";
const HOURS = "Hours";

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

const schedule = z
  .object({
    timeZone: z.string().meta({ example: "Asia/Tokyo" }),
    weekly: z.object({ mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day }),
  })
  .meta({ id: "Schedule" }) satisfies z.ZodType<ScheduleResource>;

const dateOverride = z
  .object({ date: z.string().meta({ example: "2026-12-24" }), intervals: day.meta({ description: "`[]`: closed all day." }) })
  .meta({ id: "DateOverride" }) satisfies z.ZodType<DateOverrideResource>;

const hostParams = z.object({ username: usernameParam });
const overrideParams = z.object({
  username: usernameParam,
  date: overrideDate.meta({ param: { name: "date", in: "path" }, description: "A day in the host's zone, YYYY-MM-DD.", example: "2026-12-24" }),
});

/** A management call on one host: it may be unknown to the token, or known without the scope. */
const HOST_ERRORS = [...CALL_ERRORS, "FORBIDDEN", "NOT_FOUND"] as const;

export const hostOperations = [
  createRoute({
    method: "post",
    path: "/api/hosts",
    tags: [HOSTS],
    summary: "Create a host",
    description: "Needs `hosts:write` on an account-wide token. Usernames are unique across all accounts and never reused.",
    security: serviceTokenOnly,
    request: { headers: idempotencyKeyHeaders, body: jsonBody(createHostBody) },
    responses: {
      201: jsonAnswer(hostSchema, "Created.", locationHeader),
      ...errorAnswers([...CALL_ERRORS, ...POST_ERRORS, "FORBIDDEN", "ALREADY_EXISTS"], { readsBody: true }),
    },
  }),
  createRoute({
    method: "get",
    path: "/api/hosts",
    tags: [HOSTS],
    summary: "List hosts",
    description: "The hosts the token sees (deleted ones left out), in creation order.",
    security: serviceTokenOnly,
    request: { query: listHostsQuery },
    responses: { 200: jsonAnswer(listOf(hostSchema), "A page of hosts."), ...errorAnswers([...CALL_ERRORS, "FORBIDDEN"]) },
  }),
  createRoute({
    method: "get",
    path: "/api/hosts/{username}",
    tags: [HOSTS],
    summary: "A host",
    security: serviceTokenOnly,
    request: { params: hostParams },
    responses: { 200: jsonAnswer(hostSchema, "The host."), ...errorAnswers([...HOST_ERRORS]) },
  }),
  createRoute({
    method: "patch",
    path: "/api/hosts/{username}",
    tags: [HOSTS],
    summary: "Change a host",
    description: "A new `timeZone` reads the weekly hours in the new zone from the next request on; `email: null` clears it.",
    security: serviceTokenOnly,
    request: { params: hostParams, body: jsonBody(patchHostBody) },
    responses: { 200: jsonAnswer(hostSchema, "The host as changed."), ...errorAnswers([...HOST_ERRORS], { readsBody: true }) },
  }),
  createRoute({
    method: "delete",
    path: "/api/hosts/{username}",
    tags: [HOSTS],
    summary: "Delete a host",
    description: "The host can no longer be booked; its bookings stay readable and cancellable; its username is never reused.",
    security: serviceTokenOnly,
    request: { params: hostParams },
    responses: { 204: { description: "Deleted." }, ...errorAnswers([...HOST_ERRORS]) },
  }),
  createRoute({
    method: "get",
    path: "/api/hosts/{username}/schedule",
    tags: [HOURS],
    summary: "Weekly hours",
    security: serviceTokenOnly,
    request: { params: hostParams },
    responses: { 200: jsonAnswer(schedule, "All seven days, intervals sorted; `[]` is a closed day."), ...errorAnswers([...HOST_ERRORS]) },
  }),
  createRoute({
    method: "put",
    path: "/api/hosts/{username}/schedule",
    tags: [HOURS],
    summary: "Replace the weekly hours",
    description:
      "All seven days (`[]` for a closed day), in the host's zone. Per day: `start < end`, no overlaps, at most 24 intervals; a refusal names the day and the interval and changes nothing. Existing bookings are never touched.",
    security: serviceTokenOnly,
    request: { params: hostParams, body: jsonBody(scheduleBody) },
    responses: { 200: jsonAnswer(schedule, "The hours as stored."), ...errorAnswers([...HOST_ERRORS], { readsBody: true }) },
  }),
  createRoute({
    method: "get",
    path: "/api/hosts/{username}/overrides",
    tags: [HOURS],
    summary: "Date overrides",
    description: "The overrides from `from` to `to`, both included (at most 366 days).",
    security: serviceTokenOnly,
    request: { params: hostParams, query: overrideRange },
    responses: { 200: jsonAnswer(z.object({ data: z.array(dateOverride) }), "By date."), ...errorAnswers([...HOST_ERRORS]) },
  }),
  createRoute({
    method: "put",
    path: "/api/hosts/{username}/overrides/{date}",
    tags: [HOURS],
    summary: "Set one date's hours",
    description: "That day's hours instead of the weekly ones: `[]` closes it, hours on a closed day open it. Today and later only.",
    security: serviceTokenOnly,
    request: { params: overrideParams, body: jsonBody(dateOverrideBody) },
    responses: { 200: jsonAnswer(dateOverride, "The override as stored."), ...errorAnswers([...HOST_ERRORS], { readsBody: true }) },
  }),
  createRoute({
    method: "delete",
    path: "/api/hosts/{username}/overrides/{date}",
    tags: [HOURS],
    summary: "Remove one date's override",
    description: "The weekly hours apply to that date again.",
    security: serviceTokenOnly,
    request: { params: overrideParams },
    responses: { 204: { description: "Removed (or there was none)." }, ...errorAnswers([...HOST_ERRORS]) },
  }),
];
