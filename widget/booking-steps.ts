/**
 * The lazy chunk (lazy-steps.ts): the steps after a time is picked, with their styles and the code
 * that sends the booking (or, with the `hold` attribute, holds the time first, and with
 * confirm="external" hands it to the partner's payment), the zone picker, the day grid's keys and the retry policy. Nothing here is
 * needed to show the first free slot.
 */
import "./english-steps";

// What the checkout's chunk uses of these steps, through the loaded chunk (steps-code.ts).
export { bookingBody } from "./booking-body";
export { confirmAttempt } from "./booking-submission";
// The day grid's keys (MonthCalendar), and the first screen's reads' retries after a failure (retry-after-failure.ts).
export { dayAfterKey } from "./calendar-keys";
export { Confirmation } from "./components/Confirmation";
export { DetailsStep } from "./components/DetailsStep";
export { TimeZonePicker } from "./components/TimeZonePicker";
export { formatRange } from "./format-range";
export { newIdempotencyKey } from "./idempotency-key";
export { withRetries } from "./retry-policy";
export { default as css } from "./steps.css?inline";
export { currentZoneName } from "./zone-names";
