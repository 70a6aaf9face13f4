/** The confirmation step before a move: the new time, in the attendee's zone, and Confirm (in the steps' chunk). */
import { formatRange } from "../../format-range";
import type { StepProps } from "../manage-state";
import { FocusedOnMount } from "./focus";

export class MoveStep extends FocusedOnMount<StepProps> {
  view({ model, steps, t }: StepProps) {
    const slot = model.selectedSlot.value;
    if (!slot) return null;
    const sending = model.isSending.value;
    return (
      <section class="step" aria-labelledby="move-heading">
        <h3 id="move-heading" ref={this.heading} tabIndex={-1}>
          {t.moveQuestion}
        </h3>
        <p class="chosen">
          {formatRange(Date.parse(slot.start), Date.parse(slot.end), model.timeZone.value, model.locale.value)}
          <span class="zone-name"> ({model.timeZone.value})</span>
        </p>
        <div class="actions">
          <button type="button" class="secondary" onClick={steps.backToTimes} disabled={sending}>
            {t.back}
          </button>
          <button type="button" class="primary" onClick={() => void steps.confirmMove()} disabled={sending}>
            {t.confirmMove}
          </button>
        </div>
      </section>
    );
  }
}
