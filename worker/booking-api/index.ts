/**
 * The Booking API (design.md "HTTP contract"): availability, create, get, cancel, reschedule and
 * health. The one way in for the rest of the Worker.
 */
export { availabilityRoutes } from "./availability";
export { bookingRoutes } from "./bookings";
export { healthRoutes } from "./health";
export { bookingApiOperations, bookingSchema } from "./openapi";
