/**
 * The widget's strings in each language. English's first part is in /widget.js and its steps part
 * is added to it by the steps' chunk as that arrives (booking-steps.ts; the steps never render
 * before it). Every other language is a chunk of its own, fetched when a widget first needs it (as
 * its element is upgraded) and shared by every widget on the page. Until it is in, the widget shows
 * its skeleton, never English; a language whose chunk cannot be fetched falls back to English.
 */
import { type ReadonlySignal, signal } from "@preact/signals-core";
import { en } from "../worker/locales/en/widget";
import type { Language } from "../worker/locales/languages";
import type { WidgetMessages } from "../worker/locales/messages";

/** Each language but English, as a chunk of its own (vite.config.ts names them `locale-<language>-<hash>.js`). */
const chunks: Partial<Record<Language, () => Promise<{ default: WidgetMessages }>>> = {
  de: () => import("../worker/locales/de/widget"),
  fr: () => import("../worker/locales/fr/widget"),
  es: () => import("../worker/locales/es/widget"),
  "pt-BR": () => import("../worker/locales/pt-BR/widget"),
  ja: () => import("../worker/locales/ja/widget"),
  ar: () => import("../worker/locales/ar/widget"),
};

const tables: Partial<Record<Language, ReadonlySignal<WidgetMessages | null>>> = {};

/** `language`'s strings: null while its chunk is on its way. */
export function widgetStrings(language: Language): ReadonlySignal<WidgetMessages | null> {
  tables[language] ??= load(language);
  return tables[language];
}

function load(language: Language) {
  const english = en as WidgetMessages;
  const chunk = chunks[language];
  const table = signal(chunk ? null : english);
  chunk?.().then(
    (loaded) => (table.value = loaded.default),
    () => (table.value = english),
  );
  return table;
}
