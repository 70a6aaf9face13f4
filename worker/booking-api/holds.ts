/**
 * /api/holds: checkout holds (design.md "Holds"). A hold keeps one slot for the visitor who is
 * paying; its host's HostScheduler keeps it, and ends it when a create books it, its holder releases
 * it, or it expires. The `holdId` is the capability; a token's hold is only its account's to use.
 * Holds send no webhook and no e-mail: a hold is not a booking.
 */
import { createRoute } from "@hono/zod-openapi";
import { type Context, Hono } from "hono";
import { database } from "../db/client";
import { ApiError, HOLD_NOT_FOUND, HOST_OR_TYPE_NOT_FOUND } from "../domain/errors";
import { unwrap } from "../domain/outcome";
import { type HoldOutcome, holdCapAddress, hostOfHold, hostScheduler } from "../host-scheduler/client";
import { requireScope, seesHost } from "../http/access";
import { authenticate } from "../http/auth";
import type { AppEnv } from "../http/env";
import { idempotent, replayRecorded } from "../http/idempotency";
import { CALL_ERRORS, errorAnswers, idempotencyKeyHeaders, jsonAnswer, jsonBody, POST_ERRORS, publicOrServiceToken } from "../http/openapi";
import { rateLimit, rateLimited } from "../http/rate-limit";
import { crossSiteOrigin } from "../http/type-access";
import { validJson } from "../http/validate";
import { bookingTypeOwner } from "./booking-access";
import { hold, holdIdParams, isHoldId, placeHoldBody, renewHoldBody } from "./hold-schemas";

const publicOrToken = authenticate({ required: false, allowManageToken: false });

const TAG = "Booking API";
/** "As the hold" (design.md): anyone with the id of an anonymous hold; a token's hold, only that account's tokens. */
const AS_THE_HOLD = publicOrServiceToken;

export const placeHoldOperation = createRoute({
  operationId: "placeHold",
  method: "post",
  path: "/api/holds",
  tags: [TAG],
  summary: "Hold a slot during checkout",
  description:
    "Keeps `start`–`end` of a booking type, one of the slots availability offers, for `ttlSeconds` (60–1,800, default 600): until it ends, availability offers the slot (and any time overlapping it) to no one and every create or reschedule onto it without the hold is 409 `SLOT_NOT_AVAILABLE`. Book it with `holdId` on `POST /api/bookings`; renew it up to 60 minutes in all; release it with `DELETE`. Without a token a client address may hold 3 slots at once (429 `RATE_LIMITED` beyond, with `Retry-After`). A hold sends no webhook and no e-mail.",
  security: publicOrServiceToken,
  request: { headers: idempotencyKeyHeaders, body: jsonBody(placeHoldBody) },
  responses: {
    201: jsonAnswer(hold, "Held until `expiresAt`."),
    ...errorAnswers([...CALL_ERRORS, ...POST_ERRORS, "FORBIDDEN", "NOT_FOUND", "SLOT_NOT_AVAILABLE", "CALENDAR_UNAVAILABLE"], { readsBody: true }),
  },
});

export const renewHoldOperation = createRoute({
  operationId: "renewHold",
  method: "post",
  path: "/api/holds/{holdId}/renew",
  tags: [TAG],
  summary: "Renew a hold",
  description:
    "The hold now expires `ttlSeconds` (60–1,800, default 600) from now. A hold lives at most 60 minutes in all, renewals included: a renewal past that is 400 `INVALID_REQUEST` naming `ttlSeconds`, with the latest it may last. A hold that expired, was released or booked, or is another account's, is 404 `NOT_FOUND`.",
  security: AS_THE_HOLD,
  request: { params: holdIdParams, headers: idempotencyKeyHeaders, body: jsonBody(renewHoldBody, "`{}` renews for 600 seconds.") },
  responses: {
    200: jsonAnswer(hold, "Renewed: held until the new `expiresAt`."),
    ...errorAnswers([...CALL_ERRORS, ...POST_ERRORS, "FORBIDDEN", "NOT_FOUND"], { readsBody: true }),
  },
});

