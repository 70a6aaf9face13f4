/** The free times of the selected day, named by their start in the visitor's zone ("2:45 PM"). */
import { useEffect, useRef } from "preact/hooks";
import type { BookingModel } from "../model";
import { formatFullDate, formatTime } from "../zoned-format";

const SKELETON_ROWS = [0, 1, 2, 3, 4];

export function SlotList({ model }: { model: BookingModel }) {
  const list = useRef<HTMLUListElement>(null);
  // Back from the form, or after a taken slot: focus the first time once the list is there.
  useEffect(() => {
    const first = list.current?.querySelector("button");
    if (first && model.focusRequest.times) {
      model.focusRequest.times = false;
      first.focus();
    }
  });
  const day = model.selectedDay.value;
  const month = model.visibleSlots.value;
  const locale = model.locale.value;
  if (month.state === "failed") {
    return (
      <p class="hint">
        Times could not be loaded.{" "}
        <button type="button" class="secondary" onClick={model.retrySlots}>
          Try again
        </button>
      </p>
    );
  }
  if (month.state === "loading") {
    return (
      <ul class="slots" aria-busy="true" aria-label="Loading available times">
        {SKELETON_ROWS.map((row) => (
          <li key={row} class="skeleton skeleton-slot" aria-hidden="true" />
        ))}
      </ul>
    );
  }
  if (!day) return <p class="hint">{month.byDay.size > 0 ? "Pick a day to see its times." : "No free times this month. Try the next month."}</p>;
  const fullDate = formatFullDate(day, locale);
  const slots = model.daySlots.value;
  if (slots.length === 0) return <p class="hint">No free times on {fullDate}.</p>;
  const timeZone = model.timeZone.value;
  return (
    <div>
      <h3 class="day-heading">{fullDate}</h3>
      <ul class="slots" role="list" ref={list} aria-label={`Available times on ${fullDate}`}>
        {slots.map((slot) => (
          <li key={slot.start}>
            <button type="button" class="slot" onClick={() => model.selectSlot(slot)}>
              {formatTime(Date.parse(slot.start), timeZone, locale)}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
