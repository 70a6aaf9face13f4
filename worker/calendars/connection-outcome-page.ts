/**
 * The page the OAuth callback shows when the partner gave no returnUrl (or when the browser that
 * came back is not the one that pressed Continue), and the connect page shows when it cannot go on:
 * what happened to the connection, in words a host understands. No script; the site's stylesheet only.
 */
import { html } from "hono/html";
import { layout } from "../http/html-pages";

export const OUTCOME_PAGE_CSP = "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const REASONS = {
  access_denied: "You declined access at the calendar provider, so nothing was connected.",
  invalid_state: "This link has expired or was already used. Start connecting your calendar again.",
  invalid_request: "The calendar provider's answer was incomplete. Start connecting your calendar again.",
  provider_error: "The calendar provider did not answer as expected. Please try again in a few minutes.",
  // The callback without the cookie that Continue sets: a provider link passed on to someone else.
  other_browser:
    "Nothing was connected. Connecting a calendar must start on Bookora's page that names the host and the account, and finish in the same browser; this browser did not start it. If you meant to connect your own calendar, ask for a new link and open it in this browser.",
  // A Continue that was not pressed on our page (another site's form).
  not_from_page: "Nothing was connected. Continue must be pressed on Bookora's own page. Open the link you were given again.",
} as const;

export type OutcomeReason = keyof typeof REASONS;

export function connectionOutcomePage(outcome: { status: "active" | "error"; reason: string | null }) {
  if (outcome.status === "active") {
    return layout(
      "Calendar connected · Bookora",
      html`<main class="booking">
        <h1>Calendar connected</h1>
        <p>Your calendar is connected. Times that are busy in it are no longer offered, and new bookings appear in it.</p>
        <p>You can close this page.</p>
      </main>`,
      { widget: false },
    );
  }
  return layout(
    "Calendar not connected · Bookora",
    html`<main class="booking">
      <h1>Calendar not connected</h1>
      <p>${outcome.reason !== null && Object.hasOwn(REASONS, outcome.reason) ? REASONS[outcome.reason as OutcomeReason] : REASONS.provider_error}</p>
    </main>`,
    { widget: false },
  );
}
