import { signal } from "@preact/signals-core";
import { describe, expect, it } from "vitest";
import type { BookingTypeDetails, CreateBookingBody, CreateBookingResponse } from "../worker/domain/contract";
import { enSteps } from "../worker/locales/en/steps";
import { en } from "../worker/locales/en/widget";
import type { WidgetMessages } from "../worker/locales/messages";
import type { ApiCall, ApiResult } from "./api";
import { editField } from "./attempt-actions";
import { answersOf, editAnswer, prefillAnswers } from "./attempt-answers";
import { chooseSlot, createAttempt } from "./booking-attempt-model";
import { confirmAttempt } from "./booking-submission";
import { INTRO_CALL } from "./test/booking-type";

const slot = { start: "2026-12-07T11:30:00Z", end: "2026-12-07T12:00:00Z" };
const TYPE: BookingTypeDetails = {
  ...INTRO_CALL,
  questions: [
    { id: "company", label: "Company", type: "text", required: true },
    { id: "topic", label: "Topic", type: "select", required: false, options: ["Pricing", "Integration"] },
    { id: "consent", label: "I agree", type: "checkbox", required: false },
  ],
};

function attempt(...answers: ApiResult<CreateBookingResponse>[]) {
  const sent: CreateBookingBody[] = [];
  const state = createAttempt({
    bookingType: signal(TYPE),
    strings: signal({ ...en, ...enSteps } as WidgetMessages),
    locale: signal("de-DE"),
    call: (async (_path: string, init?: RequestInit) => {
      sent.push(JSON.parse(String(init?.body)));
      return answers.shift() ?? { ok: true, value: { bookingId: "b-1", status: "confirmed" } };
    }) as ApiCall,
    emit: () => {},
    onSlotsChanged: () => {},
  });
  editField(state, "name", "Ada");
  editField(state, "email", "ada@example.com");
  chooseSlot(state, slot);
  return { state, sent };
}

describe("Confirm with the type's questions", () => {
  it("sends the answers prefilled from the attribute and typed, with the visitor's zone, language and the partner's metadata", async () => {
    const { state, sent } = attempt();
    prefillAnswers(state, '{"company":"Acme","topic":"Pricing"}', TYPE.questions);
    editAnswer(state, "topic", "Integration");
    editAnswer(state, "consent", true);
    await confirmAttempt(state, { timeZone: "Europe/Berlin", metadata: { utm_source: "ads" } });
    expect(sent[0]).toEqual({
      bookingType: TYPE.id,
      start: slot.start,
      end: slot.end,
      name: "Ada",
      email: "ada@example.com",
      timeZone: "Europe/Berlin",
      locale: "de-DE",
      metadata: { utm_source: "ads" },
      answers: { company: "Acme", topic: "Integration", consent: true },
    });
  });

  it("keeps what the visitor typed over a prefilled answer when the form opens again", () => {
    const { state } = attempt();
    prefillAnswers(state, '{"company":"Acme"}', TYPE.questions);
    editAnswer(state, "company", "");
    prefillAnswers(state, '{"company":"Acme"}', TYPE.questions);
    expect(answersOf(state).values.value.company).toBe("");
  });

  it("marks the field a 400 names until the visitor changes it, with the alert in their language", async () => {
    const refusal = {
      code: "INVALID_REQUEST" as const,
      status: 400,
      message: "answers.company is required",
      details: { field: "answers.company", issues: [{ path: "answers.company", message: "is required" }] },
    };
    const { state } = attempt({ ok: false, failure: refusal });
    await confirmAttempt(state);
    expect(answersOf(state).refused.value).toBe("answers.company");
    expect(state.alert.value).toBe(enSteps.invalidRequest);
    expect(state.step.value).toBe("details");
    editAnswer(state, "topic", "Pricing");
    expect(answersOf(state).refused.value, "another field's change leaves the mark").toBe("answers.company");
    editAnswer(state, "company", "Acme");
    expect(answersOf(state).refused.value).toBeNull();
  });
});
