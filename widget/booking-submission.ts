/**
 * Confirm: the attempt sent as a booking under its Idempotency-Key (the unfinished attempt's while
 * the server has not answered it for good; attempt-key.ts), retried (submit-booking.ts), and what
 * the answer does to the attempt. It comes with the form's code, in the lazy chunk (booking-steps.ts).
 */
import { batch } from "@preact/signals-core";
import type { BookingMetadata, CreateBookingBody } from "../worker/domain/contract";
import "./english-steps";
import { answersOf } from "./attempt-answers";
import { keyFor, unfinishedAfter } from "./attempt-key";
import type { Attempt } from "./booking-attempt-model";
import { bookoraEvent, errorEvent } from "./events";
import { failureText } from "./failure-text";
import { answersToSend, refusedField } from "./partner-data";
import { retryText } from "./retry-text";
import { submitBooking } from "./submit-booking";

/** What the form adds to the attempt: the zone the visitor sees the times in, and the partner's metadata (partner-data.ts). */
export interface SentWith {
  timeZone?: string;
  metadata: BookingMetadata;
}

/** Nothing is sent without a chosen time and the type's details, nor while an attempt is on its way (a second press waits for it). */
export async function confirmAttempt(attempt: Attempt, { timeZone, metadata }: SentWith = { metadata: {} }) {
  const { step, slot, form, isSubmitting, status, alert, confirmation, isFocusingTimes, unfinished, call, emit, onSlotsChanged } = attempt;
  // The steps render only once the visitor's strings are in.
  const t = attempt.strings.peek()!;
  const chosen = slot.peek();
  const type = attempt.bookingType.peek();
  if (!chosen || !type || isSubmitting.peek()) return;
  isSubmitting.value = true;
  const notes = form.notes.peek().trim();
  const { values, refused } = answersOf(attempt);
  const answers = answersToSend(type.questions ?? [], values.peek());
  const body: CreateBookingBody = {
    bookingType: type.id,
    start: chosen.start,
    end: chosen.end,
    name: form.name.peek().trim(),
    email: form.email.peek().trim(),
    ...(notes ? { notes } : {}),
    timeZone,
    locale: attempt.locale.peek(),
    ...(Object.keys(metadata).length ? { metadata } : {}),
    ...(Object.keys(answers).length ? { answers } : {}),
  };
  const fingerprint = JSON.stringify(body);
  const idempotencyKey = keyFor(fingerprint, unfinished.peek());
  batch(() => {
    alert.value = "";
    refused.value = null;
    status.value = t.booking;
  });
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
    const booked = { bookingId: result.value.bookingId, start: chosen.start, end: chosen.end, manageUrl: result.value.manageUrl, metadata };
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
