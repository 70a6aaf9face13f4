/**
 * The widget's first load through its real API client against a fake `fetch` that records what is
 * asked and holds every answer until the test releases it: an embed pays one round trip before its
 * first slot (issue 21), because the booking type and the first month are asked for together, and
 * either failing still ends on the screen it always did.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { BookingTypeDetails } from "../worker/domain/contract";
import { bookingApi } from "./api";
import { withFirstRequests } from "./first-requests";
import { type AttributeName, createBookingModel } from "./model";

const TYPE: BookingTypeDetails = {
  id: "2",
  stringId: "bt-1a2b3c4d",
  title: "Intro call",
  duration: 30,
  durations: [30, 60],
  host: { username: "hepuloujun", name: "Jun Hepulou", timeZone: "Europe/London" },
};

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
 * `early: false` for an element made by script, whose attributes come after its constructor.
 */
function firstLoad(attributes: Partial<Record<AttributeName, string>> = {}, { early = true } = {}) {
  const { calls, fetcher } = heldFetch();
  const events: Event[] = [];
  const all: Partial<Record<string, string>> = { username: "hepuloujun", "booking-type": "2", ...attributes };
  const element = { getAttribute: (name: string) => (early ? (all[name] ?? null) : null) };
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

beforeEach(() => {
  vi.useFakeTimers({ now: new Date("2026-12-06T12:00:00Z") });
  vi.stubGlobal("navigator", { language: "en-GB" });
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
    expect(Object.fromEntries(month)).toEqual({
      username: "hepuloujun",
      slug: "2",
      startDate: "2026-12-01",
      endDate: "2026-12-31",
      timezone: "Pacific/Auckland",
    });
    expect(month.has("duration"), "the API uses the type's default length, so the first month need not wait for it").toBe(false);
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
      expect(monthCalls().filter((call) => call.query.get("startDate") === "2026-12-01")).toHaveLength(1);
      expect(events).toEqual([]);
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
