/**
 * One visitor's way from a chosen time to a booking: the time, the form, the step they are on, what
 * the live regions say about it, and the attempt whose Idempotency-Key a second Confirm reuses
 * (attempt-key.ts). This part comes with /widget.js: the state, and what the first step does to it
 * (a time picked or dropped, another booking page). What the later steps do (typing, Back, Confirm,
 * Book another time) comes with their code, in the lazy chunk: attempt-actions.ts and
 * booking-submission.ts, functions of the same `Attempt` like these.
 */
import { batch, type ReadonlySignal, type Signal, signal } from "@preact/signals-core";
import type { BookingTypeDetails } from "../worker/domain/contract";
import type { WidgetMessages } from "../worker/locales/messages";
import type { ApiCall, Slot } from "./api";
import type { UnfinishedAttempt } from "./attempt-key";
import type { BookingCreatedDetail } from "./events";

export type Step = "pick" | "details" | "done";
export type FormField = "name" | "email" | "notes";

/** What sending a booking needs from the rest of the widget. */
export interface AttemptContext {
  /** The type's details: its id is what a booking names (a slug names a type only with its host). */
  bookingType: ReadonlySignal<BookingTypeDetails | null>;
  /** The visitor's language's strings, for what the live regions say (in by the time anything is picked). */
  strings: ReadonlySignal<WidgetMessages | null>;
  /** The visitor's locale, for the numbers in those strings. */
  locale: ReadonlySignal<string>;
  call: ApiCall;
  emit: (event: Event) => void;
  /** The free times are known to have changed (booked, or taken by someone else). */
  onSlotsChanged: () => void;
}

/** The attempt as the later steps' code (lazy) changes and sends it: its state, writable, and its context. */
export interface Attempt extends AttemptContext {
  step: Signal<Step>;
  slot: Signal<Slot | null>;
  form: Record<FormField, Signal<string>>;
  isSubmitting: Signal<boolean>;
  status: Signal<string>;
  alert: Signal<string>;
  confirmation: Signal<BookingCreatedDetail | null>;
  /**
   * True when the visitor comes back to the times (Back, a taken slot, Book another time, a setup
   * retried), so focus lands on them once they are shown, not on <body>; the times clear it.
   */
  isFocusingTimes: Signal<boolean>;
  /** The attempt Confirm continues with the same key, while the server has not answered it for good. */
  unfinished: Signal<UnfinishedAttempt | null>;
}

/** A new attempt: nothing chosen, the form empty, on the first step. */
export function createAttempt(context: AttemptContext): Attempt {
  return {
    ...context,
    step: signal<Step>("pick"),
    slot: signal<Slot | null>(null),
    form: { name: signal(""), email: signal(""), notes: signal("") },
    isSubmitting: signal(false),
    status: signal(""),
    alert: signal(""),
    confirmation: signal<BookingCreatedDetail | null>(null),
    isFocusingTimes: signal(false),
    unfinished: signal<UnfinishedAttempt | null>(null),
  };
}

export function chooseSlot({ slot, step, alert, status }: Attempt, chosen: Slot) {
  batch(() => {
    slot.value = chosen;
    step.value = "details";
    alert.value = "";
    status.value = "";
  });
}

/**
 * The form's code could not be fetched for `chosen` (lazy-steps.ts): back to the times, where
 * picking a time again asks for it again. The picked time never lost the focus.
 */
export function stepUnavailable({ slot, step, alert, strings }: Attempt, chosen: Slot) {
  if (slot.peek() !== chosen || step.peek() !== "details") return;
  batch(() => {
    step.value = "pick";
    slot.value = null;
    alert.value = strings.peek()!.stepsUnavailable;
  });
}

/** Another day or length: the chosen time no longer stands (nor its form, were its code still on its way). */
export function dropSlot({ slot, step }: Attempt) {
  batch(() => {
    slot.value = null;
    if (step.peek() === "details") step.value = "pick";
  });
}

/** A name or email attribute changed: it fills the field unless the visitor has typed over the old one. */
export function prefill({ form }: Attempt, field: "name" | "email", previous: string | null, value: string | null) {
  if (form[field].peek() === (previous ?? "")) form[field].value = value ?? "";
}

/** Another booking page: nothing chosen, nothing to continue; what the visitor typed stays. */
export function startOver({ step, slot, confirmation, alert, status, unfinished }: Attempt) {
  batch(() => {
    step.value = "pick";
    slot.value = null;
    confirmation.value = null;
    alert.value = "";
    status.value = "";
    unfinished.value = null;
  });
}
