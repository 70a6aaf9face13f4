/**
 * The HTML of /manage/:bookingId: the same page for every id, booked or not, since the server
 * never sees the token (it is in the fragment) and so cannot tell, and must not tell, whether the
 * link works. <bookora-manage> (/manage.js) reads the token and asks the API.
 */
import { html } from "hono/html";
import { layout } from "../http/html-pages";

export function managePage(bookingId: string) {
  return layout(
    "Your booking · Bookora",
    html`<main class="booking">
      <p class="eyebrow">Your booking</p>
      <h1>Manage your booking</h1>
      <bookora-manage booking-id="${bookingId}"></bookora-manage>
      <noscript><p>Managing a booking needs JavaScript. Please enable it and reload this page.</p></noscript>
    </main>`,
    { widget: false, script: "/manage.js" },
  );
}
