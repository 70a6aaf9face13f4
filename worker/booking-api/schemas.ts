/**
 * The Booking API's request schemas: the exact limits of design.md ("Fields"). Unknown fields are
 * dropped, not refused.
 */
import { z } from "zod";
import { daysBetween } from "../domain/calendar-days";
import { isValidTimeZone } from "../domain/zoned-time";
import { bookingTypeRef, calendarDay, hostTypeRef, hostUsername, instant, parsedFields } from "../http/fields";
import { freeText } from "../lib/free-text";

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
