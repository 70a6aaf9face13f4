/**
 * GET /api/booking-types?username&slug: what a booking page needs to show a type before its slots:
 * its title, the durations a visitor may choose and the host's time zone (for the confirmation).
 */
import { Hono } from "hono";
import { database } from "../db/client";
import type { AppEnv } from "../http/env";
import { ApiError, HOST_OR_TYPE_NOT_FOUND } from "../domain/errors";
import { authenticate } from "../http/auth";
import { rateLimit } from "../http/rate-limit";
import { validQuery } from "../http/validate";
import { bookingTypeDetails, findHostedType } from "./lookup";
import { findHost } from "../hosts";
import { typeAccessFor } from "../http/type-access";
import { bookingTypeQuery } from "./schemas";

export const bookingTypeRoutes = new Hono<AppEnv>().get(
  "/",
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
