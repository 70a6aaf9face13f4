/**
 * What the form makes of an attempt: the body of `POST /api/bookings` for the chosen time (the
 * details, the answers, the visitor's zone and language, the partner's metadata). Confirm sends it
 * (booking-submission.ts); with confirm="external" it goes to the partner's page in
 * `bookora:slot-held`, for its server to send (checkout-handover.ts). Lazy.
 */
import type { BookingMetadata, BookingTypeDetails, CreateBookingBody } from "../worker/domain/contract";
import type { Slot } from "./api";
import { answersOf } from "./attempt-answers";
import type { Attempt } from "./booking-attempt-model";
import { answersToSend } from "./partner-data";

/** What the form adds to the attempt: the zone the visitor sees the times in, and the partner's metadata (partner-data.ts). */
export interface SentWith {
  timeZone?: string;
  metadata: BookingMetadata;
}

export function bookingBody(attempt: Attempt, chosen: Slot, type: BookingTypeDetails, { timeZone, metadata }: SentWith): CreateBookingBody {
  const { form } = attempt;
  const notes = form.notes.peek().trim();
  const answers = answersToSend(type.questions ?? [], answersOf(attempt).values.peek());
  return {
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
}
