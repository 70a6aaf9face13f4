/** The first step: a day in the month calendar, then one of its times. */
import type { BookingModel } from "../model";
import { DurationPicker } from "./DurationPicker";
import { MonthCalendar } from "./MonthCalendar";
import { SlotList } from "./SlotList";
import { TimeZoneField } from "./TimeZoneField";

export function SlotPicker({ model }: { model: BookingModel }) {
  return (
    <div class="picker">
      <MonthCalendar model={model} />
      <div class="times">
        <DurationPicker model={model} />
        <SlotList model={model} />
        <TimeZoneField model={model} />
      </div>
    </div>
  );
}
