/**
 * One booking attempt: a single Idempotency-Key, reused on every retry, so a retry after a lost
 * answer replays the first booking instead of making a second. The caller owns the key, so a
 * visitor pressing Confirm again after the retries ran out continues the same attempt.
 */

import type { CreateBookingBody, CreateBookingResponse } from "../worker/domain/contract";
import type { ApiCall } from "./api";
import { type RetryHooks, withRetries } from "./retry-policy";

/** `POST /api/bookings`, retried under one key. Here, not in api.ts, because only the lazy chunk sends it. */
export function submitBooking(call: ApiCall, body: CreateBookingBody, idempotencyKey: string, hooks: RetryHooks = {}) {
  const init = { method: "POST", headers: { "Content-Type": "application/json", "Idempotency-Key": idempotencyKey }, body: JSON.stringify(body) };
  return withRetries(() => call<CreateBookingResponse>("/api/bookings", init), hooks);
}
