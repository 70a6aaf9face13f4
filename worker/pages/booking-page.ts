/**
 * The hosted booking page (/book/:username/:type): the same <bookora-widget> a partner embeds, on a
 * page of our own, holding its first load (first-load.ts) when the host's object gave one in time.
 */
import { html } from "hono/html";
import { jsonDataBlock, layout } from "../http/html-pages";

/** The class of the block inside <bookora-widget> that widget/page-data.ts reads. */
export const FIRST_LOAD_CLASS = "bookora-first-load";

/** The heading names the host by display name ("Jun Hepulou"); the widget's attribute takes the username. */
export function bookingPage(page: { username: string; hostName: string; typeRef: string; title: string; firstLoad: string | null }) {
  // Inside the element, so it belongs to that widget alone; its shadow root has no slot, so nothing shows.
  const block = page.firstLoad === null ? "" : jsonDataBlock(page.firstLoad, FIRST_LOAD_CLASS);
  return layout(
    `${page.title} with ${page.hostName} · Bookora`,
    html`<main class="booking">
      <p class="eyebrow">Book a meeting</p>
      <h1>${page.title} with ${page.hostName}</h1>
      <bookora-widget username="${page.username}" booking-type="${page.typeRef}">${block}</bookora-widget>
      <noscript><p>Booking needs JavaScript. Please enable it and reload this page.</p></noscript>
    </main>`,
  );
}
