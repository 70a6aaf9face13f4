/**
 * One booking attempt: a single Idempotency-Key, reused on every retry, so a retry after a lost
 * answer replays the first booking instead of making a second.
 */
import type { ApiFailure, ApiResult, BookingApi } from "./api";
import type { CreateBookingBody, CreateBookingResponse } from "../worker/contract";
import { newIdempotencyKey } from "./idempotency-key";
import { backoffDelay, isTransient, MAX_ATTEMPTS } from "./retry-policy";

export interface AttemptHooks {
  /** Called before waiting to retry, with the failure and the wait in ms. */
  onRetry?: (failure: ApiFailure, delayMs: number) => void;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function submitBooking(api: Pick<BookingApi, "createBooking">, body: CreateBookingBody, hooks: AttemptHooks = {}): Promise<ApiResult<CreateBookingResponse>> {
  const idempotencyKey = newIdempotencyKey();
  for (let attempt = 1; ; attempt++) {
    const result = await api.createBooking(body, idempotencyKey);
    if (result.ok || !isTransient(result.failure) || attempt === MAX_ATTEMPTS) return result;
    const delay = backoffDelay(attempt - 1, result.failure, hooks.random);
    hooks.onRetry?.(result.failure, delay);
    await (hooks.sleep ?? wait)(delay);
  }
}
