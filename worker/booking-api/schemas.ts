/**
 * Request schemas: the exact limits of design.md ("Fields"). Unknown fields are dropped, not refused.
 */
import { z } from "zod";
import { freeText } from "../lib/free-text";
import { daysBetween, isCalendarDay } from "../domain/calendar-days";
import { parseTypeRef } from "../domain/booking-type-rules";
import { isValidTimeZone } from "../domain/zoned-time";

/** design.md: at most 62 days per availability request. */
export const MAX_RANGE_DAYS = 62;

/** A UTC instant ending in Z, read as epoch milliseconds. */
const instant = z.iso
  .datetime({ message: "must be a UTC ISO-8601 time ending in Z, e.g. 2026-04-21T09:00:00Z" })
  .transform((text) => Date.parse(text));

/** "2" or "bt-63bb1a53"; a JSON number 2 is read as "2". */
export const bookingTypeRef = z
  .union([z.string(), z.number().int().positive()])
  .transform(String)
  .pipe(z.string().regex(/^([1-9]\d{0,9}|bt-[0-9a-z]{8})$/, 'must be a numeric id like "2" or a string id like "bt-63bb1a53"'));

/**
 * A booking type where its host is known (availability, the booking-types lookup, hosted pages):
 * the numeric id, the string id, or the host's slug for it ("intro").
 */
export const hostTypeRef = z
  .union([z.string(), z.number().int().positive()])
  .transform(String)
  .pipe(z.string().refine((text) => parseTypeRef(text) !== null, 'must be a numeric id like "2", a string id like "bt-63bb1a53" or a slug like "intro"'));

/** design.md: dates outside this span are refused, so no input can send the zone math into history. */
export const FIRST_DAY = "2000-01-01";
export const LAST_DAY = "2100-12-31";

const calendarDay = z
  .string()
  .refine(isCalendarDay, "must be a real calendar date, YYYY-MM-DD")
  .refine((day) => day >= FIRST_DAY && day <= LAST_DAY, `must be between ${FIRST_DAY} and ${LAST_DAY}`);

/** For object refinements: run only when every field parsed (their values are the parsed ones). */
function parsedFields(payload: { issues: readonly unknown[] }): boolean {
  return payload.issues.length === 0;
}

const hostUsername = z.string().min(1).max(64).meta({ description: "The host's username.", example: "hepuloujun" });

/** GET /api/booking-types: the type a booking page shows. */
export const bookingTypeQuery = z.object({
  username: hostUsername,
  slug: hostTypeRef.meta({ description: "The type: its numeric id, its `bt-` id or its slug.", example: "intro" }),
});

export const availabilityQuery = z
  .object({
    username: hostUsername.optional(),
    slug: hostTypeRef.optional().meta({ description: "The type, with `username`: its numeric id, its `bt-` id or its slug.", example: "intro" }),
    /** The seed's booking-type-centric form: `bookingType` alone names the type and so its host. */
    bookingType: bookingTypeRef.optional().meta({ description: "The type alone (without `username`): its numeric id or its `bt-` id.", example: "bt-63bb1a53" }),
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
  })
  .refine((b) => b.end > b.start, { message: "end must be after start", path: ["end"], when: parsedFields });

export const rescheduleBody = z.object({ newSlot: slot });

/** Cancel takes no fields; a body, if sent, must still be a JSON object. */
export const cancelBody = z.object({});

/** Booking ids are UUIDs; anything else cannot name a booking. */
export const bookingIdFormat = z.uuid();

