import { describe, expect, it } from "vitest";
import type { CreateBookingBody, CreateBookingResponse } from "../worker/domain/contract";
import type { ApiResult } from "./api";
import { createBookingAttemptModel } from "./booking-attempt-model";
import { submitAttempt } from "./booking-submission";

const slot = { start: "2026-12-07T11:30:00Z", end: "2026-12-07T12:00:00Z" };

function attempt(...answers: ApiResult<CreateBookingResponse>[]) {
  const sent: { body: CreateBookingBody; key: string }[] = [];
  let slotsChanged = 0;
  const model = createBookingAttemptModel(
    {
      createBooking: async (body, key) => {
        sent.push({ body, key });
        return answers.shift() ?? { ok: true, value: { bookingId: "b-1", status: "confirmed" } };
      },
    },
    () => {},
    () => (slotsChanged += 1),
    async () => ({ submitAttempt }),
  );
  return { model, sent, slotsChanged: () => slotsChanged };
}

describe("a booking attempt", () => {
  it("fills name and email from the attributes until the visitor types over them", () => {
    const { model } = attempt();
    model.prefill("name", null, "Ada");
    expect(model.form.name.value).toBe("Ada");
    model.prefill("name", "Ada", "Ada King");
    expect(model.form.name.value).toBe("Ada King");
    model.editField("name", "Ada Lovelace");
    model.prefill("name", "Ada King", "Someone else");
    expect(model.form.name.value, "what the visitor typed stays").toBe("Ada Lovelace");
  });

  it("takes the visitor back to the times after a taken slot: the form kept, the times reloaded and focused", async () => {
    const { model, slotsChanged } = attempt({ ok: false, failure: { code: "SLOT_NOT_AVAILABLE", status: 409, message: "taken" } });
    model.editField("name", "Ada");
    model.editField("email", "ada@example.com");
    model.chooseSlot(slot);
    await model.confirm("2");
    expect(model.step.value).toBe("pick");
    expect(model.slot.value).toBeNull();
    expect(model.alert.value).toContain("just taken");
    expect(model.isFocusingTimes.value).toBe(true);
    expect(slotsChanged()).toBe(1);
    expect([model.form.name.value, model.form.email.value]).toEqual(["Ada", "ada@example.com"]);
    model.timesFocused();
    expect(model.isFocusingTimes.value).toBe(false);
  });

  it("asks nothing without a chosen time, and sends the trimmed details with the notes left out when empty", async () => {
    const { model, sent } = attempt();
    await model.confirm("2");
    expect(sent).toHaveLength(0);
    model.chooseSlot(slot);
    model.editField("name", "  Ada ");
    model.editField("email", "ada@example.com ");
    await model.confirm("2");
    expect(sent[0]!.body).toEqual({ bookingType: "2", start: slot.start, end: slot.end, name: "Ada", email: "ada@example.com" });
    expect(model.step.value).toBe("done");
  });
});
