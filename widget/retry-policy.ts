/**
 * When a booking attempt is worth retrying, and how long to wait: exponential backoff with jitter
 * (so many widgets refused together don't return together), never sooner than Retry-After.
 */
import type { ApiFailure } from "./api";

export const MAX_ATTEMPTS = 5;
const BASE_DELAY_MS = 600;
const MAX_DELAY_MS = 10_000;

/**
 * Worth another try with the same Idempotency-Key: nothing arrived, the service asked us to slow
 * down or was briefly unavailable, or the first try with this key is still running.
 */
export function isTransient(failure: ApiFailure): boolean {
  return (
    failure.code === "NETWORK" ||
    failure.code === "RATE_LIMITED" ||
    failure.code === "IDEMPOTENCY_CONFLICT" ||
    failure.status === 502 ||
    failure.status === 503 ||
    failure.status === 504
  );
}

/** The wait before retry number `retry` (0 = the first retry): half fixed, half random. */
export function backoffDelay(retry: number, failure: ApiFailure, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** retry);
  const jittered = ceiling / 2 + random() * (ceiling / 2);
  return Math.max(jittered, (failure.retryAfter ?? 0) * 1000);
}
