/**
 * The languages Bookora speaks, and which one a visitor gets: the first tag they ask for (the
 * widget's `locale` attribute, else `navigator.languages`; a page's `Accept-Language`) whose
 * language has a table, matched by its primary subtag (`de-AT` → `de`, `pt` → `pt-BR`), else English.
 * The tag itself stays the locale dates and numbers are formatted in (`de-AT` keeps "Jänner").
 */
export const LANGUAGES = ["en", "de", "fr", "es", "pt-BR", "ja", "ar"] as const;
export type Language = (typeof LANGUAGES)[number];

export interface LanguageMatch {
  language: Language;
  /** The requested tag that matched (canonical), for Intl; "en" when none did. */
  locale: string;
}

export function matchLanguage(requested: readonly string[]): LanguageMatch {
  for (const tag of requested) {
    let wanted: Intl.Locale;
    try {
      wanted = new Intl.Locale(tag);
    } catch {
      // Not a language tag (a partner's locale="de_DE"): Intl would throw on it later.
      continue;
    }
    // The primary subtag has two or three letters, so a prefix of ours is one of ours ("jam" is not "ja").
    const language = LANGUAGES.find((candidate) => candidate.startsWith(wanted.language));
    if (language) return { language, locale: wanted.toString() };
  }
  return { language: "en", locale: "en" };
}

/** Arabic is written right to left; the others left to right. */
export function direction(language: Language): "rtl" | "ltr" {
  return language === "ar" ? "rtl" : "ltr";
}
