/**
 * Rate limits with the Workers Rate Limiting binding: per service token and per account (all its
 * tokens together) for authenticated calls, per client address otherwise (design.md and
 * design-management.md "Limits and abuse": 1,200, 3,000 and 120 a minute, set in wrangler.toml; the
 * address is an IPv4 or an IPv6 /64, see client-ip.ts). The binding is a counter kept beside the
 * Worker, so a check costs no D1 or Durable Object round trip. `RATE_LIMITS=off` (local load tests
 * only) turns it off.
 */
import type { MiddlewareHandler } from "hono";
import { ApiError } from "../domain/errors";
import type { AppEnv, Caller } from "./env";

/** Every limit counts over 60-second windows (the `period` in wrangler.toml). */
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
  if (!verdict.allowed) throw rateLimited(verdict.retryAfterSeconds);
}

export function rateLimited(retryAfterSeconds: number, message = `Too many requests; retry after ${retryAfterSeconds} seconds.`): ApiError {
  return new ApiError("RATE_LIMITED", message, {
    headers: { "Retry-After": String(retryAfterSeconds) },
  });
}

/**
 * Counts one request of `caller` and says whether it is within the limit. Hosted pages use this
 * directly, to answer an HTML page rather than the JSON envelope.
 */
export async function checkRateLimit(env: Env, caller: Caller): Promise<RateLimitVerdict> {
  if (env.RATE_LIMITS === "off") return { allowed: true };
  if (caller.kind === "service") {
    // A request must fit both: the token's own allowance, and its account's, so that an account
    // cannot multiply its allowance by making more tokens. A request the token refuses is not
    // counted against the account.
    if (!(await isWithin(env.TOKEN_RATE_LIMITER, `token:${caller.tokenId}`))) return refused();
    return (await isWithin(env.ACCOUNT_RATE_LIMITER, `account:${caller.accountId}`)) ? { allowed: true } : refused();
  }
  return (await isWithin(env.IP_RATE_LIMITER, `ip:${caller.ip}`)) ? { allowed: true } : refused();
}

async function isWithin(limiter: RateLimit, key: string): Promise<boolean> {
  const { success } = await limiter.limit({ key });
  return success;
}

/** Windows are aligned to the clock, so the wait is until the next multiple of the period. */
function refused(): { allowed: false; retryAfterSeconds: number } {
  return { allowed: false, retryAfterSeconds: PERIOD_SECONDS - (Math.floor(Date.now() / 1000) % PERIOD_SECONDS) };
}
