/** A new time, picked in the widget's own calendar: the same month grid, times and zone picker. */
import { MonthCalendar } from "../../components/MonthCalendar";
import { SlotList } from "../../components/SlotList";
import { TimeZonePicker } from "../../components/TimeZonePicker";
import type { ManageModel } from "../manage-model";
import { useFocusOnMount } from "./focus";

export function PickStep({ model }: { model: ManageModel }) {
  // Back from "move it?" or after a taken time, the times take the focus (SlotList), not the heading.
  const heading = useFocusOnMount<HTMLHeadingElement>(!model.isFocusingTimes.peek());
  return (
    <section class="step" aria-labelledby="pick-heading">
      <h3 id="pick-heading" ref={heading} tabIndex={-1}>
        {model.strings.value.pickNewTime}
      </h3>
      <div class="picker">
        <MonthCalendar model={model} />
        <div class="times">
          <SlotList model={model} />
          <TimeZonePicker model={model} />
        </div>
      </div>
      <div class="actions">
        <button type="button" class="secondary" onClick={model.keep}>
          {model.strings.value.backToBooking}
        </button>
      </div>
    </section>
  );
}
