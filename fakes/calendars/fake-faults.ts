/**
 * Switchable faults for the fake providers (design-calendars.md "Fake providers"): set per endpoint
 * kind, for the next N calls or until cleared, and played out the same way by both fakes; each fake
 * writes the error bodies in its own dialect.
 */
import { untilAborted } from "./fake-http";

export const FAULT_NAMES = [
  /** 401: the access token (or, at the token endpoint, the client) is refused. */
  "unauthorized",
  /** 400 `{ "error": "invalid_grant" }`: the refresh token (or code) is refused for good. */
  "invalid_grant",
  /** 429 with Retry-After (`retryAfter`, 30 s by default). */
  "rate_limited",
  /** Google's 403 `userRateLimitExceeded`. */
  "rate_limited_403",
  /** 500 (or `status`: 502, 504...). */
  "server_error",
  /** 503, with Retry-After when `retryAfter` is given. */
  "unavailable",
  /** No answer until the caller aborts the request (its timeout must fire). */
  "hang",
  /** 409: Google "duplicate", Graph ErrorDuplicateTransactionId. */
  "duplicate",
  /** 410: the resource is gone. */
  "gone",
  /** 404. */
  "not_found",
  /** The write IS done, then the answer is a 503: an ambiguous failure for retries to survive. */
  "commit_then_fail",
  /** The write IS done, then the connection drops (fetch rejects; the Node server hangs up). */
  "commit_then_drop",
  /** Google freeBusy only: 200, with `errors` for `calendarIds` (every requested one by default). */
  "calendar_errors",
  /** 200 with an HTML body: a captive proxy, not the API. */
  "malformed",
  /** Answered as usual, but late: after `meanwhile` has run (a test changes things while the call is out), or after `delayMs`. */
  "delayed",
] as const;

export type FaultName = (typeof FAULT_NAMES)[number];

export interface FaultSpec {
  fault: FaultName;
  /** Only the next N matching calls; omitted, every matching call until cleared. */
  times?: number;
  /** rate_limited, unavailable: the Retry-After header, seconds or an HTTP date. */
  retryAfter?: string | number;
  /** server_error: the status (500 by default). */
  status?: number;
  /** calendar_errors: the calendars that fail. */
  calendarIds?: string[];
  /** calendar_errors: Google's reason ("backendError" by default). */
  reason?: string;
  /** delayed: what happens while the call waits for its answer. */
  meanwhile?: () => Promise<unknown>;
  /** delayed, without `meanwhile`: how long the answer waits (1 s by default). */
  delayMs?: number;
}

/** How long a "hang" waits at most when the caller never aborts (then it answers 504). */
export const DEFAULT_HANG_LIMIT_MS = 30_000;

interface ArmedFault {
  spec: FaultSpec;
  remaining: number | null;
}

export class FaultBoard {
  readonly #armed = new Map<string, ArmedFault>();

  /** @param endpoints the endpoint kinds a fault can be set on ("any" matches every call). */
  constructor(readonly endpoints: readonly string[]) {}

  set(endpoint: string, spec: FaultSpec): void {
    if (endpoint !== "any" && !this.endpoints.includes(endpoint)) {
      throw new Error(`Unknown endpoint "${endpoint}"; one of: any, ${this.endpoints.join(", ")}`);
    }
    if (!(FAULT_NAMES as readonly string[]).includes(spec.fault)) {
      throw new Error(`Unknown fault "${spec.fault}"; one of: ${FAULT_NAMES.join(", ")}`);
    }
    this.#armed.set(endpoint, { spec, remaining: spec.times ?? null });
  }

  clear(endpoint?: string): void {
    if (endpoint === undefined) this.#armed.clear();
    else this.#armed.delete(endpoint);
  }

  /** The fault for a call known by these endpoint names, most specific first; uses up one shot. */
  take(names: readonly string[]): FaultSpec | null {
    for (const name of [...names, "any"]) {
      const armed = this.#armed.get(name);
      if (armed === undefined) continue;
      if (armed.remaining !== null) {
        armed.remaining -= 1;
        if (armed.remaining <= 0) this.#armed.delete(name);
      }
      return armed.spec;
    }
    return null;
  }

  list(): Array<{ endpoint: string; remaining: number | null } & FaultSpec> {
    return [...this.#armed].map(([endpoint, armed]) => ({ endpoint, remaining: armed.remaining, ...armed.spec }));
  }
}

/** The error answer a fault stands for, in the fake's dialect. */
export type FaultAnswer = (fault: FaultSpec) => Response;

/**
 * Plays a call out under its fault (or none). `handle` does the real work; it receives the fault
 * when the fault shapes a successful answer (calendar_errors).
 */
export async function playFault(
  fault: FaultSpec | null,
  request: Request,
  handle: (fault: FaultSpec | null) => Promise<Response>,
  answer: FaultAnswer,
  hangLimitMs: number,
): Promise<Response> {
  if (fault === null) return handle(null);
  switch (fault.fault) {
    case "calendar_errors":
      return handle(fault);
    case "hang": {
      const ended = await untilAborted(request.signal, hangLimitMs);
      if (ended === "aborted") throw request.signal.reason ?? new DOMException("The operation was aborted.", "AbortError");
      return answer({ fault: "server_error", status: 504 });
    }
    case "commit_then_fail":
      await handle(null);
      return answer({ fault: "unavailable" });
    case "commit_then_drop":
      await handle(null);
      throw new TypeError("Network connection lost.");
    case "delayed":
      await (fault.meanwhile ? fault.meanwhile() : new Promise((resolve) => setTimeout(resolve, fault.delayMs ?? 1_000)));
      return handle(null);
    case "malformed":
      return new Response("<html><body>502 Bad Gateway</body></html>", { status: 200, headers: { "Content-Type": "text/html" } });
    default:
      return answer(fault);
  }
}

/** Retry-After for a fault: its own value, else `fallback` (none when fallback is null). */
export function retryAfterHeader(fault: FaultSpec, fallback: string | null): Record<string, string> {
  const value = fault.retryAfter === undefined ? fallback : String(fault.retryAfter);
  return value === null ? {} : { "Retry-After": value };
}
