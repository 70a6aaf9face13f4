/**
 * GET /book/:username/:type: a hosted booking page for one of a host's public booking types, or a
 * clear 404 page when there is no such host or type. Every /book/* request counts against the
 * client's per-IP limit, the same bucket as its anonymous API calls (the page's widget makes those
 * next), and over it answers an HTML 429 page with Retry-After.
 */
import { Hono } from "hono";
import { database } from "../db/client";
import type { AppEnv } from "../env";
import { clientAddress } from "../middleware/client-ip";
import { checkRateLimit } from "../middleware/rate-limit";
import { badRequestPage, bookingPage, HOSTED_PAGE_CSP, notFoundPage, tooManyRequestsPage } from "../pages/booking-page";
import { findHostedType } from "./booking-type-lookup";
import { hostTypeRef } from "./schemas";

export const hostedPageRoutes = new Hono<AppEnv>()
  .use("*", async function pageHeaders(c, next) {
    await next();
    c.header("Content-Security-Policy", HOSTED_PAGE_CSP);
    c.header("Cache-Control", "no-cache");
  })
  .use("*", async function pageRateLimit(c, next) {
    const ip = clientAddress(c.req.raw.headers);
    if (ip === null) return c.html(badRequestPage(), 400);
    const verdict = await checkRateLimit(c.env, { kind: "anonymous", ip });
    if (!verdict.allowed) {
      return c.html(tooManyRequestsPage(verdict.retryAfterSeconds), 429, { "Retry-After": String(verdict.retryAfterSeconds) });
    }
    await next();
  })
  .get("/:username/:type", async (c) => {
    const ref = hostTypeRef.safeParse(c.req.param("type"));
    if (!ref.success) return c.html(notFoundPage(), 404);
    // Our own page: no cross-site origin to check, and never a private type.
    const found = await findHostedType(database(c.env.DB), c.req.param("username"), ref.data, { includePrivate: false, origin: null });
    if (!found) return c.html(notFoundPage(), 404);
    return c.html(bookingPage({ username: found.host.username, hostName: found.host.name ?? found.host.username, typeRef: ref.data, title: found.type.title }));
  })
  .get("*", (c) => c.html(notFoundPage(), 404));
