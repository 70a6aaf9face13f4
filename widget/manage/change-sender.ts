/**
 * Cancels and moves are sent the way a booking is: one Idempotency-Key per attempt, reused on its
 * automatic retries and on a second press while the server has not answered it for good, so a
 * lost answer never turns into a second move (../attempt-key.ts has the rules).
 */
import type { ApiResult } from "../api";
import { keyFor, type UnfinishedAttempt, unfinishedAfter } from "../attempt-key";
import { type RetryHooks, withRetries } from "../retry-policy";

export type ChangeSender = ReturnType<typeof createChangeSender>;

export function createChangeSender() {
  let unfinished: UnfinishedAttempt | null = null;
  /** Sends the change described by `fingerprint` (the same change, the same fingerprint) with `call`. */
  return async function send<T>(fingerprint: string, call: (idempotencyKey: string) => Promise<ApiResult<T>>, hooks: RetryHooks = {}): Promise<ApiResult<T>> {
    const idempotencyKey = keyFor(fingerprint, unfinished);
    const result = await withRetries(() => call(idempotencyKey), hooks);
    unfinished = unfinishedAfter(result, { fingerprint, idempotencyKey });
    return result;
  };
}
