/** A choice of meeting length, shown only when the booking type offers more than one. */

import { plural } from "../../worker/locales/format";
import type { BookingModel } from "../model";
import { tracked } from "../tracked";

export const DurationPicker = tracked(function DurationPicker({ model }: { model: BookingModel }) {
  const durations = model.bookingType.value?.durations ?? [];
  if (durations.length < 2) return null;
  const t = model.strings.value!;
  return (
    <fieldset class="durations">
      <legend>{t.duration}</legend>
      {durations.map((minutes) => (
        <label key={minutes} class="duration">
          <input type="radio" name="duration" value={minutes} checked={model.duration.value === minutes} onChange={() => model.chooseDuration(minutes)} />
          {plural(t.minutes, minutes, model.locale.value)}
        </label>
      ))}
    </fieldset>
  );
});
