/**
 * Fuzz: well over a thousand malformed or hostile requests across every endpoint, generated from a
 * fixed seed (worker/test/malformed-requests.ts), against real seeded hosts, types and bookings.
 * The contract (design.md "Errors", "Idempotency") must hold for every one: never a 5xx; every
 * non-2xx /api answer is the error envelope with a code from the contract and that code's status;
 * and nothing is written: no booking created or changed, no idempotency record for a request
 * answered 400, 401 or 413 (nor any record of a 401, 429 or 5xx).
 *
 * A failure prints the seed and, for each distinct problem, one request that shows it. To explore
 * further, change SEED (or raise the counts) and run `npx vitest run --project worker worker/fuzz.test.ts`.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { expect, it } from "vitest";
import worker from "./index";
import { expectConformsToDocument } from "./test/openapi-conformance";
import { availableSlots, book, post, seedHost, upcoming, type SeededHost } from "./test/fixtures";
import {
  ENDPOINTS,
  isAcceptableKey,
  namedRequests,
  preview,
  requestsTo,
  type Endpoint,
  type FuzzRequest,
  type FuzzWorld,
} from "./test/malformed-requests";

const SEED = 20_261_125;

/**
 * Requests per endpoint, besides the named ones: ~1,450 in all, 2–4 s on this 2-core machine when
 * it is quiet (writes to one host queue behind each other in its Durable Object, so a busy machine
 * stretches that).
 */
const REQUESTS_PER_ENDPOINT: Record<Endpoint, number> = {
  availability: 300,
  "booking-types": 120,
  "create booking": 280,
  "get booking": 120,
  cancel: 180,
  reschedule: 180,
  health: 50,
  "unknown /api route": 90,
  "hosted page": 90,
};

/** Requests in flight at once: enough to keep workerd busy, few enough to stay deterministic in effect. */
const CONCURRENCY = 6;

/** design.md: no input may make a request run unbounded. */
const ANSWER_WITHIN_MS = 10_000;

/** design.md "Errors": every code and the status it comes with. */
const CONTRACT_STATUS: Record<string, readonly number[]> = {
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

interface Outcome {
  index: number;
  request: FuzzRequest;
  /** The Idempotency-Key as the server saw it (trimmed), if one was sent. */
  sentKey: string | null;
  status: number;
  contentType: string;
  text: string;
  undocumented: string | null;
}

interface Violation {
  /** Same signature = same problem; the report shows one request per signature. */
  signature: string;
  /** The request that shows it, when one can be named. */
  outcome?: Outcome;
  detail: string;
}

it("answers malformed and hostile requests on every endpoint without a 5xx, always in the error envelope, and writes nothing", async () => {
  const world = await seedWorld();
  const requests = [
    ...namedRequests(world),
    ...ENDPOINTS.flatMap((endpoint, i) => fc.sample(requestsTo(endpoint, world), { seed: SEED + i, numRuns: REQUESTS_PER_ENDPOINT[endpoint] })),
  ];
  const before = await snapshot();

  const startedMs = Date.now();
  const outcomes = await sendAll(requests);
  const elapsedMs = Date.now() - startedMs;

  const after = await snapshot();
  const violations = [...outcomes.flatMap(check), ...writesBetween(before, after, outcomes)];
  const summary = summarise(outcomes, requests.length, elapsedMs, recordsAdded(before, after));
  console.log(summary);

  if (violations.length > 0) throw new Error(report(violations, summary));
  // A fuzz that only meets the rate limiter tests nothing.
  const limited = outcomes.filter((o) => o.status === 429).length;
  expect(limited, "requests answered 429").toBeLessThan(outcomes.length * 0.02);
  expect(outcomes.length).toBeGreaterThanOrEqual(1_000);
}, 120_000);

// ---------------------------------------------------------------------------------------------
// The world the requests aim at

async function seedWorld(): Promise<FuzzWorld> {
  const hosts: SeededHost[] = [
    await seedHost({ types: [{ durationMinutes: 30 }, { durationMinutes: 60, durationOptions: [60, 90] }, { durationMinutes: 30, isPublic: false }] }),
    await seedHost({ timeZone: "America/Sao_Paulo" }),
  ];
  const workday = upcoming(1);
  const [first, second] = await availableSlots(hosts[0]!, { startDate: workday, endDate: workday });
  const [other] = await availableSlots(hosts[1]!, { startDate: workday, endDate: workday });
  const byToken = await book(hosts[0]!, first!);
  const byVisitor = await book(hosts[0]!, second!, true);
  const otherHosts = await book(hosts[1]!, other!);
  const [, moved] = await availableSlots(hosts[1]!, { startDate: workday, endDate: workday });
  const rescheduled = await book(hosts[1]!, moved!);
  const [later] = (await availableSlots(hosts[1]!, { startDate: workday, endDate: workday })).slice(-1);
  const response = await post(`/api/bookings/${rescheduled.bookingId}/reschedule`, { newSlot: later }, { token: hosts[1]!.token });
  expect(response.status).toBe(200);
  const { newBookingId } = (await response.json()) as { newBookingId: string };
  return {
    hosts: hosts.map((host) => ({ username: host.username, token: host.token, typeRefs: host.types.flatMap((type) => [String(type.id), type.publicId]) })),
    bookings: [
      { id: byToken.bookingId, hostIndex: 0, manageToken: null },
      { id: byVisitor.bookingId, hostIndex: 0, manageToken: byVisitor.manageToken ?? null },
      { id: otherHosts.bookingId, hostIndex: 1, manageToken: null },
      { id: rescheduled.bookingId, hostIndex: 1, manageToken: null },
      { id: newBookingId, hostIndex: 1, manageToken: null },
    ],
    workday,
  };
}

// ---------------------------------------------------------------------------------------------
// Sending

async function sendAll(requests: FuzzRequest[]): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  let next = 0;
  const sendInTurn = async () => {
    while (next < requests.length) {
      const index = next++;
      outcomes.push(await send(requests[index]!, index));
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, sendInTurn));
  return outcomes.sort((a, b) => a.index - b.index);
}

