/**
 * The zone picker's place in /widget.js: the shown zone in a one-option select until the picker
 * itself (TimeZonePicker: every zone, search) arrives with the later steps' chunk, which is
 * fetched when the browser is idle, or at once when the visitor reaches for this select (it then
 * keeps the focus as the picker takes its place).
 */
import { bookingSteps, loadBookingSteps } from "../lazy-steps";
import type { BookingModel } from "../model";
import { Tracked } from "../tracked";

export class TimeZoneField extends Tracked<{ model: BookingModel }> {
  /** The root the visitor focused the stand-in in: the picker's select takes the focus once it is shown. */
  focusIn: ShadowRoot | null = null;

  override componentDidUpdate() {
    if (!bookingSteps.peek()) return;
    this.focusIn?.getElementById("zone-select")?.focus();
    this.focusIn = null;
  }

  view({ model }: { model: BookingModel }) {
    const steps = bookingSteps.value;
    if (steps) return <steps.TimeZonePicker model={model} />;
    return (
      <div class="zone">
        <label for="zone-select">{model.strings.value!.timeZone}</label>
        <select
          id="zone-select"
          onFocus={(event) => {
            this.focusIn = event.currentTarget.getRootNode() as ShadowRoot;
            loadBookingSteps().catch(() => undefined);
          }}
        >
          <option>{model.timeZone.value.replace(/_/g, " ")}</option>
        </select>
      </div>
    );
  }
}
