/**
 * One visitor's way from a chosen time to a booking: the time, the form, the step they are on, what
 * the live regions say about it, and the Idempotency-Key that Confirm sends (the same one again
 * while the server has not answered for good; see attempt-key.ts).
 */
import { batch, type ReadonlySignal, type Signal, signal } from "@preact/signals-core";
import type { BookingApi, Slot } from "./api";
import type { UnfinishedAttempt } from "./attempt-key";
import type { BookingCreatedDetail } from "./events";

export type Step = "pick" | "details" | "done";
export type FormField = "name" | "email" | "notes";

export type BookingAttemptModel = ReturnType<typeof createBookingAttemptModel>;

/** The attempt's state, writable, for the code that sends it (booking-submission.ts). */
export interface AttemptState {
  step: Signal<Step>;
  slot: Signal<Slot | null>;
  form: Record<FormField, Signal<string>>;
  isSubmitting: Signal<boolean>;
  status: Signal<string>;
  alert: Signal<string>;
  confirmation: Signal<BookingCreatedDetail | null>;
  isFocusingTimes: Signal<boolean>;
  unfinished: Signal<UnfinishedAttempt | null>;
}

/** Sends a confirmed attempt: booking-submission.ts, which comes in the form's lazy chunk. */
export interface Submission {
  submitAttempt(attempt: AttemptState, context: SubmissionContext, chosen: Slot, bookingType: string): Promise<void>;
}

export interface SubmissionContext {
  api: Pick<BookingApi, "createBooking">;
  emit: (event: Event) => void;
  onSlotsChanged: () => void;
}

const STEPS_UNAVAILABLE = "The booking form could not be loaded. Check your connection and try again.";

/**
 * `onSlotsChanged` runs when the free times are known to have changed (booked, or taken by someone
 * else); `loadSubmission` fetches the code that sends a booking (lazy-steps.ts; already in once the
 * form shows).
 */
export function createBookingAttemptModel(
  api: Pick<BookingApi, "createBooking">,
  emit: (event: Event) => void,
  onSlotsChanged: () => void,
  loadSubmission: () => Promise<Submission>,
) {
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

  const state: AttemptState = { step, slot, form, isSubmitting, status, alert, confirmation, isFocusingTimes, unfinished };

  async function confirm(bookingType: string | null) {
    const chosen = slot.peek();
    if (!chosen || !bookingType || isSubmitting.peek()) return;
    // Busy before the code that sends it is in, so a second press waits for this attempt.
    isSubmitting.value = true;
    const submission = await loadSubmission().catch(() => null);
    if (!submission) {
      batch(() => {
        isSubmitting.value = false;
        alert.value = STEPS_UNAVAILABLE;
      });
      return;
    }
    await submission.submitAttempt(state, { api, emit, onSlotsChanged }, chosen, bookingType);
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
        alert.value = STEPS_UNAVAILABLE;
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
