/**
 * /api/bookings: create, get, cancel and reschedule. Every write goes to the host's HostScheduler
 * Durable Object; every POST is idempotent.
 */
import { createRoute } from "@hono/zod-openapi";
import { type Context, Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { database } from "../db/client";
import { bookingResource } from "../domain/booking-resource";
import type { CancelResponse, CreateBookingResponse, RescheduleResponse } from "../domain/contract";
import { ApiError, HOLD_MISMATCH, HOST_OR_TYPE_NOT_FOUND } from "../domain/errors";
import type { RecordedResponse } from "../domain/idempotency";
import { unwrap } from "../domain/outcome";
import type { WriteOutcome } from "../host-scheduler/client";
import { hostOfHold, hostScheduler, publicCreateCapOf } from "../host-scheduler/client";
import { requireScope, seesHost } from "../http/access";
import { authenticate } from "../http/auth";
import type { AppEnv, Caller } from "../http/env";
import { idempotent, replayRecorded } from "../http/idempotency";
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
import { rateLimit, rateLimited } from "../http/rate-limit";
import { crossSiteOrigin } from "../http/type-access";
import { validJson } from "../http/validate";
import { sha256Hex } from "../lib/crypto";
import { manageTokenFor, manageTokenKey, withManageLink } from "../manage";
import { notificationsOf } from "../notifications";
import { bookingTypeOwner, findBookingFor } from "./booking-access";
import { bookingIdParams, bookingSchema, cancelled, createdBooking, rescheduled } from "./responses";
import { bookingIdFormat, cancelBody, createBookingBody, rescheduleBody } from "./schemas";

const publicOrToken = authenticate({ required: false, allowManageToken: false });
const tokenOrManageToken = authenticate({ required: true, allowManageToken: true });

const TAG = "Booking API";

export const createBookingOperation = createRoute({
  operationId: "createBooking",
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
});

export const getBookingOperation = createRoute({
  operationId: "getBooking",
  method: "get",
  path: "/api/bookings/{id}",
  tags: [TAG],
  summary: "A booking",
  description: "With a service token the answer includes `notifications`, the e-mail about the booking; with a manage token it does not.",
  security: serviceOrManageToken,
  request: { params: bookingIdParams },
  responses: { 200: jsonAnswer(bookingSchema, "The booking."), ...errorAnswers([...CALL_ERRORS, "FORBIDDEN", "BOOKING_NOT_FOUND"]) },
});

export const cancelBookingOperation = createRoute({
  operationId: "cancelBooking",
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
});

export const rescheduleBookingOperation = createRoute({
  operationId: "rescheduleBooking",
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
    ...errorAnswers(
      [
        ...CALL_ERRORS,
        ...POST_ERRORS,
        "FORBIDDEN",
        "BOOKING_NOT_FOUND",
        "NOT_FOUND",
        "SLOT_NOT_AVAILABLE",
        "BOOKING_RESCHEDULED",
        "BOOKING_STARTED",
        "CALENDAR_UNAVAILABLE",
      ],
      { readsBody: true },
    ),
  },
});

