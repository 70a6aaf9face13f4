/**
 * A booking's answers judged against its type's questions (design.md "Metadata and answers"): each
 * answer of the type the question asks, the required ones present, no answer to a question the type
 * does not ask. Pure: the host's Durable Object calls it with the type as it is when the booking is
 * decided, and stores what it returns. The shape of each answer (text or a boolean, at most 5,000
 * characters) was checked at the edge already; what depends on the question is checked here.
 */
import { freeTextProblem } from "../lib/free-text";
import type { BookingAnswers, BookingQuestion, BookingQuestionType } from "./contract";

/** What a question may ask for: the wire's `BookingQuestionType`, as a list the schemas check against. */
export const QUESTION_TYPES = ["text", "textarea", "select", "checkbox", "phone"] as const satisfies readonly BookingQuestionType[];
/**
 * A question's id: what `answers` is keyed by and what a 400 names (`answers.company`): 1–40
 * lower-case letters, digits, `_` and `-` (design-management.md), but never `__proto__`, which a
 * JSON object cannot carry as an answer's key without it reaching for the object's prototype.
 */
export const QUESTION_ID = /^(?!__proto__$)[a-z0-9_-]{1,40}$/;
/** A type asks at most this many questions, so a create answers at most this many. */
export const MAX_QUESTIONS = 10;
export const ANSWER_LENGTH = { text: 500, textarea: 5_000 } as const;

/** What is wrong, and where (`answers.company`), as 400 INVALID_REQUEST names it. */
export interface AnswerIssue {
  path: string;
  message: string;
}

export type CheckedAnswers = { ok: true; value: BookingAnswers } | { ok: false; issue: AnswerIssue };

/**
 * The answers to store, in the questions' order, or the first problem. Text answers are trimmed; an
 * empty one is no answer. A required checkbox must be `true` (consent: "I agree to …").
 */
export function checkAnswers(questions: readonly BookingQuestion[], answers: Readonly<Record<string, unknown>>): CheckedAnswers {
  const asked = new Set(questions.map((question) => question.id));
  const unknown = Object.keys(answers).find((id) => !asked.has(id));
  if (unknown !== undefined) return refuse(unknown, "is not a question of this booking type");
  const stored: [string, string | boolean][] = [];
  for (const question of questions) {
    const given = Object.hasOwn(answers, question.id) ? answers[question.id] : undefined;
    const checked = question.type === "checkbox" ? checkboxAnswer(question, given) : textAnswer({ ...question, type: question.type }, given);
    if (checked !== null && typeof checked === "object") return refuse(question.id, checked.problem);
    if (checked !== null) stored.push([question.id, checked]);
  }
  // fromEntries defines own properties: no question id can reach an object's prototype.
  return { ok: true, value: Object.fromEntries(stored) };
}

type Checked = string | boolean | null | { problem: string };

function checkboxAnswer(question: BookingQuestion, given: unknown): Checked {
  if (given === undefined) return question.required ? { problem: "is required: it must be checked (true)" } : null;
  if (typeof given !== "boolean") return { problem: "must be true or false" };
  if (question.required && !given) return { problem: "is required: it must be checked (true)" };
  return given;
}

function textAnswer(question: BookingQuestion & { type: Exclude<BookingQuestion["type"], "checkbox"> }, given: unknown): Checked {
  if (given !== undefined && typeof given !== "string") return { problem: "must be text" };
  const problem = given === undefined ? null : freeTextProblem(given, { multiline: question.type === "textarea" });
  if (problem) return { problem };
  const text = given?.trim() ?? "";
  if (text === "") return question.required ? { problem: "is required" } : null;
  switch (question.type) {
    case "text":
    case "textarea": {
      const limit = ANSWER_LENGTH[question.type];
      return text.length <= limit ? text : { problem: `must be at most ${limit} characters` };
    }
    case "select":
      return question.options?.includes(text) ? text : { problem: `must be one of: ${(question.options ?? []).join(", ")}` };
    case "phone":
      return e164(text) ?? { problem: "must be a phone number with its country code, like +44 20 7946 0958" };
  }
}

/** What people write between the digits of a number: "+1 (415) 555-0123", "+49 30.1234.5678". */
const PHONE_PUNCTUATION = /[\s().-]/g;
/** E.164: "+", a country code that never starts with 0, at most 15 digits in all; 7 is the shortest in use. */
const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * `text` as E.164 ("+442079460958"), or null when it can't be one. Spaces, dashes, dots and
 * parentheses are dropped; a leading "00" (the international prefix of most countries) reads as
 * "+". A number without its country code is refused: nothing tells which country it belongs to.
 */
export function e164(text: string): string | null {
  const compact = text.replace(PHONE_PUNCTUATION, "");
  const international = compact.startsWith("00") ? `+${compact.slice(2)}` : compact;
  return E164.test(international) ? international : null;
}

function refuse(id: string, message: string): CheckedAnswers {
  return { ok: false, issue: { path: `answers.${id}`, message } };
}
