/**
 * Service tokens and their scopes (design-management.md). The one way in for the rest of the Worker.
 */
export { tokenOperations, tokenRoutes } from "./token-routes";
