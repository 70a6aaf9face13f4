import { afterEach, describe, expect, it, vi } from "vitest";
import { enCheckout } from "../worker/locales/en/checkout";
import type { ApiResult } from "./api";
import { editField } from "./attempt-actions";
import { chooseSlot } from "./booking-attempt-model";
import { startCheckout, submitCheckout } from "./checkout-step";
import { holdOf, holdSlot } from "./slot-hold";
import { checkoutAttempt, fakeElement, fakeWindow, holdFor, OTHER_SLOT, SLOT, settled } from "./test/checkout-fixture";

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("the hold attribute", () => {
  it("holds the picked time as the form shows, under an Idempotency-Key, and tells the page with bookora:slot-held", async () => {
    fakeWindow();
    const { attempt, sent, eventsOf } = checkoutAttempt();
    startCheckout(attempt, "hold", fakeElement({ hold: "" }));
    expect(holdOf(attempt).state.value.kind).toBe("placing");
    await settled();
    const [placed] = sent("POST", "/api/holds");
    expect(placed?.body).toEqual({ bookingType: "2", start: SLOT.start, end: SLOT.end });
    expect(placed?.key).toMatch(UUID);
    expect(holdOf(attempt).state.value).toMatchObject({ kind: "held", hold: { holdId: "hold_1" } });
    expect(eventsOf("bookora:slot-held")).toEqual([holdFor(SLOT, "hold_1")]);
  });

  it("asks for the partner's hold-seconds when the API takes them, and the API's default otherwise", async () => {
    fakeWindow();
    const short = checkoutAttempt();
    startCheckout(short.attempt, "hold", fakeElement({ hold: "", "hold-seconds": "60" }));
    const tooShort = checkoutAttempt();
    startCheckout(tooShort.attempt, "hold", fakeElement({ hold: "", "hold-seconds": "30" }));
    await settled();
    expect(short.sent("POST", "/api/holds")[0]?.body).toMatchObject({ ttlSeconds: 60 });
    expect(tooShort.sent("POST", "/api/holds")[0]?.body).not.toHaveProperty("ttlSeconds");
  });

  it("releases the old hold when another time is held, and holds the same time only once", async () => {
    fakeWindow();
    const { attempt, sent } = checkoutAttempt();
    startCheckout(attempt, "hold", fakeElement({ hold: "" }));
    await settled();
    await holdSlot(attempt, SLOT);
    expect(sent("POST", "/api/holds")).toHaveLength(1);

    chooseSlot(attempt, OTHER_SLOT);
    await holdSlot(attempt, OTHER_SLOT);
    expect(sent("DELETE")).toEqual([expect.objectContaining({ path: "/api/holds/hold_1", keepalive: true })]);
    expect(sent("POST", "/api/holds")[1]?.body).toMatchObject({ start: OTHER_SLOT.start });
    expect(holdOf(attempt).state.value).toMatchObject({ kind: "held", hold: { holdId: "hold_2" } });
  });

  it("holds the time again only once its release has answered (Back, then the same time at once)", async () => {
    fakeWindow();
    const { attempt, sent, holdBackReleases, answerReleases } = checkoutAttempt();
    const stop = startCheckout(attempt, "hold", fakeElement({ hold: "" }));
    await settled();
    holdBackReleases();
    stop();
    startCheckout(attempt, "hold", fakeElement({ hold: "" }));
    await settled();
    expect(sent("POST", "/api/holds"), "the second hold waits for the release").toHaveLength(1);
    answerReleases();
    await settled();
    expect(sent("POST", "/api/holds")).toHaveLength(2);
    expect(holdOf(attempt).state.value).toMatchObject({ kind: "held", hold: { holdId: "hold_2" } });
  });

  it("releases a hold that arrives after the visitor moved on", async () => {
    fakeWindow();
    const { attempt, sent, holdAnswers, eventsOf } = checkoutAttempt();
    let answer!: (result: ApiResult<ReturnType<typeof holdFor>>) => void;
    holdAnswers.push(new Promise((resolve) => (answer = resolve)));
    const stop = startCheckout(attempt, "hold", fakeElement({ hold: "" }));
    stop();
    expect(sent("DELETE"), "nothing to release yet").toEqual([]);
    answer({ ok: true, value: holdFor(SLOT, "hold_late") });
    await settled();
    expect(sent("DELETE").map((call) => call.path)).toEqual(["/api/holds/hold_late"]);
    expect(eventsOf("bookora:slot-held")).toEqual([]);
  });

  it("releases the hold when the step goes and when the page is left (keepalive), and holds again when the page comes back from the cache", async () => {
    const page = fakeWindow();
    const { attempt, sent } = checkoutAttempt();
    const stop = startCheckout(attempt, "hold", fakeElement({ hold: "" }));
    await settled();
    page.dispatch("pagehide");
    expect(sent("DELETE")).toEqual([expect.objectContaining({ path: "/api/holds/hold_1", keepalive: true })]);

    page.dispatch("pageshow", { persisted: false });
    page.dispatch("pageshow", { persisted: true });
    await settled();
    expect(sent("POST", "/api/holds")).toHaveLength(2);

    stop();
    expect(sent("DELETE").map((call) => call.path)).toEqual(["/api/holds/hold_1", "/api/holds/hold_2"]);
    expect(page.listening("pagehide") + page.listening("pageshow"), "no listener outlives the step").toBe(0);
  });

  it("takes the visitor back to the times at once when someone else holds the time (409), keeping what they typed", async () => {
    fakeWindow();
    const { attempt, holdAnswers, slotsChanged, eventsOf, sent } = checkoutAttempt();
    holdAnswers.push({ ok: false, failure: { code: "SLOT_NOT_AVAILABLE", status: 409, message: "Selected time slot is no longer available." } });
    const stop = startCheckout(attempt, "hold", fakeElement({ hold: "" }));
    await settled();
    expect(attempt.alert.value).toBe(enCheckout.slotHeld);
    expect(attempt.step.value).toBe("pick");
    expect(attempt.slot.value).toBeNull();
    expect(attempt.isFocusingTimes.value, "the refreshed times take the focus").toBe(true);
    expect(slotsChanged(), "the times reload").toBe(1);
    expect(attempt.form.name.value).toBe("Ada Lovelace");
    expect(eventsOf("bookora:error")).toEqual([{ code: "SLOT_NOT_AVAILABLE", message: "Selected time slot is no longer available." }]);
    stop();
    expect(sent("DELETE"), "no hold to release").toEqual([]);
  });

  it("books without a hold when the hold could not be placed for another reason than a taken time", async () => {
    fakeWindow();
    const { attempt, holdAnswers, sent } = checkoutAttempt();
    holdAnswers.push({ ok: false, failure: { code: "FORBIDDEN", status: 403, message: "no" } });
    startCheckout(attempt, "hold", fakeElement({ hold: "" }));
    await settled();
    expect(holdOf(attempt).state.value.kind).toBe("unheld");
    expect(attempt.step.value).toBe("details");
    await submitCheckout(attempt, { metadata: {} });
    expect(sent("POST", "/api/bookings")[0]?.body).not.toHaveProperty("holdId");
    expect(attempt.step.value).toBe("done");
  });

  it("sends the hold with Confirm, waiting for it if it is still on its way, and releases nothing once booked", async () => {
    fakeWindow();
    const { attempt, holdAnswers, sent } = checkoutAttempt();
    let answer!: (result: ApiResult<ReturnType<typeof holdFor>>) => void;
    holdAnswers.push(new Promise((resolve) => (answer = resolve)));
    const stop = startCheckout(attempt, "hold", fakeElement({ hold: "" }));
    const confirmed = submitCheckout(attempt, { timeZone: "Europe/London", metadata: {} });
    expect(attempt.status.value, "Booking… shows while the hold lands").toBe("Booking…");
    expect(sent("POST", "/api/bookings")).toEqual([]);
    answer({ ok: true, value: holdFor(SLOT, "hold_slow") });
    await confirmed;
    expect(sent("POST", "/api/bookings")[0]?.body).toMatchObject({ start: SLOT.start, holdId: "hold_slow", name: "Ada Lovelace" });
    expect(attempt.step.value).toBe("done");
    stop();
    expect(sent("DELETE"), "the booking consumed the hold").toEqual([]);
  });

  it("says when the hold ended, and still books the time with it", async () => {
    vi.useFakeTimers({ now: Date.parse("2026-12-01T10:00:00Z"), toFake: ["setTimeout", "clearTimeout", "Date"] });
    fakeWindow();
    const { attempt, sent } = checkoutAttempt();
    startCheckout(attempt, "hold", fakeElement({ hold: "" }));
    await vi.advanceTimersByTimeAsync(0);
    expect(holdOf(attempt).state.value.kind).toBe("held");
    await vi.advanceTimersByTimeAsync(10 * 60 * 1000);
    expect(holdOf(attempt).state.value.kind).toBe("ended");
    editField(attempt, "notes", "Still there?");
    await submitCheckout(attempt, { metadata: {} });
    expect(sent("POST", "/api/bookings")[0]?.body).toMatchObject({ holdId: "hold_1" });
  });

  it("holds nothing without the attribute", async () => {
    const { attempt, sent } = checkoutAttempt();
    expect(await holdSlot(attempt, SLOT)).toBeNull();
    expect(sent("POST")).toEqual([]);
  });
});
