/** The confirmation step before a move: the new time, in the attendee's zone, and Confirm. */
import { formatRange } from "../../format-range";
import type { ManageModel } from "../manage-model";
import { useFocusOnMount } from "./focus";

export function MoveStep({ model }: { model: ManageModel }) {
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const slot = model.selectedSlot.value;
  if (!slot) return null;
  const sending = model.isSending.value;
  const t = model.strings.value;
  return (
    <section class="step" aria-labelledby="move-heading">
      <h3 id="move-heading" ref={heading} tabIndex={-1}>
        {t.moveQuestion}
      </h3>
      <p class="chosen">
        {formatRange(Date.parse(slot.start), Date.parse(slot.end), model.timeZone.value, model.locale.value)}
        <span class="zone-name"> ({model.timeZone.value})</span>
      </p>
      <div class="actions">
        <button type="button" class="secondary" onClick={model.backToTimes} disabled={sending}>
          {t.back}
        </button>
        <button type="button" class="primary" onClick={() => void model.confirmMove()} disabled={sending}>
          {t.confirmMove}
        </button>
      </div>
    </section>
  );
}
