/**
 * What the fuzz tests (worker/fuzz.test.ts) share: a generated request and how it is sent to the
 * Worker in-process, the contract's checks on every answer (design.md "Errors", "Idempotency"):
 * never a 5xx; every non-2xx /api answer is the error envelope with a code from the contract and
 * that code's status; the OpenAPI document's promise for the operation; a status the contract
 * leaves no choice about; no idempotency record for a request answered 400, 401 or 413 (nor any of
 * a 401, 429 or 5xx), and the report: the seed and one request per distinct problem.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import worker from "..";
import { expectConformsToDocument } from "./openapi-conformance";

/** The Idempotency-Key to send: a fresh unique one (filled in when sent), a literal, or none. */
export type KeyChoice = { kind: "fresh" } | { kind: "literal"; value: string } | { kind: "none" };

export interface FuzzRequest {
  /** What the summary counts it under: an endpoint, an operation, a page. */
  endpoint: string;
  /** The defects this request carries, for the report. */
  label: string;
  method: string;
  /** Path and query exactly as sent (broken percent-encoding included). */
  path: string;
  headers: Record<string, string>;
  key: KeyChoice;
  body?: string | Uint8Array;
  /** Send the body as a stream without Content-Length. */
  streamed?: boolean;
  /** Statuses the contract leaves no choice about for this request (beyond the general rules). */
  expectStatus?: readonly number[];
  /** CF-Connecting-IP: a fresh address of its own when undefined (see `send`), none when null. */
  clientAddress?: string | null;
}

export interface Outcome<Request extends FuzzRequest = FuzzRequest> {
  index: number;
  request: Request;
  /** The Idempotency-Key as the server saw it (trimmed), if one was sent. */
  sentKey: string | null;
  status: number;
  contentType: string;
  setsCookie: boolean;
  text: string;
  /** How the answer breaks the OpenAPI document's promise for its operation, or null. */
  undocumented: string | null;
}

export interface Violation {
  /** Same signature = same problem; the report shows one request per signature. */
  signature: string;
  /** The request that shows it, when one can be named. */
  outcome?: Outcome;
  detail: string;
}

/** design.md "Errors": every code and the status it comes with. */
export const CONTRACT_STATUS: Record<string, readonly number[]> = {
  INVALID_REQUEST: [400, 413],
  UNAUTHORIZED: [401],
  BOOKING_NOT_FOUND: [404],
  NOT_FOUND: [404],
  FORBIDDEN: [403],
  SLOT_NOT_AVAILABLE: [409],
  BOOKING_RESCHEDULED: [409],
  BOOKING_STARTED: [409],
  ALREADY_EXISTS: [409],
  IDEMPOTENCY_CONFLICT: [409],
  RATE_LIMITED: [429],
  INTERNAL: [500],
  CALENDAR_UNAVAILABLE: [503],
};

/** design.md: no input may make a request run unbounded. */
const ANSWER_WITHIN_MS = 10_000;

// ---------------------------------------------------------------------------------------------
// Sending

/**
 * Sends `requests` with `concurrency` in flight, in order; answers their outcomes by index.
 * `addressBlock` picks the client addresses (see `send`), so two fuzz runs in one file share none.
 */
export async function sendAll<Request extends FuzzRequest>(
  requests: readonly Request[],
  { concurrency, addressBlock, firstIndex = 0 }: { concurrency: number; addressBlock: number; firstIndex?: number },
): Promise<Outcome<Request>[]> {
  const outcomes: Outcome<Request>[] = [];
  let next = 0;
  const sendInTurn = async () => {
    while (next < requests.length) {
      const at = next++;
      outcomes.push(await send(requests[at]!, firstIndex + at, addressBlock));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, sendInTurn));
  return outcomes.sort((a, b) => a.index - b.index);
}

