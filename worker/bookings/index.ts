/**
 * The bookings list (design-management.md). The one way in for the rest of the Worker.
 */
export { bookingListRoutes } from "./list-routes";
export { bookingListOperations } from "./openapi";
