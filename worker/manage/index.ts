/**
 * The attendee's manage token, link and page. The one way in for the rest of the Worker.
 */
export { withManageLink } from "./manage-link";
export { MANAGE_TOKEN_KEY_HELP, manageTokenFor, manageTokenKey, manageUrl } from "./manage-token";
export { managePageRoutes } from "./page-routes";
