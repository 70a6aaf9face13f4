import { afterEach, describe, expect, it, vi } from "vitest";
import { enCheckout } from "../worker/locales/en/checkout";
import { enSteps } from "../worker/locales/en/steps";
import { en } from "../worker/locales/en/widget";
import { editAnswer } from "./attempt-answers";
import { isWaiting, startCheckout, submitCheckout } from "./checkout-step";
import { holdOf } from "./slot-hold";
import { INTRO_CALL } from "./test/booking-type";
import { checkoutAttempt, fakeElement, fakeWindow, holdFor, SLOT, settled } from "./test/checkout-fixture";

afterEach(() => {
  vi.unstubAllGlobals();
});

const WITH_QUESTION = { ...INTRO_CALL, questions: [{ id: "company", label: "Company", type: "text" as const, required: true }] };

/** A widget with confirm="external" on the form, its time held. */
async function external() {
  const page = fakeWindow();
  const fixture = checkoutAttempt(WITH_QUESTION);
  const element = fakeElement({ confirm: "external" });
  const stop = startCheckout(fixture.attempt, "external", element);
  await settled();
  return { ...fixture, page, element, stop };
}

describe('confirm="external"', () => {
  it("holds the time as the form shows but tells the page only when the form is sent, with what the visitor typed", async () => {
    const { attempt, eventsOf, sent } = await external();
    expect(sent("POST", "/api/holds")).toHaveLength(1);
    expect(eventsOf("bookora:slot-held"), "nothing to hand over before the form is sent").toEqual([]);

    editAnswer(attempt, "company", "Analytical Engines");
    await submitCheckout(attempt, { timeZone: "Europe/London", metadata: { leadId: "L-7" } });
    expect(eventsOf("bookora:slot-held")).toEqual([
      {
        ...holdFor(SLOT, "hold_1"),
        bookingType: "2",
        name: "Ada Lovelace",
        email: "ada@example.com",
        timeZone: "Europe/London",
        locale: "en-GB",
        metadata: { leadId: "L-7" },
        answers: { company: "Analytical Engines" },
      },
    ]);
    expect(sent("POST", "/api/bookings"), "the partner's server books, not the widget").toEqual([]);
    expect(isWaiting(attempt)).toBe(true);
    expect(sent("POST", "/api/holds"), "the hold placed at the pick is the one handed over").toHaveLength(1);
  });

  it("keeps the handed-over hold when the page is left or the step goes: the partner's checkout may be on another page", async () => {
    const { attempt, page, stop, sent } = await external();
    await submitCheckout(attempt, { metadata: {} });
    page.dispatch("pagehide");
    stop();
    expect(sent("DELETE")).toEqual([]);
  });

  it("shows the confirmation when the page calls complete(bookingId), and fires bookora:booking-created", async () => {
    const { attempt, element, eventsOf, slotsChanged, stop, sent } = await external();
    await submitCheckout(attempt, { metadata: { leadId: "L-7" } });
    element.complete!("bk-partner-1");
    expect(attempt.step.value).toBe("done");
    expect(attempt.confirmation.value).toEqual({ bookingId: "bk-partner-1", start: SLOT.start, end: SLOT.end, metadata: { leadId: "L-7" } });
    expect(attempt.status.value).toBe(enSteps.booked);
    expect(isWaiting(attempt)).toBe(false);
    expect(slotsChanged(), "the times reload for the next booking").toBe(1);
    expect(eventsOf("bookora:booking-created")).toEqual([{ bookingId: "bk-partner-1", start: SLOT.start, end: SLOT.end, metadata: { leadId: "L-7" } }]);
    stop();
    expect(sent("DELETE"), "the booking consumed the hold").toEqual([]);
  });

  it("ignores complete() before anything was handed over", async () => {
    const { attempt, element, eventsOf } = await external();
    element.complete!("bk-too-early");
    expect(attempt.step.value).toBe("details");
    expect(eventsOf("bookora:booking-created")).toEqual([]);
  });

  it("says why when the hold cannot be placed (the address holds 3 already), hands nothing over, and tries again on the next send", async () => {
    const { attempt, holdAnswers, eventsOf } = checkoutAttempt(WITH_QUESTION);
    fakeWindow();
    // A Retry-After longer than a visitor should wait is not retried (retry-policy.ts).
    const capReached = { ok: false as const, failure: { code: "RATE_LIMITED" as const, status: 429, message: "3 holds", retryAfter: 300 } };
    holdAnswers.push(capReached, capReached);
    startCheckout(attempt, "external", fakeElement({ confirm: "external" }));
    await settled();
    await submitCheckout(attempt, { metadata: {} });
    expect(attempt.alert.value).toBe(en.busy);
    expect(eventsOf("bookora:slot-held")).toEqual([]);
    expect(isWaiting(attempt)).toBe(false);

    await submitCheckout(attempt, { metadata: {} });
    expect(eventsOf("bookora:slot-held")).toHaveLength(1);
    expect(holdOf(attempt).handedOver.value?.holdId).toBe("hold_3");
  });

  it("takes the visitor back to the times when the time is held by someone else as the form is sent", async () => {
    const { attempt, holdAnswers, eventsOf } = checkoutAttempt(WITH_QUESTION);
    fakeWindow();
    holdAnswers.push({ ok: false, failure: { code: "FORBIDDEN", status: 403, message: "no" } });
    startCheckout(attempt, "external", fakeElement({ confirm: "external" }));
    await settled();
    holdAnswers.push({ ok: false, failure: { code: "SLOT_NOT_AVAILABLE", status: 409, message: "taken" } });
    await submitCheckout(attempt, { metadata: {} });
    expect(attempt.step.value).toBe("pick");
    expect(attempt.alert.value).toBe(enCheckout.slotHeld);
    expect(eventsOf("bookora:slot-held")).toEqual([]);
  });
});
