/**
 * The HTTP plumbing Google and Microsoft share: every call gives up after `config.timeoutMs`, answers
 * are read as JSON, and a failed answer becomes the ProviderError the layers above act on
 * (provider.ts "ProviderFailure"). Error messages name the provider, the operation, the status and
 * the provider's error code only: they may be logged, so never a token, a code or a secret.
 */
import type { z } from "zod";
import { retryAfterMs } from "../lib/retry-after";
import { type ProviderConfig, ProviderError, type ProviderFailure, type ProviderName } from "./provider";

export interface ProviderCall {
  provider: ProviderName;
  /** Names the call in error messages: "freeBusy", "token refresh". */
  operation: string;
  method: "GET" | "POST" | "PATCH" | "DELETE";
  url: string;
  accessToken?: string;
  json?: unknown;
  form?: Record<string, string>;
  headers?: Record<string, string>;
  /** The OAuth token endpoint speaks `{ "error": "invalid_grant" }`, not the API's envelope. */
  endpoint?: "api" | "token";
}

export interface ProviderAnswer {
  status: number;
  headers: Headers;
  /** The parsed body; undefined when it was empty or not JSON. */
  json: unknown;
  isJson: boolean;
}

/** Google answers 403 (not 429) with these reasons when a quota or rate limit is hit. */
const RATE_LIMIT_REASONS = new Set(["rateLimitExceeded", "userRateLimitExceeded", "quotaExceeded"]);

/** Sends the call; throws "unavailable" on a timeout, a network failure or a body cut short. */
export async function callProvider(config: ProviderConfig, call: ProviderCall): Promise<ProviderAnswer> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  // A race, not only the signal: a fetch that ignores its signal (or a body that stalls) still times out.
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new ProviderError("unavailable", `${label(call)}: no answer within ${config.timeoutMs} ms`));
      controller.abort();
    }, config.timeoutMs);
  });
  try {
    return await Promise.race([send(config, call, controller.signal), deadline]);
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}

/** Sends the call and parses a 2xx answer with `schema`; any other answer throws its ProviderError. */
export async function fetchOk<Schema extends z.ZodType>(config: ProviderConfig, call: ProviderCall, schema: Schema): Promise<z.output<Schema>> {
  const answer = await callProvider(config, call);
  if (!isSuccess(answer)) throw failureOf(call, answer);
  return readAnswer(call, answer, schema);
}

/** Sends the call for its effect: any non-2xx answer throws its ProviderError; the body is not read. */
export async function sendOk(config: ProviderConfig, call: ProviderCall): Promise<void> {
  const answer = await callProvider(config, call);
  if (!isSuccess(answer)) throw failureOf(call, answer);
}

export function isSuccess(answer: ProviderAnswer): boolean {
  return answer.status >= 200 && answer.status < 300;
}

/** A body that is not what the API sends is the provider failing, never a crash of ours. */
export function readAnswer<Schema extends z.ZodType>(call: ProviderCall, answer: ProviderAnswer, schema: Schema): z.output<Schema> {
  if (!answer.isJson) throw new ProviderError("unavailable", `${label(call)}: HTTP ${answer.status} answer is not JSON`);
  const parsed = schema.safeParse(answer.json);
  if (!parsed.success) {
    const path = parsed.error.issues[0]?.path.join(".") || "body";
    throw new ProviderError("unavailable", `${label(call)}: unexpected answer at ${path}`);
  }
  return parsed.data;
}

/** The ProviderError for a non-2xx answer. */
export function failureOf(call: ProviderCall, answer: ProviderAnswer): ProviderError {
  const codes = providerErrorCodes(answer.json);
  const failure = classify(call, answer.status, codes);
  const message = `${label(call)}: HTTP ${answer.status}${codes[0] ? ` ${codes[0]}` : ""}`;
  const waits = failure === "rate_limited" || failure === "unavailable";
  return new ProviderError(failure, message, waits ? parseRetryAfter(answer.headers.get("Retry-After")) : null);
}

/** The provider's error codes: Google's `reason`s, Graph's `code`, OAuth's `error`. */
export function providerErrorCodes(json: unknown): string[] {
  if (!isRecord(json)) return [];
  const error = json.error;
  if (typeof error === "string") return safeCodes([error]);
  if (!isRecord(error)) return [];
  const reasons = Array.isArray(error.errors) ? error.errors.map((item) => (isRecord(item) ? item.reason : undefined)) : [];
  return safeCodes([...reasons, error.code, error.status]);
}

/** Retry-After as seconds: either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, nowMs = Date.now()): number | null {
  const ms = retryAfterMs(value, nowMs);
  return ms === null ? null : Math.ceil(ms / 1000);
}

/** A `nextLink` must stay on the API's origin: the access token goes wherever it points. */
export function sameOrigin(link: string, apiUrl: string): boolean {
  try {
    return new URL(link).origin === new URL(apiUrl).origin;
  } catch {
    return false;
  }
}

export function label(call: Pick<ProviderCall, "provider" | "operation">): string {
  return `${call.provider} ${call.operation}`;
}

function classify(call: ProviderCall, status: number, codes: readonly string[]): ProviderFailure {
  if (call.endpoint === "token") {
    // interaction_required: Entra wants the user back (MFA, new consent): only a new connection helps.
    if (status < 500 && codes.some((code) => code === "invalid_grant" || code === "interaction_required")) return "invalid_grant";
    if (codes.includes("temporarily_unavailable")) return "unavailable";
    // 401 invalid_client is our configuration, not an access token to refresh.
    if (status === 401) return "rejected";
  }
  if (status === 401) return "unauthorized";
  if (status === 429) return "rate_limited";
  if (status === 403 && codes.some((code) => RATE_LIMIT_REASONS.has(code))) return "rate_limited";
  if (status >= 500) return "unavailable";
  return "rejected";
}

async function send(config: ProviderConfig, call: ProviderCall, signal: AbortSignal): Promise<ProviderAnswer> {
  const headers: Record<string, string> = { Accept: "application/json", ...call.headers };
  if (call.accessToken !== undefined) headers.Authorization = `Bearer ${call.accessToken}`;
  let body: string | undefined;
  if (call.form) {
    headers["Content-Type"] = "application/x-www-form-urlencoded";
    body = new URLSearchParams(call.form).toString();
  } else if (call.json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(call.json);
  }
  // Called unbound: workerd's fetch throws "Illegal invocation" when `this` is the config object.
  const fetchFunction = config.fetch;
  let response: Response;
  try {
    response = await fetchFunction(call.url, { method: call.method, headers, body, signal });
  } catch (error) {
    throw new ProviderError("unavailable", `${label(call)}: network error (${errorName(error)})`);
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw new ProviderError("unavailable", `${label(call)}: HTTP ${response.status} body cut off (${errorName(error)})`);
  }
  const { json, isJson } = parseJson(text);
  return { status: response.status, headers: response.headers, json, isJson };
}

function parseJson(text: string): { json: unknown; isJson: boolean } {
  if (text.trim() === "") return { json: undefined, isJson: false };
  try {
    return { json: JSON.parse(text) as unknown, isJson: true };
  } catch {
    return { json: undefined, isJson: false };
  }
}

/** Codes go into messages that are logged: identifiers only, nothing a provider might echo back. */
function safeCodes(values: readonly unknown[]): string[] {
  return values.filter((value): value is string => typeof value === "string" && /^[A-Za-z0-9_.-]{1,64}$/.test(value));
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : "unknown";
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
