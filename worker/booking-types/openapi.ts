/**
 * Booking types in the OpenAPI document (design-management.md "Booking types"): create and list
 * under a host, read, change and archive by reference. Bodies and queries are the schemas that
 * validate them; the answer is described here, checked against its wire type.
 */
import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import type { BookingTypeResource } from "../domain/booking-type-rules";
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
import { createBookingTypeBody, listBookingTypesQuery, patchBookingTypeBody } from "./schemas";

const TAG = "Booking types";

const minutes = z.number().int();

export const bookingTypeSchema = z
  .object({
    id: z.string().meta({ description: "The numeric id, as a string.", example: "2" }),
    stringId: z.string().meta({ example: "bt-63bb1a53" }),
    slug: z.string().nullable().meta({ description: "Names the type where its host is known: `/book/hepuloujun/intro`.", example: "intro" }),
    host: z.string().meta({ description: "The host's username.", example: "hepuloujun" }),
    title: z.string().meta({ example: "Intro call" }),
    description: z.string().nullable(),
    duration: minutes.meta({ description: "The default length, in minutes.", example: 30 }),
    durations: z.array(minutes).meta({ description: "Every length a visitor may choose, ascending.", example: [30, 60] }),
    slotInterval: minutes.meta({ description: "Minutes between slot starts.", example: 30 }),
    bufferBefore: minutes,
    bufferAfter: minutes,
    minimumNotice: minutes.meta({ description: "How long before its start a slot can still be booked, in minutes." }),
    bookingWindowDays: z.number().int().meta({ description: "How many days ahead slots are offered.", example: 60 }),
    dailyLimit: z.number().int().nullable().meta({ description: "At most this many bookings a day (host's zone); null: no limit." }),
    public: z.boolean().meta({ description: "Bookable without a token (the widget, hosted pages)." }),
    allowedOrigins: z.array(z.string()).nullable().meta({ description: "The sites that may book it from a browser; null: any.", example: ["https://clinic.example"] }),
    archived: z.boolean(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: "BookingType" }) satisfies z.ZodType<BookingTypeResource>;

const refParams = z.object({
  ref: z.string().meta({ param: { name: "ref", in: "path" }, description: "The numeric id or the `bt-` id.", example: "bt-63bb1a53" }),
});

const TYPE_ERRORS = [...CALL_ERRORS, "FORBIDDEN", "NOT_FOUND"] as const;

export const bookingTypeOperations = [
  createRoute({
    method: "post",
    path: "/api/hosts/{username}/booking-types",
    tags: [TAG],
    summary: "Create a booking type",
    description:
      "`durations` 1–10 distinct lengths of 5–720 minutes (`duration`, the default, one of them); the rest takes its default when left out. A `slug` is unique per host.",
    security: serviceTokenOnly,
    request: { params: z.object({ username: usernameParam }), headers: idempotencyKeyHeaders, body: jsonBody(createBookingTypeBody) },
    responses: {
      201: jsonAnswer(bookingTypeSchema, "Created.", locationHeader),
      ...errorAnswers([...TYPE_ERRORS, ...POST_ERRORS, "ALREADY_EXISTS"], { readsBody: true }),
    },
  }),
  createRoute({
    method: "get",
    path: "/api/hosts/{username}/booking-types",
    tags: [TAG],
    summary: "List a host's booking types",
    security: serviceTokenOnly,
    request: { params: z.object({ username: usernameParam }), query: listBookingTypesQuery },
    responses: { 200: jsonAnswer(listOf(bookingTypeSchema), "A page of types, oldest first."), ...errorAnswers([...TYPE_ERRORS]) },
  }),
  createRoute({
    method: "get",
    path: "/api/booking-types/{ref}",
    tags: [TAG],
    summary: "A booking type",
    security: serviceTokenOnly,
    request: { params: refParams },
    responses: { 200: jsonAnswer(bookingTypeSchema, "The type."), ...errorAnswers([...TYPE_ERRORS]) },
  }),
  createRoute({
    method: "patch",
    path: "/api/booking-types/{ref}",
    tags: [TAG],
    summary: "Change a booking type",
    description: "Any setting; absent fields are unchanged, `null` clears a nullable one. The next availability answer and create follow the change.",
    security: serviceTokenOnly,
    request: { params: refParams, body: jsonBody(patchBookingTypeBody) },
    responses: { 200: jsonAnswer(bookingTypeSchema, "The type as changed."), ...errorAnswers([...TYPE_ERRORS, "ALREADY_EXISTS"], { readsBody: true }) },
  }),
  createRoute({
    method: "delete",
    path: "/api/booking-types/{ref}",
    tags: [TAG],
    summary: "Archive a booking type",
    description: "No new bookings; existing ones are untouched. Archiving an archived type changes nothing.",
    security: serviceTokenOnly,
    request: { params: refParams },
    responses: { 204: { description: "Archived." }, ...errorAnswers([...TYPE_ERRORS]) },
  }),
];
