/**
 * Request fields more than one capability reads: instants, booking-type references, calendar days and
 * usernames, with the exact limits of design.md ("Fields").
 */
import { z } from "zod";
import { parseTypeRef } from "../domain/booking-type-rules";
import { isCalendarDay } from "../domain/calendar-days";

/** A UTC instant ending in Z, read as epoch milliseconds. */
export const instant = z.iso.datetime({ message: "must be a UTC ISO-8601 time ending in Z, e.g. 2026-04-21T09:00:00Z" }).transform((text) => Date.parse(text));

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

export const calendarDay = z
  .string()
  .refine(isCalendarDay, "must be a real calendar date, YYYY-MM-DD")
  .refine((day) => day >= FIRST_DAY && day <= LAST_DAY, `must be between ${FIRST_DAY} and ${LAST_DAY}`);

/** For object refinements: run only when every field parsed (their values are the parsed ones). */
export function parsedFields(payload: { issues: readonly unknown[] }): boolean {
  return payload.issues.length === 0;
}

export const hostUsername = z.string().min(1).max(64).meta({ description: "The host's username.", example: "hepuloujun" });
