/**
 * The HTTP app: mounts the API routes, answers CORS for partner sites, and turns every failure into
 * the error envelope (design.md "Errors"), including unknown /api routes and bugs.
 */
import { Hono } from "hono";
import { cors } from "hono/cors";
import { bookingApiRoutes } from "./booking-api";
import { bookingTypeManagementRoutes, bookingTypeRoutes, hostBookingTypeRoutes } from "./booking-types";
import { bookingListRoutes } from "./bookings";
import { connectionRoutes, connectPageRoutes, oauthCallbackRoutes } from "./calendars";
import { ApiError, errorEnvelope } from "./domain/errors";
import { hostRoutes } from "./hosts";
import { authenticate } from "./http/auth";
import type { AppEnv } from "./http/env";
import { rateLimit } from "./http/rate-limit";
import { managePageRoutes } from "./manage";
import { openApiRoutes, referencePageRoutes } from "./openapi";
import { hostedPageRoutes } from "./pages";
import { tokenRoutes } from "./tokens";
import { webhookEndpointRoutes } from "./webhooks";

/** The same value as public/_headers gives static assets. */
const STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains";

export const app = new Hono<AppEnv>()
  .use("*", async function assignRequestId(c, next) {
    const requestId = crypto.randomUUID();
    c.set("requestId", requestId);
    await next();
    c.header("X-Request-Id", requestId);
  })
  // On every answer the Worker makes: API (errors, 404s and preflights too) and hosted pages.
  // Static assets get the same from public/_headers.
  .use("*", async function securityHeaders(c, next) {
    await next();
    // Browsers must take JSON and HTML for what they are labelled, never run them as script or CSS.
    c.header("X-Content-Type-Options", "nosniff");
    // HTTPS only from the first answer on, for a year: a visitor's next visit (a manage link typed
    // without https://) never goes out in clear text. Browsers ignore it over plain HTTP (local dev).
    c.header("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
    // The API is read by programs and links to nothing: no referrer at all. A page's path names a
    // host and a type: other sites learn only our origin (never over HTTP), our own pages the full
    // address. A route that needs another policy sets its own.
    if (!c.res.headers.has("Referrer-Policy")) {
      c.header("Referrer-Policy", c.req.path.startsWith("/api/") ? "no-referrer" : "strict-origin-when-cross-origin");
    }
  })
  .use(
    "/api/*",
    cors({
      origin: "*",
      allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
      allowHeaders: ["Content-Type", "Authorization", "Idempotency-Key"],
      exposeHeaders: ["Idempotent-Replayed", "Retry-After", "Location", "X-Request-Id"],
      maxAge: 86_400,
    }),
  )
  // The Booking API, booking types and the bookings list: each route checks its own token and rate
  // limit (health none: it is the readiness probe and the benchmark baseline).
  .route("/", bookingApiRoutes)
  .route("/", bookingTypeRoutes)
  .route("/", bookingTypeManagementRoutes)
  .route("/", bookingListRoutes)
  // Everything under these prefixes (hosts with their hours, booking types and calendar connections;
  // tokens; webhook endpoints with their deliveries) needs a service token and counts once against
  // its rate limit, here. Hono runs middleware in the order it is added: these lines stay above the
  // routes they guard, or those routes would see no caller.
  .use("/api/hosts/*", authenticate({ required: true, allowManageToken: false }), rateLimit())
  .use("/api/tokens/*", authenticate({ required: true, allowManageToken: false }), rateLimit())
  .use("/api/webhook-endpoints/*", authenticate({ required: true, allowManageToken: false }), rateLimit())
  .route("/", hostRoutes)
  .route("/", hostBookingTypeRoutes)
  .route("/", connectionRoutes)
  .route("/", tokenRoutes)
  .route("/", webhookEndpointRoutes)
  .route("/api/openapi.json", openApiRoutes)
  .route("/docs", referencePageRoutes)
  .route("/book", hostedPageRoutes)
  .route("/manage", managePageRoutes)
  .route("/oauth/connect", connectPageRoutes)
  .route("/oauth/callback", oauthCallbackRoutes)
  .notFound((c) => {
    if (!c.req.path.startsWith("/api/")) return c.env.ASSETS.fetch(c.req.raw);
    return c.json(errorEnvelope("NOT_FOUND", `No route ${c.req.method} ${c.req.path}.`, { requestId: c.get("requestId") }), 404);
  })
  .onError((error, c) => {
    const requestId = c.get("requestId");
    if (error instanceof ApiError) {
      return c.json(errorEnvelope(error.code, error.message, { requestId, details: error.details }), error.status, error.headers);
    }
    console.error(JSON.stringify({ requestId, message: "unhandled error", error: String(error), stack: (error as Error).stack }));
    return c.json(errorEnvelope("INTERNAL", "Something went wrong on our side; it has been logged.", { requestId }), 500);
  });

export type AppType = typeof app;
