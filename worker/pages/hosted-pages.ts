/**
 * GET /book/:username/:type: a hosted booking page for one of a host's public booking types, or a
 * clear 404 page when there is no such host or type. The page holds the widget's first load (the
 * type and a month of free slots, first-load.ts), so it is never stored: those slots are live, and
 * computed for the zone the request comes from. Every /book/* request counts once against the
 * client's per-IP limit, the same bucket as its anonymous API calls (the widget makes fewer of
 * those now), and over it answers an HTML 429 page with Retry-After.
 */
import { Hono } from "hono";
import { findHostedType } from "../booking-types";
import { database } from "../db/client";
import type { AppEnv } from "../http/env";
import { hostTypeRef } from "../http/fields";
import { notFoundPage } from "../http/html-pages";
import { pageHeaders, pageRateLimit } from "../http/page-middleware";
import { languageOfRequest } from "../locales/accept-language";
import { blockZone } from "./block-range";
import { bookingPageParts, firstLoadBlock } from "./booking-page";
import { firstLoadJson } from "./first-load";
import { localeChunkPaths } from "./locale-chunks";

/** Read from the deployed /widget.js once per isolate, with the env's assets at the first page. */
let localeChunkPath: ReturnType<typeof localeChunkPaths> | null = null;

export const hostedPageRoutes = new Hono<AppEnv>()
  // Outermost, so its header is the last word over pageHeaders' "no-cache".
  .use("*", async function liveSlots(c, next) {
    await next();
    c.header("Cache-Control", "no-store");
    // Written in the language Accept-Language asks for.
    c.header("Vary", "Accept-Language");
  })
  .use("*", pageHeaders())
  .use("*", pageRateLimit())
  .get("/:username/:type", async (c) => {
    const visitor = languageOfRequest(c.req.header("Accept-Language"));
    const ref = hostTypeRef.safeParse(c.req.param("type"));
    if (!ref.success) return c.html(notFoundPage(visitor.language), 404);
    localeChunkPath ??= localeChunkPaths(c.env.ASSETS);
    const localeChunk = localeChunkPath(visitor.language);
    // Our own page: no cross-site origin to check, and never a private type.
    const found = await findHostedType(database(c.env.DB), c.req.param("username"), ref.data, { includePrivate: false, origin: null });
    if (!found) return c.html(notFoundPage(visitor.language), 404);
    const zone = blockZone(c.req.raw.cf?.timezone, found.host.timeZone);
    const firstLoad = firstLoadJson(c.env, found, ref.data, zone, Date.now());
    const [before, after] = await bookingPageParts(
      {
        username: found.host.username,
        hostName: found.host.name ?? found.host.username,
        typeRef: ref.data,
        title: found.type.title,
        durations: [...new Set([found.type.durationMinutes, ...found.type.durationOptions])],
      },
      visitor,
      await localeChunk,
    );
    // The head goes out at once, so the browser fetches the stylesheet and the widget's module
    // while the host's object answers; the rest follows with the block (firstLoadJson never throws).
    // The runtime's own stream carries it, written without being awaited, as the runtime keeps the
    // request alive while its body is open: a JS ReadableStream pumped from start() can stall before
    // its last chunk in workerd, and a page whose body never ends never fires its load event.
    const { readable, writable } = new IdentityTransformStream();
    void writePage(writable, before, firstLoad, after);
    return c.body(readable, 200, { "Content-Type": "text/html; charset=UTF-8" });
  })
  .get("*", (c) => c.html(notFoundPage(languageOfRequest(c.req.header("Accept-Language")).language), 404));

/** Writes the page's head, then its first-load block and the rest; a visitor who left ends it early. */
async function writePage(writable: WritableStream<Uint8Array>, before: string, firstLoad: Promise<string | null>, after: string) {
  const writer = writable.getWriter();
  const encoder = new TextEncoder();
  try {
    await writer.write(encoder.encode(before));
    await writer.write(encoder.encode(firstLoadBlock(await firstLoad) + after));
    await writer.close();
  } catch {
    // The connection closed under the write: nobody is left to read the page.
  }
}
