/** How the widget's and the manage page's strings load: English at once, each other language from its chunk. */
import { type ReadonlySignal, signal } from "@preact/signals-core";
import type { Language } from "../worker/locales/languages";

/**
 * `language`'s table as a signal, made once per language and shared by every widget on the page:
 * `english` at once, any other language's from its chunk (null until it is in, English if it
 * cannot be fetched). Used by the widget (locale-tables.ts) and the manage page (manage-strings.ts).
 */
export function languageTables<T>(english: T, chunks: Partial<Record<Language, () => Promise<{ default: T }>>>) {
  const tables: Partial<Record<Language, ReadonlySignal<T | null>>> = {};
  return (language: Language): ReadonlySignal<T | null> => {
    const chunk = chunks[language];
    if (!tables[language]) {
      const table = signal(chunk ? null : english);
      chunk?.().then(
        (loaded) => (table.value = loaded.default),
        () => (table.value = english),
      );
      tables[language] = table;
    }
    return tables[language];
  };
}
