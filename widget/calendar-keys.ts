/**
 * Where a key moves the day grid's focus (the WAI-ARIA date picker grid): arrow keys by day and
 * week (left and right as the days are laid out: in a right-to-left language the left arrow goes to
 * the next day), Home/End to the week's ends, PageUp/PageDown by month (with Shift, by year), never
 * before `firstDay`. Comes with the later steps' chunk (booking-steps.ts), which the widget fetches
 * as soon as the times are shown: it is not needed to show the first free slot.
 */
import { addDays, addMonths, type CalendarDay, startOfWeek } from "../worker/domain/calendar-days";

/** The day `event`'s key moves the focus to from `day`, or null for a key that moves nothing. */
export function dayAfterKey(event: KeyboardEvent, day: CalendarDay, weekStart: number, firstDay: CalendarDay): CalendarDay | null {
  const wanted = keyTarget(event, day, weekStart);
  // Calendar days are ISO strings: they compare as text, in order.
  return wanted === null ? null : wanted < firstDay ? firstDay : wanted;
}

function keyTarget(event: KeyboardEvent, day: CalendarDay, weekStart: number): CalendarDay | null {
  // The grid's direction as laid out (the widget's `dir`, from its language).
  const forward = (event.currentTarget as Element).matches(":dir(rtl)") ? -1 : 1;
  switch (event.key) {
    case "ArrowLeft":
      return addDays(day, -forward);
    case "ArrowRight":
      return addDays(day, forward);
    case "ArrowUp":
      return addDays(day, -7);
    case "ArrowDown":
      return addDays(day, 7);
    case "Home":
      return startOfWeek(day, weekStart);
    case "End":
      return addDays(startOfWeek(day, weekStart), 6);
    case "PageUp":
      return addMonths(day, event.shiftKey ? -12 : -1);
    case "PageDown":
      return addMonths(day, event.shiftKey ? 12 : 1);
    default:
      return null;
  }
}
