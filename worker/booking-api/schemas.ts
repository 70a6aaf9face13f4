/**
 * The Booking API's request schemas: the exact limits of design.md ("Fields"). Unknown fields are
 * dropped, not refused.
 */
import { z } from "zod";
import { ANSWER_LENGTH, MAX_QUESTIONS, QUESTION_ID } from "../domain/booking-answers";
import { daysBetween } from "../domain/calendar-days";
import { isValidTimeZone } from "../domain/zoned-time";
import { bookingTypeRef, calendarDay, hostTypeRef, hostUsername, instant, parsedFields } from "../http/fields";
import { freeText } from "../lib/free-text";
import { holdId } from "./hold-schemas";

/** design.md: at most 62 days per availability request. */
export const MAX_RANGE_DAYS = 62;

export const availabilityQuery = z
  .object({
    username: hostUsername.optional(),
    slug: hostTypeRef.optional().meta({ description: "The type, with `username`: its numeric id, its `bt-` id or its slug.", example: "intro" }),
    /** The seed's booking-type-centric form: `bookingType` alone names the type and so its host. */
    bookingType: bookingTypeRef
      .optional()
      .meta({ description: "The type alone (without `username`): its numeric id or its `bt-` id.", example: "bt-63bb1a53" }),
    startDate: calendarDay.meta({ description: "The first day, in `timezone` (YYYY-MM-DD).", example: "2026-04-21" }),
    endDate: calendarDay.meta({ description: "The last day, included; at most 62 days after `startDate`.", example: "2026-04-27" }),
    duration: z
      .string()
      .regex(/^\d{1,4}$/, "must be a whole number of minutes")
      .transform(Number)
      .optional()
      .meta({ description: "One of the type's durations, in minutes; its default when absent.", example: "30" }),
    timezone: z
      .string()
      .refine(isValidTimeZone, "must be an IANA time zone such as Europe/London")
      .default("UTC")
      .meta({ description: "The visitor's IANA zone: whose calendar days `startDate` and `endDate` are.", example: "Europe/London" }),
  })
  .refine((q) => q.bookingType !== undefined || (q.username !== undefined && q.slug !== undefined), {
    message: "give username and slug, or bookingType",
    path: ["slug"],
    when: parsedFields,
  })
  .refine((q) => q.endDate >= q.startDate, { message: "must not be before startDate", path: ["endDate"], when: parsedFields })
  .refine((q) => daysBetween(q.startDate, q.endDate) + 1 <= MAX_RANGE_DAYS, {
    message: `the range may cover at most ${MAX_RANGE_DAYS} days`,
    path: ["endDate"],
    when: parsedFields,
  });

/** design.md "Metadata and answers": the partner's own data. */
export const METADATA_LIMITS = { keys: 20, valueLength: 500 } as const;
/** 1–40 of `A-Z a-z 0-9 _ . -` (zod's record passes over a `__proto__` key, as it would over any prototype's). */
const METADATA_KEY = /^[A-Za-z0-9_.-]{1,40}$/;
/** A type asks at most MAX_QUESTIONS questions, and no answer is longer than a textarea's. */
const ANSWER_LIMITS = { count: MAX_QUESTIONS, length: ANSWER_LENGTH.textarea } as const;
/** BCP 47 tags in use are far shorter ("zh-Hant-TW"); the bound keeps canonicalisation cheap. */
const LOCALE_LENGTH = 64;

const metadata = z
  .record(
    z.string().regex(METADATA_KEY),
    freeText(z.string({ error: "must be text" })).max(METADATA_LIMITS.valueLength, `must be at most ${METADATA_LIMITS.valueLength} characters`),
    { error: (issue) => (issue.code === "invalid_key" ? "must be a key of 1–40 characters of A-Z, a-z, 0-9, _, . and -" : "must be an object of text values") },
  )
  .refine((entries) => Object.keys(entries).length <= METADATA_LIMITS.keys, `must have at most ${METADATA_LIMITS.keys} keys`)
  .meta({
    maxProperties: METADATA_LIMITS.keys,
    propertyNames: { pattern: METADATA_KEY.source },
    description:
      "The partner's own data, stored as given and returned with the booking, in the bookings list and in every webhook about it: at most 20 keys of 1–40 `A-Z a-z 0-9 _ . -`, text values of at most 500 characters (no control characters).",
    example: { leadId: "L-1042", utm_source: "newsletter", utm_campaign: "spring" },
  });

