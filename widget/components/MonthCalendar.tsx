/**
 * The month calendar, as the WAI-ARIA date picker grid: one tabbable day, arrow keys move by day
 * and week (left and right as the days are laid out: in a right-to-left language, the left arrow
 * goes to the next day), Home/End to the week's ends, PageUp/PageDown by month (with Shift, by year).
 */
import { createRef } from "preact";
import { addDays, addMonths, type CalendarDay, firstDayOf, monthOf, startOfWeek } from "../../worker/domain/calendar-days";
import type { CalendarView } from "../model";
import { monthWeeks } from "../month-grid";
import { Tracked } from "../tracked";
import { firstWeekday, formatFullDate, formatMonth, formatWeekday } from "../zoned-format";

export class MonthCalendar extends Tracked<{ model: CalendarView }> {
  readonly grid = createRef<HTMLTableElement>();
  /** A key moved the focus to another day (maybe another month): put the browser's focus there once it is shown. */
  moveFocus = false;

  override componentDidUpdate() {
    if (!this.moveFocus) return;
    this.moveFocus = false;
    this.grid.current?.querySelector<HTMLButtonElement>(`button[data-day="${this.props.model.focusedDay.peek()}"]`)?.focus();
  }

  view({ model }: { model: CalendarView }) {
    const locale = model.locale.value;
    const t = model.strings.value!;
    const month = model.visibleMonth.value;
    const focused = model.focusedDay.value;
    const selected = model.selectedDay.value;
    const today = model.today.value;
    const slots = model.visibleSlots.value;
    const weekStart = firstWeekday(locale);
    const weeks = monthWeeks(month, weekStart);
    const firstMonth = monthOf(today);
    const isBookable = (day: CalendarDay) => slots.state === "ready" && slots.byDay.has(day);
    // The tabbable day must be shown in this month; fall back to the selection, then the 1st.
    const tabbable = monthOf(focused) === month ? focused : selected && monthOf(selected) === month ? selected : firstDayOf(month);
    const onKeyDown = (event: KeyboardEvent) => {
      // Keys move from the one tabbable day, which is where the focus is (after "Next month" it is
      // no longer the last focused day).
      const wanted = dayAfterKey(event, tabbable, weekStart);
      if (!wanted) return;
      event.preventDefault();
      // biome-ignore lint/complexity/useMathMinMax: calendar days are ISO strings, which Math.max cannot compare.
      const next = wanted < firstDayOf(firstMonth) ? firstDayOf(firstMonth) : wanted;
      // Home on the week's first day, or PageUp in the first month, moves nothing: nothing to refocus.
      if (next === tabbable) return;
      this.moveFocus = true;
      model.focusDay(next);
    };

    return (
      <section class="calendar" part="calendar">
        <div class="calendar-nav">
          {/* aria-disabled, not disabled: a disabled button would drop the keyboard focus onto the page. */}
          <button
            type="button"
            class="nav"
            aria-label={t.previousMonth}
            aria-disabled={month <= firstMonth ? "true" : undefined}
            onClick={() => month > firstMonth && model.showMonth(monthOf(addMonths(firstDayOf(month), -1)))}
          >
            ‹
          </button>
          <h3 id="month-heading" aria-live="polite">
            {formatMonth(firstDayOf(month), locale)}
          </h3>
          <button type="button" class="nav" aria-label={t.nextMonth} onClick={() => model.showMonth(monthOf(addMonths(firstDayOf(month), 1)))}>
            ›
          </button>
        </div>
        {/* biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: a date grid is the ARIA grid pattern (arrow keys move between days). */}
        <table role="grid" ref={this.grid} aria-labelledby="month-heading" aria-busy={slots.state === "loading" ? "true" : "false"} onKeyDown={onKeyDown}>
          <thead>
            <tr>
              {(weeks[0] ?? []).map((_, column) => {
                const day = addDays(startOfWeek(firstDayOf(month), weekStart), column);
                return (
                  <th key={column} scope="col" abbr={formatWeekday(day, locale, "long")}>
                    {formatWeekday(day, locale, "short")}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {weeks.map((week) => (
              <tr key={week.find(Boolean)}>
                {week.map((day, column) =>
                  day ? (
                    // biome-ignore lint/a11y/useAriaPropsSupportedByRole: a cell of role="grid" is a gridcell, which supports aria-selected.
                    <td key={day} aria-selected={day === selected ? "true" : "false"}>
                      <button
                        type="button"
                        data-day={day}
                        part="day"
                        class={`day${isBookable(day) ? " bookable" : ""}${day === selected ? " selected" : ""}`}
                        tabIndex={day === tabbable ? 0 : -1}
                        aria-label={formatFullDate(day, locale)}
                        aria-disabled={isBookable(day) ? undefined : "true"}
                        aria-current={day === today ? "date" : undefined}
                        onClick={() => (isBookable(day) ? model.selectDay(day) : model.focusDay(day))}
                      >
                        {Number(day.slice(8))}
                      </button>
                    </td>
                  ) : (
                    <td key={`empty-${column}`} />
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    );
  }
}

function dayAfterKey(event: KeyboardEvent, day: CalendarDay, weekStart: number): CalendarDay | null {
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
