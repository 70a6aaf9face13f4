/**
 * GET /book/:username/:type: a hosted booking page for one of a host's public booking types, or a
 * clear 404 page when there is no such host or type.
 */
import { Hono } from "hono";
import { database } from "../db/client";
import type { AppEnv } from "../env";
import { bookingPage, HOSTED_PAGE_CSP, notFoundPage } from "../pages/booking-page";
import { findHostedType } from "./booking-type-lookup";
import { bookingTypeRef } from "./schemas";

export const hostedPageRoutes = new Hono<AppEnv>()
  .use("*", async function pageHeaders(c, next) {
    await next();
    c.header("Content-Security-Policy", HOSTED_PAGE_CSP);
    c.header("Cache-Control", "no-cache");
  })
  .get("/:username/:type", async (c) => {
    const ref = bookingTypeRef.safeParse(c.req.param("type"));
    if (!ref.success) return c.html(notFoundPage(), 404);
    // Our own page: no cross-site origin to check, and never a private type.
    const found = await findHostedType(database(c.env.DB), c.req.param("username"), ref.data, { includePrivate: false, origin: null });
    if (!found) return c.html(notFoundPage(), 404);
    return c.html(bookingPage({ username: found.host.username, typeRef: ref.data, title: found.type.title }));
  })
  .get("*", (c) => c.html(notFoundPage(), 404));
