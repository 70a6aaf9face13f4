/**
 * When a call is worth retrying, and how long to wait: exponential backoff with jitter (so many
 * widgets refused together don't return together), never sooner than Retry-After.
 */
import type { ApiFailure, ApiResult } from "./api";

export const MAX_ATTEMPTS = 5;
const BASE_DELAY_MS = 600;
const MAX_DELAY_MS = 10_000;
/**
 * A Retry-After longer than this (the hourly cap on public creates asks for up to an hour) is not a
 * wait to keep a visitor in: the failure is shown at once instead.
 */
export const MAX_WAIT_MS = 30_000;

/**
 * Worth another try (for a booking, with the same Idempotency-Key): nothing arrived, the service
 * asked us to slow down or was briefly unavailable, or the first try with this key is still running.
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

export interface RetryHooks {
  /** Called before waiting to retry, with the failure and the wait in ms. */
  onRetry?: (failure: ApiFailure, delayMs: number) => void;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `call` until it succeeds, fails for good, has been tried MAX_ATTEMPTS times, or would have
 * to wait more than MAX_WAIT_MS for the next try. `firstResult` is the first try's, when the caller
 * made it already (retry-after-failure.ts).
 */
export async function withRetries<T>(call: () => Promise<ApiResult<T>>, hooks: RetryHooks = {}, firstResult?: ApiResult<T>): Promise<ApiResult<T>> {
  for (let attempt = 1; ; attempt++) {
    const result = attempt === 1 && firstResult ? firstResult : await call();
    if (result.ok || !isTransient(result.failure) || attempt === MAX_ATTEMPTS) return result;
    const delay = backoffDelay(attempt - 1, result.failure, hooks.random);
    if (delay > MAX_WAIT_MS) return result;
    hooks.onRetry?.(result.failure, delay);
    await (hooks.sleep ?? wait)(delay);
  }
}
