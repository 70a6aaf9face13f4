/**
 * The zone picker's city names in the visitor's language (CLDR's, generated into cities-<language>.ts by
 * scripts/generate-zone-cities.ts): each language a chunk of its own (`cities-<language>-[hash].js`),
 * fetched by the picker, in the steps' chunk, once the visitor comes near it. Null until it is in
 * (the picker shows Intl's name for the zone meanwhile, so no other language's names flash); a
 * table that cannot be fetched is empty, and the zone ids' own names show.
 */
import type { Language } from "../../worker/locales/languages";
import { languageTables } from "../language-tables";

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

/** `language`'s cities: null while its chunk is on its way, `{}` if it cannot be fetched. */
export const zoneCities = /* @__PURE__ */ languageTables<Cities>({}, chunks);
