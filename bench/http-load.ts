/**
 * What the API benchmarks share: an HTTP client on keep-alive connections, a closed-loop load
 * generator, latency figures and the line that prints them as a ratio to a baseline, and the SQL of
 * a bench host (open around the clock, 15-minute slots).
 */
import { createHash } from "node:crypto";
import http from "node:http";

export interface Figures {
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  statuses: Map<number, number>;
}

export interface Answer {
  status: number;
  body: string;
}

export type Request = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<Answer>;

export interface LoadClient {
  request: Request;
  /** Keeps `connections` requests in flight for `seconds` (or until `next` runs dry). */
  load(next: () => Promise<Answer> | null): Promise<Figures>;
  /** Starts `perSecond` requests a second for `seconds`, whatever the answers' pace (an open loop): latencies at a set load. */
  paced(perSecond: number, next: () => Promise<Answer> | null): Promise<Figures>;
  close(): void;
}

export function loadClient(base: string, options: { connections: number; seconds: number }): LoadClient {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections * 2 });
  const send: Request = (method, path, body, headers = {}) =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = http.request(
        `${base}${path}`,
        { method, agent, headers: { ...headers, ...(payload ? { "content-type": "application/json" } : {}) } },
        (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (chunk: string) => (text += chunk));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end(payload);
    });
  // A kept-alive connection the server closed while idle (between runs) is reset when reused: send
  // again on a fresh one. Every POST here carries its Idempotency-Key, so sending twice books once.
  const request: Request = (method, path, body, headers) =>
    send(method, path, body, headers).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "ECONNRESET") throw error;
      return send(method, path, body, headers);
    });

  async function load(next: () => Promise<Answer> | null): Promise<Figures> {
    const latencies: number[] = [];
    const statuses = new Map<number, number>();
    const started = performance.now();
    const deadline = started + options.seconds * 1000;
    async function worker() {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        const pending = next();
        if (!pending) return;
        const { status } = await pending;
        latencies.push(performance.now() - t0);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    }
    await Promise.all(Array.from({ length: options.connections }, worker));
    const elapsed = (performance.now() - started) / 1000;
    return { ...percentiles(latencies), requests: latencies.length, perSecond: latencies.length / elapsed, statuses };
  }

  async function paced(perSecond: number, next: () => Promise<Answer> | null): Promise<Figures> {
    const latencies: number[] = [];
    const statuses = new Map<number, number>();
    const inFlight: Promise<void>[] = [];
    const started = performance.now();
    for (let i = 0; i < perSecond * options.seconds; i += 1) {
      // Each start at its own instant from the beginning, so a late timer does not push the rest back.
      const wait = started + (i * 1000) / perSecond - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const t0 = performance.now();
      const pending = next();
      if (!pending) break;
      inFlight.push(
        pending.then(({ status }) => {
          latencies.push(performance.now() - t0);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        }),
      );
    }
    await Promise.all(inFlight);
    return { ...percentiles(latencies), requests: latencies.length, perSecond: latencies.length / ((performance.now() - started) / 1000), statuses };
  }

  return { request, load, paced, close: () => agent.destroy() };
}

export function percentiles(latencies: readonly number[]): { p50: number; p99: number } {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99) };
}

/** Latency figures of requests made one at a time. */
export function sequential(latencies: number[]): Figures {
  const totalSeconds = latencies.reduce((sum, ms) => sum + ms, 0) / 1000;
  return { ...percentiles(latencies), requests: latencies.length, perSecond: latencies.length / totalSeconds, statuses: new Map([[200, latencies.length]]) };
}

export function line(name: string, figures: Figures, baseline: Figures): string {
  const statuses = [...figures.statuses].map(([s, n]) => `${s}×${n}`).join(" ");
  return `${name.padEnd(34)} ${figures.perSecond.toFixed(0).padStart(6)} req/s  p50 ${figures.p50.toFixed(1).padStart(6)} ms  p99 ${figures.p99.toFixed(1).padStart(6)} ms  ratio ${(figures.perSecond / baseline.perSecond).toFixed(2)}  [${statuses}]`;
}

export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Every free slot of a booking type over `days` days from `fromMs` (availability reads at most 62 days). */
export async function slotsFor(request: Request, username: string, slug: string, fromMs: number, days: number) {
  const all: { start: string; end: string }[] = [];
  for (let offset = 0; offset < days; offset += 62) {
    const span = Math.min(62, days - offset);
    const startDate = isoDate(fromMs + offset * 86_400_000);
    const endDate = isoDate(fromMs + (offset + span - 1) * 86_400_000);
    const { status, body } = await request("GET", `/api/availability?username=${username}&slug=${slug}&startDate=${startDate}&endDate=${endDate}`);
    if (status !== 200) throw new Error(`availability answered ${status}: ${body}`);
    all.push(...(JSON.parse(body) as { slots: { start: string; end: string }[] }).slots);
  }
  return all;
}

export function createBooking(request: Request, slot: { start: string; end: string }, bookingType: string, token: string, email = "bench@example.com") {
  return request(
    "POST",
    "/api/bookings",
    { bookingType, start: slot.start, end: slot.end, name: "Bench", email },
    {
      authorization: `Bearer ${token}`,
      "idempotency-key": crypto.randomUUID(),
    },
  );
}

