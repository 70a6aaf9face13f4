/**
 * The month calendar, as the WAI-ARIA date picker grid: one tabbable day, and keys that move it
 * (calendar-keys.ts says where).
 */
import { createRef } from "preact";
import { addDays, addMonths, type CalendarDay, firstDayOf, monthOf, startOfWeek } from "../../worker/domain/calendar-days";
import type { dayAfterKey } from "../calendar-keys";
import type { CalendarView } from "../model";
import { monthWeeks } from "../month-grid";
import { Tracked } from "../tracked";
import { firstWeekday, formatFullDate, formatMonth, formatWeekday } from "../zoned-format";

/** Where a key moves the focus: the widget's comes with its later steps' chunk, so until then keys move nothing. */
type Props = { model: CalendarView; dayAfterKey?: typeof dayAfterKey | undefined };

export class MonthCalendar extends Tracked<Props> {
  readonly grid = createRef<HTMLTableElement>();
  /** A key moved the focus to another day (maybe another month): put the browser's focus there once it is shown. */
  moveFocus = false;

  override componentDidUpdate() {
    if (!this.moveFocus) return;
    this.moveFocus = false;
    this.grid.current?.querySelector<HTMLButtonElement>(`button[data-day="${this.props.model.focusedDay.peek()}"]`)?.focus();
  }

  view({ model, dayAfterKey }: Props) {
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
      const next = dayAfterKey?.(event, tabbable, weekStart, firstDayOf(firstMonth));
      if (!next) return;
      event.preventDefault();
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
