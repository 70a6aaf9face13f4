/**
 * The hosted booking page (/book/:username/:type): the same <bookora-widget> a partner embeds, on a
 * page of our own.
 */
import { html } from "hono/html";
import { layout } from "../http/html-pages";

/** The heading names the host by display name ("Jun Hepulou"); the widget's attribute takes the username. */
export function bookingPage(page: { username: string; hostName: string; typeRef: string; title: string }) {
  return layout(
    `${page.title} with ${page.hostName} · Bookora`,
    html`<main class="booking">
      <p class="eyebrow">Book a meeting</p>
      <h1>${page.title} with ${page.hostName}</h1>
      <bookora-widget username="${page.username}" booking-type="${page.typeRef}"></bookora-widget>
      <noscript><p>Booking needs JavaScript. Please enable it and reload this page.</p></noscript>
    </main>`,
  );
}
