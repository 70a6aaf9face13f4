/**
 * The zone picker's city names in the visitor's language (CLDR's, generated into cities-<language>.ts by
 * scripts/generate-zone-cities.ts): each language a chunk of its own (`cities-<language>-[hash].js`),
 * fetched by the picker, in the steps' chunk, when it first shows. Null until it is in (the picker
 * waits, so no other language's names flash); a table that cannot be fetched is empty, and the
 * zone ids' own names show.
 */
import { type ReadonlySignal, signal } from "@preact/signals-core";
import type { Language } from "../../worker/locales/languages";

type Cities = Readonly<Record<string, string>>;

const chunks: Record<Language, () => Promise<{ default: Cities }>> = {
  en: () => import("./cities-en"),
  de: () => import("./cities-de"),
  fr: () => import("./cities-fr"),
  es: () => import("./cities-es"),
  "pt-BR": () => import("./cities-pt-BR"),
  ja: () => import("./cities-ja"),
  ar: () => import("./cities-ar"),
};

const tables: Partial<Record<Language, ReadonlySignal<Cities | null>>> = {};

/** `language`'s city names: null while its chunk is on its way. */
export function zoneCities(language: Language): ReadonlySignal<Cities | null> {
  let table = tables[language];
  if (!table) {
    const loading = signal<Cities | null>(null);
    chunks[language]().then(
      (loaded) => (loading.value = loaded.default),
      () => (loading.value = {}),
    );
    tables[language] = table = loading;
  }
  return table;
}
