/**
 * What the visitor does on the steps after a time is picked: type their details, go back to the
 * times, book another time, hear that the manage link was copied. It comes with those steps' code,
 * in the lazy chunk (booking-steps.ts); Confirm is booking-submission.ts.
 */
import { batch } from "@preact/signals-core";
import type { Attempt, FormField } from "./booking-attempt-model";

export function editField(attempt: Attempt, field: FormField, value: string) {
  attempt.form[field].value = value;
}

export function backToTimes({ isFocusingTimes, step }: Attempt) {
  batch(() => {
    isFocusingTimes.value = true;
    step.value = "pick";
  });
}

export function bookAnother({ isFocusingTimes, step, slot, confirmation, form, status }: Attempt) {
  batch(() => {
    isFocusingTimes.value = true;
    step.value = "pick";
    slot.value = null;
    confirmation.value = null;
    form.notes.value = "";
    status.value = "";
  });
}

/** Says something in the status region (the manage link was copied). */
export function announce(attempt: Attempt, message: string) {
  attempt.status.value = message;
}
