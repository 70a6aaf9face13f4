/**
 * GET /api/openapi.json (the document) and GET /docs (its reference page). Both are the same for
 * every caller and change only with a deploy: no auth, no rate limit, cached for five minutes.
 */
import { Hono } from "hono";
import type { AppEnv } from "../http/env";
import { openApiDocument } from "./document";
import { REFERENCE_PAGE_CSP, referencePage, type ReferenceDocument } from "./reference-page";

const CACHE = "public, max-age=300";

export const openApiRoutes = new Hono<AppEnv>().get("/", (c) => c.json(openApiDocument(), 200, { "Cache-Control": CACHE }));

let page: string | undefined;

export const referencePageRoutes = new Hono<AppEnv>().get("/", async (c) => {
  page ??= String(await referencePage(openApiDocument() as unknown as ReferenceDocument));
  return c.html(page, 200, { "Content-Security-Policy": REFERENCE_PAGE_CSP, "Cache-Control": CACHE });
});