export async function send<Request extends FuzzRequest>(request: Request, index: number, addressBlock: number): Promise<Outcome<Request>> {
  const headers = new Headers(request.headers);
  // One client address per request (IPv4: IPv6 counts per /64), so the per-IP limit of 120 a minute
  // does not answer for validation; from 198.18.0.0/15, which no other test file uses.
  if (request.clientAddress === undefined) headers.set("cf-connecting-ip", `198.${addressBlock + (index >> 16)}.${(index >> 8) & 255}.${index & 255}`);
  else if (request.clientAddress !== null) headers.set("cf-connecting-ip", request.clientAddress);
  // A UUID: the contract requires one of calls without a token, and a token's calls accept one too.
  if (request.key.kind === "fresh") headers.set("idempotency-key", crypto.randomUUID());
  if (request.key.kind === "literal") headers.set("idempotency-key", request.key.value);
  const sentKey = headers.get("idempotency-key");
  // Over HTTP the body is framed by these headers, so they always agree with it; only an in-process
  // Request can carry a Content-Length that lies about its body. Keep them on bodiless requests.
  if (request.body !== undefined) {
    headers.delete("content-length");
    headers.delete("transfer-encoding");
  }
  const init: RequestInit & { duplex?: string } = { method: request.method, headers };
  if (request.body !== undefined && request.streamed) {
    const bytes = typeof request.body === "string" ? new TextEncoder().encode(request.body) : request.body;
    init.body = new ReadableStream({
      start(controller) {
        for (let at = 0; at < bytes.length; at += 16 * 1024) controller.enqueue(bytes.slice(at, at + 16 * 1024));
        controller.close();
      },
    });
    init.duplex = "half";
  } else if (request.body !== undefined) {
    init.body = request.body;
  }
  const startedMs = Date.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const noAnswer = new Promise<Answer>((resolve) => {
    timer = setTimeout(
      () => resolve({ status: 0, contentType: "", setsCookie: false, text: `no answer within ${ANSWER_WITHIN_MS} ms`, undocumented: null }),
      ANSWER_WITHIN_MS,
    );
  });
  const result = await Promise.race([answerTo(new Request(`https://bookora.test${request.path}`, init)), noAnswer]);
  if (timer !== undefined) clearTimeout(timer);
  const elapsedMs = Date.now() - startedMs;
  if (elapsedMs > 1_000) console.log(`fuzz request #${index} took ${elapsedMs} ms: ${request.label}`);
  return { index, request, sentKey, ...result };
}

type Answer = Omit<Outcome, "index" | "request" | "sentKey">;

/**
 * The Worker's answer, from its fetch handler called in-process. Not through `exports.default`:
 * in vitest-pool-workers 0.15.1 every call through it wraps the entrypoint's prototype in one more
 * Proxy, so each call is slower than the last (~0.3 ms more per call here: 1,300 calls took minutes).
 */
async function answerTo(request: Request): Promise<Answer> {
  const ctx = createExecutionContext();
  try {
    const response = await worker.fetch(request, env, ctx);
    const undocumented = await expectConformsToDocument(request, response.clone()).then(
      () => null,
      (error: unknown) => String(error),
    );
    const answer = {
      status: response.status,
      contentType: response.headers.get("content-type") ?? "",
      setsCookie: response.headers.getSetCookie().length > 0,
      text: await response.text(),
      undocumented,
    };
    await waitOnExecutionContext(ctx);
    return answer;
  } catch (error) {
    // workerd answers a handler that throws with a bare 500.
    return { status: 500, contentType: "", setsCookie: false, text: `the Worker threw: ${String(error)}`, undocumented: null };
  }
}

// ---------------------------------------------------------------------------------------------
// Checks

