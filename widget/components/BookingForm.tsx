/**
 * The visitor's details for the chosen time, then the booking type's questions in their order; what
 * they type survives a slot being taken. Confirm sends the partner's data with them: the `metadata`
 * attribute and the page's UTM parameters, read from the element as it is pressed. With a checkout
 * (checkout-mode.ts), how long the time is held, and the submit goes through the checkout's code:
 * booked with the hold, or with confirm="external", "Continue to payment" hands it all to the
 * partner's page instead (checkout-handover.ts).
 */
import { createRef } from "preact";
import { backToTimes, editField } from "../attempt-actions";
import { answersOf, editAnswer, fieldEdited, prefillAnswers } from "../attempt-answers";
import type { FormField } from "../booking-attempt-model";
import type { SentWith } from "../booking-body";
import { confirmAttempt } from "../booking-submission";
import type { CheckoutCode, CheckoutMode } from "../checkout-mode";
import { formatRange } from "../format-range";
import { widgetOf } from "../host-element";
import type { BookingModel } from "../model";
import { partnerMetadata } from "../partner-data";
import { Tracked } from "../tracked";
import { currentZoneName } from "../zone-names";
import { QuestionField } from "./QuestionField";

interface Props {
  model: BookingModel;
  /** The element's checkout (checkout-mode.ts), and its code once in (then, how long the time is held). */
  mode: CheckoutMode;
  checkout: CheckoutCode | null;
  /** With a checkout, what the submit does instead of booking at once (DetailsStep). */
  onCheckoutSubmit?: (sentWith: SentWith) => void;
}

export class BookingForm extends Tracked<Props> {
  readonly firstField = createRef<HTMLInputElement>();
  readonly form = createRef<HTMLFormElement>();
  #refusalShown: string | null = null;

  override componentDidMount() {
    const { attempt, bookingType } = this.props.model;
    prefillAnswers(attempt, widgetOf(this.form.current)?.getAttribute("answers") ?? null, bookingType.peek()?.questions ?? []);
    this.firstField.current?.focus();
  }

  /** A 400 that names a field takes the visitor to it (its message is under it, and the alert says why). */
  override componentDidUpdate() {
    const refused = answersOf(this.props.model.attempt).refused.peek();
    if (refused && refused !== this.#refusalShown) this.form.current?.querySelector<HTMLElement>(`[name="${refused}"]`)?.focus();
    this.#refusalShown = refused;
  }

  view({ model, mode, checkout, onCheckoutSubmit }: Props) {
    const slot = model.selectedSlot.value;
    if (!slot) return null;
    const { attempt } = model;
    const t = model.strings.value!;
    const { name, email, notes } = attempt.form;
    const { values, refused } = answersOf(attempt);
    const answers = values.value;
    const refusedField = refused.value;
    const submitting = attempt.isSubmitting.value;
    const questions = model.bookingType.value?.questions ?? [];
    /** What a built-in field carries besides its own: its name (a 400's `details` path), part, and the refusal. */
    const builtIn = (field: FormField) => ({
      id: `attendee-${field}`,
      name: field,
      part: "field",
      "aria-invalid": refusedField === field ? ("true" as const) : undefined,
      "aria-describedby": refusedField === field ? `attendee-${field}-error` : undefined,
      onInput: (event: { currentTarget: { value: string } }) => {
        editField(attempt, field, event.currentTarget.value);
        fieldEdited(attempt, field);
      },
    });
    const refusal = (field: FormField) =>
      refusedField === field && (
        <p id={`attendee-${field}-error`} class="field-error">
          {t.fieldRefused}
        </p>
      );
    return (
      <form
        ref={this.form}
        class="details"
        part="form"
        aria-busy={submitting ? "true" : "false"}
        onSubmit={(event) => {
          event.preventDefault();
          const sentWith: SentWith = {
            timeZone: currentZoneName(model.timeZone.peek()),
            metadata: partnerMetadata(widgetOf(event.currentTarget)?.getAttribute("metadata") ?? null, location.href),
          };
          if (onCheckoutSubmit) onCheckoutSubmit(sentWith);
          else void confirmAttempt(attempt, sentWith);
        }}
      >
        <p class="chosen">
          {formatRange(Date.parse(slot.start), Date.parse(slot.end), model.timeZone.value, model.locale.value)}
          <span class="zone-name"> ({currentZoneName(model.timeZone.value)})</span>
        </p>
        {checkout && <checkout.HoldNotice model={model} />}
        <label for="attendee-name">{t.name}</label>
        <input {...builtIn("name")} ref={this.firstField} autocomplete="name" required maxLength={200} value={name.value} />
        {refusal("name")}
        <label for="attendee-email">{t.email}</label>
        <input {...builtIn("email")} type="email" autocomplete="email" required maxLength={254} value={email.value} />
        {refusal("email")}
        {questions.map((question) => (
          <QuestionField
            key={question.id}
            question={question}
            value={answers[question.id]}
            refused={refusedField === `answers.${question.id}`}
            t={t}
            onChange={(value) => editAnswer(attempt, question.id, value)}
          />
        ))}
        <label for="attendee-notes">{t.notes}</label>
        <textarea {...builtIn("notes")} rows={3} maxLength={5000} value={notes.value} />
        {refusal("notes")}
        <div class="actions">
          <button type="button" class="secondary" part="button" onClick={() => backToTimes(attempt)} disabled={submitting}>
            {t.back}
          </button>
          <button type="submit" class="primary" part="button" disabled={submitting}>
            {mode === "external" ? t.continueToPayment : t.confirmBooking}
          </button>
        </div>
      </form>
    );
  }
}
