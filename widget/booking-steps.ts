/**
 * The lazy chunk (lazy-steps.ts): the steps after a time is picked, with their styles. Everything
 * here is out of what /widget.js holds to show the first free slot.
 */
export { BookingForm } from "./components/BookingForm";
export { Confirmation } from "./components/Confirmation";
export { default as css } from "./steps.css?inline";
