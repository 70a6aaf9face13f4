/**
 * Calendar days as "YYYY-MM-DD" strings, and the arithmetic a month grid needs. These are dates,
 * not instants: the math runs on UTC so no zone or DST can shift a day.
 */
export type DayKey = string;
export type MonthKey = string;

const MS_PER_DAY = 86_400_000;

export function dayKeyFromUtc(ms: number): DayKey {
  return new Date(ms).toISOString().slice(0, 10);
}

export function utcOfDay(day: DayKey): number {
  return Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));
}

export function addDays(day: DayKey, days: number): DayKey {
  return dayKeyFromUtc(utcOfDay(day) + days * MS_PER_DAY);
}

/** The same day of another month, clamped to its length (31 January + 1 month = 28/29 February). */
export function addMonths(day: DayKey, months: number): DayKey {
  const date = new Date(utcOfDay(day));
  const target = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1));
  const lastDay = daysInMonth(monthOf(dayKeyFromUtc(target.getTime())));
  target.setUTCDate(Math.min(date.getUTCDate(), lastDay));
  return dayKeyFromUtc(target.getTime());
}

export function monthOf(day: DayKey): MonthKey {
  return day.slice(0, 7);
}

export function firstDayOf(month: MonthKey): DayKey {
  return `${month}-01`;
}

export function daysInMonth(month: MonthKey): number {
  return new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();
}

export function lastDayOf(month: MonthKey): DayKey {
  return `${month}-${String(daysInMonth(month)).padStart(2, "0")}`;
}

/** ISO weekday: 1 = Monday … 7 = Sunday (the numbering of Intl.Locale week info). */
export function isoWeekday(day: DayKey): number {
  return new Date(utcOfDay(day)).getUTCDay() || 7;
}

/** The first day of the week holding `day`, for a week that starts on `firstWeekday` (ISO numbering). */
export function startOfWeek(day: DayKey, firstWeekday: number): DayKey {
  return addDays(day, -((isoWeekday(day) - firstWeekday + 7) % 7));
}

/** The weeks shown for `month`: each a row of 7 days, null where the day belongs to another month. */
export function monthWeeks(month: MonthKey, firstWeekday: number): (DayKey | null)[][] {
  const weeks: (DayKey | null)[][] = [];
  const last = lastDayOf(month);
  for (let weekStart = startOfWeek(firstDayOf(month), firstWeekday); weekStart <= last; weekStart = addDays(weekStart, 7)) {
    weeks.push(Array.from({ length: 7 }, (_, i) => {
      const day = addDays(weekStart, i);
      return monthOf(day) === month ? day : null;
    }));
  }
  return weeks;
}
