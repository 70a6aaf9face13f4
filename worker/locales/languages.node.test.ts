import { describe, expect, it } from "vitest";
import { acceptedLanguages, languageOfRequest } from "./accept-language";
import { direction, matchLanguage } from "./languages";

describe("matchLanguage: the first wanted tag whose language we have", () => {
  it("matches a regional tag to its language and keeps the tag for dates", () => {
    expect(matchLanguage(["de-AT"])).toEqual({ language: "de", locale: "de-AT" });
    expect(matchLanguage(["fr-CA", "en"])).toEqual({ language: "fr", locale: "fr-CA" });
  });

  it("gives Brazilian Portuguese for any Portuguese", () => {
    expect(matchLanguage(["pt"])).toEqual({ language: "pt-BR", locale: "pt" });
    expect(matchLanguage(["pt-PT"])).toEqual({ language: "pt-BR", locale: "pt-PT" });
    expect(matchLanguage(["pt-BR"])).toEqual({ language: "pt-BR", locale: "pt-BR" });
  });

  it("skips languages without a table, in the visitor's order", () => {
    expect(matchLanguage(["sv-SE", "nb", "ja-JP", "de"])).toEqual({ language: "ja", locale: "ja-JP" });
  });

  it("falls back to English, and reads any case", () => {
    expect(matchLanguage(["sv", "fi"])).toEqual({ language: "en", locale: "en" });
    expect(matchLanguage([])).toEqual({ language: "en", locale: "en" });
    expect(matchLanguage(["AR-eg"])).toEqual({ language: "ar", locale: "ar-EG" });
  });

  it('skips what is not a language tag (a partner\'s locale="de_DE") instead of throwing later in Intl', () => {
    expect(matchLanguage(["de_DE", "es-MX"])).toEqual({ language: "es", locale: "es-MX" });
    expect(matchLanguage(["", "ja"])).toEqual({ language: "ja", locale: "ja" });
  });

  it("does not take a longer primary subtag for one of ours (jam is not ja)", () => {
    expect(matchLanguage(["jam", "fil"])).toEqual({ language: "en", locale: "en" });
  });
});

describe("direction", () => {
  it("is right to left for Arabic only", () => {
    expect(direction("ar")).toBe("rtl");
    expect(direction("de")).toBe("ltr");
  });
});

describe("Accept-Language", () => {
  it("orders tags by q-value, ties in the header's order", () => {
    expect(acceptedLanguages("fr;q=0.5, de-AT, en;q=0.8, ja;q=0.5")).toEqual(["de-AT", "en", "fr", "ja"]);
  });

  it("leaves out q=0, the wildcard and broken parts", () => {
    expect(acceptedLanguages("de;q=0, *;q=0.1, ;q=0.9, es;q=abc, fr ; Q=0.3")).toEqual(["fr"]);
  });

  it("picks the page's language from the header, English without one", () => {
    expect(languageOfRequest("en;q=0.3, de-DE;q=0.9, pt")).toEqual({ language: "pt-BR", locale: "pt" });
    expect(languageOfRequest("sv-SE, ar;q=0.2")).toEqual({ language: "ar", locale: "ar" });
    expect(languageOfRequest(null)).toEqual({ language: "en", locale: "en" });
    expect(languageOfRequest("")).toEqual({ language: "en", locale: "en" });
  });
});
