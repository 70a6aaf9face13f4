/**
 * GET /manage/:bookingId: the attendee's page for one booking (design.md "Manage page"). Served for
 * any id, under the hosted pages' CSP and per-IP limit, and never cached by anyone: the page itself
 * holds nothing secret, but it is one person's.
 */
import { Hono } from "hono";
import type { AppEnv } from "../http/env";
import { notFoundPage } from "../http/html-pages";
import { pageHeaders, pageRateLimit } from "../http/page-middleware";
import { languageOfRequest } from "../locales/accept-language";
import { localeChunkPaths } from "../pages";
import { managePage } from "./manage-page";

/** Read from the deployed /manage.js once per isolate, with the env's assets at the first page. */
let localeChunkPath: ReturnType<typeof localeChunkPaths> | null = null;

/** Anything longer or stranger than an id is not a manage link. */
const BOOKING_ID_SHAPE = /^[0-9A-Za-z-]{1,64}$/;

export const managePageRoutes = new Hono<AppEnv>()
  // Outermost, so its headers are the last word over pageHeaders' "no-cache".
  .use("*", async function privatePage(c, next) {
    await next();
    c.header("Cache-Control", "no-store");
    // Its address names a booking: links out of it (calendars) send no referrer at all.
    c.header("Referrer-Policy", "no-referrer");
    // Written in the language Accept-Language asks for.
    c.header("Vary", "Accept-Language");
  })
  .use("*", pageHeaders())
  .use("*", pageRateLimit())
  .get("/:bookingId", async (c) => {
    const bookingId = c.req.param("bookingId");
    const { language } = languageOfRequest(c.req.header("Accept-Language"));
    if (!BOOKING_ID_SHAPE.test(bookingId)) return c.html(notFoundPage(language), 404);
    localeChunkPath ??= localeChunkPaths(c.env.ASSETS, "manage.js");
    return c.html(managePage(bookingId, language, await localeChunkPath(language)));
  })
  .get("*", (c) => c.html(notFoundPage(languageOfRequest(c.req.header("Accept-Language")).language), 404));
