/**
 * Generators of malformed and hostile requests to the booking API (availability, booking types,
 * create, get, cancel, reschedule), health, unknown /api routes and hosted pages, for the fuzz test
 * (worker/fuzz.test.ts), built with fast-check from the shapes of the zod schemas in
 * booking-api/schemas.ts, booking-types/schemas.ts and http/fields.ts: every field is either a value that passes (so the others get checked too),
 * missing, of the wrong type, out of range, huge, or hostile text; the request around it gets bad
 * encodings, headers, methods and bodies. The hostile values, headers, keys, query strings and body
 * breakers are exported for the fuzz of every documented operation (operation-requests.ts).
 *
 * Every generated request is harmless by construction: a create or reschedule only ever names a
 * time no host offers (past, beyond the booking window, or off the slot grid by a millisecond or
 * more), and a cancel that would reach a real booking with a token that may touch it always
 * carries a body that is not a JSON object. So a correct server writes nothing, whatever it answers.
 */
import fc from "fast-check";
import { addDays } from "../domain/calendar-days";
import { MAX_BODY_BYTES, MAX_JSON_DEPTH } from "../http/validate";
import { isAcceptableKey, type KeyChoice, preview, type FuzzRequest as SentRequest } from "./fuzz-harness";

export const ENDPOINTS = [
  "availability",
  "booking-types",
  "create booking",
  "get booking",
  "cancel",
  "reschedule",
  "health",
  "unknown /api route",
  "hosted page",
] as const;
export type Endpoint = (typeof ENDPOINTS)[number];

/**
 * "chaos": any part of a request may be broken, several at once. "deep": fields, token, key and
 * encoding are right and the body is JSON, so the request gets past validation to the lookups, the
 * host's Durable Object and the idempotency record, carrying only hostile-but-valid values, unknown
 * fields, and a time no host offers.
 */
export type Mode = "chaos" | "deep";

/** What the fuzz can aim at: seeded hosts with their tokens and types, and real bookings. */
export interface FuzzWorld {
  hosts: { username: string; token: string; typeRefs: string[] }[];
  /**
   * Bookings that malformed requests aim at: confirmed ones, and one that was rescheduled (history,
   * so a well-formed cancel or reschedule of it is 409 BOOKING_RESCHEDULED); `manageToken` for public ones.
   */
  bookings: { id: string; hostIndex: number; manageToken: string | null }[];
  /** Monday a week or two ahead (YYYY-MM-DD), where the hosts work. */
  workday: string;
}

/** A request to one of the booking API's endpoints (see fuzz-harness.ts for its fields). */
export interface FuzzRequest extends SentRequest {
  endpoint: Endpoint;
}

// ---------------------------------------------------------------------------------------------
// Values

/** Path segments (an id, a username, a date) that name nothing: hostile, encoded oddly, or nearly real. No "?" or "#" (they end a path). */
export const HOSTILE_PATH_SEGMENTS = [
  "not-a-thing",
  "00000000-0000-0000-0000-000000000000",
  "%ZZ",
  "%E0%A4%A",
  "%",
  "..",
  "%2e%2e",
  "%2F",
  "%00",
  "%20",
  "<script>",
  "'%20OR%201=1--",
  "%F0%9F%98%80",
  "null",
  "undefined",
  "__proto__",
  "constructor",
  "0",
  "-1",
  "1e999",
  "99999999999",
  "2026-02-30",
  "1999-12-31",
  "9999-12-31",
  "%5B%5D",
  "a".repeat(3_000),
  "%C0%AF".repeat(100),
  "..%2F..%2F..%2Fetc%2Fpasswd",
] as const;

/** Text that has broken servers elsewhere: markup, SQL, control and bidi characters, surrogates. */
export const HOSTILE_TEXT = [
  "",
  " ",
  "   ",
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "' OR 1=1 --",
  "2; DROP TABLE bookings",
  "\u0000",
  "a\u0000b",
  "\u0007\u0008\u001b[31m",
  "\r\n\r\nHTTP/1.1 200 OK",
  "\u202eevil\u202c",
  "\ufeff",
  "\ud800",
  "\udfff\ud800",
  "😀",
  "👩‍👩‍👧‍👦",
  "Ω≈ç√∫",
  "ｔｅｓｔ",
  "٢٠٢٦",
  "null",
  "undefined",
  "NaN",
  "-1",
  "0",
  "1e309",
  "__proto__",
  "constructor",
  "toString",
  "../../etc/passwd",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, hostile on purpose.
  "${7*7}{{7*7}}",
  "%00",
  "%",
  "%E0%A4%A",
  "\\",
  "[object Object]",
] as const;

export const hostileText = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_TEXT) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 20 }) },
  { weight: 1, arbitrary: hugeText() },
);

/** 201 characters to 70 KB of one character (ASCII, two-byte, four-byte or a control character). */
function hugeText(): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom("a", "é", "😀", "\u0000", "<", "9"), fc.constantFrom(201, 256, 1_000, 5_001, 20_000, 70_000))
    .map(([char, length]) => char.repeat(Math.ceil(length / char.length)));
}

/** JSON values of the wrong type for a string field. */
export const wrongType = fc.constantFrom<unknown>(
  null,
  true,
  false,
  0,
  -1,
  1.5,
  1e21,
  Number.MAX_SAFE_INTEGER + 2,
  [],
  ["2"],
  {},
  { $gt: "" },
  { toString: "x" },
);

/** Calendar days that are not real, or outside 2000-01-01 … 2100-12-31, or not YYYY-MM-DD. */
const BAD_DAYS = [
  "2026-02-30",
  "2026-02-29",
  "2025-04-31",
  "2026-13-01",
  "2026-00-10",
  "2026-01-00",
  "2026-01-32",
  "1847-12-01",
  "1893-04-01",
  "1999-12-31",
  "2101-01-01",
  "0000-01-01",
  "9999-12-31",
  "-001-01-01",
  "+02026-01-01",
  "2026-1-1",
  "20260105",
  "2026/01/05",
  "05-01-2026",
  "2026-01-05T00:00:00Z",
  "2026-01-05 ",
  " 2026-01-05",
  "2026-01-05\n",
  "２０２６-01-05",
  "٢٠٢٦-٠١-٠٥",
  "<script>",
  "-1",
  "",
  "null",
  "today",
] as const;

/** Real days at the edges of the allowed span, and days whose zones do odd things. */
const EDGE_DAYS = [
  "2000-01-01",
  "2000-01-02",
  "2100-12-31",
  "2100-12-30",
  "2024-02-29",
  "2011-12-29",
  "2011-12-30",
  "2011-12-31",
  "2018-11-04",
  "2026-03-29",
  "2026-10-25",
  "2026-03-08",
] as const;

/** Valid IANA zones, including ones with :45 offsets, 30-minute DST, negative DST and a skipped day. */
export const ODD_ZONES = [
  "UTC",
  "Europe/London",
  "Europe/Berlin",
  "Europe/Dublin",
  "America/New_York",
  "America/Sao_Paulo",
  "America/St_Johns",
  "Pacific/Apia",
  "Pacific/Kiritimati",
  "Pacific/Chatham",
  "Pacific/Marquesas",
  "Asia/Kathmandu",
  "Asia/Tehran",
  "Australia/Lord_Howe",
  "Antarctica/Troll",
  "Africa/Casablanca",
  "America/Scoresbysund",
  "Etc/GMT+12",
  "Etc/GMT-14",
  "US/Pacific",
  "GMT",
  "Zulu",
  "EST5EDT",
  "europe/london",
] as const;