export const bookingRoutes = new Hono<AppEnv>()
  // withManageLink adds the attendee's token and link to a public create's answer, replays too: the
  // answer recorded with the booking holds neither, so nothing stored rebuilds the token.
  .on(
    createBookingOperation.method,
    createBookingOperation.getRoutingPath(),
    publicOrToken,
    rateLimit(),
    validJson(createBookingBody),
    withManageLink(),
    idempotent(),
    async (c) => {
      const body = c.req.valid("json");
      const caller = c.get("caller");
      const owner = await bookingTypeOwner(database(c.env.DB), body.bookingType);
      // With a service token the type must be one of the hosts it sees (design.md "Auth").
      if (!owner || (caller.kind === "service" && !seesHost(caller, { id: owner.hostId, accountId: owner.accountId }))) {
        throw new ApiError("NOT_FOUND", HOST_OR_TYPE_NOT_FOUND);
      }
      if (caller.kind === "service") requireScope(caller, "bookings:write");
      if (body.holdId !== undefined) await refuseHoldOfAnotherHost(c.env, body.holdId, owner.hostId);
      const bookingId = crypto.randomUUID();
      // Before anything is booked: a deployment without its key fails here, loudly, and books nothing.
      const manageToken = caller.kind === "anonymous" ? await manageTokenFor(bookingId, await manageTokenKey(c.env.MANAGE_TOKEN_KEY)) : null;
      const success = recorded(c, 201, { bookingId, status: "confirmed" } satisfies CreateBookingResponse);
      const outcome = await hostScheduler(c.env, owner.hostId).createBooking(
        {
          hostId: owner.hostId,
          username: owner.username,
          bookingId,
          bookingTypeRef: body.bookingType,
          startMs: body.start,
          endMs: body.end,
          attendeeName: body.name,
          attendeeEmail: body.email,
          notes: body.notes ?? null,
          attendeeTimeZone: body.timeZone ?? null,
          attendeeLocale: body.locale ?? null,
          metadata: body.metadata ?? {},
          answers: body.answers ?? {},
          manageTokenHash: manageToken ? await sha256Hex(manageToken) : null,
          includePrivate: caller.kind === "service",
          origin: crossSiteOrigin(c),
          publicCreateCap: publicCreateCapOf(c.env, caller.kind === "anonymous", caller.ip),
          holdId: body.holdId ?? null,
          callerAccountId: caller.kind === "service" ? caller.accountId : null,
        },
        success,
      );
      // Answers that don't fit the type's questions are bad input, refused like a malformed field at the
      // edge: nothing is recorded under the key, so the corrected request may reuse it.
      if (isBadInput(outcome)) c.set("idempotencyRecorded", true);
      return respond(c, outcome, success, { Location: `/api/bookings/${bookingId}` });
    },
  )

  .on(getBookingOperation.method, getBookingOperation.getRoutingPath(), tokenOrManageToken, rateLimit(), async (c) => {
    const caller = c.get("caller");
    const { booking, username, type, event } = await findBookingFor(database(c.env.DB), caller, validBookingId(c.req.param("id")), "bookings:read");
    const viewer = caller.kind === "manage" ? "attendee" : "host";
    const resource = bookingResource(booking, username, type, event, viewer);
    // The e-mail log is the host's side's: an attendee's manage token reads the booking without it.
    const shown = caller.kind === "service" ? { ...resource, notifications: await notificationsOf(database(c.env.DB), booking.id) } : resource;
    return c.json(shown, 200, { "Cache-Control": "no-store" });
  })

  .on(
    cancelBookingOperation.method,
    cancelBookingOperation.getRoutingPath(),
    tokenOrManageToken,
    rateLimit(),
    validJson(cancelBody),
    idempotent(),
    async (c) => {
      const caller = c.get("caller");
      const { booking, username } = await findBookingFor(database(c.env.DB), caller, validBookingId(c.req.param("id")), "bookings:write");
      refuseAttendeeOnceStarted(caller, booking);
      const success = recorded(c, 200, { status: "cancelled" } satisfies CancelResponse);
      const outcome = await hostScheduler(c.env, booking.userId).cancelBooking({ hostId: booking.userId, username, bookingId: booking.id }, success);
      return respond(c, outcome, success);
    },
  )

  .on(
    rescheduleBookingOperation.method,
    rescheduleBookingOperation.getRoutingPath(),
    tokenOrManageToken,
    rateLimit(),
    validJson(rescheduleBody),
    idempotent(),
    async (c) => {
      const { newSlot } = c.req.valid("json");
      const caller = c.get("caller");
      const { booking, username } = await findBookingFor(database(c.env.DB), caller, validBookingId(c.req.param("id")), "bookings:write");
      refuseAttendeeOnceStarted(caller, booking);
      const newBookingId = crypto.randomUUID();
      const success = recorded(c, 200, { oldBookingId: booking.id, newBookingId, status: "rescheduled" } satisfies RescheduleResponse);
      const outcome = await hostScheduler(c.env, booking.userId).rescheduleBooking(
        {
          hostId: booking.userId,
          username,
          bookingId: booking.id,
          newBookingId,
          startMs: newSlot.start,
          endMs: newSlot.end,
          includePrivate: caller.kind === "service",
          origin: crossSiteOrigin(c),
        },
        success,
      );
      return respond(c, outcome, success);
    },
  );

/** The success response of a write, to be committed with it as its Idempotency-Key's record. */
function recorded(c: Context<AppEnv>, status: ContentfulStatusCode, body: object): RecordedResponse {
  return { ticket: c.get("idempotency"), status, body: JSON.stringify(body) };
}

function isBadInput(outcome: WriteOutcome): boolean {
  return !outcome.ok && outcome.code === "INVALID_REQUEST";
}

/** Answers a write's outcome: the response recorded with it, the key's earlier record, or the error. */
async function respond(c: Context<AppEnv>, outcome: WriteOutcome, success: RecordedResponse, headers: Record<string, string> = {}) {
  if (!outcome.ok && outcome.code === "IDEMPOTENCY_CONFLICT") return replayRecorded(c);
  if (!outcome.ok && outcome.code === "RATE_LIMITED") throw rateLimited((outcome.details as { retryAfterSeconds: number }).retryAfterSeconds, outcome.message);
  unwrap(outcome);
  c.set("idempotencyRecorded", true);
  return c.body(success.body, success.status as ContentfulStatusCode, { ...headers, "Content-Type": "application/json" });
}

/**
 * design.md "Auth": an attendee cannot cancel or move a meeting that has begun (or is over); the
 * host's service token still can. Only a confirmed booking: a cancelled one stays a no-op cancel, and
 * a moved one answers BOOKING_RESCHEDULED, which names the booking that stands.
 */
function refuseAttendeeOnceStarted(caller: Caller, booking: { status: string; startMs: number }): void {
  if (caller.kind !== "manage" || booking.status !== "confirmed" || booking.startMs > Date.now()) return;
  throw new ApiError(
    "BOOKING_STARTED",
    "This booking has already started, so it can no longer be cancelled or moved with its manage link; please contact the host.",
  );
}

/** A malformed id cannot name a booking: answer as for any unknown booking. */
function validBookingId(id: string): string {
  if (!bookingIdFormat.safeParse(id).success) throw new ApiError("BOOKING_NOT_FOUND", `No booking "${id}".`);
  return id.toLowerCase();
}

/**
 * A live hold kept by another host is for another booking type (the host's object checks the type
 * and times of its own holds): 400, nothing booked. One that has expired counts as none.
 */
async function refuseHoldOfAnotherHost(env: Env, holdId: string, hostId: number): Promise<void> {
  const hold = await hostOfHold(database(env.DB), holdId);
  if (!hold || hold.hostId === hostId || hold.expiresAt <= Date.now()) return;
  throw new ApiError("INVALID_REQUEST", HOLD_MISMATCH, { details: [{ path: "holdId", message: HOLD_MISMATCH }] });
}
