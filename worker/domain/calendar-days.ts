/**
 * Calendar days as "YYYY-MM-DD" strings and their arithmetic: dates, not instants, so the math runs
 * on UTC midnights and no zone or DST can shift a day. The one copy of it: the Worker's engine, the
 * widget's month grid and the browser tests all import this file. The widget bundles it, so it must
 * stay pure and import nothing.
 *
 * Weekdays use one numbering everywhere: ISO 8601, 1 = Monday … 7 = Sunday (also Intl.Locale's
 * week info and the `weekly_hours.weekday` column).
 */

/** A calendar day, "YYYY-MM-DD". */
export type CalendarDay = string;
/** A calendar month, "YYYY-MM". */
export type CalendarMonth = string;

const DAY_MS = 86_400_000;
const DAY_SHAPE = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real date: "2026-02-30" is refused, where Date.UTC would roll it over to March 2. */
export function isCalendarDay(text: string): boolean {
  return DAY_SHAPE.test(text) && dayOfUtcMs(utcMsOfDay(text)) === text;
}

/** The UTC midnight that starts `day`, in ms. Throws on a malformed day: validate at the edge first. */
export function utcMsOfDay(day: CalendarDay): number {
  const ms = Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));
  if (Number.isNaN(ms) || day.length !== 10) throw new RangeError(`Not a calendar day: "${day}"`);
  return ms;
}

/** The UTC calendar day holding the instant `ms`. */
export function dayOfUtcMs(ms: number): CalendarDay {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(day: CalendarDay, days: number): CalendarDay {
  return dayOfUtcMs(utcMsOfDay(day) + days * DAY_MS);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: CalendarDay, to: CalendarDay): number {
  return Math.round((utcMsOfDay(to) - utcMsOfDay(from)) / DAY_MS);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(day: CalendarDay): number {
  return new Date(utcMsOfDay(day)).getUTCDay() || 7;
}

/** The same day of another month, clamped to its length (31 January + 1 month = 28/29 February). */
export function addMonths(day: CalendarDay, months: number): CalendarDay {
  const date = new Date(utcMsOfDay(day));
  const target = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1));
  const lastDay = daysInMonth(monthOf(dayOfUtcMs(target.getTime())));
  target.setUTCDate(Math.min(date.getUTCDate(), lastDay));
  return dayOfUtcMs(target.getTime());
}

export function monthOf(day: CalendarDay): CalendarMonth {
  return day.slice(0, 7);
}

export function firstDayOf(month: CalendarMonth): CalendarDay {
  return `${month}-01`;
}

export function daysInMonth(month: CalendarMonth): number {
  return new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();
}

export function lastDayOf(month: CalendarMonth): CalendarDay {
  return `${month}-${String(daysInMonth(month)).padStart(2, "0")}`;
}

/** The first day of the week holding `day`, for weeks that start on `firstWeekday` (ISO numbering). */
export function startOfWeek(day: CalendarDay, firstWeekday: number): CalendarDay {
  return addDays(day, -((isoWeekday(day) - firstWeekday + 7) % 7));
}
