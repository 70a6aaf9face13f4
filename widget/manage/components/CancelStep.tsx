/** The confirmation step before a cancel (in the steps' chunk): nothing is cancelled until the attendee says so here. */
import type { StepProps } from "../manage-state";
import { FocusedOnMount } from "./focus";

export class CancelStep extends FocusedOnMount<StepProps> {
  view({ model, steps, t }: StepProps) {
    const sending = model.isSending.value;
    return (
      <section class="step" aria-labelledby="cancel-heading">
        <h3 id="cancel-heading" ref={this.heading} tabIndex={-1}>
          {t.cancelQuestion}
        </h3>
        <p>{t.cancelExplained}</p>
        <div class="actions">
          <button type="button" class="secondary" onClick={model.keep} disabled={sending}>
            {t.keepBooking}
          </button>
          <button type="button" class="primary" onClick={() => void steps.confirmCancel()} disabled={sending}>
            {t.confirmCancel}
          </button>
        </div>
      </section>
    );
  }
}
