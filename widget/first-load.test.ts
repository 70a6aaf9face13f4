/**
 * The widget's first load through its real API client against a fake `fetch` that records what is
 * asked and holds every answer until the test releases it: an embed pays one round trip before its
 * first slot (issue 21), because the booking type and the first month are asked for together, and
 * either failing still ends on the screen it always did. On a hosted page, whose element holds
 * both answers (page-data.ts), none of it leaves unless the visitor's month reaches past them.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { bookingApi } from "./api";
import { withFirstRequests } from "./first-requests";
import { loadBookingSteps } from "./lazy-steps";
import { type AttributeName, createBookingModel } from "./model";
import type { FirstLoad } from "./page-data";
import { INTRO_CALL as TYPE } from "./test/booking-type";

const lateMorning = { start: "2026-12-07T11:30:00Z", end: "2026-12-07T12:00:00Z" };

interface HeldCall {
  path: string;
  query: URLSearchParams;
  answer: (status: number, body: unknown) => void;
}

/** A `fetch` that answers nothing until told: `calls` in the order they were made. */
function heldFetch() {
  const calls: HeldCall[] = [];
  const fetcher = (input: RequestInfo | URL) =>
    new Promise<Response>((resolve) => {
      const url = new URL(String(input));
      calls.push({ path: url.pathname, query: url.searchParams, answer: (status, body) => resolve(Response.json(body, { status })) });
    });
  return { calls, fetcher: fetcher as typeof fetch };
}

/**
 * An element upgraded with these attributes, as define.ts makes it: its first requests started from
 * them, then its model built, each attribute set (as the browser does) and the element connected.
 * `early: false` for an element made by script, whose attributes come after its constructor;
 * `page`: the first load a hosted page put inside the element.
 */
function firstLoad(attributes: Partial<Record<AttributeName, string>> = {}, { early = true, page }: { early?: boolean; page?: FirstLoad } = {}) {
  const { calls, fetcher } = heldFetch();
  const events: Event[] = [];
  const all: Partial<Record<string, string>> = { username: "hepuloujun", "booking-type": "2", ...attributes };
  const element = {
    getAttribute: (name: string) => (early ? (all[name] ?? null) : null),
    querySelector: () => (page ? ({ textContent: JSON.stringify(page) } as Element) : null),
  };
  const api = withFirstRequests(bookingApi("https://bookora.test", fetcher), element);
  const askedBeforeModel = calls.map((call) => call.path);
  const model = createBookingModel(api, (event) => events.push(event));
  for (const [name, value] of Object.entries(all)) model.setAttribute(name as AttributeName, value ?? null);
  model.start();
  const pending = (path: string) => calls.filter((call) => call.path === path);
  return { model, events, calls, askedBeforeModel, typeCall: () => pending("/api/booking-types")[0]!, monthCalls: () => pending("/api/availability") };
}

const settle = () => vi.advanceTimersByTimeAsync(0);
const serverError = { error: { code: "INTERNAL", message: "Something went wrong on our side." } };
const notFound = { error: { code: "NOT_FOUND", message: "Booking type not found." } };

// The retry policy comes with the later steps' chunk after a first failure (retry-after-failure.ts):
// in before the fake clock starts, as it is in a browser by then.
beforeAll(() => loadBookingSteps());

