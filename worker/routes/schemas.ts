/**
 * Request schemas: the exact limits of design.md ("Fields"). Unknown fields are dropped, not refused.
 */
import { z } from "zod";
import { daysBetween, isValidLocalDate, isValidTimeZone } from "../domain/zoned-time";

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

const localDate = z.string().refine(isValidLocalDate, "must be a real calendar date, YYYY-MM-DD");

export const availabilityQuery = z
  .object({
    username: z.string().min(1).max(64),
    slug: bookingTypeRef,
    startDate: localDate,
    endDate: localDate,
    duration: z
      .string()
      .regex(/^\d{1,4}$/, "must be a whole number of minutes")
      .transform(Number)
      .optional(),
    timezone: z.string().refine(isValidTimeZone, "must be an IANA time zone such as Europe/London").default("UTC"),
  })
  .refine((q) => q.endDate >= q.startDate, { message: "must not be before startDate", path: ["endDate"] })
  .refine((q) => daysBetween(q.startDate, q.endDate) + 1 <= MAX_RANGE_DAYS, {
    message: `the range may cover at most ${MAX_RANGE_DAYS} days`,
    path: ["endDate"],
  });

const slot = z
  .object({ start: instant, end: instant })
  .refine((s) => s.end > s.start, { message: "end must be after start", path: ["end"] });

export const createBookingBody = z
  .object({
    bookingType: bookingTypeRef,
    start: instant,
    end: instant,
    name: z.string().trim().min(1, "must not be empty").max(200),
    email: z.email("must be a valid email address").max(254),
    notes: z.string().max(5000).nullish(),
  })
  .refine((b) => b.end > b.start, { message: "end must be after start", path: ["end"] });

export const rescheduleBody = z.object({ newSlot: slot });

export const cancelBody = z.object({ reason: z.string().max(1000).optional() });

/** Booking ids are UUIDs; anything else cannot name a booking. */
export const bookingIdFormat = z.uuid();