async function send(request: FuzzRequest, index: number): Promise<Outcome> {
  const headers = new Headers(request.headers);
  // One client address per request (IPv4: IPv6 counts per /64), so the per-IP limit of 120 a minute
  // does not answer for validation; from 198.18.0.0/15, which no other test file uses.
  if (request.clientAddress === undefined) headers.set("cf-connecting-ip", `198.${18 + (index >> 16)}.${(index >> 8) & 255}.${index & 255}`);
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
    timer = setTimeout(() => resolve({ status: 0, contentType: "", text: `no answer within ${ANSWER_WITHIN_MS} ms`, undocumented: null }), ANSWER_WITHIN_MS);
  });
  const result = await Promise.race([answerTo(new Request(`https://bookora.test${request.path}`, init)), noAnswer]);
  if (timer !== undefined) clearTimeout(timer);
  const elapsedMs = Date.now() - startedMs;
  if (elapsedMs > 1_000) console.log(`fuzz request #${index} took ${elapsedMs} ms: ${request.label}`);
  return { index, request, sentKey, ...result };
}

interface Answer {
  status: number;
  contentType: string;
  text: string;
  /** How the answer breaks the OpenAPI document's promise for its operation, or null. */
  undocumented: string | null;
}

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
    const answer = { status: response.status, contentType: response.headers.get("content-type") ?? "", text: await response.text(), undocumented };
    await waitOnExecutionContext(ctx);
    return answer;
  } catch (error) {
    // workerd answers a handler that throws with a bare 500.
    return { status: 500, contentType: "", text: `the Worker threw: ${String(error)}`, undocumented: null };
  }
}

// ---------------------------------------------------------------------------------------------
// Checks

