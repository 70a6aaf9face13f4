/**
 * The OpenAPI document and its reference page at /docs. The one way in for the rest of the Worker.
 */
export { openApiRoutes, referencePageRoutes } from "./routes";
