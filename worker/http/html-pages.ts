/**
 * The shell of every HTML page the Worker answers (hosted booking pages, the manage page, the
 * calendar connect pages) and the error pages they share. Hono's `html` escapes every interpolated
 * value.
 */
import { html, raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import { plural } from "../locales/format";
import { direction, type Language } from "../locales/languages";
import { PAGE_TABLES } from "../locales/tables";

/**
 * One inline script, run while the page waits for its stylesheet and module: the browser's first
 * `Intl` call loads ICU's data (20–40 ms in a fresh renderer), which the widget would otherwise pay
 * just before its first render. The CSP allows exactly this text by its hash (html-pages.test.ts
 * checks the two agree).
 */
export const INTL_WARMUP_SCRIPT = "Intl.DateTimeFormat().resolvedOptions()";
export const INTL_WARMUP_HASH = "sha256-UKUTPzxpYukBPRxxsl914urppWf2vcpyeL2Eh2BI8S4=";

/**
 * No inline script or style but the warm-up above, so the page can forbid the rest. The widget's
 * styles are constructed stylesheets adopted by its shadow root, which this policy allows.
 */
export const HOSTED_PAGE_CSP =
  `default-src 'none'; script-src 'self' '${INTL_WARMUP_HASH}'; style-src 'self'; connect-src 'self'; img-src 'self' data:; ` +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** No such booking page, in `language` (the request's Accept-Language, worker/locales/accept-language.ts). */
export function notFoundPage(language: Language = "en") {
  const t = PAGE_TABLES[language];
  return layout(
    t.notFoundTitle,
    html`<main class="booking not-found">
      <h1>${t.notFoundHeading}</h1>
      <p>${t.notFoundText}</p>
      <p><a href="/">${t.goToBookora}</a></p>
    </main>`,
    { widget: true, language },
  );
}

/**
 * Over the per-IP limit: a page a visitor can read (the JSON envelope would show as raw text), still
 * with status 429 and Retry-After for machines. The count is per network (an IPv6 /64, or an IPv4
 * address shared behind a NAT) and includes the widget's API calls, hence "requests from your network".
 */
export function tooManyRequestsPage(retryAfterSeconds: number, language: Language = "en") {
  const t = PAGE_TABLES[language];
  return layout(
    t.tooManyTitle,
    html`<main class="booking">
      <h1>${t.tooManyHeading}</h1>
      <p>${plural(t.tooManyText, retryAfterSeconds, language)}</p>
    </main>`,
    { widget: true, language },
  );
}

/** A request that did not come through Cloudflare (no client address): refused, see client-ip.ts. */
export function badRequestPage(language: Language = "en") {
  const t = PAGE_TABLES[language];
  return layout(
    t.badRequestTitle,
    html`<main class="booking">
      <h1>${t.badRequestHeading}</h1>
      <p>${t.badRequestText}</p>
    </main>`,
    { widget: true, language },
  );
}

/**
 * JSON for a page's script to read, in a block the browser never runs (`type="application/json"`),
 * so the CSP's `script-src 'self'` stays as it is. `<`, `>` and `&` become \u escapes, so no string
 * in it can close the element or open a comment (`</script>`, `<!--`), and U+2028/U+2029 too, for
 * anyone who reads the text as JavaScript; JSON.parse gives every string back unchanged.
 */
export function jsonDataBlock(json: string, className: string) {
  const escaped = json.replace(/[<>&\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return html`<script type="application/json" class="${className}">${raw(escaped)}</script>`;
}

/**
 * One of our pages, in `language` (`<html lang dir>` and the footer; English unless given): the
 * site's stylesheet, and the widget's script only where a page shows it (or `script`, another
 * module of ours, such as the manage page's /manage.js), preloaded as a module ahead of the
 * stylesheet, so its fetch and compile start with the first bytes of the page; `preload`, a module
 * the script will import (the page's language's strings), likewise.
 */
export function layout(
  title: string,
  body: HtmlEscapedString | Promise<HtmlEscapedString>,
  options: { widget: boolean; script?: string; language?: Language; preload?: string | null } = { widget: true },
) {
  const script = options.script ?? (options.widget ? "/widget.js" : null);
  const language = options.language ?? "en";
  // The footer's sentence around its link, whatever the link's place in the language's word order.
  const [beforeLink = "", afterLink = ""] = PAGE_TABLES[language].footer.split("{link}");
  return html`<!doctype html>
<html lang="${language}" dir="${direction(language)}">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="color-scheme" content="light dark" />
    <title>${title}</title>
    ${script ? html`<link rel="modulepreload" href="${script}" />` : ""}
    ${options.preload ? html`<link rel="modulepreload" href="${options.preload}" />` : ""}
    ${script ? html`<script>${raw(INTL_WARMUP_SCRIPT)}</script>` : ""}
    <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
    <link rel="stylesheet" href="/site.css" />
    ${script ? html`<script type="module" src="${script}"></script>` : ""}
  </head>
  <body>
    ${body}
    <footer class="site-footer">${beforeLink}<a href="/">Bookora</a>${afterLink}</footer>
  </body>
</html>`;
}
