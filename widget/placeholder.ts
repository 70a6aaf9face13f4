/**
 * What a widget shows from the moment it is connected until its first render (define.ts): a grey
 * block in the widget's frame, about the height of a header and a five-week month, written as HTML
 * in one step rather than rendered by Preact. An embed's answers are usually in before its first
 * frame; a Preact skeleton (the month's grid, its weekday names from Intl) ran first and held their
 * render back behind its own render and frame: the first slot 28–48 ms later (bench/README.md).
 * Aria-hidden, with no words: the visitor's language may not be in yet. App shows the same block
 * while a language it changed to is on its way.
 */
export const PLACEHOLDER_HTML = '<div class="widget"><span class="skeleton skeleton-widget" aria-hidden="true"></span></div>';
