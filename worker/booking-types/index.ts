/**
 * Booking types: the public lookup, their management under a host, and the lookup and details
 * hosted pages use (the same the public lookup answers). The one way in for the rest of the Worker.
 */
export { bookingTypeDetails, findHostedType, type HostedType } from "./lookup";
export { bookingTypeManagementRoutes, bookingTypeOperations, hostBookingTypeRoutes } from "./management-routes";
export { bookingTypeLookupOperation, bookingTypeRoutes } from "./public-routes";
export { bookingTypeQuery } from "./schemas";
