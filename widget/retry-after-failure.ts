/**
 * The first screen's reads (the booking type, a month's slots) retried as retry-policy.ts says, with
 * that policy taken from the later steps' chunk (lazy-steps.ts), fetched only after a first failure
 * if it is not in yet: most loads never fail, and /widget.js would carry the policy before the first
 * slot for nothing. When the chunk cannot be fetched either (the network is down), the first failure
 * stands, and the widget shows it with Try again.
 */
import type { ApiResult } from "./api";
import { loadBookingSteps } from "./lazy-steps";

export async function withRetriesAfterFailure<T>(call: () => Promise<ApiResult<T>>): Promise<ApiResult<T>> {
  const first = await call();
  if (first.ok) return first;
  const steps = await loadBookingSteps().catch(() => null);
  return steps ? steps.withRetries(call, {}, first) : first;
}
