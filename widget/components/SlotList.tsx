/** The free times of the selected day, named by their start in the visitor's zone ("2:45 PM"). */
import { createRef } from "preact";
import { fill } from "../../worker/locales/format";
import type { CalendarView } from "../model";
import { Tracked } from "../tracked";
import { formatFullDate, timeLabels } from "../zoned-format";

const SKELETON_ROWS = [0, 1, 2, 3, 4];

export class SlotList extends Tracked<{ model: CalendarView }> {
  readonly panel = createRef<HTMLDivElement>();

  override componentDidMount() {
    this.componentDidUpdate();
  }

  // Back from the form, after a taken slot or "Book another time": once the times are in, focus the
  // chosen time (or the first, or the calendar's day when none is left), never leave it on <body>.
  override componentDidUpdate() {
    const { model } = this.props;
    const panel = this.panel.current;
    if (!model.isFocusingTimes.peek() || model.visibleSlots.peek().state === "loading") return;
    model.timesFocused();
    const chosen = model.selectedSlot.peek()?.start;
    const root = panel?.getRootNode() as ShadowRoot | undefined;
    const target =
      (chosen && panel?.querySelector<HTMLButtonElement>(`button[data-start="${chosen}"]`)) ||
      panel?.querySelector<HTMLButtonElement>("ul button") ||
      root?.querySelector<HTMLButtonElement>('table button[tabindex="0"]');
    target?.focus();
  }

  view({ model }: { model: CalendarView }) {
    // Read here so that the times taking the focus renders this (and so runs componentDidUpdate) by itself.
    void model.isFocusingTimes.value;
    return <div ref={this.panel}>{content(model, model.visibleSlots.value)}</div>;
  }
}

function content(model: CalendarView, month: CalendarView["visibleSlots"]["value"]) {
  const day = model.shownDay.value;
  const locale = model.locale.value;
  const t = model.strings.value!;
  if (month.state === "failed") {
    return (
      <p class="hint">
        {t.timesFailed}{" "}
        <button type="button" class="secondary" onClick={model.retrySlots}>
          {t.tryAgain}
        </button>
      </p>
    );
  }
  if (month.state === "loading") {
    return (
      <ul class="slots" aria-busy="true" aria-label={t.loadingTimes}>
        {SKELETON_ROWS.map((row) => (
          <li key={row} class="skeleton skeleton-slot" aria-hidden="true" />
        ))}
      </ul>
    );
  }
  if (!day) return <p class="hint">{month.byDay.size > 0 ? t.pickDay : t.noTimesThisMonth}</p>;
  const fullDate = formatFullDate(day, locale);
  const slots = model.daySlots.value;
  if (slots.length === 0) return <p class="hint">{fill(t.noTimesOn, { date: fullDate })}</p>;
  const labels = timeLabels(
    slots.map((slot) => Date.parse(slot.start)),
    model.timeZone.value,
    locale,
  );
  return (
    <>
      <h3 class="day-heading">{fullDate}</h3>
      {/* biome-ignore lint/a11y/noRedundantRoles: Safari drops list semantics from a list styled list-style: none. */}
      <ul class="slots" role="list" aria-label={fill(t.timesOn, { date: fullDate })}>
        {slots.map((slot, index) => (
          <li key={slot.start}>
            <button type="button" class="slot" part="slot" data-start={slot.start} onClick={() => model.selectSlot(slot)}>
              {labels[index]}
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}
