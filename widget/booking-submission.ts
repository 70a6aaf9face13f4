/**
 * Confirm: the attempt sent as a booking under its Idempotency-Key (the unfinished attempt's while
 * the server has not answered it for good; attempt-key.ts), retried (submit-booking.ts), and what
 * the answer does to the attempt. With the `hold` attribute it names the time's hold (`holdIdFor`,
 * from the checkout's chunk), which the booking consumes. It comes with the form's code, in the lazy chunk (booking-steps.ts).
 */
import { batch } from "@preact/signals-core";
import type { CreateBookingBody } from "../worker/domain/contract";
import "./english-steps";
import type { Slot } from "./api";
import { answersOf } from "./attempt-answers";
import { keyFor, unfinishedAfter } from "./attempt-key";
import type { Attempt } from "./booking-attempt-model";
import { bookingBody, type SentWith } from "./booking-body";
import { bookoraEvent, errorEvent } from "./events";
import { failureText } from "./failure-text";
import { refusedField } from "./partner-data";
import { retryText } from "./retry-text";
import { submitBooking } from "./submit-booking";

/** Nothing is sent without a chosen time and the type's details, nor while an attempt is on its way (a second press waits for it). */
export async function confirmAttempt(attempt: Attempt, sentWith: SentWith = { metadata: {} }, holdIdFor?: (slot: Slot) => Promise<string | undefined>) {
  const { step, slot, isSubmitting, status, alert, confirmation, isFocusingTimes, unfinished, call, emit, onSlotsChanged } = attempt;
  // The steps render only once the visitor's strings are in.
  const t = attempt.strings.peek()!;
  const chosen = slot.peek();
  const type = attempt.bookingType.peek();
  if (!chosen || !type || isSubmitting.peek()) return;
  isSubmitting.value = true;
  const { refused } = answersOf(attempt);
  const body: CreateBookingBody = bookingBody(attempt, chosen, type, sentWith);
  batch(() => {
    alert.value = "";
    refused.value = null;
    status.value = t.booking;
  });
  // With the `hold` attribute, the time's hold (slot-hold.ts, in the checkout's chunk), waited for
  // if still on its way; refused meanwhile, it has taken the visitor back to the times.
  const holdId = await holdIdFor?.(chosen);
  if (slot.peek() !== chosen) {
    isSubmitting.value = false;
    return;
  }
  if (holdId) body.holdId = holdId;
  const fingerprint = JSON.stringify(body);
  const idempotencyKey = keyFor(fingerprint, unfinished.peek());
  const result = await submitBooking(call, body, idempotencyKey, {
    onRetry: (failure, delayMs) => {
      status.value = retryText(t, failure, delayMs, attempt.locale.peek());
    },
  });
  batch(() => {
    unfinished.value = unfinishedAfter(result, { fingerprint, idempotencyKey });
    isSubmitting.value = false;
  });
  if (result.ok) {
    const booked = { bookingId: result.value.bookingId, start: chosen.start, end: chosen.end, manageUrl: result.value.manageUrl, metadata: sentWith.metadata };
    batch(() => {
      confirmation.value = booked;
      step.value = "done";
      status.value = t.booked;
      onSlotsChanged();
    });
    emit(bookoraEvent("booking-created", booked));
    return;
  }
  emit(errorEvent(result.failure));
  if (result.failure.code === "SLOT_NOT_AVAILABLE") {
    // Keep the form: the visitor picks another time and their details are still there. The times
    // reload in the same batch, so focus never lands on a time that is about to go.
    batch(() => {
      isFocusingTimes.value = true;
      alert.value = t.slotTaken;
      status.value = "";
      slot.value = null;
      step.value = "pick";
      onSlotsChanged();
    });
    return;
  }
  batch(() => {
    // A 400 names a field the visitor can fix: the form marks it and takes them there; the API's
    // message (in English, for the partner) is in bookora:error.
    const isRefusal = result.failure.code === "INVALID_REQUEST";
    alert.value = isRefusal ? t.invalidRequest : failureText(t, result.failure);
    refused.value = isRefusal ? refusedField(result.failure.details) : null;
    status.value = "";
  });
}
