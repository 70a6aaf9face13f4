/**
 * The widget's strings in each language. English's first part is in /widget.js and its steps part
 * is added to it by the steps' chunk as that arrives (booking-steps.ts; the steps never render
 * before it). Every other language is a chunk of its own, fetched when a widget first needs it (as
 * its element is upgraded) and shared by every widget on the page. Until it is in, the widget shows
 * its skeleton, never English; a language whose chunk cannot be fetched falls back to English.
 */
import { en } from "../worker/locales/en/widget";
import type { Language } from "../worker/locales/languages";
import type { WidgetMessages } from "../worker/locales/messages";
import { languageTables } from "./language-tables";

/** Each language but English, as a chunk of its own (vite.config.ts names them `locale-<language>-<hash>.js`). */
const chunks: Partial<Record<Language, () => Promise<{ default: WidgetMessages }>>> = {
  de: () => import("../worker/locales/de/widget"),
  fr: () => import("../worker/locales/fr/widget"),
  es: () => import("../worker/locales/es/widget"),
  "pt-BR": () => import("../worker/locales/pt-BR/widget"),
  ja: () => import("../worker/locales/ja/widget"),
  ar: () => import("../worker/locales/ar/widget"),
};

/** `language`'s strings: null while its chunk is on its way. */
export const widgetStrings = /* @__PURE__ */ languageTables(en as WidgetMessages, chunks);
