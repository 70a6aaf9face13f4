/**
 * Free text that people typed and other people read (design.md "Fields": an attendee's name and
 * notes, a host's name, a booking type's title and description, a token's name, a webhook endpoint's
 * description): control characters and bidirectional overrides are refused with 400, once, here.
 *
 * Refused: the Unicode control characters (U+0000–U+001F, U+007F–U+009F), except line breaks (CR,
 * LF) where a field takes several lines; U+2028 and U+2029 (line and paragraph separators) where it
 * doesn't; and the bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069),
 * which make text display in another order than it is stored ("Trojan Source": a name that reads
 * "Ada" in one place and something else in an e-mail). Kept: U+200E and U+200F (left-to-right and
 * right-to-left marks), which Arabic and Hebrew names carry legitimately and which cannot reorder
 * a run of letters, only place neutral characters. Tab is a control character like the others.
 */
import type { z } from "zod";

/** Controls but CR and LF, and the bidirectional embeddings, overrides and isolates. */
const REFUSED_IN_LINES = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;
/** The same, and every line break. */
const REFUSED_IN_ONE_LINE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/u;
const LINE_BREAK = /[\r\n\u2028\u2029]/u;

/** What is wrong with `text` as free text, or null when nothing is. */
export function freeTextProblem(text: string, { multiline }: { multiline: boolean }): string | null {
  const found = (multiline ? REFUSED_IN_LINES : REFUSED_IN_ONE_LINE).exec(text);
  if (!found) return null;
  const char = found[0];
  const codePoint = `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
  return `must not contain ${kindOf(char)} (${codePoint} at position ${found.index + 1})`;
}

function kindOf(char: string): string {
  if (BIDI_CONTROL.test(char)) return "a bidirectional control";
  if (LINE_BREAK.test(char)) return "a line break";
  return "a control character";
}

/**
 * `schema` refusing what `freeTextProblem` finds; `multiline` for fields that take line breaks
 * (notes, descriptions). Checks run in order, so wrap the bare string and chain `.trim()` and the
 * rest after it: the text is checked as sent (a tab at the end is refused, not trimmed away).
 */
export function freeText<Schema extends z.ZodString>(schema: Schema, options: { multiline: boolean } = { multiline: false }): Schema {
  return schema.superRefine((text, ctx) => {
    const problem = freeTextProblem(text, options);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  }) as Schema;
}
