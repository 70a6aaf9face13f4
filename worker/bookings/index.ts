/**
 * The bookings list (design-management.md). The one way in for the rest of the Worker.
 */
export { bookingListOperations, bookingListRoutes } from "./list-routes";
