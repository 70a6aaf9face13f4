/**
 * One attempt to deliver a message (design-webhooks.md "Delivery"): a POST that succeeds on a 2xx
 * within the timeout. Redirects are not followed (a failure, like any other status); 410 Gone tells
 * the dispatcher to disable the endpoint. Whatever happens is described for the delivery log, with
 * the first 1 KB of the answer.
 */
import { RESPONSE_EXCERPT_BYTES } from "./config";
import { parseRetryAfter } from "./retry-timing";

export interface AttemptResult {
  verdict: "delivered" | "gone" | "failed";
  statusCode: number | null;
  durationMs: number;
  response: string | null;
  error: string | null;
  /** The receiver's Retry-After, in ms. */
  retryAfterMs: number | null;
}

export async function attemptDelivery(url: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<AttemptResult> {
  const startedAt = Date.now();
  const signal = AbortSignal.timeout(timeoutMs);
  let answer: Response;
  try {
    answer = await fetch(url, { method: "POST", headers, body, redirect: "manual", signal });
  } catch (error) {
    return {
      verdict: "failed",
      statusCode: null,
      durationMs: Date.now() - startedAt,
      response: null,
      error: describeFailure(error, signal, timeoutMs),
      retryAfterMs: null,
    };
  }
  const response = await readExcerpt(answer);
  const status = answer.status;
  const result = {
    statusCode: status,
    durationMs: Date.now() - startedAt,
    response,
    retryAfterMs: parseRetryAfter(answer.headers.get("retry-after"), Date.now()),
  };
  if (status >= 200 && status < 300) return { ...result, verdict: "delivered", error: null };
  if (status === 410) return { ...result, verdict: "gone", error: "410 Gone: the endpoint is disabled" };
  if (status >= 300 && status < 400) {
    const location = answer.headers.get("location");
    return { ...result, verdict: "failed", error: `redirect not followed${location ? ` (to ${location.slice(0, 200)})` : ""}` };
  }
  return { ...result, verdict: "failed", error: `HTTP ${status}` };
}

/** The first RESPONSE_EXCERPT_BYTES of the answer as text; the rest is never read. */
async function readExcerpt(answer: Response): Promise<string | null> {
  if (!answer.body) return null;
  const reader = answer.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < RESPONSE_EXCERPT_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // A body cut off (or too slow, past the timeout) keeps what arrived.
  } finally {
    reader.cancel().catch(() => undefined);
  }
  const bytes = new Uint8Array(Math.min(size, RESPONSE_EXCERPT_BYTES));
  let offset = 0;
  for (const chunk of chunks) {
    const part = chunk.subarray(0, bytes.byteLength - offset);
    bytes.set(part, offset);
    offset += part.byteLength;
    if (offset === bytes.byteLength) break;
  }
  return new TextDecoder().decode(bytes);
}

function describeFailure(error: unknown, signal: AbortSignal, timeoutMs: number): string {
  if (signal.aborted) return `no answer within ${timeoutMs / 1000} s`;
  return `could not reach the endpoint: ${error instanceof Error ? error.message : String(error)}`.slice(0, 500);
}
