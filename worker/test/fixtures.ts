/**
 * Test fixtures: each test seeds its own host (unique username, so its own Durable Object and
 * rows) and calls the real Worker's fetch handler, as a partner would over HTTP.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import worker from "..";
import { database } from "../db/client";
import { accounts, type BookingRow, type BookingTypeRow, bookingTypes, serviceTokens, users, weeklyHours } from "../db/schema";
import { addDays, isoWeekday } from "../domain/calendar-days";
import type { CreateBookingResponse } from "../domain/contract";
import type { Scope } from "../domain/scopes";
import { localDateOf } from "../domain/zoned-time";
import { sha256Hex } from "../lib/crypto";
import { expectConformsToDocument } from "./openapi-conformance";

export const db = database(env.DB);

export interface SeededHost {
  username: string;
  userId: number;
  accountId: string;
  /** A token narrowed to this host with bookings:write and hosts:write, as the demo hosts' tokens. */
  token: string;
  types: BookingTypeRow[];
}

export type TypeSeed = Partial<Omit<BookingTypeRow, "id" | "userId">>;

/** Weekly hours of `startMinute`–`endMinute` on all seven days, for a host whose days are all working days. */
export function everyDay(startMinute: number, endMinute: number): { weekday: number; startMinute: number; endMinute: number }[] {
  return [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, startMinute, endMinute }));
}

let counter = 0;

/**
 * A host working Monday–Friday 09:00–17:00 in `timeZone` (default Europe/London) with one public
 * 30-minute type unless `types` says otherwise. No notice period by default, so tests can book
 * any future slot.
 */
export async function seedHost(
  options: { timeZone?: string; types?: TypeSeed[]; weekly?: { weekday: number; startMinute: number; endMinute: number }[]; accountId?: string } = {},
): Promise<SeededHost> {
  counter += 1;
  const username = `host${counter}${crypto.randomUUID().slice(0, 8)}`;
  const accountId = options.accountId ?? (await seedAccount());
  const [user] = await db
    .insert(users)
    .values({ username, accountId, timeZone: options.timeZone ?? "Europe/London" })
    .returning();
  if (!user) throw new Error("seed failed");
  const token = await seedToken(accountId, ["bookings:write", "hosts:write"], user.id);
  const weekly = options.weekly ?? [1, 2, 3, 4, 5].map((weekday) => ({ weekday, startMinute: 9 * 60, endMinute: 17 * 60 }));
  await db.insert(weeklyHours).values(weekly.map((hours) => ({ ...hours, userId: user.id })));
  const seeds = options.types ?? [{}];
  const types = await db
    .insert(bookingTypes)
    .values(
      seeds.map((seed) => ({
        publicId: `bt-${crypto.randomUUID().replaceAll("-", "").slice(0, 8)}`,
        userId: user.id,
        title: "Intro call",
        durationMinutes: seed.durationMinutes ?? 30,
        durationOptions: seed.durationOptions ?? [seed.durationMinutes ?? 30],
        minimumNoticeMinutes: 0,
        bookingWindowDays: 365,
        ...seed,
      })),
    )
    .returning();
  return { username, userId: user.id, accountId, token, types };
}

/** A new account of its own; answers its id. */
export async function seedAccount(): Promise<string> {
  const id = `acct_${crypto.randomUUID().replaceAll("-", "").slice(0, 16)}`;
  await db.insert(accounts).values({ id, name: `Account ${id}` });
  return id;
}

/** A service token of `accountId` with `scopes`, narrowed to `hostId` if given; answers the secret. */
export async function seedToken(accountId: string, scopes: Scope[], hostId: number | null = null): Promise<string> {
  // A live token, as the API issues: `bk_test_` ones work only with DEMO_TOKENS=on (http/auth.ts).
  const token = `bk_live_${crypto.randomUUID().replaceAll("-", "")}`;
  await db.insert(serviceTokens).values({
    id: `tok_${crypto.randomUUID().replaceAll("-", "").slice(0, 16)}`,
    accountId,
    hostId,
    name: "test",
    scopes,
    tokenHash: await sha256Hex(token),
    last4: token.slice(-4),
  });
  return token;
}

/** A confirmed booking row of `host`'s first type over [startMs, endMs), for writing behind the API's back. */
export function bookingRow(host: SeededHost, startMs: number, endMs: number, extra: Partial<BookingRow> = {}): BookingRow {
  return {
    id: crypto.randomUUID(),
    userId: host.userId,
    bookingTypeId: host.types[0]!.id,
    startMs,
    endMs,
    blockStartMs: startMs,
    blockEndMs: endMs,
    status: "confirmed",
    attendeeName: "Elsewhere",
    attendeeEmail: "elsewhere@example.com",
    notes: null,
    metadata: {},
    answers: {},
    attendeeTimeZone: null,
    attendeeLocale: null,
    manageTokenHash: null,
    rescheduledFromId: null,
    rescheduledToId: null,
    createdAt: Date.now(),
    cancelledAt: null,
    ...extra,
  };
}

/** A random client IP per test, so the per-IP rate limit of one test never touches another's. */
const testIp = randomIpv4();

function randomIpv4(): string {
  return `10.${rand()}.${rand()}.${rand()}`;
}