const BAD_ZONES = [
  "",
  "Mars/Olympus_Mons",
  "+01:00",
  "UTC+1",
  "GMT+25",
  "Etc/GMT+15",
  "Europe/London ",
  "Europe//London",
  "../../etc/localtime",
  "Europe/London\u0000",
  "<script>",
  "Local",
  "localtime",
  "Europe/" + "A".repeat(300),
  "123",
] as const;

/** UTC instants in the right format that no host offers: past, beyond every booking window, off the grid. */
function unbookableSlot(world: FuzzWorld): fc.Arbitrary<{ start: string; end: string }> {
  const offGrid = fc.constantFrom("09:07:00", "09:00:01", "12:29:59", "03:00:00", "23:45:00").map((time) => `${world.workday}T${time}Z`);
  const farOrPast = fc.constantFrom(
    "2001-01-01T09:00:00Z",
    "2000-01-03T09:00:00Z",
    "2099-01-05T09:00:00Z",
    "2100-12-31T23:30:00Z",
    "0001-01-01T00:00:00Z",
    "9999-12-31T23:00:00Z",
  );
  // Off the grid by a millisecond or more (finer digits are read to the millisecond: 09:00:00.000000001 is 09:00).
  const sub = fc.constantFrom("09:00:00.5", "09:00:00.001", "09:00:00.999");
  return fc.oneof(
    fc.tuple(fc.oneof(offGrid, farOrPast), fc.constantFrom(30, 45, 60, 0.5, 1e6)).map(([start, minutes]) => ({ start, end: plusMinutes(start, minutes) })),
    sub.map((time) => ({ start: `${world.workday}T${time}Z`, end: plusMinutes(`${world.workday}T${time}Z`, 30) })),
  );
}

/** `iso` plus `minutes`, kept within years 0000–9999 (beyond them ISO-8601 needs a sign: "+010001-…"). */
function plusMinutes(iso: string, minutes: number): string {
  return new Date(Math.min(Date.parse(iso) + minutes * 60_000, LAST_ISO_MS)).toISOString();
}

const LAST_ISO_MS = Date.parse("9999-12-31T23:59:59.999Z");

/** Instants the schema must refuse: offsets, local times, impossible dates, numbers, garbage. */
const BAD_INSTANTS = [
  "2030-01-07T09:00:00+01:00",
  "2030-01-07T09:00:00",
  "2030-01-07",
  "2030-01-07 09:00:00Z",
  "2030-01-07t09:00:00z",
  "2026-02-30T09:00:00Z",
  "2026-01-01T24:00:00Z",
  "2026-01-01T23:60:00Z",
  "2026-01-01T23:59:60Z",
  "+275760-09-13T00:00:00Z",
  "-000001-01-01T00:00:00Z",
  "2026-01-01T09:00:00.Z",
  "2026-01-01T09:00Z",
  "2026-W01-1T09:00:00Z",
  "1767258000000",
  "Z",
  "",
] as const;

function instantField(world: FuzzWorld) {
  return fc.oneof(
    { weight: 5, arbitrary: unbookableSlot(world).map((slot) => slot.start) },
    { weight: 3, arbitrary: fc.constantFrom<unknown>(...BAD_INSTANTS) },
    { weight: 1, arbitrary: wrongType },
    { weight: 1, arbitrary: fc.integer({ min: -1e13, max: 1e13 }) },
    { weight: 1, arbitrary: hostileText },
  );
}

// ---------------------------------------------------------------------------------------------
// Headers

/** Authorization headers that carry no token the server knows: malformed, foreign schemes, guesses. */
export const BAD_AUTHORIZATIONS = [
  "",
  "Bearer",
  "Bearer ",
  "bearer",
  "Basic dXNlcjpwYXNz",
  "Token bk_test_hepuloujun",
  "Bearer bk_test_hepuloujun",
  "Bearer bk_test_nobody",
  "Bearer bk_",
  "Bearer bkm_",
  "Bearer bkm_forged-manage-token",
  "Bearer <script>",
  "Bearer a b",
  "Bearer \tbk_test_x",
  "Bearer " + "k".repeat(513),
  "Bearer " + "k".repeat(70_000),
  "Bearer bk_test_é",
  "Bearer null",
  "Bearer undefined",
  "Bearer Bearer bk_test_x",
  "Negotiate YIIB",
] as const;

/** An Authorization header (or none), and which host's or booking's rights it really carries. */
interface AuthChoice {
  label: string;
  header: string | undefined;
  /** The host whose service token this is, however it is spelt. */
  hostIndex?: number;
  /** The booking whose manage token this is. */
  bookingId?: string;
}

function authChoice(world: FuzzWorld, weights: { none: number; real: number }, mode: Mode): fc.Arbitrary<AuthChoice> {
  const hostIndex = fc.nat({ max: world.hosts.length - 1 });
  const manageable = world.bookings.filter((b) => b.manageToken);
  const real: fc.Arbitrary<AuthChoice>[] = [
    hostIndex.map((i) => ({ label: `token of host ${i}`, header: `Bearer ${world.hosts[i]!.token}`, hostIndex: i })),
    hostIndex.map((i) => ({ label: `token of host ${i}, odd spelling`, header: `bearer   ${world.hosts[i]!.token}  `, hostIndex: i })),
  ];
  if (manageable.length > 0) {
    real.push(fc.constantFrom(...manageable).map((b) => ({ label: "manage token", header: `Bearer ${b.manageToken}`, bookingId: b.id })));
  }
  const bad = fc.oneof(
    fc.constantFrom(...BAD_AUTHORIZATIONS),
    fc.string({ unit: fc.constantFrom(...printableAscii()), maxLength: 80 }).map((text) => `Bearer ${text}`),
    hostIndex.map((i) => `Bearer ${world.hosts[i]!.token}x`),
    hostIndex.map((i) => `Bearer ${world.hosts[i]!.token.toUpperCase()}`),
  );
  return weighted(
    { weight: weights.none, arbitrary: fc.constant<AuthChoice>({ label: "no token", header: undefined }) },
    { weight: weights.real, arbitrary: fc.oneof(...real) },
    { weight: mode === "deep" ? 0 : 3, arbitrary: bad.map((header) => ({ label: `bad Authorization ${preview(header)}`, header })) },
  );
}

function printableAscii(): string[] {
  return Array.from({ length: 0x7f - 0x21 }, (_, i) => String.fromCharCode(0x21 + i));
}

/** Mostly a fresh key; in "chaos" also none, or one that is empty, too long, not ASCII, or merely odd. */
export function keyChoice(mode: Mode): fc.Arbitrary<KeyChoice> {
  const literal = fc
    .oneof(
      fc.constantFrom("", " ", "\t", "k".repeat(256), "k".repeat(70_000), "key\u007f", "ключ", "é", "a\tb", "<script>", "' OR 1=1 --", "k".repeat(255), "null"),
      fc.string({ unit: fc.constantFrom(...printableAscii(), " "), minLength: 1, maxLength: 300 }),
    )
    .map((value): KeyChoice => ({ kind: "literal", value }));
  return weighted(
    { weight: 8, arbitrary: fc.constant<KeyChoice>({ kind: "fresh" }) },
    { weight: mode === "deep" ? 0 : 2, arbitrary: fc.constant<KeyChoice>({ kind: "none" }) },
    { weight: mode === "deep" ? 0 : 3, arbitrary: literal },
  );
}

export const contentType = fc.oneof(
  { weight: 6, arbitrary: fc.constant<string | undefined>("application/json") },
  {
    weight: 2,
    arbitrary: fc.constantFrom<string | undefined>(
      undefined,
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=xyz",
      "application/json; charset=utf-16",
      "application/xml",
      "*/*",
      "application/json, text/html",
      "",
    ),
  },
);

