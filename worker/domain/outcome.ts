/**
 * Expected outcomes of domain code are values, not exceptions (a throw means a bug): one result
 * type for all of it. A failure is a Refusal (the error code and message the API answers with)
 * unless a rule names its own (booking-type-rules.ts: the field at fault). Routes turn a failed
 * outcome into the error envelope with `unwrap`.
 */
import { ApiError, type ErrorCode } from "./errors";

/** Why something was refused, as the error envelope will say it. */
export interface Refusal {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

export type Outcome<T, Failure = Refusal> = { ok: true; value: T } | ({ ok: false } & Failure);

export function ok<T>(value: T): Outcome<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: ErrorCode, message: string, details?: unknown): Outcome<T> {
  return details === undefined ? { ok: false, code, message } : { ok: false, code, message, details };
}

export function unwrap<T>(outcome: Outcome<T>): T {
  if (outcome.ok) return outcome.value;
  throw new ApiError(outcome.code, outcome.message, { details: outcome.details });
}
