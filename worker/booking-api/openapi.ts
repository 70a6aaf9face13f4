/**
 * The Booking API in the OpenAPI document (design.md "HTTP contract"): availability, the public
 * booking-type lookup, create, get, cancel, reschedule and health. Requests are described by the
 * very schemas that validate them (schemas.ts); answers by the schemas below, each checked against
 * the wire type of contract.ts, and the suite checks every real answer against the document.
 */
import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import type { AvailabilityResponse, BookingResponse, BookingTypeDetails, CancelResponse, CreateBookingResponse, RescheduleResponse } from "../domain/contract";
import {
  CALL_ERRORS,
  errorAnswers,
  idempotencyKeyHeaders,
  jsonAnswer,
  jsonBody,
  locationHeader,
  POST_ERRORS,
  publicOrServiceToken,
  serviceOrManageToken,
} from "../http/openapi";
import { bookingTypeQuery } from "../booking-types";
import { availabilityQuery, cancelBody, createBookingBody, rescheduleBody } from "./schemas";

const TAG = "Booking API";

/** A UTC instant as the API writes it. */
const instant = z.iso.datetime().meta({ example: "2026-04-21T09:00:00Z" });

const slot = z.object({ start: instant, end: instant }).meta({ id: "Slot", description: "A bookable interval, UTC, end exclusive." });

const availability = z
  .object({ slots: z.array(slot).meta({ description: "Ascending by start." }) })
  .meta({ id: "Availability" }) satisfies z.ZodType<AvailabilityResponse>;

const bookingTypeDetails = z
  .object({
    id: z.string().meta({ description: "The numeric id, as a string.", example: "2" }),
    stringId: z.string().meta({ example: "bt-63bb1a53" }),
    title: z.string().meta({ example: "Intro call" }),
    duration: z.number().int().meta({ description: "The default length, in minutes.", example: 30 }),
    durations: z.array(z.number().int()).meta({ description: "Every length a visitor may choose, ascending.", example: [30, 60] }),
    host: z.object({
      username: z.string().meta({ example: "hepuloujun" }),
      name: z.string().meta({ description: "The display name (the username until one is set).", example: "Jun Hepulou" }),
      timeZone: z.string().meta({ example: "Asia/Tokyo" }),
    }),
  })
  .meta({ id: "BookingTypeDetails" }) satisfies z.ZodType<BookingTypeDetails>;

const bookingId = z.uuid().meta({ example: "0b8f3c7e-2a51-4d0e-9d51-7c1a9e4f3b20" });

const createdBooking = z
  .object({
    bookingId,
    status: z.literal("confirmed"),
    manageToken: z.string().optional().meta({
      description:
        "Only on a public (tokenless) create (and its replays), and only here: lets the attendee read, cancel and reschedule this booking and what it is rescheduled to. Stored nowhere: keep it.",
      example: "bkm_Qk3v7c…",
    }),
    manageUrl: z.url().optional().meta({
      description: "With `manageToken`: the attendee's page to see, cancel or reschedule the booking. The token is in the fragment, so it never reaches a server log or a `Referer`.",
      example: "https://book.example.com/manage/0b8f3c7e-2a51-4d0e-9d51-7c1a9e4f3b20#bkm_Qk3v7c…",
    }),
  })
  .meta({ id: "CreatedBooking" }) satisfies z.ZodType<CreateBookingResponse>;

const nullableId = bookingId.nullable();

export const bookingSchema = z
  .object({
    id: bookingId,
    userId: z.string().meta({ description: "The host's username.", example: "hepuloujun" }),
    startUtc: instant,
    endUtc: instant,
    status: z.enum(["confirmed", "cancelled"]),
    attendee: z.object({ email: z.string().meta({ example: "ada@example.com" }), name: z.string().meta({ example: "Ada Lovelace" }) }),
    bookingType: z.object({ id: z.string().meta({ example: "2" }), stringId: z.string().meta({ example: "bt-63bb1a53" }), title: z.string() }),
    notes: z.string().nullable(),
    rescheduledFromId: nullableId.meta({ description: "The booking this one replaced." }),
    rescheduledToId: nullableId.meta({ description: "The booking that replaced this one (then `status` is cancelled)." }),
    createdAt: instant,
    cancelledAt: instant.nullable(),
    calendarEvent: z
      .object({
        provider: z.enum(["google", "microsoft"]),
        calendarId: z.string().optional().meta({ description: "The host's calendar (often its owner's e-mail address); left out for a manage token." }),
        status: z.enum(["pending", "synced", "failed"]).meta({ description: "pending: being written; synced: in the calendar as booked; failed: gave up after a day of retries." }),
      })
      .nullable()
      .meta({ description: "The booking's event in the host's connected calendar; null without one." }),
  })
  .meta({ id: "Booking" }) satisfies z.ZodType<BookingResponse>;

const cancelled = z.object({ status: z.literal("cancelled") }).meta({ id: "Cancelled" }) satisfies z.ZodType<CancelResponse>;

const rescheduled = z
  .object({ oldBookingId: bookingId, newBookingId: bookingId, status: z.literal("rescheduled") })
  .meta({ id: "Rescheduled" }) satisfies z.ZodType<RescheduleResponse>;