export const releaseHoldOperation = createRoute({
  operationId: "releaseHold",
  method: "delete",
  path: "/api/holds/{holdId}",
  tags: [TAG],
  summary: "Release a hold",
  description:
    "Ends the hold: the slot is offered again at once, and the client address may hold another. A hold that expired, was released or booked, or is another account's, is 404 `NOT_FOUND`.",
  security: AS_THE_HOLD,
  request: { params: holdIdParams },
  responses: { 204: { description: "Released." }, ...errorAnswers([...CALL_ERRORS, "FORBIDDEN", "NOT_FOUND"]) },
});

export const holdRoutes = new Hono<AppEnv>()
  .on(placeHoldOperation.method, placeHoldOperation.getRoutingPath(), publicOrToken, rateLimit(), validJson(placeHoldBody), idempotent(), async (c) => {
    const body = c.req.valid("json");
    const caller = c.get("caller");
    const owner = await bookingTypeOwner(database(c.env.DB), body.bookingType);
    if (!owner || (caller.kind === "service" && !seesHost(caller, { id: owner.hostId, accountId: owner.accountId }))) {
      throw new ApiError("NOT_FOUND", HOST_OR_TYPE_NOT_FOUND);
    }
    if (caller.kind === "service") requireScope(caller, "bookings:write");
    const outcome = await hostScheduler(c.env, owner.hostId).placeHold(
      {
        hostId: owner.hostId,
        username: owner.username,
        bookingTypeRef: body.bookingType,
        startMs: body.start,
        endMs: body.end,
        ttlSeconds: body.ttlSeconds,
        includePrivate: caller.kind === "service",
        origin: crossSiteOrigin(c),
        accountId: caller.kind === "service" ? caller.accountId : null,
        capAddress: holdCapAddress(c.env, caller.kind === "anonymous", caller.ip),
      },
      c.get("idempotency"),
    );
    return respond(c, outcome);
  })

  .on(renewHoldOperation.method, renewHoldOperation.getRoutingPath(), publicOrToken, rateLimit(), validJson(renewHoldBody), idempotent(), async (c) => {
    const { hostId, accountId } = await holdFor(c, c.req.param("holdId"));
    const outcome = await hostScheduler(c.env, hostId).renewHold(
      { hostId, holdId: c.req.param("holdId"), accountId, ttlSeconds: c.req.valid("json").ttlSeconds },
      c.get("idempotency"),
    );
    return respond(c, outcome);
  })

  .on(releaseHoldOperation.method, releaseHoldOperation.getRoutingPath(), publicOrToken, rateLimit(), async (c) => {
    const { hostId, accountId } = await holdFor(c, c.req.param("holdId"));
    unwrap(await hostScheduler(c.env, hostId).releaseHold({ hostId, holdId: c.req.param("holdId"), accountId }));
    return c.body(null, 204);
  });

/**
 * The host whose object keeps hold `id`, if the caller may see it, and the caller's account. What
 * the caller may not see is NOT_FOUND, like an unknown id (design-management.md "visibility before
 * permission"); whether a token's hold is this account's, the object checks.
 */
async function holdFor(c: Context<AppEnv>, id: string): Promise<{ hostId: number; accountId: string | null }> {
  const caller = c.get("caller");
  const found = isHoldId(id) ? await hostOfHold(database(c.env.DB), id) : undefined;
  if (!found || (caller.kind === "service" && !seesHost(caller, { id: found.hostId, accountId: found.accountId }))) {
    throw new ApiError("NOT_FOUND", HOLD_NOT_FOUND);
  }
  if (caller.kind === "service") requireScope(caller, "bookings:write");
  return { hostId: found.hostId, accountId: caller.kind === "service" ? caller.accountId : null };
}

/** Answers a hold's outcome: the answer recorded with it, the key's earlier record, or the error. */
async function respond(c: Context<AppEnv>, outcome: HoldOutcome) {
  if (!outcome.ok && outcome.code === "IDEMPOTENCY_CONFLICT") return replayRecorded(c);
  if (!outcome.ok && outcome.code === "RATE_LIMITED") throw rateLimited((outcome.details as { retryAfterSeconds: number }).retryAfterSeconds, outcome.message);
  // Bad input (a renewal past 60 minutes) is not recorded under the key, as at the edge: the corrected request may reuse it.
  if (!outcome.ok && outcome.code === "INVALID_REQUEST") c.set("idempotencyRecorded", true);
  const { status, body } = unwrap(outcome);
  c.set("idempotencyRecorded", true);
  return c.body(body, status, { "Content-Type": "application/json", "Cache-Control": "no-store" });
}
