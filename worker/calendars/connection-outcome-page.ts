/**
 * The page the OAuth callback shows when the partner gave no returnUrl: what happened to the
 * connection, in words a host understands. No script; the site's stylesheet only.
 */
import { html } from "hono/html";
import { layout } from "../pages/booking-page";

export const OUTCOME_PAGE_CSP = "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const REASONS: Record<string, string> = {
  access_denied: "You declined access at the calendar provider, so nothing was connected.",
  invalid_state: "This link has expired or was already used. Start connecting your calendar again.",
  invalid_request: "The calendar provider's answer was incomplete. Start connecting your calendar again.",
  provider_error: "The calendar provider did not answer as expected. Please try again in a few minutes.",
};

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
      <p>${REASONS[outcome.reason ?? ""] ?? REASONS.provider_error}</p>
    </main>`,
    { widget: false },
  );
}
