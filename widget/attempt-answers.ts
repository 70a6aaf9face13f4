/**
 * The answers to the booking type's questions in one attempt, and the field a refusal named. They
 * live beside the attempt (booking-attempt-model.ts) but come with the form's code, in the lazy
 * chunk: like the form's other fields they survive a taken slot and Back, and the first time the
 * form opens they are prefilled from the element's `answers` attribute (partner-data.ts).
 */
import { type Signal, signal } from "@preact/signals-core";
import type { BookingAnswer, BookingQuestion } from "../worker/domain/contract";
import type { Attempt } from "./booking-attempt-model";
import { prefilledAnswers } from "./partner-data";

export interface AttemptAnswers {
  /** By question id: what the field holds (a boolean for a checkbox). */
  values: Signal<Record<string, BookingAnswer>>;
  /** The field the last 400 named (`answers.company`, `email`) until the visitor changes it; null when none. */
  refused: Signal<string | null>;
}

const byAttempt = new WeakMap<Attempt, AttemptAnswers>();

export function answersOf(attempt: Attempt): AttemptAnswers {
  let answers = byAttempt.get(attempt);
  if (!answers) {
    answers = { values: signal({}), refused: signal(null) };
    byAttempt.set(attempt, answers);
  }
  return answers;
}

/** The `answers` attribute fills each question the visitor has not answered yet (what they typed, even cleared, stays). */
export function prefillAnswers(attempt: Attempt, attribute: string | null, questions: readonly BookingQuestion[]) {
  const { values } = answersOf(attempt);
  values.value = { ...prefilledAnswers(attribute, questions), ...values.peek() };
}

/** The visitor changed `field` (a question's id under `answers.`, or `name`): a refusal naming it no longer stands. */
export function fieldEdited(attempt: Attempt, field: string) {
  const { refused } = answersOf(attempt);
  if (refused.peek() === field) refused.value = null;
}

export function editAnswer(attempt: Attempt, id: string, value: BookingAnswer) {
  const { values } = answersOf(attempt);
  values.value = { ...values.peek(), [id]: value };
  fieldEdited(attempt, `answers.${id}`);
}
