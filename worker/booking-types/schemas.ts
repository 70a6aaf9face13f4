/**
 * Request schemas of the booking-types management API (design-management.md "Booking types"): the
 * bodies of `POST /api/hosts/:username/booking-types` and `PATCH /api/booking-types/:ref`, and a
 * reference that may also be a slug. Each field carries its limit and a message a partner can act
 * on; the rules that span fields live in domain/booking-type-rules.ts, so a PATCH is judged by the
 * same rule once merged with the stored type. Unknown fields are dropped, not refused.
 */
import { z } from "zod";
import { MAX_QUESTIONS, QUESTION_ID, QUESTION_TYPES } from "../domain/booking-answers";
import {
  type BookingTypeSettings,
  durationIssue,
  MAX_SLUG_LENGTH,
  ORIGIN_EXAMPLE,
  originProblem,
  parseTypeRef,
  slugProblem,
  type TypeRef,
} from "../domain/booking-type-rules";
import type { BookingQuestion } from "../domain/contract";
import { hostTypeRef, hostUsername } from "../http/fields";
import { freeText } from "../lib/free-text";
import { pageCursor, pageLimit } from "../lib/pagination";

export const BOOKING_TYPE_LIMITS = {
  titleLength: 200,
  descriptionLength: 5_000,
  durationCount: 10,
  /** A duration or a slot interval, in minutes (5 minutes to 12 hours). */
  minutes: { min: 5, max: 720 },
  bufferMinutes: { min: 0, max: 720 },
  /** 525,600 minutes = 365 days. */
  minimumNoticeMinutes: { min: 0, max: 525_600 },
  bookingWindowDays: { min: 1, max: 1_095 },
  dailyLimit: { min: 1, max: 1_000 },
  originCount: 50,
  /** "https://" + a 253-character host + ":65535" fits; longer text is no origin. */
  originLength: 300,
  questionCount: MAX_QUESTIONS,
  questionLabelLength: 200,
  optionCount: 50,
  optionLength: 200,
  reminderCount: 3,
  /** Minutes before the start: 5 minutes to 7 days. */
  reminderMinutes: { min: 5, max: 10_080 },
} as const;

/**
 * What a create leaves out gets these. The contract names three (duration = the first of
 * durations, slotInterval = the duration, public); the rest are the columns' own defaults, so a
 * type made through the API and one inserted by SQL agree.
 */
export const BOOKING_TYPE_DEFAULTS = {
  description: null,
  slug: null,
  /** Unset: slots step by the chosen duration (the engine's reading of "default duration"). */
  slotInterval: null,
  bufferBefore: 0,
  bufferAfter: 0,
  minimumNotice: 0,
  bookingWindowDays: 60,
  dailyLimit: null,
  public: true,
  allowedOrigins: null,
  questions: [],
  /** A day before (design-notifications.md). */
  reminders: [1440],
  emailAttendee: true,
  emailHost: true,
} as const satisfies Partial<BookingTypeSettings>;

const L = BOOKING_TYPE_LIMITS;

/** A wrong type and a missing field get different words: "is required" tells the partner which. */
function typeError(expected: string) {
  return { error: (issue: { input: unknown }) => (issue.input === undefined ? "is required" : `must be ${expected}`) };
}

function wholeNumber(range: { min: number; max: number }, what: string) {
  const message = `must be a whole number ${what}from ${range.min} to ${range.max}`;
  return z
    .number(typeError(`a whole number ${what}from ${range.min} to ${range.max}`))
    .int(message)
    .min(range.min, message)
    .max(range.max, message);
}

const title = freeText(z.string(typeError("text")))
  .trim()
  .min(1, "must not be empty")
  .max(L.titleLength, `must be at most ${L.titleLength} characters`);

/** Blank text means "no description", so the type never shows an empty paragraph. */
const description = freeText(z.string(typeError("text or null")), { multiline: true })
  .trim()
  .max(L.descriptionLength, `must be at most ${L.descriptionLength} characters`)
  .transform((text) => (text === "" ? null : text))
  .nullable();

