/**
 * One of the booking type's questions as a form field, labelled and validated like the form's own
 * (the browser's `required` and lengths; a phone number with its country code), with the refusal
 * of a 400 that named it under it. It comes with the form, in the lazy chunk.
 */
import type { BookingAnswer, BookingQuestion } from "../../worker/domain/contract";
import type { WidgetMessages } from "../../worker/locales/messages";

/** The longest answers the API takes (design.md "Metadata and answers"); 30 leaves a phone number room for its spaces. */
const MAX_LENGTH = { text: 500, textarea: 5000, phone: 30 };
/** "+44 20 7946 0958" or "0044 …": the API needs the country code (a pattern valid under the `v` flag browsers compile it with). */
const PHONE_PATTERN = String.raw`(\+|00)[\d\s\(\)\.\-]{6,}`;

interface Props {
  question: BookingQuestion;
  value: BookingAnswer | undefined;
  /** A 400 named this question. */
  refused: boolean;
  t: WidgetMessages;
  onChange: (value: BookingAnswer) => void;
}

export function QuestionField({ question, value, refused, t, onChange }: Props) {
  const { type, label, required } = question;
  const id = `question-${question.id}`;
  const hint = type === "phone" && (
    <p id={`${id}-hint`} class="field-hint">
      {t.phoneHint}
    </p>
  );
  const error = refused && (
    <p id={`${id}-error`} class="field-error">
      {t.fieldRefused}
    </p>
  );
  const field = {
    id,
    name: `answers.${question.id}`,
    part: "field",
    required,
    "aria-invalid": refused ? ("true" as const) : undefined,
    "aria-describedby": [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ") || undefined,
  };
  if (type === "checkbox") {
    return (
      <div class="checkbox-field">
        <input {...field} type="checkbox" checked={value === true} onChange={(event) => onChange(event.currentTarget.checked)} />
        <label for={id}>{label}</label>
        {error}
      </div>
    );
  }
  const text = typeof value === "string" ? value : "";
  const edit = (event: { currentTarget: { value: string } }) => onChange(event.currentTarget.value);
  return (
    <>
      <label for={id}>{label}</label>
      {type === "select" ? (
        <select {...field} value={text} onChange={edit}>
          <option value="">{t.chooseOption}</option>
          {(question.options ?? []).map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      ) : type === "textarea" ? (
        <textarea {...field} rows={3} maxLength={MAX_LENGTH.textarea} value={text} onInput={edit} />
      ) : type === "phone" ? (
        <input {...field} type="tel" autocomplete="tel" maxLength={MAX_LENGTH.phone} pattern={PHONE_PATTERN} value={text} onInput={edit} />
      ) : (
        <input {...field} maxLength={MAX_LENGTH.text} value={text} onInput={edit} />
      )}
      {hint}
      {error}
    </>
  );
}
