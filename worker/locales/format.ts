/** Whole-sentence templates filled in, so no language's word order is broken by concatenation. */
import type { PluralForms } from "./messages";

/** `template` with each `{name}` replaced by `values[name]`. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name]));
}

/** The form `locale`'s plural rules choose for `count`, with `{count}` written in that locale's digits. */
export function plural(forms: PluralForms, count: number, locale: string, values: Record<string, string | number> = {}): string {
  return fill(forms[new Intl.PluralRules(locale).select(count)] ?? forms.other, { ...values, count: count.toLocaleString(locale) });
}
