/**
 * Service tokens and their scopes (design-management.md). The one way in for the rest of the Worker.
 */
export { tokenOperations } from "./openapi";
export { tokenRoutes } from "./token-routes";
