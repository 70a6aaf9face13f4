/** The first step: a day in the month calendar, then one of its times. */
import type { BookingSteps } from "../lazy-steps";
import type { BookingModel } from "../model";
import { DurationPicker } from "./DurationPicker";
import { MonthCalendar } from "./MonthCalendar";
import { SlotList } from "./SlotList";

/** `steps`: the later steps' chunk once it is in (App, which renders again when it arrives). */
export function SlotPicker({ model, steps }: { model: BookingModel; steps: BookingSteps | null }) {
  return (
    <div class="picker">
      <MonthCalendar model={model} dayAfterKey={steps?.dayAfterKey} />
      <div class="times">
        <DurationPicker model={model} />
        <SlotList model={model} />
        {/* The zone picker (every zone, search) comes with the later steps' chunk, fetched once the
            times are shown (lazy-steps.ts): below everything else, so nothing moves when it arrives. */}
        {steps && <steps.TimeZonePicker model={model} />}
      </div>
    </div>
  );
}
