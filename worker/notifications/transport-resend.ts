/**
 * The `resend` transport (design-notifications.md "Transport"): one POST to Resend's `/emails` with
 * the outbox row's id as `Idempotency-Key`, so a retry of a send whose answer was lost is sent once
 * (Resend keeps a key for 24 hours). Every attempt gives up after `timeoutMs`, body read included,
 * as the calendar providers' calls do (worker/calendars/provider-http.ts).
 */
import { z } from "zod";
import { retryAfterMs } from "../lib/retry-after";
import type { EmailTransport, OutgoingEmail, SendOutcome } from "./message-facts";
import { base64OfUtf8 } from "./transport-encoding";

const RESEND_API_URL = "https://api.resend.com";
const DEFAULT_TIMEOUT_MS = 10_000;
/** Resend's error messages go into the outbox's lastError: enough to act on, not a whole page. */
const MESSAGE_LIMIT = 300;

export interface ResendOptions {
  apiKey: string;
  /** Another origin speaking the same API: the local fake (`npm run mail`) or a test's. */
  apiUrl?: string;
  timeoutMs?: number;
}

const accepted = z.object({ id: z.string() });
const refusal = z.object({ name: z.string().optional(), message: z.string().optional() });

export function resendTransport(options: ResendOptions): EmailTransport {
  const endpoint = `${(options.apiUrl ?? RESEND_API_URL).replace(/\/+$/, "")}/emails`;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return {
    name: "resend",
    async send(email, idempotencyKey) {
      const controller = new AbortController();
      let timer: ReturnType<typeof setTimeout> | undefined;
      // A race, not only the signal: a fetch that ignores its signal or a body that stalls still ends.
      const deadline = new Promise<SendOutcome>((resolve) => {
        timer = setTimeout(() => {
          resolve({ status: "retry", error: `resend: no answer within ${timeoutMs} ms` });
          controller.abort();
        }, timeoutMs);
      });
      const request = { endpoint, apiKey: options.apiKey, email, idempotencyKey, signal: controller.signal };
      try {
        return await Promise.race([postEmail(request), deadline]);
      } finally {
        if (timer !== undefined) clearTimeout(timer);
      }
    },
  };
}

interface EmailRequest {
  endpoint: string;
  apiKey: string;
  email: OutgoingEmail;
  idempotencyKey: string;
  signal: AbortSignal;
}

async function postEmail(request: EmailRequest): Promise<SendOutcome> {
  let response: Response;
  try {
    response = await fetch(request.endpoint, {
      method: "POST",
      headers: {
        Authorization: `Bearer ${request.apiKey}`,
        "Idempotency-Key": request.idempotencyKey,
        "Content-Type": "application/json",
        // Resend refuses requests without one (403, error 1010), and workerd's fetch sends none.
        "User-Agent": "bookora",
      },
      body: JSON.stringify(resendBody(request.email)),
      // A redirect is not Resend's API answering: it is retried, never followed with the key.
      redirect: "manual",
      signal: request.signal,
    });
  } catch (error) {
    return { status: "retry", error: `resend: network error (${errorName(error)})` };
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    return { status: "retry", error: `resend: HTTP ${response.status} body cut off (${errorName(error)})` };
  }
  return outcomeOf(response, parseJson(text));
}

function resendBody(email: OutgoingEmail): Record<string, unknown> {
  return {
    from: email.from,
    to: email.to,
    subject: email.subject,
    text: email.text,
    html: email.html,
    ...(email.replyTo === undefined ? {} : { reply_to: email.replyTo }),
    attachments: email.attachments.map((attachment) => ({
      filename: attachment.filename,
      content: base64OfUtf8(attachment.content),
      content_type: attachment.contentType,
    })),
  };
}

function outcomeOf(response: Response, json: unknown): SendOutcome {
  const { status } = response;
  // Accepted is accepted, whatever the body says: sending again could only duplicate the message.
  if (status >= 200 && status < 300) return { status: "sent", providerId: accepted.safeParse(json).data?.id ?? null };
  const problem = refusal.safeParse(json).data;
  const error = describe(status, problem);
  // 409 concurrent_idempotent_requests: an earlier attempt with this key is still in flight at Resend.
  const isInFlight = status === 409 && problem?.name === "concurrent_idempotent_requests";
  const isRefusal = status >= 400 && status < 500 && status !== 408 && status !== 429 && !isInFlight;
  if (isRefusal) return { status: "rejected", error };
  const wait = retryAfterMs(response.headers.get("Retry-After"), Date.now());
  return wait === null ? { status: "retry", error } : { status: "retry", error, retryAfterMs: wait };
}

function describe(status: number, problem: z.output<typeof refusal> | undefined): string {
  const name = problem?.name && /^[a-z0-9_]{1,64}$/.test(problem.name) ? ` ${problem.name}` : "";
  // Control characters would let a provider's message forge lines in whatever logs lastError.
  const message = problem?.message
    ?.replace(/[\p{Cc}]+/gu, " ")
    .trim()
    .slice(0, MESSAGE_LIMIT);
  return `resend: HTTP ${status}${name}${message ? `: ${message}` : ""}`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : "unknown";
}
