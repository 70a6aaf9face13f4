/**
 * Hosted booking pages at /book/:username/:type. The one way in for the rest of the Worker.
 */
export { hostedPageRoutes } from "./hosted-pages";