/** What the contract says of every answer, whatever was asked. */
export function contractViolations(outcome: Outcome): Violation[] {
  const { request, status } = outcome;
  const found: Violation[] = [];
  const violation = (rule: string, detail: string) => found.push({ signature: `${request.endpoint} · ${rule}`, outcome, detail });
  const pathname = new URL(`https://bookora.test${request.path}`).pathname;

  if (status === 0) violation("no answer", outcome.text);
  if (status >= 500) violation(`${status} ${errorCodeOf(outcome.text) ?? ""}`.trim(), "bad input must never get a 5xx");
  if (pathname.startsWith("/api/") && status >= 300 && status < 500 && request.method !== "HEAD") {
    const envelope = envelopeProblem(outcome);
    if (envelope) violation(`not the error envelope (${status})`, envelope);
  }
  if (outcome.undocumented) violation(`answer not in the OpenAPI document (${status})`, outcome.undocumented);
  // "/api/bookings/../cancel" is "/api/cancel" once the URL is parsed: another route, another answer.
  const hasDotSegment = /\/(\.|%2e){1,2}(\/|$)/i.test(request.path.split("?")[0]!);
  if (request.expectStatus && !request.expectStatus.includes(status) && status > 0 && status < 500 && !hasDotSegment) {
    violation(`expected ${request.expectStatus.join(" or ")}, got ${status}`, "the contract leaves no choice here");
  }
  return found;
}

/** What is wrong with a non-2xx /api answer as an error envelope, or null. */
export function envelopeProblem({ status, contentType, text }: Pick<Outcome, "status" | "contentType" | "text">): string | null {
  if (!contentType.includes("application/json")) return `content-type is "${contentType}"`;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return "the body is not JSON";
  }
  const error = (body as { error?: unknown } | null)?.error as { code?: unknown; message?: unknown } | undefined;
  if (!error || typeof error !== "object") return 'no "error" object';
  if (typeof error.code !== "string" || !(error.code in CONTRACT_STATUS)) return `code ${preview(error.code)} is not in the contract`;
  if (typeof error.message !== "string" || error.message.trim() === "") return "no message";
  if (!CONTRACT_STATUS[error.code]!.includes(status)) return `code ${error.code} comes with ${CONTRACT_STATUS[error.code]!.join("/")}, not ${status}`;
  return null;
}

