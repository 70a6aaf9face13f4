/**
 * A fake of the part of Resend's API Bookora uses (design-notifications.md "Transport"): `POST /emails`
 * with its bearer key, its 422s, its `Idempotency-Key` (same key and body within 24 h: the first answer
 * again, nothing sent twice; same key, other body: 409), and switchable faults played out like the
 * calendar fakes'. `fetch(request)` is the whole surface a transport sees, so Worker tests inject it
 * and the Node server (fake-mail-server.ts) forwards to it. Web APIs only.
 */
import { DEFAULT_HANG_LIMIT_MS, FaultBoard, type FaultName, type FaultSpec, playFault, retryAfterHeader } from "../calendars/fake-faults";
import { bearerToken, jsonAnswer } from "../calendars/fake-http";
import { parseEmailBody, type ReceivedEmail, type ResendError } from "./fake-received-email";

/** The faults a send can meet; `commit_then_drop` is accept-then-drop: stored, then no answer. */
export const MAIL_FAULTS = ["server_error", "unavailable", "rate_limited", "hang", "commit_then_drop", "commit_then_fail", "delayed", "malformed"] as const;

export type MailFaultName = (typeof MAIL_FAULTS)[number];

/** Resend keeps an idempotency key for 24 hours; after that the key sends again. */
export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface FakeResendOptions {
  /** Where the fake answers, e.g. "https://resend.fake" or "http://127.0.0.1:8791" (RESEND_API_URL). */
  baseUrl?: string;
  /** The one key it accepts (RESEND_API_KEY). */
  apiKey?: string;
  /** The fake's clock, for receive times and the idempotency window (Date.now by default). */
  now?: () => number;
  /** How long a "hang" lasts when the caller never aborts. */
  hangLimitMs?: number;
}

interface IdempotentSend {
  bodyText: string;
  id: string;
  atMs: number;
}

export class FakeResend {
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly now: () => number;
  readonly faults = new FaultBoard(["emails"]);
  readonly #hangLimitMs: number;
  readonly #emailsPath: string;
  readonly #received: ReceivedEmail[] = [];
  readonly #idempotentSends = new Map<string, IdempotentSend>();
  #calls = 0;

  constructor(options: FakeResendOptions = {}) {
    this.baseUrl = (options.baseUrl ?? "https://resend.fake").replace(/\/+$/, "");
    this.apiKey = options.apiKey ?? "re_fake_mail_key";
    this.now = options.now ?? (() => Date.now());
    this.#hangLimitMs = options.hangLimitMs ?? DEFAULT_HANG_LIMIT_MS;
    this.#emailsPath = `${new URL(this.baseUrl).pathname.replace(/\/+$/, "")}/emails`;
  }

  /** Answers one request the way Resend would (or as the armed fault says). */
  readonly fetch = async (request: Request): Promise<Response> => {
    const path = new URL(request.url).pathname.replace(/\/+$/, "");
    if (path !== this.#emailsPath) return resendError({ statusCode: 404, name: "not_found", message: "The requested endpoint does not exist." });
    if (request.method !== "POST")
      return resendError({ statusCode: 405, name: "method_not_allowed", message: "Method is not allowed for the requested path." });
    this.#calls += 1;
    const fault = this.faults.take(["emails"]);
    return playFault(fault, request, () => this.#send(request), mailFaultAnswer, this.#hangLimitMs);
  };

  /** What the fake accepted, oldest first. */
  messages(): ReceivedEmail[] {
    return [...this.#received];
  }

  message(id: string): ReceivedEmail | null {
    return this.#received.find((email) => email.id === id) ?? null;
  }

  /** How many `POST /emails` reached the fake, faulted ones included. */
  callCount(): number {
    return this.#calls;
  }

  /** Arms a fault on sends: for the next `times` of them, or until cleared. */
  setFault(fault: MailFaultName | FaultSpec, times?: number): void {
    const spec = typeof fault === "string" ? { fault } : fault;
    if (!(MAIL_FAULTS as readonly FaultName[]).includes(spec.fault)) throw new Error(`Unknown fault "${spec.fault}"; one of: ${MAIL_FAULTS.join(", ")}`);
    this.faults.set("emails", times === undefined ? spec : { ...spec, times });
  }

  clearFaults(): void {
    this.faults.clear();
  }

  /** Back to an empty inbox: no messages, no idempotency keys, no faults, no count. */
  reset(): void {
    this.#received.length = 0;
    this.#idempotentSends.clear();
    this.faults.clear();
    this.#calls = 0;
  }

  async #send(request: Request): Promise<Response> {
    const key = bearerToken(request);
    if (key === null) {
      return resendError({
        statusCode: 401,
        name: "missing_api_key",
        message: "Missing API key in the authorization header. Include the following header Authorization: Bearer YOUR_API_KEY in the request.",
      });
    }
    if (key !== this.apiKey) return resendError({ statusCode: 403, name: "invalid_api_key", message: "API key is invalid" });
    const idempotencyKey = request.headers.get("Idempotency-Key");
    if (idempotencyKey !== null && (idempotencyKey.length < 1 || idempotencyKey.length > 256)) {
      return resendError({ statusCode: 400, name: "invalid_idempotency_key", message: "The key must be between 1-256 chars." });
    }
    // Decoded by hand, as fake-http's readForm does: workerd warns when .text() reads a non-text body.
    const bodyText = new TextDecoder().decode(await request.arrayBuffer());
    const parsed = parseEmailBody(bodyText);
    if (!parsed.ok) return resendError(parsed.error);
    const nowMs = this.now();
    const earlier = idempotencyKey === null ? undefined : this.#idempotentSends.get(idempotencyKey);
    if (earlier !== undefined && nowMs - earlier.atMs < IDEMPOTENCY_WINDOW_MS) {
      // The exact bytes, not the parsed JSON: a retry must send what the first attempt sent (research/email.md §4).
      if (earlier.bodyText !== bodyText) {
        return resendError({ statusCode: 409, name: "invalid_idempotent_request", message: "Same idempotency key used with a different request payload." });
      }
      return jsonAnswer({ id: earlier.id });
    }
    const id = crypto.randomUUID();
    this.#received.push({ ...parsed.email, id, receivedAtMs: nowMs, idempotencyKey });
    if (idempotencyKey !== null) this.#idempotentSends.set(idempotencyKey, { bodyText, id, atMs: nowMs });
    return jsonAnswer({ id });
  }
}

function resendError(error: ResendError, headers: Record<string, string> = {}): Response {
  return jsonAnswer({ statusCode: error.statusCode, message: error.message, name: error.name }, error.statusCode, headers);
}

/** A fault in Resend's words. */
function mailFaultAnswer(fault: FaultSpec): Response {
  switch (fault.fault) {
    case "rate_limited":
      return resendError(
        { statusCode: 429, name: "rate_limit_exceeded", message: "Too many requests. You can only make 5 requests per second." },
        { ...retryAfterHeader(fault, "1"), "ratelimit-limit": "5", "ratelimit-remaining": "0" },
      );
    case "unavailable":
      return resendError({ statusCode: 503, name: "application_error", message: "The service is unavailable." }, retryAfterHeader(fault, null));
    default:
      return resendError({ statusCode: fault.status ?? 500, name: "application_error", message: "An unexpected error occurred." });
  }
}
