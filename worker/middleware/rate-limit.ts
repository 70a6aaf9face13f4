/**
 * Rate limits with the Workers Rate Limiting binding: per service token for authenticated calls,
 * per client address otherwise (design.md: 1200 and 120 a minute, set in wrangler.toml; the address
 * is an IPv4 or an IPv6 /64, see client-ip.ts). The binding is a counter kept beside the Worker, so a
 * check costs no D1 or Durable Object round trip. `RATE_LIMITS=off` (local load tests only) turns it off.
 */
import type { MiddlewareHandler } from "hono";
import type { AppEnv, Caller } from "../env";
import { ApiError } from "../errors";

/** Both limits count over 60-second windows (the `period` in wrangler.toml). */
const PERIOD_SECONDS = 60;

export type RateLimitVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export function rateLimit(): MiddlewareHandler<AppEnv> {
  return async function rateLimit(c, next) {
    await enforceRateLimit(c.env, c.get("caller"));
    await next();
  };
}

/** Throws 429 RATE_LIMITED when the caller has used up its window. */
export async function enforceRateLimit(env: Env, caller: Caller): Promise<void> {
  const verdict = await checkRateLimit(env, caller);
  if (verdict.allowed) return;
  const retryAfter = verdict.retryAfterSeconds;
  throw new ApiError("RATE_LIMITED", `Too many requests; retry after ${retryAfter} seconds.`, {
    headers: { "Retry-After": String(retryAfter) },
  });
}

/**
 * Counts one request of `caller` and says whether it is within the limit. Hosted pages use this
 * directly, to answer an HTML page rather than the JSON envelope.
 */
export async function checkRateLimit(env: Env, caller: Caller): Promise<RateLimitVerdict> {
  if (env.RATE_LIMITS === "off") return { allowed: true };
  const limiter = caller.kind === "service" ? env.TOKEN_RATE_LIMITER : env.IP_RATE_LIMITER;
  const key = caller.kind === "service" ? `token:${caller.tokenId}` : `ip:${caller.ip}`;
  const { success } = await limiter.limit({ key });
  if (success) return { allowed: true };
  // Windows are aligned to the clock, so the wait is until the next multiple of the period.
  return { allowed: false, retryAfterSeconds: PERIOD_SECONDS - (Math.floor(Date.now() / 1000) % PERIOD_SECONDS) };
}
