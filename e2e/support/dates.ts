/**
 * The zone facts the specs take from Intl instead of hard-coding them: today's date somewhere, a
 * zone's UTC offset at an instant, the next day it changes. Node's Intl is independent of the code
 * under test (the Worker expands zones with date-fns-tz), which is why these are worth their own
 * copy; plain calendar arithmetic is the shared worker/domain/calendar-days.ts.
 */
import { addDays, type CalendarDay, utcMsOfDay } from "../../worker/domain/calendar-days";

/** The calendar day it is in `zone` at `now`. */
export function todayIn(zone: string, now = Date.now()): CalendarDay {
  return new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

/** Minutes east of UTC in `zone` at the instant `ms`, from Intl's "GMT+05:45" style offset. */
export function offsetMinutes(zone: string, ms: number): number {
  const name = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" })
    .formatToParts(ms)
    .find((part) => part.type === "timeZoneName")?.value;
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? "");
  if (!match) return 0; // "GMT" alone: UTC
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === "-" ? -minutes : minutes;
}

/** The first day after `from` on which `zone` has another UTC offset than the day before (compared at noon UTC). */
export function nextOffsetChange(zone: string, from: CalendarDay): CalendarDay {
  const offsetOn = (day: CalendarDay) => offsetMinutes(zone, utcMsOfDay(day) + 12 * 3_600_000);
  for (let day = addDays(from, 1), i = 0; i < 400; day = addDays(day, 1), i += 1) {
    if (offsetOn(day) !== offsetOn(addDays(day, -1))) return day;
  }
  throw new Error(`${zone} does not change its offset within 400 days of ${from}`);
}