/** Headers around the request that must change nothing: origins, sizes, spoofed forwarding. */
export const extraHeaders = fc.oneof(
  { weight: 6, arbitrary: fc.constant<Record<string, string>>({}) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<Record<string, string>>(
      { origin: "https://partner.example" },
      { origin: "null" },
      { origin: "https://bookora.test" },
      { origin: "<script>" },
      { "x-forwarded-for": "127.0.0.1" },
      { "x-huge": "h".repeat(30_000) },
      { accept: "text/html" },
      { "accept-encoding": "gzip, br" },
      { "content-length": "0" },
      { "transfer-encoding": "chunked" },
      { cookie: "session=<script>" },
      { "x-http-method-override": "DELETE" },
      { "content-encoding": "gzip" },
    ),
  },
);

// ---------------------------------------------------------------------------------------------
// Query strings and paths

export const BROKEN_ESCAPES = ["%", "%E0%A4%A", "%ZZ", "%00", "%C0%AF", "%ED%A0%80", "%FF%FE", "%2", "%%", "+%", "%u0041", "%0A%0D"] as const;

type QueryValue = string | undefined;

/**
 * Builds a query string from fields, either properly encoded or raw, possibly with broken escapes,
 * duplicated or array-style keys and junk parameters.
 */
export function queryString(fields: Record<string, QueryValue>, mode: Mode): fc.Arbitrary<{ query: string; label: string }> {
  const present = Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== undefined);
  return fc
    .tuple(
      mode === "deep" ? fc.constant("encoded") : fc.constantFrom("encoded", "encoded", "encoded", "raw"),
      sometimes(fc.tuple(fc.nat(), fc.constantFrom(...BROKEN_ESCAPES)), mode === "deep" ? 0 : 1, 4),
      sometimes(fc.constantFrom("duplicate", "array-key", "junk", "empty-pairs", "no-equals", "semicolons"), mode === "deep" ? 0 : 1, 4),
    )
    .map(([encoding, broken, shape]) => {
      let pairs = present.map(([k, v]) => (encoding === "raw" ? `${k}=${v}` : new URLSearchParams({ [k]: v }).toString()));
      const labels: string[] = [encoding === "raw" ? "raw query" : "encoded query"];
      if (broken && pairs.length > 0) {
        const [index, brokenEscape] = broken;
        const at = index % pairs.length;
        pairs[at] = pairs[at] + brokenEscape;
        labels.push(`broken escape ${brokenEscape} in ${present[at]![0]}`);
      }
      if (shape && pairs.length > 0) {
        labels.push(shape);
        if (shape === "duplicate") pairs.push(pairs[0]!.replace(/=.*/, "=other"));
        if (shape === "array-key") pairs = pairs.map((pair, i) => (i === 0 ? pair.replace("=", "[]=") : pair));
        if (shape === "junk") pairs.push("__proto__[admin]=1", "constructor=x");
        if (shape === "empty-pairs") pairs = ["", "&", ...pairs, "", "="];
        if (shape === "no-equals") pairs.push(present[0]![0]);
        if (shape === "semicolons") return { query: pairs.join(";"), label: labels.join(", ") };
      }
      return { query: pairs.join("&"), label: labels.join(", ") };
    });
}

function fieldValue(valid: fc.Arbitrary<string>, bad: fc.Arbitrary<string>, name: string, mode: Mode) {
  return weighted(
    { weight: 6, arbitrary: valid.map((value) => ({ value: value as QueryValue, defect: undefined as string | undefined })) },
    { weight: mode === "deep" ? 0 : 1, arbitrary: fc.constant({ value: undefined as QueryValue, defect: `no ${name}` as string | undefined }) },
    {
      weight: mode === "deep" ? 0 : 3,
      arbitrary: bad.map((value) => ({ value: value as QueryValue, defect: `${name}=${preview(value)}` as string | undefined })),
    },
  );
}

function hostileQueryText() {
  return fc.oneof(hostileText, fc.constantFrom(...BROKEN_ESCAPES)).filter((text) => !text.includes("\u0000") || text.length < 100);
}

/**
 * A booking in the path and the Authorization header together. "deep" mostly pairs a real booking
 * with a token of its own host (or its manage token), so requests get past the lookup to the write.
 */
function targetAndAuth(world: FuzzWorld, mode: Mode) {
  const independent = fc.record({ id: bookingIdSegment(world, mode), auth: authChoice(world, { none: 2, real: 5 }, mode) });
  if (mode === "chaos") return independent;
  const paired = fc.constantFrom(...world.bookings).chain((booking) => {
    const host = world.hosts[booking.hostIndex]!;
    const own: AuthChoice[] = [{ label: `token of its host ${booking.hostIndex}`, header: `Bearer ${host.token}`, hostIndex: booking.hostIndex }];
    if (booking.manageToken) own.push({ label: "its manage token", header: `Bearer ${booking.manageToken}`, bookingId: booking.id });
    return fc.record({ id: bookingIdSegment(world, mode, booking), auth: fc.constantFrom(...own) });
  });
  return fc.oneof({ weight: 3, arbitrary: paired }, { weight: 1, arbitrary: independent });
}

/** A booking id in a path: a real one (as is, in capitals, percent-encoded), an unknown one, or junk. */
function bookingIdSegment(
  world: FuzzWorld,
  mode: Mode,
  only?: FuzzWorld["bookings"][number],
): fc.Arbitrary<{ segment: string; realId?: string; label: string }> {
  const real = fc
    .constantFrom(...(only ? [only] : world.bookings))
    .chain((booking) =>
      fc.constantFrom(
        { segment: booking.id, realId: booking.id, label: "real booking" },
        { segment: booking.id.toUpperCase(), realId: booking.id, label: "real booking, upper case" },
        { segment: `%${booking.id.charCodeAt(0).toString(16)}${booking.id.slice(1)}`, realId: booking.id, label: "real booking, percent-encoded" },
        { segment: `${booking.id}%00`, realId: booking.id, label: "real booking + %00" },
        { segment: `${booking.id}%20`, realId: booking.id, label: "real booking + %20" },
        { segment: `{${booking.id}}`, realId: booking.id, label: "real booking in braces" },
      ),
    );
  const unknown = fc.uuid().map((id) => ({ segment: id, label: "unknown uuid" }));
  if (only) return real;
  if (mode === "deep") return fc.oneof(real, unknown);
  const junk = fc.oneof(
    unknown,
    fc.constantFrom(...HOSTILE_PATH_SEGMENTS).map((segment) => ({ segment, label: `id ${preview(segment)}` })),
  );
  return fc.oneof({ weight: 1, arbitrary: real }, { weight: 1, arbitrary: junk });
}

// ---------------------------------------------------------------------------------------------
// JSON bodies

/** A JSON value nested `depth` levels deep: arrays ("[[[]]]") or objects ('{"a":{"a":0}}'). */
function deeplyNested(depth: number, shape: "arrays" | "objects" = "arrays"): string {
  return shape === "arrays" ? "[".repeat(depth) + "]".repeat(depth) : '{"a":'.repeat(depth) + "0" + "}".repeat(depth);
}

const extraFields = fc.oneof(
  { weight: 5, arbitrary: fc.constant<{ text: string; label?: string; depth?: number }>({ text: "" }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      { text: `"coupon":"FREE"`, label: "unknown field" },
      { text: `"__proto__":{"admin":true}`, label: "__proto__ field" },
      { text: `"constructor":{"prototype":{"admin":true}}`, label: "constructor field" },
      { text: `"status":"cancelled","id":"x","userId":1`, label: "server-owned fields" },
      { text: `"wide":{${Array.from({ length: 3_000 }, (_, i) => `"k${i}":${i}`).join(",")}}`, label: "3,000 extra keys" },
      { text: `"long":[${Array.from({ length: 10_000 }, () => "0").join(",")}]`, label: "10,000-element array" },
    ),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(100, 1_000, 3_000, 10_000, 30_000), fc.constantFrom("arrays" as const, "objects" as const))
      // Within 64 KiB, so the nesting (not the size) is what the server meets: arrays take 2 bytes a level, objects 6.
      .map(([wanted, shape]) => {
        const depth = Math.min(wanted, shape === "arrays" ? 30_000 : 10_000);
        return { text: `"nested":${deeplyNested(depth, shape)}`, label: `extra field: ${shape} nested ${depth} deep`, depth: depth + 1 };
      }),
  },
);

