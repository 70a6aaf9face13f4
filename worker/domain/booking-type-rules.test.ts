/**
 * The booking-types management rules as a partner meets them: each body passes through the real
 * edge validation (validJson), so a refusal reads exactly as the 400 INVALID_REQUEST the routes will
 * answer; PATCHes are merged with a stored type the way the route will; the public shape, column
 * values, new ids and references are checked as plain values. No D1: these modules are pure.
 */
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { createBookingTypeBody, patchBookingTypeBody, typeRefParam } from "../booking-types/schemas";
import type { AppEnv } from "../http/env";
import { validJson } from "../http/validate";
import {
  type BookingTypeColumns,
  bookingTypeColumns,
  bookingTypeResource,
  mergeBookingTypePatch,
  newBookingTypePublicId,
  originProblem,
  parseTypeRef,
  type StoredBookingType,
} from "./booking-type-rules";
import { ApiError, errorEnvelope } from "./errors";

/** A stored type as the route will read it: 30 or 60 minutes, default 30, slots following the duration. */
function storedType(overrides: Partial<StoredBookingType> = {}): StoredBookingType {
  return {
    id: 2,
    publicId: "bt-1a2b3c4d",
    hostUsername: "hepuloujun",
    slug: "intro",
    title: "Intro call",
    description: null,
    durationMinutes: 30,
    durationOptions: [30, 60],
    slotIntervalMinutes: null,
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    minimumNoticeMinutes: 120,
    bookingWindowDays: 365,
    dailyCap: null,
    isPublic: true,
    allowedOrigins: null,
    questions: [],
    reminders: [1440],
    emailAttendee: true,
    emailHost: true,
    archivedAt: null,
    createdAt: Date.UTC(2026, 3, 21, 9, 0, 0),
    ...overrides,
  };
}

/**
 * The edge as the routes will have it: validJson for the body, and for PATCH the merge with a
 * stored type, its failure thrown as the same 400 a field failure gets.
 */
function edgeFor(stored: StoredBookingType) {
  return new Hono<AppEnv>()
    .post("/create", validJson(createBookingTypeBody), (c) => c.json(c.req.valid("json")))
    .patch("/patch", validJson(patchBookingTypeBody), (c) => {
      const merged = mergeBookingTypePatch(stored, c.req.valid("json"));
      if (!merged.ok) {
        const { issue } = merged;
        throw new ApiError("INVALID_REQUEST", `${issue.path}: ${issue.message}`, { details: [issue] });
      }
      return c.json(merged.value);
    })
    .onError((error, c) => {
      if (error instanceof ApiError) return c.json(errorEnvelope(error.code, error.message, { details: error.details }), error.status);
      throw error;
    });
}