function check(outcome: Outcome): Violation[] {
  const { request, status } = outcome;
  const found: Violation[] = [];
  const violation = (rule: string, detail: string) => found.push({ signature: `${request.endpoint} · ${rule}`, outcome, detail });
  const pathname = new URL(`https://bookora.test${request.path}`).pathname;
  const isApi = pathname.startsWith("/api/");

  if (status === 0) violation("no answer", outcome.text);
  if (status >= 500) violation(`${status} ${errorCodeOf(outcome.text) ?? ""}`.trim(), "bad input must never get a 5xx");

  if (isApi && status >= 300 && status < 500 && request.method !== "HEAD") {
    const envelope = envelopeProblem(outcome);
    if (envelope) violation(`not the error envelope (${status})`, envelope);
  }
  if (outcome.undocumented) violation(`answer not in the OpenAPI document (${status})`, outcome.undocumented);
  if (isApi && request.method === "POST" && status >= 200 && status < 300) {
    violation(`POST accepted with ${status}`, "a malformed or harmless-by-construction write was carried out");
  }
  // "/api/bookings/../cancel" is "/api/cancel" once the URL is parsed: another route, another answer.
  const hasDotSegment = /\/(\.|%2e){1,2}(\/|$)/i.test(request.path.split("?")[0]!);
  if (request.expectStatus && !request.expectStatus.includes(status) && status > 0 && status < 500 && !hasDotSegment) {
    violation(`expected ${request.expectStatus.join(" or ")}, got ${status}`, "the contract leaves no choice here");
  }
  if (request.endpoint === "unknown /api route" && pathname.startsWith("/api/x/") && !["OPTIONS", "HEAD"].includes(request.method)) {
    if (status !== 404 || errorCodeOf(outcome.text) !== "NOT_FOUND") violation(`unknown route answered ${status}`, "unknown /api routes are 404 NOT_FOUND");
  }
  if (pathname.startsWith("/book/") && request.method === "GET" && status < 500 && !outcome.contentType.includes("text/html")) {
    violation(`hosted page answered ${status} ${outcome.contentType}`, "a hosted page (or its 404) is HTML");
  }
  return found;
}

