/**
 * The steps after a time is picked (the form, the confirmation and its extras) are a chunk of
 * their own (booking-steps.ts), outside what /widget.js needs to show the first free slot. It is
 * fetched once the widget has rendered and the browser is idle, or at once when a time is picked
 * first; a fetch that failed is tried again on the next ask. The chunk's URL is relative to
 * /widget.js (import.meta.url), so an embed fetches it from our origin, like /widget.js itself.
 */
import { lazyModule } from "./lazy-module";

export type BookingSteps = typeof import("./booking-steps");

/**
 * The steps' code (`bookingSteps`, null until it is in; shared by every widget on the page), a fetch
 * of it now (`loadBookingSteps`), and one after the first render, when the browser has nothing else
 * to do (`loadBookingStepsWhenIdle`; Safari has no requestIdleCallback: soon after).
 */
export const [bookingSteps, loadBookingSteps, loadBookingStepsWhenIdle] = lazyModule<BookingSteps>(() => import("./booking-steps"));
