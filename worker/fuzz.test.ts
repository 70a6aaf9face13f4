/**
 * Fuzz, from a fixed seed, against real seeded hosts, types, bookings, tokens, webhook endpoints and
 * calendar connections. Two runs:
 * - the booking API in depth (worker/test/malformed-requests.ts): well over a thousand malformed or
 *   hostile requests to availability, booking types, create, get, cancel, reschedule, health,
 *   unknown /api routes and hosted pages, each harmless by construction, so nothing may be written;
 * - every operation of the OpenAPI document, read from the document (worker/test/operation-requests.ts),
 *   the management and webhook routes included, and the HTML routes of the calendar connect flow
 *   (worker/test/connect-flow-requests.ts): real, foreign and hostile path parameters, query strings,
 *   every kind of token, bodies built from the operation's schema with fields broken, any JSON,
 *   not JSON, oversized, nested deep. Valid requests are carried out; a refused one changes nothing.
 * The contract (design.md "Errors", "Idempotency") must hold for every answer: never a 5xx; every
 * non-2xx /api answer is the error envelope with a code from the contract and that code's status,
 * as the OpenAPI document promises; an HTML route answers a 4xx with a page; no idempotency record
 * for a request answered 400, 401 or 413 (nor any record of a 401, 429 or 5xx).
 *
 * A failure prints the seed and, for each distinct problem, one request that shows it. To explore
 * further, change SEED (or raise the counts) and run `npx vitest run --project worker worker/fuzz.test.ts`.
 */
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { expect, it } from "vitest";
import { CONNECT_FLOW_ROUTES, namedConnectFlowRequests, type PageRequest, requestsToConnectFlow } from "./test/connect-flow-requests";
import { availableSlots, book, post, type SeededHost, seedHost, upcoming } from "./test/fixtures";
import {
  contractViolations,
  countBy,
  errorCodeOf,
  type IdempotencyRecord,
  idempotencyRecords,
  type Outcome,
  recordProblems,
  recordsAdded,
  report,
  send,
  sendAll,
  summaryLines,
  type Violation,
} from "./test/fuzz-harness";
import { ENDPOINTS, type Endpoint, type FuzzRequest, type FuzzWorld, namedRequests, requestsTo } from "./test/malformed-requests";
import { documentedOperations, namedOperationRequests, requestsToOperation } from "./test/operation-requests";
import { seedOperationWorld } from "./test/operation-world";
import { rowChanges, tableRows } from "./test/table-snapshot";

const SEED = 20_261_125;

// =============================================================================================
// The booking API in depth

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