interface BodyChoice {
  text: string | Uint8Array;
  label: string;
  /** True when the body is certainly not a JSON object the server could accept. */
  isNotAnObject: boolean;
  oversized?: boolean;
  streamed?: boolean;
  /** A JSON object nested deeper than the server parses (MAX_JSON_DEPTH): 400. */
  tooDeep?: boolean;
}

/** Serialises `fields` (a JSON object, possibly with extra raw fields) or breaks it on the way. */
export function bodyFrom(fields: fc.Arbitrary<{ json: Record<string, unknown>; label: string }>, mode: Mode): fc.Arbitrary<BodyChoice> {
  const form = weighted<"json" | (typeof BODY_BREAKS)[number]>(
    { weight: 10, arbitrary: fc.constant("json") },
    { weight: mode === "deep" ? 0 : 6, arbitrary: fc.constantFrom(...BODY_BREAKS) },
  );
  return fc.tuple(fields, extraFields, form).map(([{ json, label }, extra, form]) => {
    const base = JSON.stringify(json);
    const text = extra.text === "" ? base : base === "{}" ? `{${extra.text}}` : `${base.slice(0, -1)},${extra.text}}`;
    const labels = [label, extra.label].filter(Boolean).join(", ");
    const body = breakBody(text, form, labels);
    if (body.isNotAnObject || !("depth" in extra)) return body;
    // Nested fields can push the body over 64 KiB, which the server checks first.
    if (new TextEncoder().encode(text).byteLength > MAX_BODY_BYTES) return { ...body, oversized: true };
    return { ...body, tooDeep: (extra.depth ?? 0) > MAX_JSON_DEPTH };
  });
}

const BODY_BREAKS = [
  "truncated",
  "trailing garbage",
  "bom",
  "invalid utf-8",
  "utf-16",
  "array",
  "string",
  "number",
  "null",
  "true",
  "form-encoded",
  "xml",
  "empty",
  "whitespace",
  "duplicate keys",
  "single quotes",
  "comments",
  "NaN",
  "oversized",
  "oversized whitespace",
  "oversized stream",
] as const;

function breakBody(text: string, form: "json" | (typeof BODY_BREAKS)[number], label: string): BodyChoice {
  const notObject = (body: string | Uint8Array, how: string): BodyChoice => ({ text: body, label: `${label}; body ${how}`, isNotAnObject: true });
  switch (form) {
    case "json":
      return { text, label, isNotAnObject: false };
    case "truncated":
      return notObject(text.slice(0, Math.max(1, Math.floor(text.length / 2))), "truncated");
    case "trailing garbage":
      return notObject(`${text} }`, "with trailing garbage");
    case "bom":
      // RFC 8259 lets a parser ignore a byte-order mark, and ours does: still a JSON object.
      return { text: `\ufeff${text}`, label: `${label}; body with a byte-order mark`, isNotAnObject: false };
    case "invalid utf-8":
      return notObject(new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0xc0, 0xaf, 0x7d]), "invalid UTF-8");
    case "utf-16":
      return notObject(utf16(text), "in UTF-16");
    case "array":
      return notObject(`[${text}]`, "a JSON array");
    case "string":
      return notObject(JSON.stringify(text), "a JSON string");
    case "number":
      return notObject("1e999", "a number");
    case "null":
      return notObject("null", "null");
    case "true":
      return notObject("true", "true");
    case "form-encoded":
      return notObject("bookingType=2&start=2030-01-07T09%3A00%3A00Z&name=Ada", "form-encoded");
    case "xml":
      return notObject('<?xml version="1.0"?><booking><name>Ada</name></booking>', "XML");
    case "empty":
      // An empty body reads as {} (curl -d ''): for cancel that is a valid request.
      return { text: "", label: `${label}; empty body`, isNotAnObject: false };
    case "whitespace":
      return { text: " \n\t ", label: `${label}; whitespace body`, isNotAnObject: false };
    case "duplicate keys":
      return { text: text === "{}" ? `{"a":1,"a":2}` : `${text.slice(0, -1)},${text.slice(1)}`, label: `${label}; keys twice`, isNotAnObject: false };
    case "single quotes":
      // "{}" has no quotes to replace: it would stay the object it is.
      return notObject(text.includes('"') ? text.replaceAll('"', "'") : "{'a':1}", "with single quotes");
    case "comments":
      return notObject(`/* c */${text}`, "with a comment");
    case "NaN":
      return notObject(`{"a":NaN}`, "with NaN");
    case "oversized":
      return {
        text: `${text.slice(0, -1)}${text === "{}" ? "" : ","}"pad":"${"x".repeat(70 * 1024)}"}`,
        label: `${label}; body over 64 KiB`,
        isNotAnObject: false,
        oversized: true,
      };
    case "oversized whitespace":
      return { text: text + " ".repeat(65 * 1024), label: `${label}; body over 64 KiB of trailing spaces`, isNotAnObject: false, oversized: true };
    case "oversized stream":
      return {
        text: `{"pad":"${"x".repeat(80 * 1024)}"}`,
        label: `${label}; streamed body over 64 KiB`,
        isNotAnObject: false,
        oversized: true,
        streamed: true,
      };
  }
}

function utf16(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i += 1) {
    bytes[i * 2] = text.charCodeAt(i) & 0xff;
    bytes[i * 2 + 1] = text.charCodeAt(i) >> 8;
  }
  return bytes;
}

/** Non-object bodies, for a cancel that would otherwise really cancel. */
const NOT_OBJECT_BODIES = ["[]", "null", '"cancel"', "1", "{", "{}}", "\ufeff[]", "<cancel/>", "true", "[{}]"] as const;

/** A JSON object with each field valid, missing, of the wrong type or hostile. */
function objectOf(fields: Record<string, fc.Arbitrary<{ value: unknown; defect?: string } | undefined>>) {
  return fc.record(fields).map((chosen) => {
    const json: Record<string, unknown> = {};
    const defects: string[] = [];
    for (const [name, field] of Object.entries(chosen)) {
      if (field === undefined) {
        defects.push(`no ${name}`);
        continue;
      }
      json[name] = field.value;
      if (field.defect) defects.push(field.defect);
    }
    return { json, label: defects.join(", ") || "well-formed fields" };
  });
}

function field(mode: Mode, valid: fc.Arbitrary<unknown>, bad: fc.Arbitrary<unknown>, name: string, { optional = false } = {}) {
  return weighted<{ value: unknown; defect?: string } | undefined>(
    { weight: 6, arbitrary: valid.map((value) => ({ value })) },
    { weight: optional ? 3 : mode === "deep" ? 0 : 1, arbitrary: fc.constant(undefined) },
    { weight: mode === "deep" ? 0 : 3, arbitrary: bad.map((value) => ({ value, defect: `${name}: ${preview(value)}` })) },
  );
}

// ---------------------------------------------------------------------------------------------
// Requests per endpoint

function common(world: FuzzWorld, auth: { none: number; real: number }, mode: Mode) {
  return fc.record({ auth: authChoice(world, auth, mode), extra: extraHeaders });
}

