/**
 * The checkout as the details step drives it (components/DetailsStep.tsx): started as the step
 * shows, with the time held, the element's `complete()` given with confirm="external", and the
 * page's leaving and coming back followed; stopped as the step goes, with the hold released. The
 * form's submit, through here: handed to the partner (confirm="external"), or booked with the hold.
 */
import type { Attempt } from "./booking-attempt-model";
import type { SentWith } from "./booking-body";
import { completeBooking, handOver } from "./checkout-handover";
import type { CheckoutMode } from "./checkout-mode";
import { checkoutSettings, holdIdFor, holdOf, holdSlot, releaseHold } from "./slot-hold";
import { stepsCode } from "./steps-code";

/** The element, as a partner's page calls it with confirm="external". */
export interface CheckoutElement extends Element {
  complete?: (bookingId: string) => void;
}

/**
 * Holds the chosen time, and releases it as the page is left (`pagehide`, where only a `keepalive`
 * request still leaves) and holds it again if the page comes back from the back/forward cache.
 * Returns what stops it all, releasing the hold.
 */
export function startCheckout(attempt: Attempt, mode: CheckoutMode, element: CheckoutElement | null): () => void {
  const settings = checkoutSettings(mode, element);
  holdOf(attempt).settings.value = settings;
  // An own property, not a method of the element's class: the class is in /widget.js, whose budget has no room for it.
  if (settings.isExternal && element) element.complete = (bookingId) => completeBooking(attempt, bookingId);
  const holdChosen = () => {
    const slot = attempt.slot.peek();
    if (slot) void holdSlot(attempt, slot);
  };
  const left = () => releaseHold(attempt);
  const returned = (event: PageTransitionEvent) => {
    if (event.persisted) holdChosen();
  };
  holdChosen();
  addEventListener("pagehide", left);
  addEventListener("pageshow", returned);
  return () => {
    removeEventListener("pagehide", left);
    removeEventListener("pageshow", returned);
    releaseHold(attempt);
  };
}

export function submitCheckout(attempt: Attempt, sentWith: SentWith) {
  return holdOf(attempt).settings.peek().isExternal
    ? handOver(attempt, sentWith)
    : stepsCode().confirmAttempt(attempt, sentWith, (slot) => holdIdFor(attempt, slot));
}

/** confirm="external", once the form was handed over: the step waits for the partner's payment. */
export function isWaiting(attempt: Attempt): boolean {
  return holdOf(attempt).handedOver.value !== null;
}
