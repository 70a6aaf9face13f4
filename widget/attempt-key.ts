/**
 * Which Idempotency-Key a Confirm sends. The server records an answer under its key only when the
 * answer is definite (2xx, or a 4xx outcome such as SLOT_NOT_AVAILABLE); 401, 429 and 5xx are not
 * stored, precisely so the same key can run again. So while the last answer was not definite, the
 * server may hold a booking made with the key that the visitor was never told about (a 500 that
 * followed a commit, an answer lost on the way): a second Confirm of the same booking must send
 * the same key, to be answered with that booking instead of "just taken" by a new key.
 */
import type { ApiFailure, ApiResult } from "./api";
import { newIdempotencyKey } from "./idempotency-key";

/** An attempt the server has not answered for good: what was asked (as JSON) and the key it was asked with. */
export interface UnfinishedAttempt {
  fingerprint: string;
  idempotencyKey: string;
}

/**
 * Whether the server answered for good: the same request with the same key would get this same
 * answer (a recorded outcome, replayed; or a 400 that refuses the request as sent). Nothing
 * arrived, 5xx, 408 (timed out), 429 (not run), 401 (not stored) and IDEMPOTENCY_CONFLICT (the
 * first try with this key still running) leave it open.
 */
export function isDefinite(failure: ApiFailure): boolean {
  if (failure.code === "NETWORK" || failure.code === "IDEMPOTENCY_CONFLICT") return false;
  return failure.status >= 400 && failure.status < 500 && ![401, 408, 429].includes(failure.status);
}

/** The key for a Confirm of `fingerprint`: the unfinished attempt's when it asks the same booking, else a new one. */
export function keyFor(fingerprint: string, unfinished: UnfinishedAttempt | null): string {
  return unfinished?.fingerprint === fingerprint ? unfinished.idempotencyKey : newIdempotencyKey();
}

/** What is left open after `result`: the attempt, unless the answer was definite. */
export function unfinishedAfter(result: ApiResult<unknown>, attempt: UnfinishedAttempt): UnfinishedAttempt | null {
  return result.ok || isDefinite(result.failure) ? null : attempt;
}
