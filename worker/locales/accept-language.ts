/** The language tags of an `Accept-Language` header, most wanted first (RFC 9110 §12.5.4). */
import { type LanguageMatch, matchLanguage } from "./languages";

/** Tags by quality, highest first, ties in the header's order; `q=0` (not wanted) and `*` left out. */
export function acceptedLanguages(header: string | null | undefined): string[] {
  return (header ?? "")
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.split(";").map((piece) => piece.trim());
      const q = params.find((param) => /^q=/i.test(param));
      const quality = q === undefined ? 1 : Number(q.slice(2));
      return { tag, quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter(({ tag, quality }) => tag !== "" && tag !== "*" && quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index)
    .map(({ tag }) => tag);
}

/** The language a server-rendered page is written in for a request with this header. */
export function languageOfRequest(header: string | null | undefined): LanguageMatch {
  return matchLanguage(acceptedLanguages(header));
}
