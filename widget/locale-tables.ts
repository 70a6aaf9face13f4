/**
 * The widget's strings in each language. English's first part is in /widget.js and its steps part
 * comes with the steps' chunk, which hands it over here (the steps never render before it); every other language is a chunk
 * of its own, fetched when a widget first needs it (as its element is upgraded) and shared by every
 * widget on the page. Until it is in, the widget shows its skeleton, never English; a language
 * whose chunk cannot be fetched falls back to English.
 */
import { computed, type ReadonlySignal, signal } from "@preact/signals-core";
import { en } from "../worker/locales/en/widget";
import type { Language } from "../worker/locales/languages";
import type { WidgetMessages } from "../worker/locales/messages";

// The other languages' chunks are being written; until each is in, its visitors get English.
const chunks: Partial<Record<Exclude<Language, "en">, () => Promise<{ default: WidgetMessages }>>> = {};

const englishSteps = /* @__PURE__ */ signal({});
// English's steps part is missing until the steps' chunk is in, and nothing reads it before then.
const english = /* @__PURE__ */ computed(() => ({ ...en, ...englishSteps.value }) as WidgetMessages);
const tables = /* @__PURE__ */ new Map<Language, ReadonlySignal<WidgetMessages | null>>([["en", english]]);

/** `language`'s strings: null while its chunk is on its way. */
export function widgetStrings(language: Language): ReadonlySignal<WidgetMessages | null> {
  let table = tables.get(language);
  if (!table) {
    const loaded = signal<WidgetMessages | null | undefined>(null);
    (chunks[language as Exclude<Language, "en">]?.() ?? Promise.reject()).then(
      (chunk) => (loaded.value = chunk.default),
      () => (loaded.value = undefined),
    );
    table = computed(() => (loaded.value === undefined ? english.value : loaded.value));
    tables.set(language, table);
  }
  return table;
}

/** The steps' chunk hands English's steps part over as it arrives (booking-steps.ts). */
export function addEnglishSteps(steps: object) {
  englishSteps.value = steps;
}
