/** English, the reference table: what <bookora-widget> shows of a checkout, with `hold` or confirm="external" (in the checkout's chunk). */
export const enCheckout = {
  /** The `hold` attribute (slot-hold.ts): the chosen time is held for the visitor while they fill the form; `{time}` is when the hold ends, in their zone. */
  holding: "Holding this time for you…",
  heldUntil: "This time is held for you until {time}.",
  holdEnded: "We are no longer holding this time for you. You can still book it while it is free.",
  /** A hold refused with 409: the API does not say whether the time was booked or is held, so the sentence says both. */
  slotHeld: "Sorry, someone else is holding that time or has just booked it. Please pick another time.",
  /** confirm="external" (checkout-handover.ts): the partner's page takes payment, then its server books. */
  waitingForPayment: "Waiting for payment…",
  paymentHint: "Your booking is confirmed as soon as the payment is complete.",
};
