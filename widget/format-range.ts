/**
 * A meeting's time as one phrase, for the steps after a time is picked and the manage page: apart
 * from zoned-format.ts, whose formats /widget.js needs for the first slot, so it comes with them.
 */
import { formatter, plainSpaces } from "./zoned-format";

/** "Monday, December 7, 2026, 2:45 – 3:15 PM" in `timeZone`. */
export function formatRange(startMs: number, endMs: number, timeZone: string, locale: string): string {
  const format = formatter(locale, { timeZone, weekday: "long", year: "numeric", month: "long", day: "numeric", hour: "numeric", minute: "2-digit" });
  return plainSpaces(format.formatRange(startMs, endMs));
}
