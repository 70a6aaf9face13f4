/**
 * Hosts, their hours and date overrides (design-management.md). The one way in for the rest of the
 * Worker.
 */
export { findHost } from "./find-host";
export { hostFor } from "./host-access";
export { hostOperations, hostRoutes } from "./routes";