const slug = z
  .string(typeError(`text: 1–${MAX_SLUG_LENGTH} characters of a-z, 0-9 and -, or null`))
  .superRefine((text, ctx) => {
    const problem = slugProblem(text);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  })
  .nullable();

const minutes = wholeNumber(L.minutes, "of minutes ");

const durations = z
  .array(minutes, typeError("a list of minutes, e.g. [30, 60]"))
  .min(1, "must list at least one duration")
  .max(L.durationCount, `must list at most ${L.durationCount} durations`)
  .superRefine((list, ctx) => {
    // A Set, not indexOf: a 64 KiB body holds ~16,000 numbers, and this runs even past the max.
    const seen = new Set<unknown>();
    list.forEach((value, index) => {
      if (seen.has(value)) ctx.addIssue({ code: "custom", message: `lists ${String(value)} twice`, path: [index] });
      seen.add(value);
    });
  })
  .transform((list) => list as [number, ...number[]]);

const buffer = wholeNumber(L.bufferMinutes, "of minutes ");
const minimumNotice = wholeNumber(L.minimumNoticeMinutes, "of minutes ");
const bookingWindowDays = wholeNumber(L.bookingWindowDays, "of days ");
const dailyLimit = z
  .number(typeError(`null or a whole number from ${L.dailyLimit.min} to ${L.dailyLimit.max}`))
  .int(`must be null or a whole number from ${L.dailyLimit.min} to ${L.dailyLimit.max}`)
  .min(L.dailyLimit.min, `must be null or a whole number from ${L.dailyLimit.min} to ${L.dailyLimit.max}`)
  .max(L.dailyLimit.max, `must be null or a whole number from ${L.dailyLimit.min} to ${L.dailyLimit.max}`)
  .nullable();
const isPublic = z.boolean(typeError("true or false"));

