/**
 * The days a month calendar lays out: weeks of seven starting on the locale's first weekday, blank
 * outside the month. The widget's only calendar arithmetic of its own; adding days and months and
 * finding weeks is worker/domain/calendar-days.ts, the one copy the Worker's engine uses too (pure
 * and dependency-free, so bundling it costs a few hundred bytes and brings no server code).
 */
import { addDays, type CalendarDay, type CalendarMonth, firstDayOf, lastDayOf, monthOf, startOfWeek } from "../worker/domain/calendar-days";

/** The weeks shown for `month`: each a row of 7 days, null where the day belongs to another month. */
export function monthWeeks(month: CalendarMonth, firstWeekday: number): (CalendarDay | null)[][] {
  const weeks: (CalendarDay | null)[][] = [];
  const last = lastDayOf(month);
  for (let weekStart = startOfWeek(firstDayOf(month), firstWeekday); weekStart <= last; weekStart = addDays(weekStart, 7)) {
    weeks.push(
      Array.from({ length: 7 }, (_, i) => {
        const day = addDays(weekStart, i);
        return monthOf(day) === month ? day : null;
      }),
    );
  }
  return weeks;
}
