/**
 * The checkout's chunk (checkout-mode.ts), fetched only by a widget with `hold` or
 * confirm="external": holding the picked time (slot-hold.ts, hold-requests.ts), handing it to the
 * partner's payment (checkout-handover.ts), what both show, and English's strings for them.
 */
import "./checkout-strings";

export { isWaiting, startCheckout, submitCheckout } from "./checkout-step";
export { HoldNotice } from "./components/HoldNotice";
export { WaitingForPayment } from "./components/WaitingForPayment";
export { useSteps } from "./steps-code";
