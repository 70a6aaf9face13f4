/**
 * The hosted booking page (/book/:username/:type): the same <bookora-widget> a partner embeds, on a
 * page of our own, holding its first load (first-load.ts) when the host's object gave one in time.
 * The page is written in two parts around the block, so everything before it can be sent while
 * the host's object is still answering.
 */
import { html, raw } from "hono/html";
import { jsonDataBlock, layout } from "../http/html-pages";
import { fill, plural } from "../locales/format";
import type { LanguageMatch } from "../locales/languages";
import { PAGE_TABLES, WIDGET_TABLES } from "../locales/tables";

/** The class of the block inside <bookora-widget> that widget/page-data.ts reads. */
export const FIRST_LOAD_CLASS = "bookora-first-load";

/** Where the block goes; a comment no escaped value can contain (every `<` in one is `&lt;`). */
const BLOCK_HOLE = "<!--bookora-first-load-->";

/**
 * The page before and after its block, in the request's language (`visitor`, from Accept-Language).
 * The heading names the host by display name ("Jun Hepulou"), and the meeting's length under it when
 * the type has one length (with several, the widget's own choice of length shows which is chosen):
 * the widget's header, which says both, is hidden (`hide-header`). The widget's attribute takes the
 * username, and its `locale` the tag the page's language was chosen by, so the widget speaks the
 * page's language; `localeChunk`, the chunk of that language's strings, is preloaded beside
 * /widget.js (locale-chunks.ts).
 */
export async function bookingPageParts(
  page: { username: string; hostName: string; typeRef: string; title: string; durations: readonly number[] },
  visitor: LanguageMatch,
  localeChunk: string | null = null,
): Promise<[string, string]> {
  const t = PAGE_TABLES[visitor.language];
  const names = { title: page.title, host: page.hostName };
  // The block goes inside the element, so it belongs to that widget alone; its shadow root has no slot, so nothing shows.
  const whole = await layout(
    fill(t.bookingTitle, names),
    html`<main class="booking">
      <p class="eyebrow">${t.bookMeeting}</p>
      <h1>${fill(t.bookingHeading, names)}</h1>
      ${page.durations.length === 1 ? html`<p class="lead">${plural(WIDGET_TABLES[visitor.language].minutes, page.durations[0]!, visitor.locale)}</p>` : ""}
      <bookora-widget username="${page.username}" booking-type="${page.typeRef}" locale="${visitor.locale}" hide-header>${raw(BLOCK_HOLE)}</bookora-widget>
      <noscript><p>${t.bookingNoScript}</p></noscript>
    </main>`,
    { widget: true, language: visitor.language, preload: localeChunk },
  );
  const [before, after] = String(whole).split(BLOCK_HOLE) as [string, string];
  return [before, after];
}

/** The block for the page's JSON, or nothing when there is none. */
export function firstLoadBlock(firstLoad: string | null): string {
  return firstLoad === null ? "" : String(jsonDataBlock(firstLoad, FIRST_LOAD_CLASS));
}