/**
 * The Worker's answer to one request, from its own fetch handler in-process, checked against the
 * OpenAPI document (openapi-conformance.ts). Not through
 * `exports.default`: in vitest-pool-workers 0.15.1 each call through it wraps the entrypoint in one
 * more Proxy, so every call is slower than the last (a file of 500 calls took seconds more).
 */
export async function call(path: string, init: RequestInit & { ip?: string; bindings?: Partial<Env> } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (!headers.has("cf-connecting-ip")) headers.set("cf-connecting-ip", init.ip ?? testIp);
  const ctx = createExecutionContext();
  const request = new Request(`https://bookora.test${path}`, { ...init, headers });
  const response = await worker.fetch(request, withBindings(init.bindings), ctx);
  await waitOnExecutionContext(ctx);
  await expectConformsToDocument(request, response.clone());
  return response;
}

/** The Worker's environment with some bindings replaced (a faulty D1, an unreachable object). */
function withBindings(bindings: Partial<Env> | undefined): Env {
  if (!bindings) return env;
  return Object.create(env, Object.fromEntries(Object.entries(bindings).map(([name, value]) => [name, { value }]))) as Env;
}

/**
 * POST with JSON and a fresh Idempotency-Key unless one is given, from a client address of its own
 * unless `ip` is given: each public create is another visitor, as in life, so tests that book a
 * host many times (40 visitors racing for one slot) stay within the hourly cap of public creates
 * per address and host (host-scheduler/public-create-cap.ts), which its own tests reach on purpose.
 */
export function post(
  path: string,
  body: unknown,
  options: { token?: string; key?: string; ip?: string; headers?: Record<string, string>; bindings?: Partial<Env> } = {},
): Promise<Response> {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "idempotency-key": options.key ?? crypto.randomUUID(),
    ...options.headers,
  };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  return call(path, {
    method: "POST",
    body: typeof body === "string" ? body : JSON.stringify(body),
    headers,
    ip: options.ip ?? randomIpv4(),
    bindings: options.bindings,
  });
}

export function get(path: string, token?: string): Promise<Response> {
  return call(path, token ? { headers: { authorization: `Bearer ${token}` } } : {});
}

/** The instant of this file's first `upcoming` call, which all its calls count from. */
let countingFrom: number | undefined;

/**
 * The first `weekday` (ISO: 1 = Monday … 7 = Sunday) in `zone` at least `minDaysAhead` days from
 * today. "Today" is read once per test file, so calls on either side of a midnight agree.
 */
export function upcoming(weekday: number, zone = "Europe/London", minDaysAhead = 7): string {
  countingFrom ??= Date.now();
  let date = addDays(localDateOf(zone, countingFrom), minDaysAhead);
  while (isoWeekday(date) !== weekday) date = addDays(date, 1);
  return date;
}

export async function availableSlots(host: SeededHost, query: Record<string, string>, token?: string) {
  const params = new URLSearchParams({ username: host.username, slug: String(host.types[0]!.id), ...query });
  const response = await get(`/api/availability?${params}`, token);
  if (response.status !== 200) throw new Error(`availability answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { slots: { start: string; end: string }[] }).slots;
}

export async function errorOf(response: Response): Promise<{ status: number; code: string; message: string }> {
  const body = (await response.json()) as { error: { code: string; message: string } };
  return { status: response.status, code: body.error.code, message: body.error.message };
}

export function bookingBody(host: SeededHost, slot: { start: string; end: string }, extra: Record<string, unknown> = {}) {
  return { bookingType: String(host.types[0]!.id), start: slot.start, end: slot.end, name: "Ada Lovelace", email: "ada@example.com", ...extra };
}

/** Books `slot` with the host's service token (or as the widget does, with `asPublic`); expects 201. */
export async function book(host: SeededHost, slot: { start: string; end: string }, asPublic = false): Promise<CreateBookingResponse> {
  const response = await post("/api/bookings", bookingBody(host, slot), { token: asPublic ? undefined : host.token });
  expect(response.status).toBe(201);
  return (await response.json()) as CreateBookingResponse;
}

function rand(): number {
  return Math.floor(Math.random() * 250) + 1;
}

/**
 * Rate-limit bindings that allow everything and record every key they are asked about, to check a
 * request counts exactly once against each limit: pass `bindings` to `call` or `post`.
 */
export function countingRateLimiters(): { bindings: Partial<Env>; counted: string[] } {
  const counted: string[] = [];
  const counting = {
    limit: async ({ key }: { key: string }) => {
      counted.push(key);
      return { success: true };
    },
  };
  return { bindings: { TOKEN_RATE_LIMITER: counting, ACCOUNT_RATE_LIMITER: counting } as Partial<Env>, counted };
}

/** POST a booking type for `host` (a 60-minute "Tutoring", slug "tutoring", unless `body` says otherwise). */
export function createBookingType(host: SeededHost, body: Record<string, unknown>) {
  return post(`/api/hosts/${host.username}/booking-types`, { title: "Tutoring", durations: [60], slug: "tutoring", ...body }, { token: host.token });
}

/** PATCH booking type `ref` with the host's token. */
export function patchBookingType(host: SeededHost, ref: string, body: unknown) {
  return call(`/api/booking-types/${ref}`, {
    method: "PATCH",
    headers: { authorization: `Bearer ${host.token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}
