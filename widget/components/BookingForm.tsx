/** The visitor's details for the chosen time; what they type survives a slot being taken. */
import { createRef } from "preact";
import { backToTimes, editField } from "../attempt-actions";
import { confirmAttempt } from "../booking-submission";
import { formatRange } from "../format-range";
import type { BookingModel } from "../model";
import { Tracked } from "../tracked";

export class BookingForm extends Tracked<{ model: BookingModel }> {
  readonly firstField = createRef<HTMLInputElement>();

  override componentDidMount() {
    this.firstField.current?.focus();
  }

  view({ model }: { model: BookingModel }) {
    const slot = model.selectedSlot.value;
    if (!slot) return null;
    const { attempt } = model;
    const t = model.strings.value!;
    const { name, email, notes } = attempt.form;
    const submitting = attempt.isSubmitting.value;
    return (
      <form
        class="details"
        aria-busy={submitting ? "true" : "false"}
        onSubmit={(event) => {
          event.preventDefault();
          void confirmAttempt(attempt);
        }}
      >
        <p class="chosen">
          {formatRange(Date.parse(slot.start), Date.parse(slot.end), model.timeZone.value, model.locale.value)}
          <span class="zone-name"> ({model.timeZone.value})</span>
        </p>
        <label for="attendee-name">{t.name}</label>
        <input
          id="attendee-name"
          ref={this.firstField}
          autocomplete="name"
          required
          maxLength={200}
          value={name.value}
          onInput={(event) => editField(attempt, "name", event.currentTarget.value)}
        />
        <label for="attendee-email">{t.email}</label>
        <input
          id="attendee-email"
          type="email"
          autocomplete="email"
          required
          maxLength={254}
          value={email.value}
          onInput={(event) => editField(attempt, "email", event.currentTarget.value)}
        />
        <label for="attendee-notes">{t.notes}</label>
        <textarea
          id="attendee-notes"
          rows={3}
          maxLength={5000}
          value={notes.value}
          onInput={(event) => editField(attempt, "notes", event.currentTarget.value)}
        />
        <div class="actions">
          <button type="button" class="secondary" onClick={() => backToTimes(attempt)} disabled={submitting}>
            {t.back}
          </button>
          <button type="submit" class="primary" disabled={submitting}>
            {t.confirmBooking}
          </button>
        </div>
      </form>
    );
  }
}