it("answers malformed and hostile requests on every endpoint without a 5xx, always in the error envelope, and writes nothing", async () => {
  const world = await seedWorld();
  const requests = [
    ...namedRequests(world),
    ...ENDPOINTS.flatMap((endpoint, i) => fc.sample(requestsTo(endpoint, world), { seed: SEED + i, numRuns: REQUESTS_PER_ENDPOINT[endpoint] })),
  ];
  const before = await snapshot();

  const startedMs = Date.now();
  const outcomes = await sendAll(requests, { concurrency: CONCURRENCY, addressBlock: 18 });
  const elapsedMs = Date.now() - startedMs;

  const after = await snapshot();
  const added = recordsAdded(before.records, after.records);
  const violations = [...outcomes.flatMap(check), ...writesBetween(before, after), ...recordProblems(added, outcomes)];
  const summary = [
    `fuzz seed ${SEED}: ${outcomes.length} of ${requests.length} requests in ${(elapsedMs / 1000).toFixed(1)} s; idempotency records stored: ${countBy(added.map((r) => r.status))}`,
    ...summaryLines(outcomes, ENDPOINTS),
  ].join("\n");
  console.log(summary);

  if (violations.length > 0) throw new Error(report(violations, SEED, summary));
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
// Checks

/** The contract's rules, and what the booking API adds: a harmless write is never carried out. */
function check(outcome: Outcome<FuzzRequest>): Violation[] {
  const { request, status } = outcome;
  const found = contractViolations(outcome);
  const violation = (rule: string, detail: string) => found.push({ signature: `${request.endpoint} · ${rule}`, outcome, detail });
  const pathname = new URL(`https://bookora.test${request.path}`).pathname;
  if (pathname.startsWith("/api/") && request.method === "POST" && status >= 200 && status < 300) {
    violation(`POST accepted with ${status}`, "a malformed or harmless-by-construction write was carried out");
  }
  if (request.endpoint === "unknown /api route" && pathname.startsWith("/api/x/") && !["OPTIONS", "HEAD"].includes(request.method)) {
    if (status !== 404 || errorCodeOf(outcome.text) !== "NOT_FOUND") violation(`unknown route answered ${status}`, "unknown /api routes are 404 NOT_FOUND");
  }
  if (pathname.startsWith("/book/") && request.method === "GET" && status < 500 && !outcome.contentType.includes("text/html")) {
    violation(`hosted page answered ${status} ${outcome.contentType}`, "a hosted page (or its 404) is HTML");
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// Writes

interface Snapshot {
  bookings: string;
  records: IdempotencyRecord[];
  otherRows: string;
}

async function snapshot(): Promise<Snapshot> {
  const bookings = await env.DB.prepare("SELECT * FROM bookings ORDER BY id").all();
  const counts = await env.DB.prepare(
    "SELECT (SELECT count(*) FROM users) AS users, (SELECT count(*) FROM booking_types) AS types, (SELECT count(*) FROM service_tokens) AS tokens, (SELECT count(*) FROM weekly_hours) AS hours, (SELECT count(*) FROM date_overrides) AS overrides",
  ).first();
  return { bookings: JSON.stringify(bookings.results), records: await idempotencyRecords(), otherRows: JSON.stringify(counts) };
}

function writesBetween(before: Snapshot, after: Snapshot): Violation[] {
  const found: Violation[] = [];
  const changed = changedBookings(before.bookings, after.bookings);
  if (changed.length > 0) {
    // The POST answered 2xx above names the request; this names the rows.
    found.push({ signature: "bookings created or changed", detail: changed.join("\n") });
  }
  if (after.otherRows !== before.otherRows) {
    found.push({ signature: "hosts, types, tokens or hours changed", detail: `before: ${before.otherRows}, after: ${after.otherRows}` });
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

// =============================================================================================
// Every operation of the OpenAPI document, and the connect flow's pages

/**
 * Requests per operation of the OpenAPI document (40 today) and per HTML route of the connect flow,
 * besides the named ones: ~2,900 in all, about 5 s on this 2-core machine.
 */
const REQUESTS_PER_OPERATION = 64;
const REQUESTS_PER_PAGE = 100;

/**
 * Requests sent together between two reads of every table. A batch of refused requests must leave
 * every row as it was; a batch with a request that may write (one carried out, or a callback using
 * up its state) is not compared.
 */
const BATCH = 6;

it("answers hostile requests to every operation of the OpenAPI document and to the connect flow's pages without a 5xx, as the document and the contract promise, and a refused request changes nothing", async () => {
  const world = await seedOperationWorld();
  const operations = documentedOperations();
  const groups = [...operations.map((operation) => operation.name), ...CONNECT_FLOW_ROUTES];
  const generated: PageRequest[] = [
    ...namedOperationRequests(world),
    ...namedConnectFlowRequests(world),
    ...operations.flatMap((operation) =>
      fc.sample(requestsToOperation(operation, world, operations), { seed: seedOf(operation.name), numRuns: REQUESTS_PER_OPERATION }),
    ),
    ...CONNECT_FLOW_ROUTES.flatMap((route) => fc.sample(requestsToConnectFlow(route, world), { seed: seedOf(route), numRuns: REQUESTS_PER_PAGE })),
  ];
  // Deletes, revokes and callbacks using up a state go last, so the requests before them meet the
  // world as seeded: the callbacks first (a deleted connection's state opens nothing), then the
  // deletes in the reverse of the document's order, which lists a thing before its parts (a host
  // before its overrides), so a part goes before the thing it belongs to.
  const order = (r: PageRequest) => {
    const at = operations.findIndex((operation) => operation.name === r.endpoint);
    return at === -1 ? operations.length : at;
  };
  const last = generated.filter((r) => r.sendsLast).sort((a, b) => order(b) - order(a));
  const requests = [...generated.filter((r) => !r.sendsLast), ...last];
  const recordsBefore = await idempotencyRecords();

  const startedMs = Date.now();
  const { outcomes, changes, compared, refused } = await sendComparingRows(requests);
  const elapsedMs = Date.now() - startedMs;

  const added = recordsAdded(recordsBefore, await idempotencyRecords());
  // A 400 is a refusal before running when the request was built to be one (its body); others may be executed outcomes.
  const refusedBeforeRunning = (o: Outcome) => o.status === 413 || (o.status === 400 && o.request.expectStatus?.includes(400) === true);
  const recordRules = { neverRecorded: [401, 413, 429], refusedBeforeRunning };
  const violations = [...outcomes.flatMap(checkOperation), ...(await pinned(changes)), ...recordProblems(added, outcomes, recordRules)];
  const summary = [
    `fuzz seed ${SEED}: ${outcomes.length} requests to ${operations.length} documented operations and ${CONNECT_FLOW_ROUTES.length} pages in ${(elapsedMs / 1000).toFixed(1)} s;` +
      ` ${outcomes.filter((o) => o.request.expectStatus).length} with an answer the contract fixes, ${outcomes.filter((o) => o.request.unseen).length} aimed at what the caller cannot see;` +
      ` rows compared around ${compared} of ${refused} refused requests; idempotency records stored: ${countBy(added.map((r) => r.status))}`,
    ...summaryLines(outcomes, groups),
  ].join("\n");
  console.log(summary);

  if (violations.length > 0) throw new Error(report(violations, SEED, summary));
  const limited = outcomes.filter((o) => o.status === 429).length;
  expect(limited, "requests answered 429").toBeLessThan(outcomes.length * 0.02);
  // Writes that were carried out must not hide most refused requests from the comparison.
  expect(compared, "refused requests whose batch was compared").toBeGreaterThan(refused * 0.6);
  // Every operation is reached past authentication, where its own checks answer.
  for (const group of groups)
    expect(
      outcomes.some((o) => o.request.endpoint === group && o.status !== 401),
      `${group} answered only 401`,
    ).toBe(true);
}, 120_000);

/** A seed per operation, from its name: an operation documented tomorrow changes no other's requests. */
function seedOf(name: string): number {
  let hash = 0;
  for (const char of name) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) | 0;
  return SEED + (Math.abs(hash) % 1_000_000);
}

interface RowChange {
  batch: Outcome<PageRequest>[];
  lines: string[];
}

/** Sends `requests` in batches, reading every table between them; answers the batches of refused requests that changed rows. */
async function sendComparingRows(requests: PageRequest[]) {
  const outcomes: Outcome<PageRequest>[] = [];
  const changes: RowChange[] = [];
  let [compared, refused] = [0, 0];
  let before = await tableRows();
  for (let at = 0; at < requests.length; at += BATCH) {
    const batch = await sendAll(requests.slice(at, at + BATCH), { concurrency: BATCH, addressBlock: 19, firstIndex: at });
    const after = await tableRows();
    outcomes.push(...batch);
    refused += batch.filter((o) => o.status >= 400).length;
    if (!batch.some(mayHaveWritten)) {
      compared += batch.filter((o) => o.status >= 400).length;
      // Idempotency records are checked on their own (a refused request may record its 404 for a retry).
      const lines = rowChanges(before, after, { except: ["idempotency_records"] });
      if (lines.length > 0) changes.push({ batch, lines });
    }
    before = after;
  }
  return { outcomes, changes, compared, refused };
}

function mayHaveWritten({ request, status }: Outcome<PageRequest>): boolean {
  return request.writesEvenIfRefused !== undefined || (status < 400 && !["GET", "HEAD", "OPTIONS"].includes(request.method));
}

/**
 * The request of each batch that changed rows: sent again alone, between two reads of every table
 * (the first three batches only: one is usually enough to see the problem).
 */
async function pinned(changes: RowChange[]): Promise<Violation[]> {
  const found: Violation[] = [];
  for (const { batch, lines } of changes.slice(0, 3)) {
    let culprit: { outcome: Outcome; lines: string[] } | undefined;
    for (const { request, index } of batch) {
      const before = await tableRows();
      const outcome = await send(request, index, 19);
      const again = rowChanges(before, await tableRows(), { except: ["idempotency_records"] });
      if (again.length > 0 && outcome.status >= 400) {
        culprit = { outcome, lines: again };
        break;
      }
    }
    const tables = [...new Set((culprit?.lines ?? lines).map((line) => line.split(":")[0]))].join(", ");
    if (culprit) {
      found.push({
        signature: `${culprit.outcome.request.endpoint} · refused with ${culprit.outcome.status}, yet changed ${tables}`,
        outcome: culprit.outcome,
        detail: culprit.lines.slice(0, 5).join("\n"),
      });
      continue;
    }
    // Sent again, none changed anything (a write of the same value twice changes nothing the second time): name the batch.
    const refused = batch.filter((o) => o.status >= 400);
    const detail = `${lines.slice(0, 5).join("\n")}\none of: ${refused.map((o) => `#${o.index} ${o.request.method} ${o.request.path.slice(0, 100)} → ${o.status}`).join("; ")}`;
    found.push({ signature: `refused requests changed ${tables}`, outcome: refused[0], detail });
  }
  return found;
}

/** The contract's rules, visibility, and the pages': a 4xx page is HTML, a Continue from elsewhere sets no cookie. */
function checkOperation(outcome: Outcome<PageRequest>): Violation[] {
  const { request, status } = outcome;
  const found = contractViolations(outcome);
  const violation = (rule: string, detail: string) => found.push({ signature: `${request.endpoint} · ${rule}`, outcome, detail });
  if (request.unseen && ((status >= 200 && status < 300) || status === 403)) {
    violation(`${status} for what the caller cannot see`, `${request.unseen} is another account's or another host's: NOT_FOUND, never ${status}`);
  }
  const isRoutedPage =
    (CONNECT_FLOW_ROUTES as readonly string[]).includes(request.endpoint) && request.endpoint === `${request.method} ${pageRoute(request.path)}`;
  if (isRoutedPage && status >= 400 && status < 500 && !outcome.contentType.includes("text/html")) {
    violation(`page answered ${status} ${outcome.contentType || "without a content-type"}`, "the connect flow's pages refuse with an HTML page");
  }
  if (request.isNotFromOurPage && (status < 400 || status >= 500 || outcome.setsCookie)) {
    violation(`Continue from another page answered ${status}${outcome.setsCookie ? " with a cookie" : ""}`, "only our own connect page may continue a flow");
  }
  return found;
}

/** "/oauth/callback/google?…" → "/oauth/callback/{provider}", as CONNECT_FLOW_ROUTES names it ("/oauth/callback/.." is "/oauth/"). */
function pageRoute(path: string): string {
  const { pathname } = new URL(`https://bookora.test${path}`);
  return /^\/oauth\/callback\/[^/]+$/.test(pathname) ? "/oauth/callback/{provider}" : pathname;
}