/**
 * A host open around the clock with 15-minute slots (enough distinct slots for a create run): host
 * `id` of `accountId`, its one booking type (numeric id `id`, string id `typeId`), and a token
 * narrowed to it with bookings:write and hosts:write.
 */
export async function benchHostSql(id: number, username: string, typeId: string, token: string, accountId = "acct_demo"): Promise<string> {
  const hex = tokenHashHex(token);
  const hours = [1, 2, 3, 4, 5, 6, 7].map((d) => `(${id}, ${d}, 0, 1440)`).join(", ");
  return `INSERT INTO users (id, username, account_id, time_zone) VALUES (${id}, '${username}', '${accountId}', 'UTC');
     INSERT INTO service_tokens (id, account_id, host_id, name, scopes, token_hash, last4)
       VALUES ('tok_${username}', '${accountId}', ${id}, 'bench', '["bookings:write","hosts:write"]', '${hex}', 'host');
     INSERT INTO booking_types (id, public_id, user_id, title, duration_minutes, duration_options, minimum_notice_minutes, booking_window_days)
       VALUES (${id}, '${typeId}', ${id}, 'Bench', 15, '[15]', 0, 365);
     INSERT INTO weekly_hours (user_id, weekday, start_minute, end_minute) VALUES ${hours};`;
}

/** What benchHostsSql seeds: hosts like benchHostSql's, many at once, with bookings already made. */
export interface BenchHosts {
  /** Host ids firstId, firstId + 1, …; each host's one booking type has the same numeric id. */
  firstId: number;
  count: number;
  /** Host i is `${prefix}${i}`; its type's string id is `bt-` and i in 8 digits (benchTypeId). */
  prefix: string;
  accountId: string;
  /** Open every day from `openMinute` to `closeMinute` (UTC), slots of `slotMinutes`. */
  openMinute: number;
  closeMinute: number;
  slotMinutes: number;
  /** Confirmed bookings per host: `perDay` a day, evenly spaced from the opening, from `fromMs`'s UTC day on. */
  bookingsEach: number;
  perDay: number;
  fromMs: number;
}

/**
 * `count` hosts open every day with a public booking type each (365 days ahead, no notice), and
 * `bookingsEach` confirmed bookings each, as a few set-based statements (recursive CTEs), so that a
 * hundred thousand bookings are one small file for one `wrangler d1 execute`. Booking ids are
 * UUID-shaped, as the API's are.
 */
export function benchHostsSql(hosts: BenchHosts): string {
  const { firstId, count, prefix, accountId, openMinute, closeMinute, slotMinutes, bookingsEach, perDay } = hosts;
  const lastId = firstId + count - 1;
  const dayStart = Math.floor(hosts.fromMs / 86_400_000) * 86_400_000;
  const spacing = Math.floor((closeMinute - openMinute) / perDay) * 60_000;
  const h = `h(i) AS (SELECT ${firstId} UNION ALL SELECT i + 1 FROM h WHERE i < ${lastId})`;
  const start = `(${dayStart + openMinute * 60_000} + (k / ${perDay}) * 86400000 + (k % ${perDay}) * ${spacing})`;
  return `WITH RECURSIVE ${h} INSERT INTO users (id, username, account_id, time_zone) SELECT i, '${prefix}' || i, '${accountId}', 'UTC' FROM h;
WITH RECURSIVE ${h} INSERT INTO booking_types (id, public_id, user_id, title, duration_minutes, duration_options, minimum_notice_minutes, booking_window_days)
  SELECT i, printf('bt-%08d', i), i, 'Bench', ${slotMinutes}, '[${slotMinutes}]', 0, 365 FROM h;
WITH RECURSIVE ${h}, d(w) AS (SELECT 1 UNION ALL SELECT w + 1 FROM d WHERE w < 7)
  INSERT INTO weekly_hours (user_id, weekday, start_minute, end_minute) SELECT i, w, ${openMinute}, ${closeMinute} FROM h, d;
WITH RECURSIVE ${h}, n(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM n WHERE k < ${bookingsEach - 1})
  INSERT INTO bookings (id, user_id, booking_type_id, start_ms, end_ms, block_start_ms, block_end_ms, status, attendee_name, attendee_email, created_at)
  SELECT printf('%08x-0000-4000-8000-%012x', i, k), i, i, ${start}, ${start} + ${slotMinutes * 60_000}, ${start}, ${start} + ${slotMinutes * 60_000},
    'confirmed', 'Bench Attendee', 'attendee' || k || '@example.com', ${dayStart} FROM h, n;`;
}

/** The string id benchHostsSql gives host `id`'s booking type. */
export function benchTypeId(id: number): string {
  return `bt-${String(id).padStart(8, "0")}`;
}

/** An account and one account-wide token (`bookings:write`, every host of the account). */
export async function benchAccountSql(accountId: string, token: string): Promise<string> {
  const hex = tokenHashHex(token);
  return `INSERT INTO accounts (id, name) VALUES ('${accountId}', '${accountId}');
INSERT INTO service_tokens (id, account_id, host_id, name, scopes, token_hash, last4)
  VALUES ('tok_${accountId}', '${accountId}', NULL, 'bench', '["bookings:write"]', '${hex}', '${token.slice(-4)}');`;
}

/** A token as the service_tokens table stores it (hex SHA-256), as the Worker hashes it to look it up. */
function tokenHashHex(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
