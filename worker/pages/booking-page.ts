/**
 * The hosted booking page (/book/:username/:type): the same <bookora-widget> a partner embeds, on a
 * page of our own, holding its first load (first-load.ts) when the host's object gave one in time.
 * The page is written in two parts around the block, so everything before it can be sent while
 * the host's object is still answering.
 */
import { html, raw } from "hono/html";
import { jsonDataBlock, layout } from "../http/html-pages";

/** The class of the block inside <bookora-widget> that widget/page-data.ts reads. */
export const FIRST_LOAD_CLASS = "bookora-first-load";

/** Where the block goes; a comment no escaped value can contain (every `<` in one is `&lt;`). */
const BLOCK_HOLE = "<!--bookora-first-load-->";

/**
 * The page before and after its block. The heading names the host by display name ("Jun
 * Hepulou"); the widget's attribute takes the username.
 */
export async function bookingPageParts(page: { username: string; hostName: string; typeRef: string; title: string }): Promise<[string, string]> {
  // Inside the element, so it belongs to that widget alone; its shadow root has no slot, so nothing shows.
  const whole = await layout(
    `${page.title} with ${page.hostName} · Bookora`,
    html`<main class="booking">
      <p class="eyebrow">Book a meeting</p>
      <h1>${page.title} with ${page.hostName}</h1>
      <bookora-widget username="${page.username}" booking-type="${page.typeRef}">${raw(BLOCK_HOLE)}</bookora-widget>
      <noscript><p>Booking needs JavaScript. Please enable it and reload this page.</p></noscript>
    </main>`,
  );
  const [before, after] = String(whole).split(BLOCK_HOLE) as [string, string];
  return [before, after];
}

/** The block for the page's JSON, or nothing when there is none. */
export function firstLoadBlock(firstLoad: string | null): string {
  return firstLoad === null ? "" : String(jsonDataBlock(firstLoad, FIRST_LOAD_CLASS));
}