function headersOf(auth: AuthChoice, extra: Record<string, string>, more: Record<string, string | undefined> = {}): Record<string, string> {
  const headers: Record<string, string> = { ...extra };
  if (auth.header !== undefined) headers.authorization = auth.header;
  for (const [name, value] of Object.entries(more)) if (value !== undefined) headers[name] = value;
  return headers;
}

function dayArbitraries(world: FuzzWorld) {
  const validDay = fc.oneof({ weight: 4, arbitrary: fc.constant(world.workday) }, { weight: 2, arbitrary: fc.constantFrom(...EDGE_DAYS) });
  const badDay = fc.oneof({ weight: 3, arbitrary: fc.constantFrom<string>(...BAD_DAYS) }, { weight: 1, arbitrary: hostileQueryText() });
  return { validDay, badDay };
}

function typeRefArbitraries(world: FuzzWorld) {
  const allRefs = world.hosts.flatMap((host) => host.typeRefs);
  const validRef = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...allRefs) },
    { weight: 1, arbitrary: fc.constantFrom("999999", "bt-00000000", "9999999999") },
  );
  const badRef = fc.oneof(
    fc.constantFrom("0", "01", "-1", "1.5", "1e3", "bt-", "bt-ZZZZZZZZ", "BT-63BB1A53", "bt-63bb1a53 ", "99999999999", "2; DROP TABLE bookings", "2%00"),
    hostileQueryText(),
  );
  return { validRef, badRef };
}

/** A host and one of its own types (most often), or a host with any reference: the valid values to break. */
function hostAndType(world: FuzzWorld): fc.Arbitrary<{ username: string; ref: string }> {
  const { validRef } = typeRefArbitraries(world);
  const own = fc
    .nat({ max: world.hosts.length - 1 })
    .chain((i) => fc.constantFrom(...world.hosts[i]!.typeRefs).map((ref) => ({ username: world.hosts[i]!.username, ref })));
  const mixed = fc.record({ username: fc.constantFrom(...world.hosts.map((h) => h.username), "nobody", "hepuloujun"), ref: validRef });
  return fc.oneof({ weight: 3, arbitrary: own }, { weight: 1, arbitrary: mixed });
}

/** A start day (near, or at the edges of 2000–2100, or on a zone's odd day) and an end 0–70 days on. */
function dayRange(world: FuzzWorld): fc.Arbitrary<{ startDate: string; endDate: string }> {
  const { validDay } = dayArbitraries(world);
  const span = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(0, 1, 2, 6) }, { weight: 1, arbitrary: fc.constantFrom(-1, 30, 61, 62, 70) });
  const coherent = fc.tuple(validDay, span).map(([startDate, days]) => ({ startDate, endDate: addDays(startDate, days) }));
  const independent = fc.record({ startDate: validDay, endDate: fc.oneof(validDay, fc.constantFrom("2100-12-31", "2000-01-01")) });
  return fc.oneof({ weight: 3, arbitrary: coherent }, { weight: 1, arbitrary: independent });
}

function availabilityRequest(world: FuzzWorld, mode: Mode): fc.Arbitrary<FuzzRequest> {
  const { badDay } = dayArbitraries(world);
  const { badRef } = typeRefArbitraries(world);
  return fc
    .tuple(hostAndType(world), dayRange(world))
    .chain(([good, days]) =>
      fc.record({
        // Hostile names from a fixed list only: each name that passes validation wakes a Durable
        // Object of its own, and the test pool gets slower with every new one.
        username: fieldValue(
          fc.constant(good.username),
          fc.constantFrom<string>(...HOSTILE_TEXT, ...BROKEN_ESCAPES, "u".repeat(64), "u".repeat(65)),
          "username",
          mode,
        ),
        slug: fieldValue(fc.constant(good.ref), badRef, "slug", mode),
        startDate: fieldValue(fc.constant(days.startDate), badDay, "startDate", mode),
        endDate: fieldValue(fc.constant(days.endDate), badDay, "endDate", mode),
        duration: weighted(
          { weight: 4, arbitrary: fc.constant({ value: undefined as QueryValue, defect: undefined as string | undefined }) },
          {
            weight: 2,
            arbitrary: fc.constantFrom("30", "60", "90", "0030").map((value) => ({ value: value as QueryValue, defect: undefined as string | undefined })),
          },
          {
            weight: mode === "deep" ? 0 : 2,
            arbitrary: fc
              .constantFrom("0", "-30", "1.5", "30.0", "1e3", "99999", "9999", "thirty", " 30", "")
              .map((value) => ({ value: value as QueryValue, defect: `duration=${value}` as string | undefined })),
          },
        ),
        timezone: weighted(
          { weight: 3, arbitrary: fc.constant({ value: undefined as QueryValue, defect: undefined as string | undefined }) },
          {
            weight: 4,
            arbitrary: fc.constantFrom<string>(...ODD_ZONES).map((value) => ({ value: value as QueryValue, defect: undefined as string | undefined })),
          },
          {
            weight: mode === "deep" ? 0 : 2,
            arbitrary: fc
              .oneof(fc.constantFrom<string>(...BAD_ZONES), hostileQueryText())
              .map((value) => ({ value: value as QueryValue, defect: `timezone=${preview(value)}` as string | undefined })),
          },
        ),
      }),
    )
    .chain((fields) => {
      const values = Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, f.value]));
      const defects = Object.values(fields)
        .map((f) => f.defect)
        .filter(Boolean);
      return fc.tuple(queryString(values, mode), common(world, { none: 6, real: 3 }, mode)).map(([{ query, label }, { auth, extra }]) => {
        // Days that are not real or lie outside 2000–2100 are a 400 whatever else is right.
        // (Encoded only: a raw "2026-01-05\n" loses its newline to the URL parser and becomes valid.)
        const badDayOnly =
          defects.length > 0 && defects.every((d) => /^(startDate|endDate)=/.test(d!)) && auth.header === undefined && label === "encoded query";
        const knownBad = badDayOnly && [values.startDate, values.endDate].some((day) => (BAD_DAYS as readonly string[]).includes(day ?? "x"));
        return {
          endpoint: "availability" as const,
          label: [...defects, label, auth.label].join("; "),
          method: "GET",
          path: `/api/availability?${query}`,
          headers: headersOf(auth, extra),
          key: { kind: "none" } as KeyChoice,
          expectStatus: knownBad ? [400] : undefined,
        };
      });
    });
}

function bookingTypesRequest(world: FuzzWorld, mode: Mode): fc.Arbitrary<FuzzRequest> {
  const { badRef } = typeRefArbitraries(world);
  return hostAndType(world)
    .chain((good) =>
      fc.record({
        username: fieldValue(fc.constant(good.username), fc.oneof(hostileQueryText(), fc.constant("u".repeat(65))), "username", mode),
        slug: fieldValue(fc.constant(good.ref), badRef, "slug", mode),
      }),
    )
    .chain((fields) => {
      const values = { username: fields.username.value, slug: fields.slug.value };
      const defects = [fields.username.defect, fields.slug.defect].filter(Boolean);
      return fc.tuple(queryString(values, mode), common(world, { none: 6, real: 3 }, mode)).map(([{ query, label }, { auth, extra }]) => ({
        endpoint: "booking-types" as const,
        label: [...defects, label, auth.label].join("; "),
        method: "GET",
        path: `/api/booking-types?${query}`,
        headers: headersOf(auth, extra),
        key: { kind: "none" } as KeyChoice,
      }));
    });
}

