import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { AvailabilityResponse, BookingTypeDetails, CreateBookingBody, CreateBookingResponse, Slot } from "../worker/domain/contract";
import { en } from "../worker/locales/en/widget";
import type { ApiCall, ApiResult, AvailabilityQuery } from "./api";
import { editField } from "./attempt-actions";
import { confirmAttempt } from "./booking-submission";
import { loadBookingSteps } from "./lazy-steps";
import { type AttributeName, createBookingModel } from "./model";
import { INTRO_CALL as TYPE } from "./test/booking-type";
import { dayInZone } from "./zoned-format";

/**
 * The Booking API as the widget sees it, answering from a list of free slots the way the server
 * does (the slots whose start falls on the asked days in the asked zone). `held` answers wait
 * until released, to order answers as a slow network would.
 */
function fakeApi(free: Slot[], typeAnswers: ApiResult<BookingTypeDetails>[]) {
  const availabilityCalls: AvailabilityQuery[] = [];
  const bookingCalls: { body: CreateBookingBody; key: string }[] = [];
  const createAnswers: ApiResult<CreateBookingResponse>[] = [];
  let hold = false;
  const held: (() => void)[] = [];
  const api = {
    bookingType: async (): Promise<ApiResult<BookingTypeDetails>> => typeAnswers.shift() ?? { ok: true, value: TYPE },
    availability: (query: AvailabilityQuery): Promise<ApiResult<AvailabilityResponse>> => {
      availabilityCalls.push(query);
      const slots = free.filter((slot) => {
        const day = dayInZone(Date.parse(slot.start), query.timeZone);
        return day >= query.startDate && day <= query.endDate;
      });
      const answer: ApiResult<AvailabilityResponse> = { ok: true, value: { slots } };
      if (!hold) return Promise.resolve(answer);
      return new Promise((resolve) => held.push(() => resolve(answer)));
    },
    // The one call the model makes through `call`: a booking (submit-booking.ts).
    call: (async (_path: string, init?: RequestInit) => {
      bookingCalls.push({ body: JSON.parse(String(init?.body)), key: new Headers(init?.headers).get("Idempotency-Key")! });
      return createAnswers.shift() ?? { ok: true, value: { bookingId: "b-1", status: "confirmed" } };
    }) as ApiCall,
  };
  return {
    api,
    availabilityCalls,
    bookingCalls,
    createAnswers,
    holdAnswers: () => (hold = true),
    /** Releases the held answers, last asked first. */
    releaseNewestFirst: () =>
      held
        .splice(0)
        .reverse()
        .forEach((release) => {
          release();
        }),
  };
}

/** A model with these attributes; `typeAnswers` are the booking type's first answers (then it loads). */
function widget(
  free: Slot[],
  attributes: Partial<Record<AttributeName, string>>,
  typeAnswers: ApiResult<BookingTypeDetails>[] = [],
  loadSteps = async () => ({}),
) {
  const fake = fakeApi(free, typeAnswers);
  const events: Event[] = [];
  const model = createBookingModel(fake.api, (event) => events.push(event), loadSteps);
  for (const [name, value] of Object.entries({ username: "hepuloujun", "booking-type": "2", ...attributes })) model.setAttribute(name as AttributeName, value);
  return { model, events, ...fake };
}

/** Lets pending promises (fake answers, effects' continuations) run. */
const settle = () => vi.advanceTimersByTimeAsync(0);

// Monday 7 December 2026, 11:30 UTC: still the 7th in London, already the 8th in Auckland (UTC+13).
const lateMorning = { start: "2026-12-07T11:30:00Z", end: "2026-12-07T12:00:00Z" };
const afternoon = { start: "2026-12-07T14:00:00Z", end: "2026-12-07T14:30:00Z" };

// The retry policy comes with the later steps' chunk after a first failure (retry-after-failure.ts):
// in before the fake clock starts, as it is in a browser by then.
beforeAll(() => loadBookingSteps());

