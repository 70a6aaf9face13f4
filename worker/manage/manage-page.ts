/**
 * The HTML of /manage/:bookingId: the same page for every id, booked or not, since the server
 * never sees the token (it is in the fragment) and so cannot tell, and must not tell, whether the
 * link works. <bookora-manage> (/manage.js) reads the token and asks the API.
 */
import { html } from "hono/html";
import { layout } from "../http/html-pages";
import type { Language } from "../locales/languages";
import { PAGE_TABLES } from "../locales/tables";

/**
 * In `language`, the request's Accept-Language's; <bookora-manage> picks the same from the browser's
 * languages. `localeChunk` is that language's strings' chunk of /manage.js, preloaded beside it so
 * the page's text does not wait for the script to run first (none for English, which is in it).
 */
export function managePage(bookingId: string, language: Language, localeChunk: string | null = null) {
  const t = PAGE_TABLES[language];
  return layout(
    t.manageTitle,
    html`<main class="booking">
      <p class="eyebrow">${t.manageEyebrow}</p>
      <h1>${t.manageHeading}</h1>
      <bookora-manage booking-id="${bookingId}"></bookora-manage>
      <noscript><p>${t.manageNoScript}</p></noscript>
    </main>`,
    { widget: false, script: "/manage.js", language, preload: localeChunk },
  );
}
