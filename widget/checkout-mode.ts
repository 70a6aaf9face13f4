/**
 * Which checkout an element asks for (design-embed.md "Checkout flows"): none (Confirm books at
 * once), "hold" (the time is held while the form shows, and Confirm books the hold) or "external"
 * (the form hands the held time to the partner's payment, whose server books it). Read from its
 * attributes as the form first shows. The code of both is a chunk of its own (checkout.ts), fetched
 * then, so a widget without them never downloads it: this is all the steps' chunk holds of it.
 */
import { bookingBody } from "./booking-body";
import { confirmAttempt } from "./booking-submission";
import { formatRange } from "./format-range";
import { newIdempotencyKey } from "./idempotency-key";
import { lazyModule } from "./lazy-module";
import { withRetries } from "./retry-policy";
import { currentZoneName } from "./zone-names";

export type CheckoutMode = "hold" | "external" | null;

/** confirm="external" needs a hold to hand over, so it holds with or without `hold`. */
export function checkoutMode(element: Element | null): CheckoutMode {
  return element?.getAttribute("confirm") === "external" ? "external" : element?.hasAttribute("hold") ? "hold" : null;
}

/** What the checkout's chunk uses of the steps' chunk, handed to it as it arrives (steps-code.ts says why). */
export const STEPS_FOR_CHECKOUT = { bookingBody, confirmAttempt, formatRange, newIdempotencyKey, withRetries, currentZoneName };
export type StepsForCheckout = typeof STEPS_FOR_CHECKOUT;

export type CheckoutCode = typeof import("./checkout");

/** The checkout's code (null until it is in; shared by every widget on the page) and a fetch of it. */
export const [checkoutCode, loadCheckout] = lazyModule<CheckoutCode>(() =>
  import("./checkout").then((checkout) => {
    checkout.useSteps(STEPS_FOR_CHECKOUT);
    return checkout;
  }),
);
