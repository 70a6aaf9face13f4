/**
 * What the partner's page gives a booking besides the visitor's details (design-embed.md "Data the
 * partner keeps"): the `metadata` attribute with the page's UTM parameters, and the `answers`
 * attribute that prefills the type's questions; and what of the answers a create sends. Pure, and in
 * the lazy chunk: all of it is read when the form opens or Confirm is pressed.
 */
import type { BookingAnswer, BookingAnswers, BookingMetadata, BookingQuestion } from "../worker/domain/contract";

const UTM_PARAMETERS = ["utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content"];

/** A JSON object from an attribute; anything else (absent, not JSON, an array) is no object. */
function jsonObject(attribute: string | null): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(attribute ?? "");
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * The `metadata` attribute's string values, with the UTM parameters of `pageUrl` it does not set
 * itself (the attribute wins). Values that are not strings are left out: the API would refuse them.
 */
export function partnerMetadata(attribute: string | null, pageUrl: string): BookingMetadata {
  const metadata: BookingMetadata = {};
  const query = new URL(pageUrl).searchParams;
  for (const name of UTM_PARAMETERS) {
    const value = query.get(name);
    if (value) metadata[name] = value;
  }
  for (const [key, value] of Object.entries(jsonObject(attribute))) {
    if (typeof value === "string") metadata[key] = value;
  }
  return metadata;
}

/**
 * The `answers` attribute's answers to `questions`, each as its field holds it: a boolean for a
 * checkbox, text for the others (a number given for a text question becomes its text). Answers to
 * questions the type does not ask, of the wrong kind, or a choice that is not one of the options
 * (the select could not show it, and the API would refuse it) are left out.
 */
export function prefilledAnswers(attribute: string | null, questions: readonly BookingQuestion[]): BookingAnswers {
  const given = jsonObject(attribute);
  const answers: BookingAnswers = {};
  for (const { id, type, options } of questions) {
    const value = Object.hasOwn(given, id) ? given[id] : undefined;
    if (type === "checkbox") {
      if (typeof value === "boolean") answers[id] = value;
    } else if ((typeof value === "string" || typeof value === "number") && (type !== "select" || options?.includes(String(value)))) {
      answers[id] = String(value);
    }
  }
  return answers;
}

/**
 * The answers a create sends: one per question the type asks now, in its order; a checkbox as a
 * boolean (unchecked is `false`), text trimmed, an empty text answer left out.
 */
export function answersToSend(questions: readonly BookingQuestion[], values: Readonly<Record<string, BookingAnswer>>): BookingAnswers {
  const answers: BookingAnswers = {};
  for (const { id, type } of questions) {
    const value = values[id];
    if (type === "checkbox") answers[id] = value === true;
    else if (typeof value === "string" && value.trim()) answers[id] = value.trim();
  }
  return answers;
}

/**
 * The field a 400 names (`details.field`, contract.ts): `answers.company`, `email`; null
 * when the refusal names none.
 */
export function refusedField(details: unknown): string | null {
  const field = (details as { field?: unknown } | null | undefined)?.field;
  return typeof field === "string" ? field : null;
}