/** What is wrong with a non-2xx /api answer as an error envelope, or null. */
function envelopeProblem({ status, contentType, text }: Outcome): string | null {
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

function errorCodeOf(text: string): string | null {
  try {
    return (JSON.parse(text) as { error?: { code?: string } }).error?.code ?? null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Writes

interface Snapshot {
  bookings: string;
  records: { key: string; scope: string; method: string; path: string; status: number | null }[];
  otherRows: string;
}

async function snapshot(): Promise<Snapshot> {
  const bookings = await env.DB.prepare("SELECT * FROM bookings ORDER BY id").all();
  const records = await env.DB.prepare("SELECT idempotency_key AS key, scope, method, path, response_status AS status FROM idempotency_records").all<Snapshot["records"][number]>();
  const counts = await env.DB.prepare(
    "SELECT (SELECT count(*) FROM users) AS users, (SELECT count(*) FROM booking_types) AS types, (SELECT count(*) FROM service_tokens) AS tokens, (SELECT count(*) FROM weekly_hours) AS hours, (SELECT count(*) FROM date_overrides) AS overrides",
  ).first();
  return { bookings: JSON.stringify(bookings.results), records: records.results, otherRows: JSON.stringify(counts) };
}

function writesBetween(before: Snapshot, after: Snapshot, outcomes: Outcome[]): Violation[] {
  const found: Violation[] = [];
  const changed = changedBookings(before.bookings, after.bookings);
  if (changed.length > 0) {
    // The POST answered 2xx above names the request; this names the rows.
    found.push({ signature: "bookings created or changed", detail: changed.join("\n") });
  }
  if (after.otherRows !== before.otherRows) {
    found.push({ signature: "hosts, types, tokens or hours changed", detail: `before: ${before.otherRows}, after: ${after.otherRows}` });
  }
  const added = recordsAdded(before, after);
  const byKey = new Map<string, Outcome[]>();
  for (const outcome of outcomes) if (outcome.sentKey !== null) byKey.set(outcome.sentKey, [...(byKey.get(outcome.sentKey) ?? []), outcome]);
  for (const record of added) {
    const senders = byKey.get(record.key) ?? [];
    const [sender] = senders;
    if (record.status === null || [400, 401, 413, 429].includes(record.status) || record.status >= 500) {
      found.push({ signature: `idempotency record stored with status ${record.status}`, outcome: sender, detail: `record for ${record.method} ${record.path}` });
    }
    if (!isAcceptableKey(record.key, { isPublic: record.scope === "public" })) {
      found.push({ signature: "idempotency record stored under a key the contract refuses", outcome: sender, detail: `key ${preview(record.key)}` });
    }
    // A key sent once, answered 400/401/413, must have left no record.
    if (sender && senders.length === 1 && [400, 401, 413].includes(sender.status)) {
      found.push({ signature: `idempotency record kept for a request answered ${sender.status}`, outcome: sender, detail: `record status ${record.status}` });
    }
  }
  return found;
}

/** One line per booking row that is new, gone or different. */
function changedBookings(before: string, after: string): string[] {
  const rows = (json: string) => new Map((JSON.parse(json) as { id: string }[]).map((row) => [row.id, JSON.stringify(row)]));
  const [old, now] = [rows(before), rows(after)];
  const lines: string[] = [];
  for (const [id, row] of now) if (old.get(id) !== row) lines.push(`${old.has(id) ? "changed" : "new"}: ${row}`);
  for (const id of old.keys()) if (!now.has(id)) lines.push(`gone: ${old.get(id)}`);
  return lines;
}

function recordsAdded(before: Snapshot, after: Snapshot): Snapshot["records"] {
  const known = new Set(before.records.map((r) => `${r.key} ${r.method} ${r.path}`));
  return after.records.filter((r) => !known.has(`${r.key} ${r.method} ${r.path}`));
}

// ---------------------------------------------------------------------------------------------
// Reporting

function summarise(outcomes: Outcome[], total: number, elapsedMs: number, records: Snapshot["records"]): string {
  const lines = [`fuzz seed ${SEED}: ${outcomes.length} of ${total} requests in ${(elapsedMs / 1000).toFixed(1)} s; idempotency records stored: ${countBy(records.map((r) => r.status))}`];
  for (const endpoint of ENDPOINTS) {
    const mine = outcomes.filter((o) => o.request.endpoint === endpoint);
    lines.push(`  ${endpoint.padEnd(20)} ${String(mine.length).padStart(4)}  ${countBy(mine.map((o) => o.status))}`);
  }
  return lines.join("\n");
}

/** "201×3 409×12": how often each status occurs. */
function countBy(statuses: (number | null)[]): string {
  const counts = new Map<number | null, number>();
  for (const status of statuses) counts.set(status, (counts.get(status) ?? 0) + 1);
  return [...counts].sort(([a], [b]) => (a ?? 0) - (b ?? 0)).map(([status, n]) => `${status}×${n}`).join(" ") || "none";
}

function report(violations: Violation[], summary: string): string {
  const bySignature = new Map<string, Violation[]>();
  for (const v of violations) bySignature.set(v.signature, [...(bySignature.get(v.signature) ?? []), v]);
  const sections = [...bySignature].map(([signature, all]) => {
    const { outcome, detail } = all[0]!;
    const heading = `✗ ${signature} (${all.length} time${all.length === 1 ? "" : "s"}): ${detail}`;
    return outcome ? `${heading}\n${describe(outcome)}` : heading;
  });
  return [`${bySignature.size} distinct problem(s) with fuzz seed ${SEED}:`, ...sections, summary].join("\n\n");
}

function describe({ index, request, status, text, sentKey }: Outcome): string {
  const headers = Object.entries(request.headers).map(([name, value]) => `${name}: ${preview(value, 80)}`);
  if (sentKey !== null) headers.push(`idempotency-key: ${preview(sentKey, 80)}`);
  const body =
    request.body === undefined
      ? "(none)"
      : typeof request.body === "string"
        ? preview(request.body, 200)
        : `bytes ${[...request.body].map((b) => b.toString(16).padStart(2, "0")).join(" ")}`;
  return [
    `  request #${index} (${request.label})`,
    `  ${request.method} ${preview(request.path, 200)}`,
    ...headers.map((h) => `  ${h}`),
    `  body${request.streamed ? " (streamed)" : ""}: ${body}`,
    `  → ${status} ${preview(text, 300)}`,
  ].join("\n");
}
