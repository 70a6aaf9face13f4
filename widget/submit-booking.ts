/**
 * One booking attempt: a single Idempotency-Key, reused on every retry, so a retry after a lost
 * answer replays the first booking instead of making a second.
 */
import type { BookingApi } from "./api";
import type { CreateBookingBody } from "../worker/contract";
import { newIdempotencyKey } from "./idempotency-key";
import { withRetries, type RetryHooks } from "./retry-policy";

export function submitBooking(api: Pick<BookingApi, "createBooking">, body: CreateBookingBody, hooks: RetryHooks = {}) {
  const idempotencyKey = newIdempotencyKey();
  return withRetries(() => api.createBooking(body, idempotencyKey), hooks);
}
