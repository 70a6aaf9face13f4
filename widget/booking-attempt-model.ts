/**
 * One visitor's way from a chosen time to a booking: the time, the form, the step they are on, what
 * the live regions say about it, and the Idempotency-Key that Confirm sends (the same one again
 * while the server has not answered for good; see attempt-key.ts).
 */
import { batch, type ReadonlySignal, type Signal, signal } from "@preact/signals";
import type { BookingApi, Slot } from "./api";
import { keyFor, type UnfinishedAttempt, unfinishedAfter } from "./attempt-key";
import { type BookingCreatedDetail, BookingCreatedEvent, BookoraErrorEvent } from "./events";
import { submitBooking } from "./submit-booking";

export type Step = "pick" | "details" | "done";
export type FormField = "name" | "email" | "notes";

export type BookingAttemptModel = ReturnType<typeof createBookingAttemptModel>;

/** `onSlotsChanged` runs when the free times are known to have changed (booked, or taken by someone else). */
export function createBookingAttemptModel(api: Pick<BookingApi, "createBooking">, emit: (event: Event) => void, onSlotsChanged: () => void) {
  const step = signal<Step>("pick");
  const slot = signal<Slot | null>(null);
  const form: Record<FormField, Signal<string>> = { name: signal(""), email: signal(""), notes: signal("") };
  const isSubmitting = signal(false);
  const status = signal("");
  const alert = signal("");
  const confirmation = signal<BookingCreatedDetail | null>(null);
  /**
   * True when the visitor comes back to the times (Back, a taken slot, Book another time, a setup
   * retried), so focus lands on them once they are shown, not on <body>; the times clear it.
   */
  const isFocusingTimes = signal(false);
  /** The attempt Confirm continues with the same key, while the server has not answered it for good. */
  const unfinished = signal<UnfinishedAttempt | null>(null);

  async function confirm(bookingType: string | null) {
    const chosen = slot.peek();
    if (!chosen || !bookingType || isSubmitting.peek()) return;
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
      isSubmitting.value = true;
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

  return {
    step: step as ReadonlySignal<Step>,
    slot: slot as ReadonlySignal<Slot | null>,
    form: form as Record<FormField, ReadonlySignal<string>>,
    isSubmitting: isSubmitting as ReadonlySignal<boolean>,
    status: status as ReadonlySignal<string>,
    alert: alert as ReadonlySignal<string>,
    confirmation: confirmation as ReadonlySignal<BookingCreatedDetail | null>,
    isFocusingTimes: isFocusingTimes as ReadonlySignal<boolean>,

    chooseSlot(chosen: Slot) {
      batch(() => {
        slot.value = chosen;
        step.value = "details";
        alert.value = "";
        status.value = "";
      });
    },

    /**
     * The form's code could not be fetched for `chosen` (lazy-steps.ts): back to the times, where
     * picking a time again asks for it again. The picked time never lost the focus.
     */
    stepUnavailable(chosen: Slot) {
      if (slot.peek() !== chosen || step.peek() !== "details") return;
      batch(() => {
        step.value = "pick";
        slot.value = null;
        alert.value = "The booking form could not be loaded. Check your connection and pick a time again.";
      });
    },

    /** Another day or length: the chosen time no longer stands (nor its form, were its code still on its way). */
    dropSlot() {
      batch(() => {
        slot.value = null;
        if (step.peek() === "details") step.value = "pick";
      });
    },

    /** Says something in the status region (the manage link was copied). */
    announce(message: string) {
      status.value = message;
    },

    dismissAlert() {
      alert.value = "";
    },

    editField(field: FormField, value: string) {
      form[field].value = value;
    },

    /** A name or email attribute changed: it fills the field unless the visitor has typed over the old one. */
    prefill(field: "name" | "email", previous: string | null, value: string | null) {
      if (form[field].peek() === (previous ?? "")) form[field].value = value ?? "";
    },

    backToTimes() {
      batch(() => {
        isFocusingTimes.value = true;
        step.value = "pick";
      });
    },

    bookAnother() {
      batch(() => {
        isFocusingTimes.value = true;
        step.value = "pick";
        slot.value = null;
        confirmation.value = null;
        form.notes.value = "";
        status.value = "";
      });
    },

    focusTimesOnceShown() {
      isFocusingTimes.value = true;
    },

    /** The times have taken the focus. */
    timesFocused() {
      isFocusingTimes.value = false;
    },

    confirm,

    /** Another booking page: nothing chosen, nothing to continue; what the visitor typed stays. */
    startOver() {
      batch(() => {
        step.value = "pick";
        slot.value = null;
        confirmation.value = null;
        alert.value = "";
        status.value = "";
        unfinished.value = null;
      });
    },
  };
}