const origin = z
  .string(typeError(`an origin like ${ORIGIN_EXAMPLE}`))
  .max(L.originLength, `must be an origin like ${ORIGIN_EXAMPLE}`)
  .superRefine((text, ctx) => {
    const problem = originProblem(text);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

/** null = any site may book; [] = only our hosted pages and calls with a token. Repeats are dropped. */
const allowedOrigins = z
  .array(origin, typeError(`null or a list of origins like ["${ORIGIN_EXAMPLE}"]`))
  .max(L.originCount, `must list at most ${L.originCount} origins`)
  .transform((list) => [...new Set(list)])
  .nullable();

/** A question's label or one of its options: trimmed, 1–`max` characters of free text. */
const shortText = (max: number) =>
  freeText(z.string(typeError("text")))
    .trim()
    .min(1, "must not be empty")
    .max(max, `must be at most ${max} characters`);

const question = z
  .object(
    {
      id: z
        .string(typeError("text"))
        .regex(QUESTION_ID, "must be 1–40 characters of a-z, 0-9, _ and -, and not __proto__")
        .meta({ description: "What `answers` is keyed by: 1–40 of `a-z 0-9 _ -` (not `__proto__`); unique in the type.", example: "company" }),
      label: shortText(L.questionLabelLength).meta({ description: "What the form shows, 1–200 characters.", example: "Company" }),
      type: z.enum(QUESTION_TYPES, { error: `must be one of ${QUESTION_TYPES.join(", ")}` }).meta({
        description:
          "`text` (one line, ≤ 500 characters), `textarea` (≤ 5,000), `select` (one of `options`), `checkbox` (true or false), `phone` (stored as E.164).",
      }),
      required: z.boolean(typeError("true or false")).default(false).meta({ description: "A required checkbox must be checked (`true`)." }),
      options: z
        .array(shortText(L.optionLength), typeError("a list of text"))
        .min(1, "must list at least one option")
        .max(L.optionCount, `must list at most ${L.optionCount} options`)
        .optional()
        .meta({ description: "For `select` only, and required there: 1–50 distinct choices of 1–200 characters.", example: ["Design", "Engineering"] }),
    },
    { error: "must be an object { id, label, type, required, options? }" },
  )
  .superRefine((q, ctx) => {
    if (q.type === "select" && q.options === undefined) ctx.addIssue({ code: "custom", message: "is required for a select question", path: ["options"] });
    if (q.type !== "select" && q.options !== undefined) ctx.addIssue({ code: "custom", message: "is only for select questions", path: ["options"] });
    repeatsIn(q.options ?? [], ctx, ["options"]);
  })
  .transform(
    (q): BookingQuestion =>
      q.type === "select"
        ? { id: q.id, label: q.label, type: q.type, required: q.required, options: q.options }
        : { id: q.id, label: q.label, type: q.type, required: q.required },
  );

/** In order; `[]` asks nothing beyond name, e-mail and notes. Answers already given stay as they were when this changes. */
const questions = z
  .array(question, typeError("a list of questions"))
  .max(L.questionCount, `must list at most ${L.questionCount} questions`)
  .superRefine((list, ctx) => {
    repeatsIn(
      list.map((q) => q.id),
      ctx,
      [],
      (index) => [index, "id"],
    );
  })
  .meta({
    description:
      "Up to 10 questions the booking form asks besides name, e-mail and notes, in order. Changing them never changes answers stored on existing bookings.",
  });

/** An issue at each value seen before in `list`. */
function repeatsIn(list: readonly unknown[], ctx: z.RefinementCtx, path: PropertyKey[], pathOf = (index: number): PropertyKey[] => [...path, index]) {
  // A Set, not indexOf: a 64 KiB body holds thousands of entries, and this runs even past the max.
  const seen = new Set<unknown>();
  list.forEach((value, index) => {
    if (seen.has(value)) ctx.addIssue({ code: "custom", message: `lists ${String(value)} twice`, path: pathOf(index) });
    seen.add(value);
  });
}

/**
 * Minutes before the start, each its own reminder; `[]` sends none. Stored earliest reminder first
 * (most minutes first), so a type reads the same however the partner ordered them.
 */
const reminders = z
  .array(wholeNumber(L.reminderMinutes, "of minutes "), typeError("a list of minutes before the start, e.g. [1440, 60]"))
  .max(L.reminderCount, `must list at most ${L.reminderCount} reminders`)
  .superRefine((list, ctx) => repeatsIn(list, ctx, []))
  .transform((list) => [...list].sort((a, b) => b - a))
  .meta({
    description: "When the attendee is reminded by e-mail: up to 3 distinct minutes before the start (5–10,080), earliest first; `[]` for none.",
    example: [1440, 60],
  });

const emailSwitch = z.boolean(typeError("true or false"));

const bodyObject = { error: "must be a JSON object" };

/** Every setting but the title, each optional: in a create it takes its default, in a PATCH it stays. */
const optionalSettings = {
  description: description.optional(),
  slug: slug.optional(),
  durations: durations.optional(),
  duration: minutes.optional(),
  slotInterval: minutes.optional(),
  bufferBefore: buffer.optional(),
  bufferAfter: buffer.optional(),
  minimumNotice: minimumNotice.optional(),
  bookingWindowDays: bookingWindowDays.optional(),
  dailyLimit: dailyLimit.optional(),
  public: isPublic.optional(),
  allowedOrigins: allowedOrigins.optional(),
  questions: questions.optional(),
  reminders: reminders.optional(),
  emailAttendee: emailSwitch
    .optional()
    .meta({ description: "Whether the attendee gets e-mail (confirmation, changes, reminders); `false` for partners who send their own." }),
  emailHost: emailSwitch.optional().meta({ description: "Whether the host gets e-mail about bookings of this type." }),
};

/**
 * POST /api/hosts/:username/booking-types. `durations` may be left out when `duration` is given
 * (`{ "title": "Intro", "duration": 30 }` means durations [30]), the one liberty taken beyond the
 * contract, because a partner writing that means nothing else. Durations come out ascending.
 */
export const createBookingTypeBody = z.object({ title, ...optionalSettings }, bodyObject).transform((body, ctx): BookingTypeSettings => {
  const chosen = body.durations ?? (body.duration === undefined ? undefined : ([body.duration] as const));
  if (!chosen) {
    ctx.addIssue({ code: "custom", message: "is required: the lengths a visitor may choose, in minutes, e.g. [30, 60]", path: ["durations"] });
    return z.NEVER;
  }
  const settings: BookingTypeSettings = {
    slug: body.slug ?? BOOKING_TYPE_DEFAULTS.slug,
    title: body.title,
    description: body.description ?? BOOKING_TYPE_DEFAULTS.description,
    duration: body.duration ?? chosen[0],
    durations: [...chosen].sort((a, b) => a - b),
    slotInterval: body.slotInterval ?? BOOKING_TYPE_DEFAULTS.slotInterval,
    bufferBefore: body.bufferBefore ?? BOOKING_TYPE_DEFAULTS.bufferBefore,
    bufferAfter: body.bufferAfter ?? BOOKING_TYPE_DEFAULTS.bufferAfter,
    minimumNotice: body.minimumNotice ?? BOOKING_TYPE_DEFAULTS.minimumNotice,
    bookingWindowDays: body.bookingWindowDays ?? BOOKING_TYPE_DEFAULTS.bookingWindowDays,
    dailyLimit: body.dailyLimit ?? BOOKING_TYPE_DEFAULTS.dailyLimit,
    public: body.public ?? BOOKING_TYPE_DEFAULTS.public,
    allowedOrigins: body.allowedOrigins ?? BOOKING_TYPE_DEFAULTS.allowedOrigins,
    questions: body.questions ?? [],
    reminders: body.reminders ?? [...BOOKING_TYPE_DEFAULTS.reminders],
    emailAttendee: body.emailAttendee ?? BOOKING_TYPE_DEFAULTS.emailAttendee,
    emailHost: body.emailHost ?? BOOKING_TYPE_DEFAULTS.emailHost,
  };
  const issue = durationIssue(settings);
  if (issue) {
    ctx.addIssue({ code: "custom", message: issue.message, path: [issue.path] });
    return z.NEVER;
  }
  return settings;
});

/**
 * PATCH /api/booking-types/:ref: any setting, each with its create rule; absent = unchanged, null
 * clears a nullable one. Ids, host, `archived` and `createdAt` are ignored like any unknown field,
 * so a partner can send back what GET gave with one field changed. The merged result is judged by
 * `mergeBookingTypePatch`.
 */
export const patchBookingTypeBody = z.object({ title: title.optional(), ...optionalSettings }, bodyObject);

/**
 * A booking-type reference where a slug may name the type too ("2", "bt-63bb1a53" or "intro"); a
 * JSON number 2 is read as "2". Where the host isn't known, a slug names nothing: answer NOT_FOUND.
 */
export const typeRefParam = z
  .union([z.string(), z.number().int().positive()], { error: 'must be a numeric id like "2", a string id like "bt-63bb1a53" or a slug like "intro"' })
  .transform(String)
  .transform((text, ctx): TypeRef => {
    const ref = parseTypeRef(text);
    if (ref) return ref;
    ctx.addIssue({ code: "custom", message: 'must be a numeric id like "2", a string id like "bt-63bb1a53" or a slug like "intro"' });
    return z.NEVER;
  });

/** GET /api/hosts/:username/booking-types. */
export const listBookingTypesQuery = z.object({
  archived: z.enum(["true", "false"]).optional().meta({ description: "`true` lists archived types too." }),
  limit: pageLimit,
  /** After which type id the page starts. */
  cursor: pageCursor(z.number().int().positive()),
});

/** GET /api/booking-types: the type a booking page shows. */
export const bookingTypeQuery = z.object({
  username: hostUsername,
  slug: hostTypeRef.meta({ description: "The type: its numeric id, its `bt-` id or its slug.", example: "intro" }),
});
