/**
 * What every HTML page of ours gets (hosted booking pages, the manage page): the strict CSP and
 * revalidation, and the visitor's per-IP limit, shared with their anonymous API calls, answered as
 * a page a person can read (429 with Retry-After) rather than a JSON envelope.
 */
import type { MiddlewareHandler } from "hono";
import { languageOfRequest } from "../locales/accept-language";
import { clientAddress } from "./client-ip";
import type { AppEnv } from "./env";
import { badRequestPage, HOSTED_PAGE_CSP, tooManyRequestsPage } from "./html-pages";
import { checkRateLimit } from "./rate-limit";

export function pageHeaders(): MiddlewareHandler<AppEnv> {
  return async function pageHeaders(c, next) {
    await next();
    c.header("Content-Security-Policy", HOSTED_PAGE_CSP);
    c.header("Cache-Control", "no-cache");
  };
}

export function pageRateLimit(): MiddlewareHandler<AppEnv> {
  return async function pageRateLimit(c, next) {
    const ip = clientAddress(c.req.raw.headers);
    const { language } = languageOfRequest(c.req.header("Accept-Language"));
    if (ip === null) return c.html(badRequestPage(language), 400);
    const verdict = await checkRateLimit(c.env, { kind: "anonymous", ip });
    if (!verdict.allowed) {
      return c.html(tooManyRequestsPage(verdict.retryAfterSeconds, language), 429, { "Retry-After": String(verdict.retryAfterSeconds) });
    }
    await next();
  };
}
