/**
 * GET /api/booking-types?username&slug: what a booking page needs to show a type before its slots:
 * its title, the durations a visitor may choose and the host's time zone (for the confirmation).
 */
import { createRoute } from "@hono/zod-openapi";
import { Hono } from "hono";
import { z } from "zod";
import { database } from "../db/client";
import type { BookingTypeDetails } from "../domain/contract";
import { ApiError, HOST_OR_TYPE_NOT_FOUND } from "../domain/errors";
import { findHost } from "../hosts";
import { authenticate } from "../http/auth";
import type { AppEnv } from "../http/env";
import { CALL_ERRORS, errorAnswers, jsonAnswer, publicOrServiceToken } from "../http/openapi";
import { rateLimit } from "../http/rate-limit";
import { typeAccessFor } from "../http/type-access";
import { validQuery } from "../http/validate";
import { bookingTypeDetails, findHostedType } from "./lookup";
import { bookingQuestionSchema } from "./responses";
import { bookingTypeQuery } from "./schemas";

const bookingTypeDetailsAnswer = z
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
    questions: z
      .array(bookingQuestionSchema)
      .meta({ description: "What the booking form asks besides name, e-mail and notes, in order; `[]` when nothing. Answer them in `answers` of the create." }),
  })
  .meta({ id: "BookingTypeDetails" }) satisfies z.ZodType<BookingTypeDetails>;

export const bookingTypeLookupOperation = createRoute({
  operationId: "getPublicBookingType",
  method: "get",
  path: "/api/booking-types",
  tags: ["Booking API"],
  summary: "What a booking page shows",
  description: "A booking type's title, durations and host, as a booking page shows them before the slots.",
  security: publicOrServiceToken,
  request: { query: bookingTypeQuery },
  responses: { 200: jsonAnswer(bookingTypeDetailsAnswer, "The type."), ...errorAnswers([...CALL_ERRORS, "NOT_FOUND"]) },
});

export const bookingTypeRoutes = new Hono<AppEnv>().on(
  bookingTypeLookupOperation.method,
  bookingTypeLookupOperation.getRoutingPath(),
  authenticate({ required: false, allowManageToken: false }),
  rateLimit(),
  validQuery(bookingTypeQuery),
  async (c) => {
    const { username, slug } = c.req.valid("query");
    const db = database(c.env.DB);
    const host = await findHost(db, username);
    if (!host) throw new ApiError("NOT_FOUND", HOST_OR_TYPE_NOT_FOUND);
    const found = await findHostedType(db, username, slug, typeAccessFor(c, host));
    if (!found) throw new ApiError("NOT_FOUND", HOST_OR_TYPE_NOT_FOUND);
    // Titles and durations change rarely: a minute in the visitor's own cache spares a round trip.
    // Private, because the answer depends on the token and the calling site.
    return c.json(bookingTypeDetails(found), 200, { "Cache-Control": "private, max-age=60", Vary: "Origin, Authorization" });
  },
);
