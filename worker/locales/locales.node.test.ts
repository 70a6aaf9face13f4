/**
 * Every language says everything English says: the same keys (none missing, none extra, which
 * typecheck alone would let through for extra ones), the same {placeholders} in each template, and
 * plural forms for every category the language's Intl.PluralRules can choose.
 */
import { describe, expect, it } from "vitest";
import { enCheckout } from "./en/checkout";
import { enDialog } from "./en/dialog";
import { enMail } from "./en/mail";
import { enManage } from "./en/manage";
import { enPages } from "./en/pages";
import { enSteps } from "./en/steps";
import { en } from "./en/widget";
import { LANGUAGES } from "./languages";
import type { PluralForms } from "./messages";
import { MAIL_TABLES, MANAGE_TABLES, PAGE_TABLES, WIDGET_TABLES } from "./tables";

type Table = Readonly<Record<string, string | PluralForms>>;

const placeholders = (template: string) => [...template.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

/** What is wrong with `table` against English's `reference`, one line each; empty when nothing is. */
function tableProblems(reference: Table, table: Table, language: string): string[] {
  const problems: string[] = [];
  const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
  for (const key of Object.keys(reference)) if (!(key in table)) problems.push(`${key}: missing`);
  for (const [key, value] of Object.entries(table)) {
    const english = reference[key];
    if (english === undefined) {
      problems.push(`${key}: not in English`);
    } else if (typeof english === "string") {
      if (typeof value !== "string") problems.push(`${key}: plural forms where English has one sentence`);
      else if (placeholders(value).join() !== placeholders(english).join())
        problems.push(`${key}: placeholders ${placeholders(value)} (English: ${placeholders(english)})`);
    } else if (typeof value === "string") {
      problems.push(`${key}: one sentence where English has plural forms`);
    } else {
      const wanted = placeholders(english.other);
      for (const category of categories) if (value[category] === undefined) problems.push(`${key}: no "${category}" form`);
      for (const [category, form] of Object.entries(value)) {
        if (!categories.includes(category as Intl.LDMLPluralRule)) problems.push(`${key}: "${category}" is not a plural category of ${language}`);
        // A form may leave the count out ("دقيقة واحدة", one minute), never add another placeholder.
        const found = placeholders(form ?? "");
        if (category === "other" ? found.join() !== wanted.join() : found.some((name) => !wanted.includes(name))) {
          problems.push(`${key}.${category}: placeholders ${found} (English: ${wanted})`);
        }
      }
    }
  }
  return problems;
}

describe("every locale has English's keys, placeholders and its own plural forms", () => {
  for (const language of LANGUAGES) {
    it(`${language}: the widget's table`, () =>
      expect(tableProblems({ ...en, ...enSteps, ...enDialog, ...enCheckout }, WIDGET_TABLES[language], language)).toEqual([]));
    it(`${language}: the manage page's table`, () =>
      expect(tableProblems({ ...en, ...enSteps, ...enDialog, ...enCheckout, ...enManage }, MANAGE_TABLES[language], language)).toEqual([]));
    it(`${language}: the server pages' table`, () => expect(tableProblems(enPages, PAGE_TABLES[language], language)).toEqual([]));
    it(`${language}: the e-mail's table`, () => expect(tableProblems(enMail, MAIL_TABLES[language], language)).toEqual([]));
  }
});

describe("tableProblems", () => {
  const reference = { greeting: "Hello {name}", items: { one: "{count} item", other: "{count} items" } };

  it("finds a missing key, an extra key, changed placeholders and missing plural forms", () => {
    const table = { greeting: "Hallo {nom}", extra: "x", items: { one: "{count} Stück" } as unknown as PluralForms };
    expect(tableProblems(reference, table, "de").sort()).toEqual([
      "extra: not in English",
      "greeting: placeholders nom (English: name)",
      'items: no "other" form',
    ]);
  });

  it("asks Arabic for all six forms, and lets a form leave its count out", () => {
    const table = { greeting: "مرحبًا {name}", items: { one: "عنصر واحد", other: "{count} عنصر" } };
    expect(tableProblems(reference, table, "ar").sort()).toEqual([
      'items: no "few" form',
      'items: no "many" form',
      'items: no "two" form',
      'items: no "zero" form',
    ]);
  });
});
