/** The confirmation step before a cancel: nothing is cancelled until the attendee says so here. */
import type { ManageModel } from "../manage-model";
import { useFocusOnMount } from "./focus";

export function CancelStep({ model }: { model: ManageModel }) {
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const sending = model.isSending.value;
  const t = model.strings.value;
  return (
    <section class="step" aria-labelledby="cancel-heading">
      <h3 id="cancel-heading" ref={heading} tabIndex={-1}>
        {t.cancelQuestion}
      </h3>
      <p>{t.cancelExplained}</p>
      <div class="actions">
        <button type="button" class="secondary" onClick={model.keep} disabled={sending}>
          {t.keepBooking}
        </button>
        <button type="button" class="primary" onClick={() => void model.confirmCancel()} disabled={sending}>
          {t.confirmCancel}
        </button>
      </div>
    </section>
  );
}