beforeEach(() => {
  vi.useFakeTimers({ now: new Date("2026-11-25T12:00:00Z") });
  vi.stubGlobal("navigator", { language: "en-GB", languages: ["en-GB"] });
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe("the widget's model", () => {
  it("waits for all its attributes, then asks once, in the time-zone attribute's zone", async () => {
    const { model, availabilityCalls } = widget([lateMorning], { "time-zone": "Pacific/Auckland" });
    await settle();
    expect(availabilityCalls).toHaveLength(0);
    model.start();
    await settle();
    expect(availabilityCalls[0]).toMatchObject({ timeZone: "Pacific/Auckland", startDate: "2026-11-01", endDate: "2026-11-30" });
    expect(new Set(availabilityCalls.map((call) => call.timeZone))).toEqual(new Set(["Pacific/Auckland"]));
  });

  it("opens the first day with free times, searching ahead from an empty month", async () => {
    const { model } = widget([lateMorning], { "time-zone": "Pacific/Auckland" });
    model.start();
    await settle();
    expect(model.visibleMonth.value).toBe("2026-12");
    expect(model.selectedDay.value).toBe("2026-12-08");
    expect(model.daySlots.value).toEqual([lateMorning]);
  });

  it("ignores an answer for a zone the visitor has since left", async () => {
    // 30 November, 11:30 UTC: the 30th in UTC, 1 December in Auckland.
    const monthEnd = { start: "2026-11-30T11:30:00Z", end: "2026-11-30T12:00:00Z" };
    const fake = widget([monthEnd], {});
    fake.holdAnswers();
    fake.model.chooseTimeZone("UTC");
    fake.model.start();
    await settle();
    fake.model.chooseTimeZone("Pacific/Auckland");
    await settle();
    fake.releaseNewestFirst(); // Auckland's November (empty: search on), then the stale UTC one (the 30th)
    await settle();
    fake.releaseNewestFirst(); // Auckland's December
    await settle();
    expect(fake.model.selectedDay.value).toBe("2026-12-01");
    expect(fake.model.daySlots.value).toEqual([monthEnd]);
  });

  it("stops searching once the visitor pages, and shows no stale day in another month", async () => {
    const { model } = widget([lateMorning], { "time-zone": "Europe/London" });
    model.start();
    await settle();
    expect(model.shownDay.value).toBe("2026-12-07");
    model.showMonth("2027-01");
    await settle();
    expect(model.visibleMonth.value).toBe("2027-01");
    expect(model.shownDay.value).toBeNull();
    expect(model.selectedDay.value).toBe("2026-12-07");
  });

  it("says a time was just taken, keeps what was typed and reloads the times", async () => {
    const fake = widget([lateMorning, afternoon], { "time-zone": "Europe/London", name: "Ada", email: "ada@example.com" });
    fake.model.start();
    await settle();
    fake.model.selectSlot(lateMorning);
    editField(fake.model.attempt, "notes", "About engines");
    fake.createAnswers.push({ ok: false, failure: { code: "SLOT_NOT_AVAILABLE", status: 409, message: "taken" } });
    const asked = fake.availabilityCalls.length;
    await confirmAttempt(fake.model.attempt);
    await settle();
    expect(fake.model.alert.value).toContain("just taken");
    expect(fake.model.step.value).toBe("pick");
    expect([fake.model.attempt.form.name.value, fake.model.attempt.form.email.value, fake.model.attempt.form.notes.value]).toEqual([
      "Ada",
      "ada@example.com",
      "About engines",
    ]);
    expect(fake.availabilityCalls.length).toBeGreaterThan(asked);
    expect(fake.events.map((event) => event.type)).toEqual(["bookora:ready", "bookora:slot-selected", "bookora:error"]);
  });

  it("tells the page each step of a booking in order, bubbling out of the shadow root, with the details design-embed.md gives", async () => {
    const fake = widget([lateMorning, afternoon], { "time-zone": "Europe/London", name: "Ada", email: "ada@example.com" });
    fake.model.start();
    await settle();
    fake.model.selectDay("2026-12-07");
    fake.model.selectSlot(afternoon);
    await confirmAttempt(fake.model.attempt, { timeZone: "Europe/London", metadata: { leadId: "L-1", utm_source: "newsletter" } });
    const metadata = { leadId: "L-1", utm_source: "newsletter" };
    expect(fake.events.map((event) => [event.type, (event as CustomEvent).detail])).toEqual([
      ["bookora:ready", { bookingType: TYPE.stringId, host: TYPE.host.username, timeZone: "Europe/London", locale: "en-GB" }],
      ["bookora:date-selected", { date: "2026-12-07" }],
      ["bookora:slot-selected", { start: afternoon.start, end: afternoon.end }],
      ["bookora:booking-created", { bookingId: "b-1", start: afternoon.start, end: afternoon.end, metadata }],
    ]);
    expect(fake.events.every((event) => event.bubbles && event.composed)).toBe(true);
    expect(fake.bookingCalls[0]!.body).toMatchObject({ timeZone: "Europe/London", locale: "en-GB", metadata });
  });

  it("continues an attempt whose retries ran out with the same Idempotency-Key, and starts a new one when the details change", async () => {
    const fake = widget([lateMorning], { "time-zone": "Europe/London", name: "Ada", email: "ada@example.com" });
    fake.model.start();
    await settle();
    fake.model.selectSlot(lateMorning);
    const offline = { ok: false as const, failure: { code: "NETWORK" as const, status: 0, message: "offline" } };
    fake.createAnswers.push(...Array.from({ length: 5 }, () => offline));
    const first = confirmAttempt(fake.model.attempt);
    await vi.advanceTimersByTimeAsync(60_000);
    await first;
    // The visitor reads their language's sentence, not the API's message (that goes to bookora:error).
    expect(fake.model.alert.value).toBe(en.networkError);

    fake.createAnswers.push(offline);
    const again = confirmAttempt(fake.model.attempt); // the visitor presses Confirm again: the same attempt
    await vi.advanceTimersByTimeAsync(60_000);
    await again;
    const keys = fake.bookingCalls.map((call) => call.key);
    expect(new Set(keys).size).toBe(1);

    editField(fake.model.attempt, "name", "Ada Lovelace"); // changed details: a new attempt, a new key
    await confirmAttempt(fake.model.attempt);
    expect(fake.bookingCalls.at(-1)!.key).not.toBe(keys[0]);
    expect(fake.model.step.value).toBe("done");
    expect(fake.events.at(-1)!.type).toBe("bookora:booking-created");
  });

  it("sends the same Idempotency-Key when the visitor presses Confirm again after a 500, and shows the booking it made", async () => {
    const fake = widget([lateMorning], { "time-zone": "Europe/London", name: "Ada", email: "ada@example.com" });
    fake.model.start();
    await settle();
    fake.model.selectSlot(lateMorning);
    fake.createAnswers.push({ ok: false, failure: { code: "INTERNAL", status: 500, message: "Something went wrong on our side." } });
    await confirmAttempt(fake.model.attempt);
    expect(fake.model.alert.value).toBe("Something went wrong on our side.");
    expect(fake.bookingCalls, "a 500 is not retried by itself").toHaveLength(1);

    await confirmAttempt(fake.model.attempt);
    expect(fake.bookingCalls.map((call) => call.key)).toEqual([fake.bookingCalls[0]!.key, fake.bookingCalls[0]!.key]);
    expect(fake.model.step.value).toBe("done");
  });

  it("takes the visitor back to the times when the form's code cannot be fetched, and fetches it again at the next pick", async () => {
    let offline = true;
    const loadSteps = async () => {
      if (offline) throw new TypeError("Failed to fetch dynamically imported module");
      return {};
    };
    const fake = widget([lateMorning], { "time-zone": "Europe/London", name: "Ada", email: "ada@example.com" }, [], loadSteps);
    fake.model.start();
    await settle();
    fake.model.selectSlot(lateMorning);
    await settle();
    expect(fake.model.step.value).toBe("pick");
    expect(fake.model.selectedSlot.value).toBeNull();
    expect(fake.model.alert.value).toBe("The booking form could not be loaded. Check your connection and try again.");

    offline = false;
    fake.model.selectSlot(lateMorning);
    await settle();
    expect(fake.model.step.value).toBe("details");
    expect(fake.model.alert.value).toBe("");
    await confirmAttempt(fake.model.attempt);
    expect(fake.model.step.value).toBe("done");
  });

  it("announces a booking type that failed to load, and Try again loads it and its times", async () => {
    const serverError = { ok: false as const, failure: { code: "INTERNAL" as const, status: 500, message: "Something went wrong on our side." } };
    const fake = widget([lateMorning], { "time-zone": "Europe/London" }, [serverError]);
    fake.model.start();
    await settle();
    expect(fake.model.setup.value).toMatchObject({ state: "failed", canRetry: true });
    expect(fake.model.alert.value).toBe("Something went wrong on our side.");
    expect(fake.events.map((event) => event.type)).toEqual(["bookora:error"]);

    fake.model.retrySetup();
    expect(fake.model.alert.value, "cleared while it loads, so a second failure is announced again").toBe("");
    await settle();
    expect(fake.model.bookingType.value?.title).toBe("Intro call");
    expect(fake.model.alert.value).toBe("");
    expect(fake.model.daySlots.value).toEqual([lateMorning]);
    expect(fake.model.isFocusingTimes.value, "focus goes to the times once they are in").toBe(true);
  });

  it("offers no Try again for a booking page that does not exist", async () => {
    const notFound = { ok: false as const, failure: { code: "NOT_FOUND" as const, status: 404, message: "Booking type not found." } };
    const fake = widget([lateMorning], {}, [notFound]);
    fake.model.start();
    await settle();
    expect(fake.model.setup.value).toMatchObject({ state: "failed", canRetry: false });
    expect(fake.model.alert.value).toBe("This booking page is not available.");
  });

  it("starts the visitor over when the page switches the booking type", async () => {
    const { model } = widget([lateMorning], { "time-zone": "Europe/London" });
    model.start();
    await settle();
    model.chooseDuration(60);
    model.selectSlot(lateMorning);
    expect(model.step.value).toBe("details");
    model.setAttribute("booking-type", "bt-63bb1a53");
    await settle();
    expect(model.step.value).toBe("pick");
    expect(model.selectedSlot.value).toBeNull();
    expect(model.duration.value).toBe(30);
  });
});
