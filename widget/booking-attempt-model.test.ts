import { signal } from "@preact/signals-core";
import { describe, expect, it } from "vitest";
import type { BookingTypeDetails, CreateBookingBody, CreateBookingResponse } from "../worker/domain/contract";
import { enDialog } from "../worker/locales/en/dialog";
import { enSteps } from "../worker/locales/en/steps";
import { en } from "../worker/locales/en/widget";
import type { ApiCall, ApiResult } from "./api";
import { editField } from "./attempt-actions";
import { chooseSlot, createAttempt, prefill } from "./booking-attempt-model";
import { confirmAttempt } from "./booking-submission";

const slot = { start: "2026-12-07T11:30:00Z", end: "2026-12-07T12:00:00Z" };
const TYPE = { id: "2" } as BookingTypeDetails;

function attempt(...answers: ApiResult<CreateBookingResponse>[]) {
  const sent: { body: CreateBookingBody; key: string }[] = [];
  let slotsChanged = 0;
  const state = createAttempt({
    bookingType: signal(TYPE),
    strings: signal({ ...en, ...enSteps, ...enDialog }),
    locale: signal("en"),
    call: (async (_path: string, init?: RequestInit) => {
      sent.push({ body: JSON.parse(String(init?.body)), key: new Headers(init?.headers).get("Idempotency-Key")! });
      return answers.shift() ?? { ok: true, value: { bookingId: "b-1", status: "confirmed" } };
    }) as ApiCall,
    emit: () => {},
    onSlotsChanged: () => (slotsChanged += 1),
  });
  return { state, sent, slotsChanged: () => slotsChanged };
}

describe("a booking attempt", () => {
  it("fills name and email from the attributes until the visitor types over them", () => {
    const { state } = attempt();
    prefill(state, "name", null, "Ada");
    expect(state.form.name.value).toBe("Ada");
    prefill(state, "name", "Ada", "Ada King");
    expect(state.form.name.value).toBe("Ada King");
    editField(state, "name", "Ada Lovelace");
    prefill(state, "name", "Ada King", "Someone else");
    expect(state.form.name.value, "what the visitor typed stays").toBe("Ada Lovelace");
  });

  it("takes the visitor back to the times after a taken slot: the form kept, the times reloaded and focused", async () => {
    const { state, slotsChanged } = attempt({ ok: false, failure: { code: "SLOT_NOT_AVAILABLE", status: 409, message: "taken" } });
    editField(state, "name", "Ada");
    editField(state, "email", "ada@example.com");
    chooseSlot(state, slot);
    await confirmAttempt(state);
    expect(state.step.value).toBe("pick");
    expect(state.slot.value).toBeNull();
    expect(state.alert.value).toContain("just taken");
    expect(state.isFocusingTimes.value).toBe(true);
    expect(slotsChanged()).toBe(1);
    expect([state.form.name.value, state.form.email.value]).toEqual(["Ada", "ada@example.com"]);
  });

  it("asks nothing without a chosen time, and sends the trimmed details under the type's id, the notes left out when empty", async () => {
    const { state, sent } = attempt();
    await confirmAttempt(state);
    expect(sent).toHaveLength(0);
    chooseSlot(state, slot);
    editField(state, "name", "  Ada ");
    editField(state, "email", "ada@example.com ");
    await confirmAttempt(state);
    expect(sent[0]!.body).toEqual({ bookingType: "2", start: slot.start, end: slot.end, name: "Ada", email: "ada@example.com", locale: "en" });
    expect(state.step.value).toBe("done");
  });
});