function createBookingRequest(world: FuzzWorld, mode: Mode): fc.Arbitrary<FuzzRequest> {
  const { validRef } = typeRefArbitraries(world);
  // A JSON number is read as the numeric id ("2"); a string id has no number.
  const numericRef = fc.constantFrom(...world.hosts.flatMap((host) => host.typeRefs).filter((ref) => /^\d+$/.test(ref))).map(Number);
  const badRef = fc.oneof(
    fc.constantFrom<unknown>(0, -1, 1.5, 1e21, "0", "01", "bt-", "BT-63BB1A53", "2; DROP TABLE bookings", 2.0000000000000004),
    wrongType,
    hostileText,
  );
  const fields = unbookableSlot(world).chain((slot) =>
    objectOf({
      bookingType: field(mode, fc.oneof(validRef, numericRef), badRef, "bookingType"),
      start: field(mode, fc.constant(slot.start), instantField(world), "start"),
      end: field(mode, fc.constant(slot.end), instantField(world), "end"),
      // design.md "Fields": control characters and bidirectional overrides are refused in free text.
      name: field(
        mode,
        fc.constantFrom("Ada Lovelace", "<script>alert(1)</script>", "😀", "\u05d3\u05d5\u05d3 \u200f(IL)", "n".repeat(200)),
        fc.oneof(
          fc.constantFrom<unknown>("", "   ", "n".repeat(201), "😀".repeat(101), "a\u0000b", "\u202eevil", "Ada\nLovelace", "Ada\u2066x\u2069"),
          wrongType,
        ),
        "name",
      ),
      email: field(
        mode,
        fc.constantFrom("ada@example.com", "a@b.co"),
        fc.oneof(
          fc.constantFrom<unknown>(
            "not-an-email",
            "a@b",
            "@example.com",
            "ada@",
            "ada@@example.com",
            `${"a".repeat(250)}@example.com`,
            "<script>@x.com",
            "ada@example.com\n",
            " ada@example.com",
            "ada@exa mple.com",
            "ada@例え.jp",
          ),
          wrongType,
          hostileText,
        ),
        "email",
      ),
      notes: field(
        mode,
        fc.constantFrom<unknown>("Hi", null, "<script>alert(1)</script>", "x".repeat(5000), "line one\r\nline two\rthree\n"),
        fc.oneof(fc.constantFrom<unknown>("x".repeat(5001), { $gt: "" }, 42, ["a"], true, "\u0000", "\u202eevil")),
        "notes",
        { optional: true },
      ),
    }),
  );
  return fc
    .tuple(bodyFrom(fields, mode), common(world, { none: 5, real: 4 }, mode), keyChoice(mode), contentType)
    .map(([body, { auth, extra }, key, type]) => ({
      endpoint: "create booking" as const,
      label: [body.label, auth.label, keyLabel(key), `content-type ${type ?? "none"}`].join("; "),
      method: "POST",
      path: "/api/bookings",
      headers: headersOf(auth, extra, { "content-type": type }),
      key,
      body: body.text,
      streamed: body.streamed,
      expectStatus:
        body.oversized && passesAuth(auth, { required: false })
          ? [413]
          : body.tooDeep && passesAuth(auth, { required: false })
            ? [400]
            : mode === "deep"
              ? auth.bookingId
                ? [401] // a manage token cannot create
                : [404, 409]
              : undefined,
    }));
}

function getBookingRequest(world: FuzzWorld, mode: Mode): fc.Arbitrary<FuzzRequest> {
  return fc
    .tuple(targetAndAuth(world, mode), extraHeaders, fc.constantFrom("", "", "", "?x=1", "?id=<script>", "?%ZZ"))
    .map(([{ id, auth }, extra, query]) => ({
      endpoint: "get booking" as const,
      label: [id.label, auth.label, query && `query ${query}`].filter(Boolean).join("; "),
      method: "GET",
      path: `/api/bookings/${id.segment}${query}`,
      headers: headersOf(auth, extra),
      key: { kind: "none" } as KeyChoice,
      expectStatus: mode === "deep" ? deepOutcome(auth, [200, 404]) : undefined,
    }));
}

function cancelRequest(world: FuzzWorld, mode: Mode): fc.Arbitrary<FuzzRequest> {
  const fields = fc.constantFrom(
    { json: {}, label: "empty object" },
    { json: { reason: "changed my mind" }, label: "unknown field" },
    { json: { status: "confirmed" }, label: "status field" },
  );
  return fc
    .tuple(
      targetAndAuth(world, mode),
      bodyFrom(fields, mode),
      sometimes(fc.constant("no body"), 1, 5),
      extraHeaders,
      keyChoice(mode),
      contentType,
      fc.constantFrom(...NOT_OBJECT_BODIES),
    )
    .map(([{ id, auth }, body, noBody, extra, key, type, replacement]) => {
      let text: string | Uint8Array | undefined = noBody ? undefined : body.text;
      let bodyLabel = noBody ? "no body" : body.label;
      const refusedBody = !noBody && (body.isNotAnObject || body.oversized || body.tooDeep);
      // A cancel that a correct server would carry out (its booking, its token, a good key and an
      // object body, or none) is not malformed: swap its body for one that is not an object.
      if (mayWrite(world, id.realId, auth, key) && !refusedBody) {
        text = replacement;
        bodyLabel = `body ${JSON.stringify(replacement)} (not an object)`;
      }
      return {
        endpoint: "cancel" as const,
        label: [id.label, bodyLabel, auth.label, keyLabel(key), `content-type ${type ?? "none"}`].join("; "),
        method: "POST",
        path: `/api/bookings/${id.segment}/cancel`,
        headers: headersOf(auth, extra, { "content-type": type }),
        key,
        body: text,
        streamed: body.streamed && text === body.text,
        expectStatus:
          body.oversized && text === body.text && passesAuth(auth, { required: true })
            ? [413]
            : body.tooDeep && text === body.text && passesAuth(auth, { required: true })
              ? [400]
              : mode === "deep"
                ? deepOutcome(auth, text === replacement ? [400] : [404])
                : undefined,
      };
    });
}

function rescheduleRequest(world: FuzzWorld, mode: Mode): fc.Arbitrary<FuzzRequest> {
  const slot = unbookableSlot(world).chain((good) =>
    objectOf({
      start: field(mode, fc.constant(good.start), instantField(world), "newSlot.start"),
      end: field(mode, fc.constant(good.end), instantField(world), "newSlot.end"),
    }),
  );
  const misplaced = mode === "deep" ? 0 : 1;
  const fields = weighted(
    { weight: 4, arbitrary: slot.map(({ json, label }) => ({ json: { newSlot: json } as Record<string, unknown>, label })) },
    {
      weight: misplaced,
      arbitrary: slot.map(({ json, label }) => ({ json: { ...json } as Record<string, unknown>, label: `slot fields at the top level, ${label}` })),
    },
    { weight: misplaced, arbitrary: wrongType.map((value) => ({ json: { newSlot: value } as Record<string, unknown>, label: `newSlot: ${preview(value)}` })) },
    {
      weight: misplaced,
      arbitrary: hostileText.map((value) => ({ json: { newSlot: value } as Record<string, unknown>, label: `newSlot: ${preview(value)}` })),
    },
  );
  return fc
    .tuple(targetAndAuth(world, mode), bodyFrom(fields, mode), extraHeaders, keyChoice(mode), contentType)
    .map(([{ id, auth }, body, extra, key, type]) => ({
      endpoint: "reschedule" as const,
      label: [id.label, body.label, auth.label, keyLabel(key), `content-type ${type ?? "none"}`].join("; "),
      method: "POST",
      path: `/api/bookings/${id.segment}/reschedule`,
      headers: headersOf(auth, extra, { "content-type": type }),
      key,
      body: body.text,
      streamed: body.streamed,
      expectStatus:
        body.oversized && passesAuth(auth, { required: true })
          ? [413]
          : body.tooDeep && passesAuth(auth, { required: true })
            ? [400]
            : mode === "deep"
              ? deepOutcome(auth, [404, 409])
              : undefined,
    }));
}