async function send(method: "POST" | "PATCH", body: unknown, stored = storedType()) {
  const response = await edgeFor(stored).request(method === "POST" ? "/create" : "/patch", {
    method,
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as Record<string, unknown>;
  return { status: response.status, json };
}

async function createAnswer(body: unknown) {
  return send("POST", body);
}

async function refusal(method: "POST" | "PATCH", body: unknown, stored?: StoredBookingType) {
  const { status, json } = await send(method, body, stored);
  const error = json.error as { code: string; message: string } | undefined;
  return { status, code: error?.code, message: error?.message };
}

const minimal = { title: "Intro call", durations: [30] };

describe("creating a booking type: defaults", () => {
  it("fills what a partner leaves out: default duration, slots following it, public, no buffers, notice or cap", async () => {
    const { status, json } = await createAnswer(minimal);
    expect(status).toBe(200);
    expect(json).toEqual({
      slug: null,
      title: "Intro call",
      description: null,
      duration: 30,
      durations: [30],
      slotInterval: null,
      bufferBefore: 0,
      bufferAfter: 0,
      minimumNotice: 0,
      bookingWindowDays: 60,
      dailyLimit: null,
      public: true,
      allowedOrigins: null,
      questions: [],
      reminders: [1440],
      emailAttendee: true,
      emailHost: true,
    });
  });

  it("makes the first listed duration the default and keeps the durations ascending", async () => {
    const { json } = await createAnswer({ title: "Consultation", durations: [90, 60] });
    expect(json).toMatchObject({ duration: 90, durations: [60, 90] });
  });

  it("takes a duration without durations as the only length offered", async () => {
    const { json } = await createAnswer({ title: "Intro call", duration: 45 });
    expect(json).toMatchObject({ duration: 45, durations: [45] });
  });

  it("keeps every setting a partner sends", async () => {
    const body = {
      title: "Consultation",
      description: "Bring your questions.",
      slug: "consultation",
      durations: [60, 90],
      duration: 90,
      slotInterval: 15,
      bufferBefore: 10,
      bufferAfter: 5,
      minimumNotice: 120,
      bookingWindowDays: 365,
      dailyLimit: 4,
      public: false,
      allowedOrigins: ["https://clinic.example", "http://localhost:5173"],
      questions: [
        { id: "company", label: "Company", type: "text", required: true },
        { id: "topic", label: "Topic", type: "select", required: false, options: ["Design", "Engineering"] },
      ],
      reminders: [2880, 60],
      emailAttendee: false,
      emailHost: false,
    };
    expect((await createAnswer(body)).json).toEqual(body);
  });

  it("trims the title and reads a blank description as none", async () => {
    // Spaces only: a line break in a title is refused, at an end too (free-text-fields.test.ts).
    const { json } = await createAnswer({ ...minimal, title: "  Intro call  ", description: "   " });
    expect(json).toMatchObject({ title: "Intro call", description: null });
  });

  it("ignores unknown fields, ids, host and archived included", async () => {
    const { status, json } = await createAnswer({ ...minimal, id: "7", stringId: "bt-00000000", host: "marta", archived: true, colour: "red" });
    expect(status).toBe(200);
    expect(json).toEqual((await createAnswer(minimal)).json);
  });

  it("lists reminders earliest first, and takes [] as no reminders", async () => {
    expect((await createAnswer({ ...minimal, reminders: [60, 10_080, 5] })).json.reminders).toEqual([10_080, 60, 5]);
    expect((await createAnswer({ ...minimal, reminders: [] })).json.reminders).toEqual([]);
  });

  it("drops an origin listed twice", async () => {
    const { json } = await createAnswer({ ...minimal, allowedOrigins: ["https://a.example", "https://a.example"] });
    expect(json.allowedOrigins).toEqual(["https://a.example"]);
  });

  it("accepts every limit's edge values", async () => {
    const { status } = await createAnswer({
      title: "t".repeat(200),
      description: "d".repeat(5000),
      slug: "s".repeat(60),
      durations: [5, 10, 15, 20, 30, 45, 60, 90, 120, 720],
      duration: 720,
      slotInterval: 5,
      bufferBefore: 720,
      bufferAfter: 0,
      minimumNotice: 525_600,
      bookingWindowDays: 1095,
      dailyLimit: 1000,
      allowedOrigins: Array.from({ length: 50 }, (_, i) => `https://site${i}.example`),
    });
    expect(status).toBe(200);
    expect((await createAnswer({ ...minimal, bookingWindowDays: 1, dailyLimit: 1, slotInterval: 720 })).status).toBe(200);
  });
});

describe("creating a booking type: refusals name the field", () => {
  const refused: [string, Record<string, unknown> | unknown, string][] = [
    ["a body that is a list", [minimal], "must be a JSON object"],
    ["no title", { durations: [30] }, "title: is required"],
    ["a blank title", { ...minimal, title: "   " }, "title: must not be empty"],
    ["a 201-character title", { ...minimal, title: "t".repeat(201) }, "title: must be at most 200 characters"],
    ["a numeric title", { ...minimal, title: 5 }, "title: must be text"],
    ["a 5,001-character description", { ...minimal, description: "d".repeat(5001) }, "description: must be at most 5000 characters"],
    ["a numeric description", { ...minimal, description: 1 }, "description: must be text or null"],
    ["neither durations nor duration", { title: "Intro call" }, "durations: is required: the lengths a visitor may choose, in minutes, e.g. [30, 60]"],
    ["durations that aren't a list", { ...minimal, durations: 30 }, "durations: must be a list of minutes, e.g. [30, 60]"],
    ["no durations", { ...minimal, durations: [] }, "durations: must list at least one duration"],
    ["11 durations", { ...minimal, durations: [5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55] }, "durations: must list at most 10 durations"],
    ["a 4-minute duration", { ...minimal, durations: [30, 4] }, "durations.1: must be a whole number of minutes from 5 to 720"],
    ["a 721-minute duration", { ...minimal, durations: [721] }, "durations.0: must be a whole number of minutes from 5 to 720"],
    ["a fractional duration", { ...minimal, durations: [30.5] }, "durations.0: must be a whole number of minutes from 5 to 720"],
    ["a duration as text", { ...minimal, durations: ["30"] }, "durations.0: must be a whole number of minutes from 5 to 720"],
    ["a duration listed twice", { ...minimal, durations: [30, 60, 30] }, "durations.2: lists 30 twice"],
    ["a default the durations don't offer", { ...minimal, durations: [30, 60], duration: 45 }, "duration: must be one of durations (30, 60)"],
    ["a 4-minute default", { ...minimal, duration: 4 }, "duration: must be a whole number of minutes from 5 to 720"],
    ["a 4-minute slot interval", { ...minimal, slotInterval: 4 }, "slotInterval: must be a whole number of minutes from 5 to 720"],
    ["a 721-minute slot interval", { ...minimal, slotInterval: 721 }, "slotInterval: must be a whole number of minutes from 5 to 720"],
    ["a null slot interval", { ...minimal, slotInterval: null }, "slotInterval: must be a whole number of minutes from 5 to 720"],
    ["a negative buffer before", { ...minimal, bufferBefore: -1 }, "bufferBefore: must be a whole number of minutes from 0 to 720"],
    ["a 721-minute buffer after", { ...minimal, bufferAfter: 721 }, "bufferAfter: must be a whole number of minutes from 0 to 720"],
    ["a negative minimum notice", { ...minimal, minimumNotice: -1 }, "minimumNotice: must be a whole number of minutes from 0 to 525600"],
    ["a minimum notice over a year", { ...minimal, minimumNotice: 525_601 }, "minimumNotice: must be a whole number of minutes from 0 to 525600"],
    ["a booking window of 0 days", { ...minimal, bookingWindowDays: 0 }, "bookingWindowDays: must be a whole number of days from 1 to 1095"],
    ["a booking window of 1,096 days", { ...minimal, bookingWindowDays: 1096 }, "bookingWindowDays: must be a whole number of days from 1 to 1095"],
    ["a booking window of 1.5 days", { ...minimal, bookingWindowDays: 1.5 }, "bookingWindowDays: must be a whole number of days from 1 to 1095"],
    ["a daily limit of 0", { ...minimal, dailyLimit: 0 }, "dailyLimit: must be null or a whole number from 1 to 1000"],
    ["a daily limit of 1,001", { ...minimal, dailyLimit: 1001 }, "dailyLimit: must be null or a whole number from 1 to 1000"],
    ["a daily limit as text", { ...minimal, dailyLimit: "5" }, "dailyLimit: must be null or a whole number from 1 to 1000"],
    ["public as text", { ...minimal, public: "yes" }, "public: must be true or false"],
    ["reminders that aren't a list", { ...minimal, reminders: 60 }, "reminders: must be a list of minutes before the start, e.g. [1440, 60]"],
    ["4 reminders", { ...minimal, reminders: [5, 10, 15, 20] }, "reminders: must list at most 3 reminders"],
    ["a reminder 4 minutes before", { ...minimal, reminders: [1440, 4] }, "reminders.1: must be a whole number of minutes from 5 to 10080"],
    ["a reminder 10,081 minutes before", { ...minimal, reminders: [10_081] }, "reminders.0: must be a whole number of minutes from 5 to 10080"],
    ["a fractional reminder", { ...minimal, reminders: [60.5] }, "reminders.0: must be a whole number of minutes from 5 to 10080"],
    ["a reminder listed twice", { ...minimal, reminders: [60, 60] }, "reminders.1: lists 60 twice"],
    ["emailAttendee as text", { ...minimal, emailAttendee: "true" }, "emailAttendee: must be true or false"],
    ["emailHost as a number", { ...minimal, emailHost: 1 }, "emailHost: must be true or false"],
    ["emailHost as null", { ...minimal, emailHost: null }, "emailHost: must be true or false"],
    [
      "one origin instead of a list",
      { ...minimal, allowedOrigins: "https://example.com" },
      'allowedOrigins: must be null or a list of origins like ["https://example.com"]',
    ],
    [
      "51 origins",
      { ...minimal, allowedOrigins: Array.from({ length: 51 }, (_, i) => `https://site${i}.example`) },
      "allowedOrigins: must list at most 50 origins",
    ],
    [
      "an origin with a trailing slash",
      { ...minimal, allowedOrigins: ["https://a.example", "https://b.example/"] },
      'allowedOrigins.1: must be written as browsers send it: "https://b.example"',
    ],
    ["an all-digit slug", { ...minimal, slug: "123" }, "slug: must not be all digits (that reads as a numeric id)"],
    ["a slug starting with bt-", { ...minimal, slug: "bt-x" }, 'slug: must not start with "bt-" (that reads as a string id)'],
    ["a slug with capitals", { ...minimal, slug: "Intro" }, "slug: must be 1–60 characters of a-z, 0-9 and -"],
    ["an empty slug", { ...minimal, slug: "" }, "slug: must be 1–60 characters of a-z, 0-9 and -"],
    ["a 61-character slug", { ...minimal, slug: "s".repeat(61) }, "slug: must be 1–60 characters of a-z, 0-9 and -"],
    ["a slug with a space", { ...minimal, slug: "intro call" }, "slug: must be 1–60 characters of a-z, 0-9 and -"],
    ["a numeric slug", { ...minimal, slug: 7 }, "slug: must be text: 1–60 characters of a-z, 0-9 and -, or null"],
  ];

  it.each(refused)("answers 400 INVALID_REQUEST to %s", async (_label, body, message) => {
    expect(await refusal("POST", body)).toEqual({ status: 400, code: "INVALID_REQUEST", message });
  });

  it("answers 400 to a body-sized list of durations, naming the count", async () => {
    // ~12,000 numbers fit in 64 KiB; the repeat check runs on them too, so it must be one pass.
    const durations = Array.from({ length: 12_000 }, (_, i) => 5 + (i % 700));
    expect(await refusal("POST", { ...minimal, durations })).toEqual({
      status: 400,
      code: "INVALID_REQUEST",
      message: "durations: must list at most 10 durations",
    });
  });
});

describe("allowed origins", () => {
  it.each([
    "https://example.com",
    "https://shop.example.co.uk:8443",
    "https://192.0.2.10",
    "https://localhost",
    "http://localhost:5173",
    "http://127.0.0.1:8787",
    "http://[::1]:3000",
    "https://xn--r8jz45g.jp",
  ])("accepts %s", (origin) => {
    expect(originProblem(origin)).toBeNull();
  });

  it.each([
    ["https://example.com/", 'must be written as browsers send it: "https://example.com"'],
    ["https://example.com/book", 'must be written as browsers send it: "https://example.com"'],
    ["https://Example.COM", 'must be written as browsers send it: "https://example.com"'],
    ["https://example.com:443", 'must be written as browsers send it: "https://example.com"'],
    ["https://user@example.com", 'must be written as browsers send it: "https://example.com"'],
    ["https://example.com?x=1", 'must be written as browsers send it: "https://example.com"'],
    ["https://例え.jp", 'must be written as browsers send it: "https://xn--r8jz45g.jp"'],
    ["http://example.com", "must use https:// (http:// only for localhost, 127.0.0.1 and [::1])"],
    ["http://192.168.1.10:8080", "must use https:// (http:// only for localhost, 127.0.0.1 and [::1])"],
    [
      "https://*.example.com",
      "must be an origin like https://example.com: scheme, host and optional port, no path; wildcards are not supported, list each origin",
    ],
    ["example.com", "must be an origin like https://example.com: scheme, host and optional port, no path"],
    ["ftp://example.com", "must be an origin like https://example.com: scheme, host and optional port, no path"],
    ["null", "must be an origin like https://example.com: scheme, host and optional port, no path"],
    ["", "must be an origin like https://example.com: scheme, host and optional port, no path"],
  ])("refuses %s: %s", (origin, message) => {
    expect(originProblem(origin)).toBe(message);
  });

  it("refuses an origin longer than any real one before parsing it", async () => {
    const origin = `https://${"a".repeat(300)}.example`;
    expect(await refusal("POST", { ...minimal, allowedOrigins: [origin] })).toMatchObject({
      status: 400,
      message: "allowedOrigins.0: must be an origin like https://example.com",
    });
  });

  it("accepts an empty list (only hosted pages and token calls may book) and null (any site)", async () => {
    expect((await createAnswer({ ...minimal, allowedOrigins: [] })).json.allowedOrigins).toEqual([]);
    expect((await createAnswer({ ...minimal, allowedOrigins: null })).json.allowedOrigins).toBeNull();
  });
});

describe("changing a booking type (PATCH merged with the stored type)", () => {
  const stored = storedType();
  const storedColumns: BookingTypeColumns = {
    slug: stored.slug,
    title: stored.title,
    description: stored.description,
    durationMinutes: stored.durationMinutes,
    durationOptions: stored.durationOptions,
    slotIntervalMinutes: stored.slotIntervalMinutes,
    bufferBeforeMinutes: stored.bufferBeforeMinutes,
    bufferAfterMinutes: stored.bufferAfterMinutes,
    minimumNoticeMinutes: stored.minimumNoticeMinutes,
    bookingWindowDays: stored.bookingWindowDays,
    dailyCap: stored.dailyCap,
    isPublic: stored.isPublic,
    allowedOrigins: stored.allowedOrigins,
    questions: stored.questions,
    reminders: stored.reminders,
    emailAttendee: stored.emailAttendee,
    emailHost: stored.emailHost,
  };

  it("leaves everything as it was for an empty PATCH", async () => {
    expect(await send("PATCH", {})).toEqual({ status: 200, json: storedColumns });
  });

  it("changes only the fields sent", async () => {
    const { json } = await send("PATCH", { title: "First call", bufferAfter: 10, public: false });
    expect(json).toEqual({ ...storedColumns, title: "First call", bufferAfterMinutes: 10, isPublic: false });
  });

  it("changes reminders and turns e-mail off, false being a change and not an absence", async () => {
    const { json } = await send("PATCH", { reminders: [30, 2880], emailAttendee: false, emailHost: false });
    expect(json).toEqual({ ...storedColumns, reminders: [2880, 30], emailAttendee: false, emailHost: false });
    const off = storedType({ reminders: [], emailAttendee: false });
    expect((await send("PATCH", { title: "Renamed" }, off)).json).toMatchObject({ reminders: [], emailAttendee: false, emailHost: true });
  });

  it("clears slug, description, daily limit and allowed origins with null", async () => {
    const withAll = storedType({ description: "Hello", dailyCap: 3, allowedOrigins: ["https://a.example"] });
    const { json } = await send("PATCH", { slug: null, description: null, dailyLimit: null, allowedOrigins: null }, withAll);
    expect(json).toMatchObject({ slug: null, description: null, dailyCap: null, allowedOrigins: null });
  });

  it("answers 400 naming duration when new durations leave out the stored default", async () => {
    expect(await refusal("PATCH", { durations: [45, 60] })).toEqual({
      status: 400,
      code: "INVALID_REQUEST",
      message: "duration: must be one of durations (45, 60); the current default 30 is not, so send a new duration with them",
    });
  });

  it("accepts new durations together with a new default among them", async () => {
    const { status, json } = await send("PATCH", { durations: [60, 45], duration: 45 });
    expect(status).toBe(200);
    expect(json).toMatchObject({ durationMinutes: 45, durationOptions: [45, 60] });
  });

  it("answers 400 naming duration for a default the stored durations don't offer", async () => {
    expect(await refusal("PATCH", { duration: 90 })).toEqual({ status: 400, code: "INVALID_REQUEST", message: "duration: must be one of durations (30, 60)" });
  });

  it("accepts a new default among the stored durations, and the slots keep following it", async () => {
    const { json } = await send("PATCH", { duration: 60 });
    expect(json).toMatchObject({ durationMinutes: 60, durationOptions: [30, 60], slotIntervalMinutes: null });
  });

  it.each([
    ["a blank title", { title: "" }, "title: must not be empty"],
    ["a duration listed twice", { durations: [30, 30] }, "durations.1: lists 30 twice"],
    ["a slug starting with bt-", { slug: "bt-x" }, 'slug: must not start with "bt-" (that reads as a string id)'],
    ["an all-digit slug", { slug: "123" }, "slug: must not be all digits (that reads as a numeric id)"],
    [
      "a plain-http origin",
      { allowedOrigins: ["http://example.com"] },
      "allowedOrigins.0: must use https:// (http:// only for localhost, 127.0.0.1 and [::1])",
    ],
    ["a daily limit of 0", { dailyLimit: 0 }, "dailyLimit: must be null or a whole number from 1 to 1000"],
    ["a null title", { title: null }, "title: must be text"],
    ["a null slot interval", { slotInterval: null }, "slotInterval: must be a whole number of minutes from 5 to 720"],
  ])("judges each field by its create rule: 400 for %s", async (_label, body, message) => {
    expect(await refusal("PATCH", body)).toEqual({ status: 400, code: "INVALID_REQUEST", message });
  });

  it("ignores ids, host, archived and createdAt, so what GET answered can be sent back changed", async () => {
    const explicit = storedType({ slotIntervalMinutes: 15 });
    const echoed = { ...bookingTypeResource(explicit), title: "First call", id: "99", stringId: "bt-zzzzzzzz", host: "marta", archived: true };
    const { status, json } = await send("PATCH", echoed, explicit);
    expect(status).toBe(200);
    expect(json).toEqual({ ...storedColumns, slotIntervalMinutes: 15, title: "First call" });
  });

  it("doesn't re-judge stored settings the partner didn't touch", () => {
    // A type written by SQL before today's limits (a two-minute slot grid) can still be renamed.
    const legacy = storedType({ slotIntervalMinutes: 2, bookingWindowDays: 5000 });
    expect(mergeBookingTypePatch(legacy, { title: "Renamed" })).toMatchObject({
      ok: true,
      value: { title: "Renamed", slotIntervalMinutes: 2, bookingWindowDays: 5000 },
    });
  });

  it("answers the failure as a value naming the field", () => {
    expect(mergeBookingTypePatch(stored, { durations: [90] })).toEqual({
      ok: false,
      issue: { path: "duration", message: "must be one of durations (90); the current default 30 is not, so send a new duration with them" },
    });
  });
});

describe("column values of a new type", () => {
  it("writes a validated create body as the booking_types columns", async () => {
    const settings = createBookingTypeBody.parse({ title: "Consultation", slug: "consultation", durations: [90, 60], duration: 60, dailyLimit: 2 });
    expect(bookingTypeColumns(settings)).toEqual({
      slug: "consultation",
      title: "Consultation",
      description: null,
      durationMinutes: 60,
      durationOptions: [60, 90],
      slotIntervalMinutes: null,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
      minimumNoticeMinutes: 0,
      bookingWindowDays: 60,
      dailyCap: 2,
      isPublic: true,
      allowedOrigins: null,
      questions: [],
      reminders: [1440],
      emailAttendee: true,
      emailHost: true,
    });
  });
});

describe("the public shape of a booking type", () => {
  it("answers every field of the contract, in its order, in minutes", () => {
    const resource = bookingTypeResource(
      storedType({
        description: "Say hello.",
        slotIntervalMinutes: 15,
        bufferBeforeMinutes: 5,
        bufferAfterMinutes: 10,
        dailyCap: 6,
        allowedOrigins: ["https://a.example"],
      }),
    );
    expect(Object.keys(resource)).toEqual([
      "id",
      "stringId",
      "slug",
      "host",
      "title",
      "description",
      "duration",
      "durations",
      "slotInterval",
      "bufferBefore",
      "bufferAfter",
      "minimumNotice",
      "bookingWindowDays",
      "dailyLimit",
      "public",
      "allowedOrigins",
      "questions",
      "reminders",
      "emailAttendee",
      "emailHost",
      "archived",
      "createdAt",
    ]);
    expect(resource).toEqual({
      id: "2",
      stringId: "bt-1a2b3c4d",
      slug: "intro",
      host: "hepuloujun",
      title: "Intro call",
      description: "Say hello.",
      duration: 30,
      durations: [30, 60],
      slotInterval: 15,
      bufferBefore: 5,
      bufferAfter: 10,
      minimumNotice: 120,
      bookingWindowDays: 365,
      dailyLimit: 6,
      public: true,
      allowedOrigins: ["https://a.example"],
      questions: [],
      reminders: [1440],
      emailAttendee: true,
      emailHost: true,
      archived: false,
      createdAt: "2026-04-21T09:00:00Z",
    });
  });

  it("reports an unset slot interval as the default duration", () => {
    expect(bookingTypeResource(storedType({ durationMinutes: 60, durationOptions: [30, 60], slotIntervalMinutes: null })).slotInterval).toBe(60);
  });

  it("lists the durations ascending with the default, even when the row lists only the others", () => {
    // The seed's consultation: 60 minutes by default, options written as [90] by older SQL.
    expect(bookingTypeResource(storedType({ durationMinutes: 60, durationOptions: [90] })).durations).toEqual([60, 90]);
  });

  it("writes createdAt to the second and says archived once archivedAt is set", () => {
    const resource = bookingTypeResource(storedType({ createdAt: Date.UTC(2026, 3, 21, 9, 0, 0) + 987, archivedAt: Date.UTC(2026, 4, 1) }));
    expect(resource).toMatchObject({ createdAt: "2026-04-21T09:00:00Z", archived: true });
  });

  it("answers a slug-less, private type with null slug and public false", () => {
    expect(bookingTypeResource(storedType({ slug: null, isPublic: false }))).toMatchObject({ slug: null, public: false });
  });
});

describe("string ids and references", () => {
  it('makes string ids of "bt-" and 8 of a-z 0-9, each new, that read back as string ids', () => {
    const ids = Array.from({ length: 2000 }, () => newBookingTypePublicId());
    for (const id of ids) {
      expect(id).toMatch(/^bt-[0-9a-z]{8}$/);
      expect(parseTypeRef(id)).toEqual({ kind: "publicId", publicId: id });
    }
    expect(new Set(ids).size).toBe(ids.length);
    // 16,000 characters: every one of the 36 turns up (each about 444 times) unless some can't.
    expect(new Set(ids.join("").replaceAll("bt-", "")).size).toBe(36);
  });

  it.each([
    ["2", { kind: "id", id: 2 }],
    ["9999999999", { kind: "id", id: 9_999_999_999 }],
    ["bt-63bb1a53", { kind: "publicId", publicId: "bt-63bb1a53" }],
    ["bt-bench000", { kind: "publicId", publicId: "bt-bench000" }],
    ["intro", { kind: "slug", slug: "intro" }],
    ["2nd-call", { kind: "slug", slug: "2nd-call" }],
    ["bt", { kind: "slug", slug: "bt" }],
    ["-1", { kind: "slug", slug: "-1" }],
  ])("reads %s as %o", (text, ref) => {
    expect(parseTypeRef(text)).toEqual(ref);
  });

  it.each([
    "",
    "0",
    "02",
    "1.5",
    "99999999999",
    "bt-",
    "bt-x",
    "bt-63bb1a5",
    "BT-63BB1A53",
    "bt-63bb1a53 ",
    "Intro",
    "in tro",
    "s".repeat(61),
    "2; DROP TABLE bookings",
  ])("reads %j as no reference at all", (text) => {
    expect(parseTypeRef(text)).toBeNull();
  });

  it("reads a JSON number as a numeric id and refuses what can't be a reference", () => {
    expect(typeRefParam.parse(2)).toEqual({ kind: "id", id: 2 });
    expect(typeRefParam.parse("intro")).toEqual({ kind: "slug", slug: "intro" });
    const failure = typeRefParam.safeParse("Intro");
    expect(failure.success).toBe(false);
    expect(failure.error?.issues[0]?.message).toBe('must be a numeric id like "2", a string id like "bt-63bb1a53" or a slug like "intro"');
  });
});