const answers = z
  .record(
    // Any key but a question id answers nothing the type could ask.
    z.string().regex(QUESTION_ID),
    z.union([z.string().max(ANSWER_LIMITS.length, `must be at most ${ANSWER_LIMITS.length} characters`), z.boolean()], {
      error: "must be text, or true or false for a checkbox",
    }),
    { error: (issue) => (issue.code === "invalid_key" ? "is not a question of this booking type" : "must be an object keyed by question id") },
  )
  .refine((entries) => Object.keys(entries).length <= ANSWER_LIMITS.count, `must answer at most ${ANSWER_LIMITS.count} questions`)
  .meta({
    maxProperties: ANSWER_LIMITS.count,
    propertyNames: { pattern: QUESTION_ID.source },
    description:
      "Answers to the booking type's `questions`, by question id: text for `text` (≤ 500 characters), `textarea` (≤ 5,000), `select` (one of its options) and `phone` (with its country code; spaces, dashes, dots and parentheses are dropped and a leading `00` reads as `+`; stored as E.164), `true`/`false` for `checkbox` (a required one must be `true`). Text is stored trimmed; an empty answer is no answer. A missing required answer, an unknown id or a wrong type is 400 `INVALID_REQUEST` naming the field (`answers.company`).",
    example: { company: "Acme", topic: "Engineering", phone: "+44 20 7946 0958", consent: true },
  });

/** An IANA zone, as availability's `timezone` takes it. */
const attendeeTimeZone = z
  .string({ error: "must be an IANA time zone such as Europe/Berlin" })
  .refine(isValidTimeZone, "must be an IANA time zone such as Europe/Berlin")
  .meta({ description: "The attendee's IANA time zone, for messages to them.", example: "Europe/Berlin" });

/** A BCP 47 tag, stored in its canonical form ("DE-de" → "de-DE"). */
const attendeeLocale = z
  .string({ error: "must be a BCP 47 language tag such as de-DE" })
  .max(LOCALE_LENGTH, "must be a BCP 47 language tag such as de-DE")
  .transform((tag, ctx) => {
    const canonical = canonicalLocale(tag);
    if (canonical) return canonical;
    ctx.addIssue({ code: "custom", message: "must be a BCP 47 language tag such as de-DE" });
    return z.NEVER;
  })
  .meta({ description: "The attendee's language as a BCP 47 tag, for messages to them; stored in canonical form (`de-de` → `de-DE`).", example: "de-DE" });

function canonicalLocale(tag: string): string | null {
  try {
    return Intl.getCanonicalLocales(tag)[0] ?? null;
  } catch {
    // RangeError: not a well-formed tag.
    return null;
  }
}

const slot = z
  .object({ start: instant, end: instant })
  .refine((s) => s.end > s.start, { message: "end must be after start", path: ["end"], when: parsedFields });

export const createBookingBody = z
  .object({
    bookingType: bookingTypeRef.meta({ description: "The type's numeric id or its `bt-` id.", example: "2" }),
    start: instant.meta({ description: "A slot's start, as availability gave it.", example: "2026-04-21T09:00:00Z" }),
    end: instant.meta({ description: "Its end: `start` plus one of the type's durations.", example: "2026-04-21T09:30:00Z" }),
    name: freeText(z.string()).trim().min(1, "must not be empty").max(200).meta({ description: "The attendee's name.", example: "Ada Lovelace" }),
    email: z.email("must be a valid email address").max(254).meta({ description: "The attendee's email.", example: "ada@example.com" }),
    notes: freeText(z.string().max(5000), { multiline: true }).nullish().meta({ description: "Anything the attendee wants the host to know." }),
    timeZone: attendeeTimeZone.optional(),
    locale: attendeeLocale.optional(),
    metadata: metadata.optional(),
    answers: answers.optional(),
    holdId: holdId.optional().meta({
      description:
        "A checkout hold (`POST /api/holds`) on exactly this type and slot: the create books it and ends the hold; another type or time is 400. A hold that expired or was released counts as none: the slot is booked if it is still free, else 409.",
    }),
  })
  .refine((b) => b.end > b.start, { message: "end must be after start", path: ["end"], when: parsedFields });

export const rescheduleBody = z.object({ newSlot: slot });

/** Cancel takes no fields; a body, if sent, must still be a JSON object. */
export const cancelBody = z.object({});

/** Booking ids are UUIDs; anything else cannot name a booking. */
export const bookingIdFormat = z.uuid();