function healthRequest(world: FuzzWorld, mode: Mode): fc.Arbitrary<FuzzRequest> {
  return fc
    .tuple(
      fc.constantFrom("GET", "GET", "GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"),
      fc.constantFrom("", "?x=<script>", "?%ZZ", `?${"q".repeat(20_000)}=1`, "/", "/%00", "//", "?deep=1"),
      common(world, { none: 4, real: 1 }, mode),
    )
    .map(([method, suffix, { auth, extra }]) => ({
      endpoint: "health" as const,
      label: [`${method} /api/health${preview(suffix)}`, auth.label].join("; "),
      method,
      path: `/api/health${suffix}`,
      headers: headersOf(auth, extra, method === "OPTIONS" ? { origin: "https://partner.example", "access-control-request-method": "POST" } : {}),
      key: { kind: "none" } as KeyChoice,
      body: method === "POST" || method === "PUT" ? "{}" : undefined,
      // Health answers the same to everyone, whatever they send along; only the path must be right.
      expectStatus: method === "GET" && (suffix === "" || suffix.startsWith("?")) ? [200] : undefined,
    }));
}

function unknownApiRequest(world: FuzzWorld, mode: Mode): fc.Arbitrary<FuzzRequest> {
  const path = fc.oneof(
    fc.constantFrom(
      "/api/",
      "/api/nope",
      "/api/admin",
      "/api/bookings/x/y/z",
      "/api/bookings/00000000-0000-4000-8000-000000000000/delete",
      "/api/availability/extra",
      "/api/booking-types/2",
      "/api/%ZZ",
      "/api/%E0%A4%A",
      "/api/<script>",
      "/api/users?username=' OR 1=1 --",
      "/api/bookings/%2F..%2F..%2Fetc%2Fpasswd",
      "/api/" + "a".repeat(10_000),
      "/api/__proto__",
      "/api/constructor",
      "/api/health/../../../etc/passwd",
      "/api//bookings",
      "/api/bookings/",
    ),
    fc
      .array(
        fc.oneof(
          fc.constantFrom("bookings", "cancel", "reschedule", "health", "..", ".", "%2e"),
          fc.string({ unit: fc.constantFrom(...printableAscii()), maxLength: 12 }),
        ),
        { minLength: 2, maxLength: 4 },
      )
      .map((segments) => `/api/x/${segments.map((s) => s.replaceAll("?", "%3F").replaceAll("#", "%23")).join("/")}`),
  );
  const method = fc.constantFrom("GET", "POST", "PUT", "DELETE", "PATCH", "PROPFIND");
  return fc.tuple(path, method, common(world, { none: 4, real: 2 }, mode)).map(([p, m, { auth, extra }]) => ({
    endpoint: "unknown /api route" as const,
    label: `${m} ${preview(p)}; ${auth.label}`,
    method: m,
    path: p,
    headers: headersOf(auth, extra, m === "GET" ? {} : { "content-type": "application/json" }),
    key: m === "POST" ? ({ kind: "fresh" } as KeyChoice) : ({ kind: "none" } as KeyChoice),
    body: m === "GET" ? undefined : "{}",
  }));
}

function hostedPageRequest(world: FuzzWorld, mode: Mode): fc.Arbitrary<FuzzRequest> {
  const hostileUser = fc.oneof(
    fc.constantFrom(...world.hosts.map((h) => h.username)),
    fc.constantFrom(
      "nobody",
      "%ZZ",
      "%E0%A4%A",
      "<script>",
      "%3Cscript%3E",
      "..",
      "%2e%2e",
      "a".repeat(5_000),
      "%F0%9F%98%80",
      "%00",
      "' OR 1=1 --".replaceAll(" ", "%20"),
    ),
  );
  const { validRef } = typeRefArbitraries(world);
  const hostileType = fc.oneof(
    validRef,
    fc.constantFrom("0", "01", "-1", "bt-", "%ZZ", "<script>", "2%00", "99999999999", "2;DROP", "%E0%A4%A", "2/extra", "2/", ""),
  );
  const page = fc.oneof(
    hostAndType(world).map((good) => [good.username, good.ref] as const),
    fc.tuple(hostileUser, hostileType),
  );
  return fc
    .tuple(
      page,
      fc.constantFrom("", "", "?x=<script>", "?%ZZ", "#frag"),
      fc.constantFrom("GET", "GET", "GET", "HEAD", "POST"),
      common(world, { none: 5, real: 1 }, mode),
    )
    .map(([[user, ref], suffix, method, { auth, extra }]) => ({
      endpoint: "hosted page" as const,
      label: `${method} /book/${preview(user)}/${preview(ref)}${suffix}; ${auth.label}`,
      method,
      path: `/book/${user}/${ref}${suffix}`,
      headers: headersOf(auth, extra),
      key: { kind: "none" } as KeyChoice,
      body: method === "POST" ? "{}" : undefined,
    }));
}

const BUILDERS: Record<Endpoint, (world: FuzzWorld, mode: Mode) => fc.Arbitrary<FuzzRequest>> = {
  availability: availabilityRequest,
  "booking-types": bookingTypesRequest,
  "create booking": createBookingRequest,
  "get booking": getBookingRequest,
  cancel: cancelRequest,
  reschedule: rescheduleRequest,
  health: healthRequest,
  "unknown /api route": unknownApiRequest,
  "hosted page": hostedPageRequest,
};

/** Requests to one endpoint: three in four "chaos", one in four "deep" (see Mode). */
export function requestsTo(endpoint: Endpoint, world: FuzzWorld): fc.Arbitrary<FuzzRequest> {
  const build = BUILDERS[endpoint];
  const chaos = fc.tuple(build(world, "chaos"), clientAddressChoice).map(([request, client]) => withClientAddress(request, client));
  return fc.oneof(
    { weight: 3, arbitrary: chaos },
    { weight: 1, arbitrary: build(world, "deep").map((request) => ({ ...request, label: `deep: ${request.label}` })) },
  );
}

/**
 * CF-Connecting-IP, which the edge sets and the Worker parses for its per-IP limits. Odd spellings
 * of real addresses must be accepted; no address, or something that is not one, is 400 on every
 * route that authenticates (an HTML 400 for hosted pages). Few requests get one of these, since
 * the valid ones share a bucket of 120 a minute.
 */
