/**
 * A confirmed attempt, sent: the booking under its Idempotency-Key (the unfinished attempt's while
 * the server has not answered it for good; attempt-key.ts), retried (submit-booking.ts), and what
 * the answer does to the attempt. It comes with the form's code, in the lazy chunk (booking-steps.ts).
 */
import { batch } from "@preact/signals-core";
import type { Slot } from "./api";
import { keyFor, unfinishedAfter } from "./attempt-key";
import type { AttemptState, SubmissionContext } from "./booking-attempt-model";
import { BookingCreatedEvent, BookoraErrorEvent } from "./events";
import { submitBooking } from "./submit-booking";

/** Called with `isSubmitting` already set (the attempt model sets it before this code is in). */
export async function submitAttempt(attempt: AttemptState, { api, emit, onSlotsChanged }: SubmissionContext, chosen: Slot, bookingType: string) {
  const { step, slot, form, isSubmitting, status, alert, confirmation, isFocusingTimes, unfinished } = attempt;
  const notes = form.notes.peek().trim();
  const body = {
    bookingType,
    start: chosen.start,
    end: chosen.end,
    name: form.name.peek().trim(),
    email: form.email.peek().trim(),
    ...(notes ? { notes } : {}),
  };
  const fingerprint = JSON.stringify(body);
  const idempotencyKey = keyFor(fingerprint, unfinished.peek());
  batch(() => {
    alert.value = "";
    status.value = "Booking…";
  });
  const result = await submitBooking(api, body, idempotencyKey, {
    onRetry: (failure, delayMs) => {
      status.value = `${failure.code === "NETWORK" ? "Connection problem" : "The booking service is busy"}; trying again in ${Math.ceil(delayMs / 1000)} s…`;
    },
  });
  batch(() => {
    unfinished.value = unfinishedAfter(result, { fingerprint, idempotencyKey });
    isSubmitting.value = false;
  });
  if (result.ok) {
    const booked = { bookingId: result.value.bookingId, start: chosen.start, end: chosen.end, manageUrl: result.value.manageUrl };
    batch(() => {
      confirmation.value = booked;
      step.value = "done";
      status.value = "Booking confirmed.";
      onSlotsChanged();
    });
    emit(new BookingCreatedEvent(booked));
    return;
  }
  emit(new BookoraErrorEvent(result.failure));
  if (result.failure.code === "SLOT_NOT_AVAILABLE") {
    // Keep the form: the visitor picks another time and their details are still there. The times
    // reload in the same batch, so focus never lands on a time that is about to go.
    batch(() => {
      isFocusingTimes.value = true;
      alert.value = "Sorry, that time was just taken. Please pick another time.";
      status.value = "";
      slot.value = null;
      step.value = "pick";
      onSlotsChanged();
    });
    return;
  }
  batch(() => {
    alert.value = result.failure.message;
    status.value = "";
  });
}