export function errorCodeOf(text: string): string | null {
  try {
    return (JSON.parse(text) as { error?: { code?: string } }).error?.code ?? null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Idempotency records

export interface IdempotencyRecord {
  key: string;
  scope: string;
  method: string;
  path: string;
  status: number | null;
}

export async function idempotencyRecords(): Promise<IdempotencyRecord[]> {
  const { results } = await env.DB.prepare(
    "SELECT idempotency_key AS key, scope, method, path, response_status AS status FROM idempotency_records",
  ).all<IdempotencyRecord>();
  return results;
}

export function recordsAdded(before: IdempotencyRecord[], after: IdempotencyRecord[]): IdempotencyRecord[] {
  const known = new Set(before.map((r) => `${r.key} ${r.method} ${r.path}`));
  return after.filter((r) => !known.has(`${r.key} ${r.method} ${r.path}`));
}

/**
 * design.md "Idempotency": outcomes of executing a request are recorded; 401, 429 and 5xx never
 * are, nor (docs/decisions/idempotency.md) a request refused by validation (400, 413) before it ran; and only
 * under a key the contract accepts. By default every 400 counts as such a refusal, as it does in the
 * booking API's fuzz; elsewhere a 400 can be an executed outcome (rescheduling a cancelled booking,
 * a test message to a disabled endpoint), recorded and replayed, and `refusedBeforeRunning` says
 * which answers were refusals.
 */
export function recordProblems(
  added: IdempotencyRecord[],
  outcomes: Outcome[],
  {
    neverRecorded = [400, 401, 413, 429],
    refusedBeforeRunning = (outcome) => outcome.status === 400 || outcome.status === 413,
  }: { neverRecorded?: readonly number[]; refusedBeforeRunning?: (outcome: Outcome) => boolean } = {},
): Violation[] {
  const found: Violation[] = [];
  const byKey = new Map<string, Outcome[]>();
  for (const outcome of outcomes) if (outcome.sentKey !== null) byKey.set(outcome.sentKey, [...(byKey.get(outcome.sentKey) ?? []), outcome]);
  for (const record of added) {
    const senders = byKey.get(record.key) ?? [];
    const [sender] = senders;
    if (record.status === null || neverRecorded.includes(record.status) || record.status >= 500) {
      found.push({
        signature: `idempotency record stored with status ${record.status}`,
        outcome: sender,
        detail: `record for ${record.method} ${record.path}`,
      });
    }
    if (!isAcceptableKey(record.key, { isPublic: record.scope === "public" })) {
      found.push({ signature: "idempotency record stored under a key the contract refuses", outcome: sender, detail: `key ${preview(record.key)}` });
    }
    // A key sent once, refused before its request ran (or answered 401), must have left no record.
    if (sender && senders.length === 1 && (sender.status === 401 || refusedBeforeRunning(sender))) {
      found.push({ signature: `idempotency record kept for a request answered ${sender.status}`, outcome: sender, detail: `record status ${record.status}` });
    }
  }
  return found;
}

/**
 * True when the key as the server will see it (trimmed) is one it accepts: 1–255 printable ASCII,
 * and a UUID for a call without a token (design.md "Idempotency").
 */
export function isAcceptableKey(key: string, { isPublic }: { isPublic: boolean }): boolean {
  const seen = key.trim();
  if (isPublic) return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(seen);
  return /^[\x20-\x7e]{1,255}$/.test(seen);
}

// ---------------------------------------------------------------------------------------------
// Reporting

/** One line per group: how many requests, and how often each status came. */
export function summaryLines(outcomes: Outcome[], groups: readonly string[]): string[] {
  const width = Math.max(20, ...groups.map((group) => group.length));
  return groups.map((group) => {
    const mine = outcomes.filter((o) => o.request.endpoint === group);
    return `  ${group.padEnd(width)} ${String(mine.length).padStart(4)}  ${countBy(mine.map((o) => o.status))}`;
  });
}

/** "201×3 409×12": how often each status occurs. */
export function countBy(statuses: (number | null)[]): string {
  const counts = new Map<number | null, number>();
  for (const status of statuses) counts.set(status, (counts.get(status) ?? 0) + 1);
  return (
    [...counts]
      .sort(([a], [b]) => (a ?? 0) - (b ?? 0))
      .map(([status, n]) => `${status}×${n}`)
      .join(" ") || "none"
  );
}

export function report(violations: Violation[], seed: number, summary: string): string {
  const bySignature = new Map<string, Violation[]>();
  for (const v of violations) bySignature.set(v.signature, [...(bySignature.get(v.signature) ?? []), v]);
  const sections = [...bySignature].map(([signature, all]) => {
    const { outcome, detail } = all[0]!;
    const heading = `✗ ${signature} (${all.length} time${all.length === 1 ? "" : "s"}): ${detail}`;
    return outcome ? `${heading}\n${shown(outcome)}` : heading;
  });
  return [`${bySignature.size} distinct problem(s) with fuzz seed ${seed}:`, ...sections, summary].join("\n\n");
}

/** The request as sent and the start of its answer. */
export function shown({ index, request, status, text, sentKey }: Outcome): string {
  const headers = Object.entries(request.headers).map(([name, value]) => `${name}: ${preview(value, 80)}`);
  if (sentKey !== null) headers.push(`idempotency-key: ${preview(sentKey, 80)}`);
  const body =
    request.body === undefined
      ? "(none)"
      : typeof request.body === "string"
        ? preview(request.body, 200)
        : `bytes ${[...request.body]
            .slice(0, 64)
            .map((b) => b.toString(16).padStart(2, "0"))
            .join(" ")}${request.body.length > 64 ? ` … (${request.body.length} bytes)` : ""}`;
  return [
    `  request #${index} (${request.label})`,
    `  ${request.method} ${preview(request.path, 200)}`,
    ...headers.map((h) => `  ${h}`),
    `  body${request.streamed ? " (streamed)" : ""}: ${body}`,
    `  → ${status} ${preview(text, 300)}`,
  ].join("\n");
}

/** A short, printable form of any value for labels and reports. */
export function preview(value: unknown, max = 40): string {
  const text = typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
  const quoted = JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
  return text.length > max ? `${quoted} (${text.length} chars)` : quoted;
}
