/**
 * confirm="external" (design-embed.md "Checkout flows"): the widget stops before booking. The form's
 * submit hands the held time and what the visitor typed to the partner's page in
 * `bookora:slot-held` and waits ("Waiting for payment…"); the partner's page takes payment, its
 * server creates the booking with the `holdId`, and the page calls the element's
 * `complete(bookingId)`, which shows the usual confirmation from what the widget already has (it
 * holds no token that could read a booking made with the partner's). Lazy, with the form.
 */
import { batch } from "@preact/signals-core";
import type { Attempt } from "./booking-attempt-model";
import type { SentWith } from "./booking-body";
import { withCheckout } from "./checkout-strings";
import { bookoraEvent } from "./events";
import { failureText } from "./failure-text";
import { holdConsumed, holdOf, holdSlot } from "./slot-hold";
import { stepsCode } from "./steps-code";

/**
 * The form's submit: the time's hold (the one placed when it was picked; placed again if it ended
 * or failed), then `bookora:slot-held` with the details, and the wait. A refused hold has taken the
 * visitor back to the times (slot-hold.ts); a failed one says why, and the next submit tries again.
 */
export async function handOver(attempt: Attempt, sentWith: SentWith) {
  const { slot, isSubmitting, alert, status, emit } = attempt;
  // The steps render only once the visitor's strings are in.
  const t = withCheckout(attempt.strings.peek());
  const chosen = slot.peek();
  const type = attempt.bookingType.peek();
  if (!chosen || !type || isSubmitting.peek()) return;
  batch(() => {
    isSubmitting.value = true;
    alert.value = "";
  });
  const hold = await holdSlot(attempt, chosen);
  isSubmitting.value = false;
  if (slot.peek() !== chosen) return;
  const state = holdOf(attempt).state.peek();
  if (!hold) {
    if (state.kind === "unheld") alert.value = failureText(t, state.failure);
    return;
  }
  const { holdId, start, end, expiresAt } = hold;
  const detail = { ...stepsCode().bookingBody(attempt, chosen, type, sentWith), holdId, start, end, expiresAt };
  // The waiting step's heading takes the focus and says so: nothing for the status line.
  batch(() => {
    holdOf(attempt).handedOver.value = detail;
    status.value = "";
  });
  emit(bookoraEvent("slot-held", detail));
}

/**
 * The element's `complete(bookingId)`: the partner's server booked the handed-over hold. The
 * confirmation shows it as if the widget had booked it (no manage link: a booking made with a
 * service token has none), and `bookora:booking-created` follows. Without a hand-over, nothing.
 */
export function completeBooking(attempt: Attempt, bookingId: string) {
  const handed = holdOf(attempt).handedOver.peek();
  if (!handed) return;
  const { confirmation, step, status, onSlotsChanged, emit } = attempt;
  const booked = { bookingId: String(bookingId), start: handed.start, end: handed.end, metadata: handed.metadata ?? {} };
  batch(() => {
    holdConsumed(attempt);
    confirmation.value = booked;
    step.value = "done";
    status.value = attempt.strings.peek()!.booked;
    onSlotsChanged();
  });
  emit(bookoraEvent("booking-created", booked));
}