const bookingIdParams = z.object({
  id: z.string().meta({ param: { name: "id", in: "path" }, description: "The booking's id (a UUID).", example: "0b8f3c7e-2a51-4d0e-9d51-7c1a9e4f3b20" }),
});

export const bookingApiOperations = [
  createRoute({
    method: "get",
    path: "/api/health",
    tags: ["Service"],
    summary: "Readiness",
    description: "200 once the Worker and its bindings (D1, Durable Objects) answer. No auth, no rate limit.",
    security: [{}],
    responses: { 200: jsonAnswer(z.object({ ok: z.literal(true) }), "Ready."), ...errorAnswers([]) },
  }),
  createRoute({
    method: "get",
    path: "/api/availability",
    tags: [TAG],
    summary: "Free slots",
    description:
      "The free slots of a booking type over whole calendar days of the visitor's `timezone` (at most 62 days). Name the type with `username` and `slug` (numeric id, `bt-` id or the type's slug), or with `bookingType` alone. Public types need no token; a service token sees its account's private types too.",
    security: publicOrServiceToken,
    request: { query: availabilityQuery },
    responses: { 200: jsonAnswer(availability, "The free slots, ascending."), ...errorAnswers([...CALL_ERRORS, "NOT_FOUND"]) },
  }),
  createRoute({
    method: "get",
    path: "/api/booking-types",
    tags: [TAG],
    summary: "What a booking page shows",
    description: "A booking type's title, durations and host, as a booking page shows them before the slots.",
    security: publicOrServiceToken,
    request: { query: bookingTypeQuery },
    responses: { 200: jsonAnswer(bookingTypeDetails, "The type."), ...errorAnswers([...CALL_ERRORS, "NOT_FOUND"]) },
  }),
  createRoute({
    method: "post",
    path: "/api/bookings",
    tags: [TAG],
    summary: "Book a slot",
    description:
      "Books `start`–`end` of a booking type, if it is one of the slots availability offers. A public create (no token) answers the attendee's `manageToken` and `manageUrl` (a replay answers the same ones).",
    security: publicOrServiceToken,
    request: { headers: idempotencyKeyHeaders, body: jsonBody(createBookingBody) },
    responses: {
      201: jsonAnswer(createdBooking, "Booked.", locationHeader),
      ...errorAnswers([...CALL_ERRORS, ...POST_ERRORS, "FORBIDDEN", "NOT_FOUND", "SLOT_NOT_AVAILABLE", "CALENDAR_UNAVAILABLE"], { readsBody: true }),
    },
  }),
  createRoute({
    method: "get",
    path: "/api/bookings/{id}",
    tags: [TAG],
    summary: "A booking",
    security: serviceOrManageToken,
    request: { params: bookingIdParams },
    responses: { 200: jsonAnswer(bookingSchema, "The booking."), ...errorAnswers([...CALL_ERRORS, "FORBIDDEN", "BOOKING_NOT_FOUND"]) },
  }),
  createRoute({
    method: "post",
    path: "/api/bookings/{id}/cancel",
    tags: [TAG],
    summary: "Cancel a booking",
    description:
      "Cancelling a cancelled booking is a 200 that changes nothing; a booking that was rescheduled answers 409 `BOOKING_RESCHEDULED` with `details.rescheduledToId`. With a manage token, a booking whose start has passed answers 409 `BOOKING_STARTED` (a service token can still cancel it).",
    security: serviceOrManageToken,
    request: { params: bookingIdParams, headers: idempotencyKeyHeaders, body: jsonBody(cancelBody, "Takes no fields; send `{}` or nothing.") },
    responses: {
      200: jsonAnswer(cancelled, "Cancelled."),
      ...errorAnswers([...CALL_ERRORS, ...POST_ERRORS, "FORBIDDEN", "BOOKING_NOT_FOUND", "BOOKING_RESCHEDULED", "BOOKING_STARTED"], { readsBody: true }),
    },
  }),
  createRoute({
    method: "post",
    path: "/api/bookings/{id}/reschedule",
    tags: [TAG],
    summary: "Move a booking",
    description:
      "Books `newSlot` and cancels this booking, in one step: either both happen or neither. 404 `NOT_FOUND`: its host was deleted, so it cannot be booked again. With a manage token, a booking whose start has passed answers 409 `BOOKING_STARTED` (a service token can still move it).",
    security: serviceOrManageToken,
    request: { params: bookingIdParams, headers: idempotencyKeyHeaders, body: jsonBody(rescheduleBody) },
    responses: {
      200: jsonAnswer(rescheduled, "Moved: the old booking is cancelled, the new one confirmed."),
      ...errorAnswers([...CALL_ERRORS, ...POST_ERRORS, "FORBIDDEN", "BOOKING_NOT_FOUND", "NOT_FOUND", "SLOT_NOT_AVAILABLE", "BOOKING_RESCHEDULED", "BOOKING_STARTED", "CALENDAR_UNAVAILABLE"], { readsBody: true }),
    },
  }),
];
