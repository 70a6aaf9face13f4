/**
 * The one place an error envelope is made. Handlers throw `ApiError`; `app.onError` turns it into
 * `{ "error": { "code", "message", ... } }` with the status the contract (design.md) gives the code.
 */
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ErrorCode, ErrorResponse } from "./contract";

export type { ErrorCode } from "./contract";

export const ERROR_STATUS = {
  INVALID_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  BOOKING_NOT_FOUND: 404,
  NOT_FOUND: 404,
  SLOT_NOT_AVAILABLE: 409,
  BOOKING_RESCHEDULED: 409,
  BOOKING_STARTED: 409,
  ALREADY_EXISTS: 409,
  IDEMPOTENCY_CONFLICT: 409,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  CALENDAR_UNAVAILABLE: 503,
} as const satisfies Record<ErrorCode, ContentfulStatusCode>;

/**
 * The one answer for an unknown host, an unknown booking type and one the caller may not see
 * (design.md "Auth"): distinct messages would let anyone list usernames by trying type ids.
 */
export const HOST_OR_TYPE_NOT_FOUND = "No such host or booking type.";

/** One answer for a hold that expired, was released or booked, never existed, or is another account's. */
export const HOLD_NOT_FOUND = "No such hold: it expired, was released or booked, or never existed.";

/** A create naming a live hold of another booking type or time (design.md "Holds": 400). */
export const HOLD_MISMATCH =
  "holdId: this hold is for another booking type or time; book the held slot exactly (bookingType, start and end as the hold has them).";

/** design-calendars.md: a create the host's calendar could not be read for says when to try again. */
const RETRY_AFTER_SECONDS: Partial<Record<ErrorCode, number>> = { CALENDAR_UNAVAILABLE: 10 };

export class ApiError extends Error {
  readonly status: ContentfulStatusCode;
  readonly details: unknown;
  readonly headers: Record<string, string>;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options: { status?: ContentfulStatusCode; details?: unknown; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = "ApiError";
    this.status = options.status ?? ERROR_STATUS[code];
    this.details = options.details;
    const retryAfter = RETRY_AFTER_SECONDS[code];
    this.headers = options.headers ?? (retryAfter === undefined ? {} : { "Retry-After": String(retryAfter) });
  }
}

/** One problem with a field of a request: `path` spells the field as the body does (`answers.company`). */
export interface FieldIssue {
  path: string;
  message: string;
}

const isFieldIssues = (details: unknown): details is FieldIssue[] =>
  Array.isArray(details) && details.length > 0 && details.every((issue) => typeof (issue as Partial<FieldIssue> | null)?.path === "string");

/**
 * design.md names the refused field as `details.field` (`answers.company`); every problem found is
 * listed in `details.issues`. Code anywhere may give the problems as a list: they are shaped here, once.
 */
function shapeDetails(details: unknown): unknown {
  return isFieldIssues(details) ? { field: details[0]!.path, issues: details } : details;
}

export function errorEnvelope(code: ErrorCode, message: string, extra: { requestId?: string; details?: unknown } = {}): ErrorResponse {
  const error: ErrorResponse["error"] = { code, message };
  if (extra.details !== undefined) error.details = shapeDetails(extra.details);
  if (extra.requestId) error.requestId = extra.requestId;
  return { error };
}
