/**
 * Booking types: the public lookup, their management under a host, and the lookup hosted pages
 * use. The one way in for the rest of the Worker.
 */
export { findHostedType } from "./lookup";
export { bookingTypeManagementRoutes, bookingTypeOperations, hostBookingTypeRoutes } from "./management-routes";
export { bookingTypeLookupOperation, bookingTypeRoutes } from "./public-routes";
export { bookingTypeQuery } from "./schemas";
