/**
 * The lazy chunk (lazy-steps.ts): the steps after a time is picked, with their styles and the code
 * that sends the booking, and the zone picker's list and search (TimeZoneField shows the zone until
 * then). Nothing here is needed to show the first free slot.
 */
import "./english-steps";

export { BookingForm } from "./components/BookingForm";
export { Confirmation } from "./components/Confirmation";
export { TimeZonePicker } from "./components/TimeZonePicker";
// The first screen's reads retry with it after a failure (retry-after-failure.ts).
export { withRetries } from "./retry-policy";
export { default as css } from "./steps.css?inline";
