/**
 * The Booking API (design.md "HTTP contract"): availability, create, get, cancel, reschedule,
 * checkout holds and health. The one way in for the rest of the Worker.
 */
export { bookingAnswers, bookingMetadata, bookingSchema, instant } from "./responses";
export { bookingApiOperations, bookingApiRoutes } from "./routes";
