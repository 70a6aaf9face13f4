/** How per-language tables load: the widget's and the manage page's strings, the zone picker's cities. */
import { type ReadonlySignal, signal } from "@preact/signals-core";
import type { Language } from "../worker/locales/languages";

/**
 * `language`'s table as a signal, made once per language and shared by every widget on the page:
 * from its chunk (null until it is in, `fallback` if it cannot be fetched), or `fallback` at once
 * for a language without a chunk (English's strings are in the bundle itself). Used by the widget
 * (locale-tables.ts), the manage page (manage-strings.ts) and the zone picker (zone-cities.ts).
 */
export function languageTables<T>(fallback: T, chunks: Partial<Record<Language, () => Promise<{ default: T }>>>) {
  const tables: Partial<Record<Language, ReadonlySignal<T | null>>> = {};
  return (language: Language): ReadonlySignal<T | null> => {
    const chunk = chunks[language];
    if (!tables[language]) {
      const table = signal(chunk ? null : fallback);
      chunk?.().then(
        (loaded) => (table.value = loaded.default),
        () => (table.value = fallback),
      );
      tables[language] = table;
    }
    return tables[language];
  };
}
