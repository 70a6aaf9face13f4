/**
 * The literal parts of English templates (between their placeholders), at least four characters
 * long and not also the other language's text for the same key ("Name" is both in German): any of
 * them on a page in that language is English showing through (languages.spec.ts,
 * manage-language.spec.ts).
 */
import type { Locator, Page } from "@playwright/test";
import type { PluralForms } from "../../worker/locales/messages";

type Table = Readonly<Record<string, string | PluralForms>>;

/** `pairs`: each English table beside the same table in the page's language. */
export function englishFragments(pairs: readonly (readonly [english: Table, other: Readonly<Record<string, unknown>>])[]): string[] {
  const fragments = new Set<string>();
  for (const [english, other] of pairs) {
    for (const [key, value] of Object.entries(english)) {
      for (const template of typeof value === "string" ? [value] : Object.values(value)) {
        if (template === undefined || template === other[key]) continue;
        for (const part of template.split(/\{\w+\}/)) if (part.trim().length >= 4) fragments.add(part.trim());
      }
    }
  }
  return [...fragments];
}

/**
 * What a visitor sees and hears on the page: its text, and the text of `host`'s shadow root (a
 * widget or the manage element) with the accessible names and placeholders given as attributes.
 */
export async function shownText(page: Page, host: Locator): Promise<string> {
  const inside = await host.evaluate((element) => {
    const top = element.shadowRoot?.firstElementChild as HTMLElement | null;
    if (!top) return "";
    const attributes = Array.from(top.querySelectorAll("[aria-label], [placeholder]")).flatMap((node) => [
      node.getAttribute("aria-label") ?? "",
      node.getAttribute("placeholder") ?? "",
    ]);
    return [top.innerText, ...attributes].join("\n");
  });
  return `${await page.locator("body").innerText()}\n${inside}`;
}