beforeEach(() => {
  vi.useFakeTimers({ now: new Date("2026-12-06T12:00:00Z") });
  vi.stubGlobal("navigator", { language: "en-GB", languages: ["en-GB"] });
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe("the widget's first load", () => {
  it("asks for the booking type and the first month together, before either answers and before the model exists", () => {
    const { calls, askedBeforeModel } = firstLoad({ "time-zone": "Pacific/Auckland" });
    expect(askedBeforeModel).toEqual(["/api/booking-types", "/api/availability"]);
    // Nothing has answered and no timer has run, and the model, built since, asked nothing more.
    expect(calls.map((call) => call.path)).toEqual(["/api/booking-types", "/api/availability"]);
    const month = calls[1]!.query;
    expect(Object.fromEntries(month), "the UTC month with a day either side: no zone needed to ask").toEqual({
      username: "hepuloujun",
      slug: "2",
      startDate: "2026-11-30",
      endDate: "2027-01-01",
      timezone: "UTC",
    });
    expect(month.has("duration"), "the API uses the type's default length, so the first month need not wait for it").toBe(false);
  });

  it("shows the visitor's own month cut from the UTC one, with no second request for it", async () => {
    // In Auckland, 1 December starts at 11:00 UTC on 30 November; 31 December's last slot is on 31 December UTC.
    const aucklandsFirst = { start: "2026-11-30T20:00:00Z", end: "2026-11-30T20:30:00Z" };
    const beforeAucklandsDecember = { start: "2026-11-30T10:00:00Z", end: "2026-11-30T10:30:00Z" };
    const aucklandsJanuary = { start: "2026-12-31T12:00:00Z", end: "2026-12-31T12:30:00Z" };
    const { model, typeCall, monthCalls } = firstLoad({ "time-zone": "Pacific/Auckland" });
    typeCall().answer(200, TYPE);
    monthCalls()[0]!.answer(200, { slots: [beforeAucklandsDecember, aucklandsFirst, lateMorning, aucklandsJanuary] });
    await settle();
    expect(model.selectedDay.value).toBe("2026-12-01");
    expect(model.daySlots.value).toEqual([aucklandsFirst]);
    expect(model.visibleSlots.value).toMatchObject({ state: "ready" });
    // Only the next month, in the background, in the visitor's zone.
    expect(
      monthCalls()
        .slice(1)
        .map((call) => [call.query.get("startDate"), call.query.get("timezone")]),
    ).toEqual([["2027-01-01", "Pacific/Auckland"]]);
  });

  it("asks for the visitor's month itself when it is past the UTC one (already January in Tokyo)", async () => {
    vi.setSystemTime(new Date("2026-12-31T20:00:00Z"));
    const { model, typeCall, monthCalls } = firstLoad({ "time-zone": "Asia/Tokyo" });
    typeCall().answer(200, TYPE);
    monthCalls()[0]!.answer(200, { slots: [] });
    await settle();
    expect(monthCalls().map((call) => [call.query.get("startDate"), call.query.get("timezone")])).toEqual([
      ["2026-11-30", "UTC"],
      ["2027-01-01", "Asia/Tokyo"],
    ]);
    monthCalls()[1]!.answer(200, { slots: [chicagosLast] });
    await settle();
    expect(model.daySlots.value).toEqual([chicagosLast]);
  });

  it("asks for both together too when the element was made by script (its model asks once connected)", async () => {
    const { model, calls, askedBeforeModel, typeCall, monthCalls } = firstLoad({ "time-zone": "Europe/London" }, { early: false });
    expect(askedBeforeModel).toEqual([]);
    expect(calls.map((call) => call.path)).toEqual(["/api/booking-types", "/api/availability"]);
    expect(monthCalls()[0]!.query.has("duration")).toBe(false);
    typeCall().answer(200, TYPE);
    monthCalls()[0]!.answer(200, { slots: [lateMorning] });
    await settle();
    expect(model.daySlots.value).toEqual([lateMorning]);
    expect(calls).toHaveLength(3); // and the next month, in the background
  });

  it("asks the first month for the length the duration attribute names", () => {
    const { monthCalls } = firstLoad({ duration: "60" });
    expect(monthCalls()[0]!.query.get("duration")).toBe("60");
  });

  it("shows the first free time once both are in, whichever answers first, and asks the month only once", async () => {
    for (const typeFirst of [true, false]) {
      const { model, typeCall, monthCalls, events } = firstLoad({ "time-zone": "Europe/London" });
      const answers = [() => typeCall().answer(200, TYPE), () => monthCalls()[0]!.answer(200, { slots: [lateMorning] })];
      for (const answer of typeFirst ? answers : answers.reverse()) {
        answer();
        await settle();
      }
      expect(model.duration.value).toBe(30);
      expect(model.selectedDay.value).toBe("2026-12-07");
      expect(model.daySlots.value).toEqual([lateMorning]);
      expect(monthCalls().filter((call) => call.query.get("startDate")! < "2026-12-02")).toHaveLength(1);
      // No failure to report; the page hears that the widget is ready once, with what it shows.
      expect(events.map((event) => [event.type, (event as CustomEvent).detail])).toEqual([
        ["bookora:ready", { bookingType: TYPE.stringId, host: TYPE.host.username, timeZone: "Europe/London", locale: model.locale.value }],
      ]);
    }
  });

  it("asks again for a length the type turns out not to offer, with the type's default", async () => {
    const { model, typeCall, monthCalls } = firstLoad({ duration: "45" });
    typeCall().answer(200, TYPE);
    await settle();
    expect(monthCalls().map((call) => call.query.get("duration"))).toEqual(["45", null]);
    expect(model.duration.value).toBe(30);
  });

  it("shows the setup failure with Try again when the type fails while the month answers", async () => {
    const { model, typeCall, monthCalls, events } = firstLoad();
    monthCalls()[0]!.answer(200, { slots: [lateMorning] });
    await settle();
    typeCall().answer(500, serverError);
    await settle();
    expect(model.setup.value).toMatchObject({ state: "failed", canRetry: true });
    expect(model.alert.value).toBe("Something went wrong on our side.");
    expect(events.map((event) => event.type)).toEqual(["bookora:error"]);
  });

  it("says the page is not available, once, when the type and its month are both not found", async () => {
    const { model, typeCall, monthCalls, events } = firstLoad();
    monthCalls()[0]!.answer(404, notFound);
    typeCall().answer(404, notFound);
    await settle();
    expect(model.setup.value).toMatchObject({ state: "failed", canRetry: false });
    expect(model.alert.value).toBe("This booking page is not available.");
    expect(events.map((event) => event.type)).toEqual(["bookora:error"]);
  });

  it("shows the month's failure, announced once, when the month fails while the type answers", async () => {
    for (const typeFirst of [true, false]) {
      const { model, typeCall, monthCalls, events } = firstLoad();
      const answers = [() => typeCall().answer(200, TYPE), () => monthCalls()[0]!.answer(500, serverError)];
      for (const answer of typeFirst ? answers : answers.reverse()) {
        answer();
        await settle();
      }
      expect(model.setup.value.state).toBe("ready");
      expect(model.visibleSlots.value.state).toBe("failed");
      expect(model.alert.value).toBe("Something went wrong on our side.");
      expect(
        events.map((event) => event.type),
        typeFirst ? "type first" : "month first",
      ).toEqual(["bookora:error"]);
      expect(monthCalls(), "a failed month is asked again only when the visitor asks").toHaveLength(1);
    }
  });

  it("retries both while the network is down, each on its own, and shows the times once it is back", async () => {
    const { model, typeCall, monthCalls, calls } = firstLoad({ "time-zone": "Europe/London" });
    const offline = (call: HeldCall) => call.answer(503, { error: { code: "INTERNAL", message: "Unavailable." } });
    offline(typeCall());
    offline(monthCalls()[0]!);
    await vi.advanceTimersByTimeAsync(2_000); // the first backoff is at most 600 ms
    // Each waits its own jittered backoff, so either may go first.
    const retried = calls.slice(2);
    expect(retried.map((call) => call.path).sort()).toEqual(["/api/availability", "/api/booking-types"]);
    for (const call of retried) call.answer(200, call.path === "/api/booking-types" ? TYPE : { slots: [lateMorning] });
    await settle();
    expect(model.setup.value.state).toBe("ready");
    expect(model.daySlots.value).toEqual([lateMorning]);
  });
});

/** In Chicago, 14:00 on 30 November: already 1 December in Tokyo. */
const tokyosFirst = { start: "2026-11-30T20:00:00Z", end: "2026-11-30T20:30:00Z" };
/** In Chicago, 21:00 on 31 December: already 1 January in London. */
const chicagosLast = { start: "2027-01-01T03:00:00Z", end: "2027-01-01T03:30:00Z" };

/** What the hosted page holds when computed for Chicago in December: the month with a day either side. */
const CHICAGO_DECEMBER: FirstLoad = {
  username: "hepuloujun",
  bookingType: "2",
  type: TYPE,
  range: { from: "2026-11-30T06:00:00Z", to: "2027-01-02T06:00:00Z" },
  availability: { slots: [tokyosFirst, lateMorning, chicagosLast] },
};

describe("the widget's first load on a hosted page", () => {
  it("shows the first free time without a request when the visitor is in the page's zone", async () => {
    const { model, calls, askedBeforeModel } = firstLoad({ "time-zone": "America/Chicago" }, { page: CHICAGO_DECEMBER });
    expect(askedBeforeModel).toEqual([]);
    await settle();
    expect(model.duration.value).toBe(30);
    expect(model.selectedDay.value).toBe("2026-12-07");
    expect(model.daySlots.value).toEqual([lateMorning]);
    // Only the next month, in the background, after the first free time is on screen.
    expect(calls.map((call) => [call.path, call.query.get("startDate")])).toEqual([["/api/availability", "2027-01-01"]]);
  });

  it("shows the visitor's own month, cut from the page's, when their zone differs but their month is the same", async () => {
    const { model, calls, askedBeforeModel } = firstLoad({ "time-zone": "Asia/Tokyo" }, { page: CHICAGO_DECEMBER });
    expect(askedBeforeModel).toEqual([]);
    await settle();
    expect(model.selectedDay.value, "Chicago's 30 November afternoon is Tokyo's 1 December").toBe("2026-12-01");
    expect(model.daySlots.value).toEqual([tokyosFirst]);
    expect(calls.map((call) => [call.path, call.query.get("startDate")])).toEqual([["/api/availability", "2027-01-01"]]);
  });

  it("asks only for the month when the visitor's month is not the page's (already January in Tokyo)", async () => {
    vi.setSystemTime(new Date("2026-12-31T23:30:00Z")); // 17:30 on 31 December in Chicago
    const { model, calls, monthCalls } = firstLoad({ "time-zone": "Asia/Tokyo" }, { page: CHICAGO_DECEMBER });
    await settle();
    expect(calls.map((call) => call.path)).toEqual(["/api/availability"]);
    expect(monthCalls()[0]!.query.get("startDate")).toBe("2027-01-01");
    monthCalls()[0]!.answer(200, { slots: [chicagosLast] });
    await settle();
    expect(model.duration.value, "the type came from the page").toBe(30);
    expect(model.daySlots.value).toEqual([chicagosLast]);
  });

  it("asks only for the month when the duration attribute names a length the page did not compute", async () => {
    const { calls, monthCalls } = firstLoad({ "time-zone": "America/Chicago", duration: "60" }, { page: CHICAGO_DECEMBER });
    await settle();
    expect(calls.map((call) => call.path)).toEqual(["/api/availability"]);
    expect(monthCalls()[0]!.query.get("duration")).toBe("60");
  });

  it("asks for both when the block is another type's", () => {
    const { askedBeforeModel } = firstLoad({ "time-zone": "America/Chicago" }, { page: { ...CHICAGO_DECEMBER, bookingType: "3" } });
    expect(askedBeforeModel).toEqual(["/api/booking-types", "/api/availability"]);
  });

  it("asks for both, and shows the times they answer, when the block lacks what the widget reads (a page of another version)", async () => {
    const { type: _type, range: _range, ...partial } = CHICAGO_DECEMBER;
    const { model, askedBeforeModel, typeCall, monthCalls } = firstLoad({ "time-zone": "America/Chicago" }, { page: partial as FirstLoad });
    expect(askedBeforeModel).toEqual(["/api/booking-types", "/api/availability"]);
    typeCall().answer(200, TYPE);
    monthCalls()[0]!.answer(200, { slots: [lateMorning] });
    await settle();
    expect(model.daySlots.value).toEqual([lateMorning]);
  });
});
