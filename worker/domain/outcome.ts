/**
 * Expected outcomes of domain code are values, not exceptions (a throw means a bug). Routes turn a
 * failed outcome into the error envelope with `unwrap`.
 */
import { ApiError, type ErrorCode } from "./errors";

export type Outcome<T> = { ok: true; value: T } | { ok: false; code: ErrorCode; message: string; details?: unknown };

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
