/**
 * GET /api/openapi.json (the document) and GET /docs (its reference, which Scalar renders in the
 * browser from that document). Both are the same for every caller and change only with a deploy: no
 * auth, no rate limit, cached for five minutes.
 */
import { Hono } from "hono";
import type { AppEnv } from "../http/env";
import { openApiDocument } from "./document";

const CACHE = "public, max-age=300";

/**
 * Scripts only from our origin and none inline; the document fetched from here only. Scalar sets
 * styles inline as it renders, so styles alone allow 'unsafe-inline' (docs/decisions/openapi-document.md).
 */
export const REFERENCE_PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * No fonts from Scalar's CDN; none of its developer toolbar, AI agent or "Open API Client" link, which
 * reach scalar.com (the in-page "Test Request" stays: it calls this origin).
 */
const SCALAR_CONFIGURATION = { withDefaultFonts: false, showDeveloperTools: "never", agent: { disabled: true }, hideClientButton: true };

/** Scalar's bundle and stylesheet are our own static assets under /reference/ (vite.config.ts copies them). */
const REFERENCE_PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Bookora API reference</title>
    <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
    <link rel="stylesheet" href="/reference/style.css" />
  </head>
  <body>
    <script id="api-reference" data-url="/api/openapi.json" data-configuration='${JSON.stringify(SCALAR_CONFIGURATION)}'></script>
    <script src="/reference/standalone.js"></script>
  </body>
</html>
`;

export const openApiRoutes = new Hono<AppEnv>().get("/", (c) => c.json(openApiDocument(), 200, { "Cache-Control": CACHE }));

export const referencePageRoutes = new Hono<AppEnv>().get("/", (c) =>
  c.html(REFERENCE_PAGE, 200, { "Content-Security-Policy": REFERENCE_PAGE_CSP, "Cache-Control": CACHE }),
);
