/** A new time, picked in the widget's own calendar: the same month grid, times and zone picker (in the steps' chunk). */
import { dayAfterKey } from "../../calendar-keys";
import { MonthCalendar } from "../../components/MonthCalendar";
import { SlotList } from "../../components/SlotList";
import { TimeZonePicker } from "../../components/TimeZonePicker";
import type { StepProps } from "../manage-state";
import { FocusedOnMount } from "./focus";

export class PickStep extends FocusedOnMount<StepProps> {
  // Back from "move it?" or after a taken time, the times take the focus (SlotList), not the heading.
  override focusOnMount({ steps }: StepProps) {
    return !steps.view.isFocusingTimes.peek();
  }

  view({ model, steps, t }: StepProps) {
    return (
      <section class="step" aria-labelledby="pick-heading">
        <h3 id="pick-heading" ref={this.heading} tabIndex={-1}>
          {t.pickNewTime}
        </h3>
        <div class="picker">
          <MonthCalendar model={steps.view} dayAfterKey={dayAfterKey} />
          <div class="times">
            <SlotList model={steps.view} />
            <TimeZonePicker model={steps.view} />
          </div>
        </div>
        <div class="actions">
          <button type="button" class="secondary" onClick={model.keep}>
            {t.backToBooking}
          </button>
        </div>
      </section>
    );
  }
}
