/**
 * Hosted booking pages at /book/:username/:type, and where a page's language chunk is (the manage page's too).
 * The one way in for the rest of the Worker.
 */
export { hostedPageRoutes } from "./hosted-pages";
export { localeChunkPaths } from "./locale-chunks";
