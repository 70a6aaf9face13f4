/**
 * The lazy chunk (lazy-steps.ts): the steps after a time is picked, with their styles and the code
 * that sends the booking, the zone picker, the day grid's keys and the retry policy; with `hold` or
 * confirm="external", what fetches the checkout's own chunk (checkout-mode.ts). Nothing here is
 * needed to show the first free slot.
 */
import "./english-steps";

// The day grid's keys (MonthCalendar), and the first screen's reads' retries after a failure (retry-after-failure.ts).
export { dayAfterKey } from "./calendar-keys";
export { Confirmation } from "./components/Confirmation";
export { DetailsStep } from "./components/DetailsStep";
export { TimeZonePicker } from "./components/TimeZonePicker";
export { withRetries } from "./retry-policy";
export { default as css } from "./steps.css?inline";