const clientAddressChoice = fc.oneof(
  { weight: 24, arbitrary: fc.constant<{ address?: string | null; isAddress: boolean }>({ isAddress: true }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<{ address: string | null; isAddress: boolean }>(
      { address: "::ffff:198.51.100.7", isAddress: true },
      { address: "2001:DB8:0:1::5", isAddress: true },
      { address: " 198.51.100.8 ", isAddress: true },
      { address: "fe80::1%eth0", isAddress: true },
      { address: null, isAddress: false },
      { address: "", isAddress: false },
      { address: "unknown", isAddress: false },
      { address: "999.1.1.1", isAddress: false },
      { address: "1.2.3", isAddress: false },
      { address: "198.51.100.9, 203.0.113.1", isAddress: false },
      { address: "1:2:3:4:5:6:7:8:9", isAddress: false },
      { address: "<script>", isAddress: false },
      { address: "1".repeat(100), isAddress: false },
    ),
  },
);

/** Endpoints that read the client address before anything else. */
const CHECKS_CLIENT_ADDRESS: readonly Endpoint[] = ["availability", "booking-types", "create booking", "get booking", "cancel", "reschedule", "hosted page"];

function withClientAddress(request: FuzzRequest, client: { address?: string | null; isAddress: boolean }): FuzzRequest {
  if (client.address === undefined) return request;
  const label = `${request.label}; CF-Connecting-IP ${client.address === null ? "missing" : preview(client.address)}`;
  if (client.isAddress) return { ...request, label, clientAddress: client.address };
  const expectStatus = CHECKS_CLIENT_ADDRESS.includes(request.endpoint) ? [400] : request.expectStatus;
  return { ...request, label, clientAddress: client.address, expectStatus };
}

// ---------------------------------------------------------------------------------------------
// Helpers

/** fc.oneof without the choices of weight 0 (fast-check wants every weight positive). */
export function weighted<T>(...choices: { weight: number; arbitrary: fc.Arbitrary<T> }[]): fc.Arbitrary<T> {
  return fc.oneof(...choices.filter((choice) => choice.weight > 0));
}

/** `arbitrary` with weight `some` against null with weight `none`. */
function sometimes<T>(arbitrary: fc.Arbitrary<T>, some: number, none: number): fc.Arbitrary<T | null> {
  return weighted<T | null>({ weight: some, arbitrary }, { weight: none, arbitrary: fc.constant(null) });
}

/** Whether a correct server would let this caller cancel the real booking `realId` with this key. */
function mayWrite(world: FuzzWorld, realId: string | undefined, auth: AuthChoice, key: KeyChoice): boolean {
  if (!realId) return false;
  const booking = world.bookings.find((b) => b.id === realId)!;
  const grants = auth.hostIndex === booking.hostIndex || auth.bookingId === realId;
  const keyOk = key.kind === "fresh" || (key.kind === "literal" && isAcceptableKey(key.value, { isPublic: auth.header === undefined }));
  return grants && keyOk;
}

/**
 * What a "deep" request on one booking must get: 401 without a token (these routes need one),
 * otherwise one of `outcomes` (a foreign or unknown booking is 404, a time no host offers 409).
 */
function deepOutcome(auth: AuthChoice, outcomes: number[]): number[] {
  return auth.header === undefined ? [401] : outcomes;
}

/** Whether the Authorization header gets past authentication to the body (the 413 check). */
function passesAuth(auth: AuthChoice, { required }: { required: boolean }): boolean {
  if (auth.header === undefined) return !required;
  if (auth.hostIndex !== undefined) return true;
  // A well-formed manage token passes authentication on routes of one booking (the route checks it).
  return required && /^Bearer +bkm_[\x21-\x7e]{1,508}$/i.test(auth.header.trim());
}

export function keyLabel(key: KeyChoice): string {
  if (key.kind === "fresh") return "fresh key";
  if (key.kind === "none") return "no Idempotency-Key";
  return `key ${preview(key.value)}`;
}

/**
 * Requests named in issue 7 and the bugs they once caught, sent on every run whatever the seed:
 * both dates invalid together (that was a 500), days outside 2000–2100, a day that does not exist.
 */
export function namedRequests(world: FuzzWorld): FuzzRequest[] {
  const [host] = world.hosts;
  const ref = host!.typeRefs[0]!;
  const availability = (query: Record<string, string>, expectStatus?: number[]): FuzzRequest => ({
    endpoint: "availability",
    label: `named: ${new URLSearchParams(query)}`,
    method: "GET",
    path: `/api/availability?${new URLSearchParams({ username: host!.username, slug: ref, ...query })}`,
    headers: {},
    key: { kind: "none" },
    expectStatus,
  });
  const days = (startDate: string, endDate: string, timezone?: string) => ({ startDate, endDate, ...(timezone ? { timezone } : {}) });
  const booking = world.bookings[0]!;
  const hostToken = { authorization: `Bearer ${host!.token}`, "content-type": "application/json" };
  const validCreate = { bookingType: ref, start: `${world.workday}T09:07:00Z`, end: `${world.workday}T09:37:00Z`, name: "Ada", email: "ada@example.com" };
  const post = (endpoint: Endpoint, path: string, body: string, label: string, extra: Partial<FuzzRequest> = {}): FuzzRequest => ({
    endpoint,
    label: `named: ${label}`,
    method: "POST",
    path,
    headers: hostToken,
    key: { kind: "fresh" },
    body,
    ...extra,
  });
  return [
    availability(days("<script>", "-1"), [400]),
    availability(days("2026-02-30", "2026-03-01"), [400]),
    availability(days("2026-02-28", "2026-02-30"), [400]),
    availability(days("1847-12-01", "1847-12-01"), [400]),
    availability(days("1893-04-01", "1893-04-01", "Europe/Berlin"), [400]),
    availability(days("1999-12-31", "2000-01-01"), [400]),
    availability(days("2100-12-31", "2101-01-01"), [400]),
    availability(days("2000-01-01", "2000-01-01", "Pacific/Kiritimati"), [200]),
    availability(days("2000-01-01", "2000-01-01", "Etc/GMT+12"), [200]),
    availability(days("2100-12-31", "2100-12-31", "Etc/GMT-14"), [200]),
    availability(days("2100-11-01", "2100-12-31", "Pacific/Apia"), [200]),
    availability(days("2011-12-29", "2011-12-31", "Pacific/Apia"), [200]),
    availability(days(world.workday, world.workday, "Mars/Olympus_Mons"), [400]),
    availability(days(world.workday, world.workday, "+01:00"), [400]),
    availability({ ...days(world.workday, world.workday), duration: "0" }, [400]),
    availability({ ...days(world.workday, world.workday), duration: "9999" }, [400]),
    post("create booking", "/api/bookings", "{ not json", "malformed JSON", { expectStatus: [400] }),
    post("create booking", "/api/bookings", JSON.stringify(validCreate), "missing Idempotency-Key", { key: { kind: "none" }, expectStatus: [400] }),
    post("create booking", "/api/bookings", JSON.stringify(validCreate), "256-character Idempotency-Key", {
      key: { kind: "literal", value: "k".repeat(256) },
      expectStatus: [400],
    }),
    post("create booking", "/api/bookings", JSON.stringify({ ...validCreate, notes: "x".repeat(70 * 1024) }), "body over 64 KiB", { expectStatus: [413] }),
    post("create booking", "/api/bookings", JSON.stringify(validCreate), "off-grid slot, otherwise valid", { expectStatus: [409] }),
    post("create booking", "/api/bookings", `${JSON.stringify(validCreate).slice(0, -1)},"x":${deeplyNested(20_000)}}`, "unknown field nested 20,000 deep"),
    post(
      "create booking",
      "/api/bookings",
      `${JSON.stringify(validCreate).slice(0, -1)},"x":${deeplyNested(10_000, "objects")}}`,
      "unknown field: objects nested 10,000 deep",
    ),
    post("cancel", `/api/bookings/${crypto.randomUUID()}/cancel`, `{"x":${deeplyNested(20_000)}}`, "cancel of an unknown booking, body nested 20,000 deep"),
    post(
      "reschedule",
      `/api/bookings/${booking.id}/reschedule`,
      `{"newSlot":{"start":"${world.workday}T09:07:00Z","end":"${world.workday}T09:37:00Z"},"x":${deeplyNested(20_000)}}`,
      "reschedule, off-grid slot, unknown field nested 20,000 deep",
    ),
    post("cancel", `/api/bookings/${booking.id}/cancel`, "[]", "cancel with a JSON array", {
      headers: { authorization: `Bearer ${world.hosts[booking.hostIndex]!.token}` },
      expectStatus: [400],
    }),
    post(
      "reschedule",
      `/api/bookings/${booking.id}/reschedule`,
      `{"newSlot":{"start":"2026-02-30T09:00:00Z","end":"2026-02-30T09:30:00Z"}}`,
      "reschedule to 2026-02-30",
      { headers: { authorization: `Bearer ${world.hosts[booking.hostIndex]!.token}` }, expectStatus: [400] },
    ),
  ];
}
