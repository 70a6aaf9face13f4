/**
 * GET /book/:username/:type: a hosted booking page for one of a host's public booking types, or a
 * clear 404 page when there is no such host or type. Every /book/* request counts against the
 * client's per-IP limit, the same bucket as its anonymous API calls (the page's widget makes those
 * next), and over it answers an HTML 429 page with Retry-After.
 */
import { Hono } from "hono";
import { findHostedType } from "../booking-types";
import { database } from "../db/client";
import type { AppEnv } from "../http/env";
import { hostTypeRef } from "../http/fields";
import { notFoundPage } from "../http/html-pages";
import { pageHeaders, pageRateLimit } from "../http/page-middleware";
import { bookingPage } from "./booking-page";

export const hostedPageRoutes = new Hono<AppEnv>()
  .use("*", pageHeaders())
  .use("*", pageRateLimit())
  .get("/:username/:type", async (c) => {
    const ref = hostTypeRef.safeParse(c.req.param("type"));
    if (!ref.success) return c.html(notFoundPage(), 404);
    // Our own page: no cross-site origin to check, and never a private type.
    const found = await findHostedType(database(c.env.DB), c.req.param("username"), ref.data, { includePrivate: false, origin: null });
    if (!found) return c.html(notFoundPage(), 404);
    return c.html(bookingPage({ username: found.host.username, hostName: found.host.name ?? found.host.username, typeRef: ref.data, title: found.type.title }));
  })
  .get("*", (c) => c.html(notFoundPage(), 404));
