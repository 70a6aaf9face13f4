/**
 * One booking attempt: a single Idempotency-Key, reused on every retry, so a retry after a lost
 * answer replays the first booking instead of making a second. The caller owns the key, so a
 * visitor pressing Confirm again after the retries ran out continues the same attempt.
 */

import type { CreateBookingBody } from "../worker/domain/contract";
import type { BookingApi } from "./api";
import { type RetryHooks, withRetries } from "./retry-policy";

export function submitBooking(api: Pick<BookingApi, "createBooking">, body: CreateBookingBody, idempotencyKey: string, hooks: RetryHooks = {}) {
  return withRetries(() => api.createBooking(body, idempotencyKey), hooks);
}
