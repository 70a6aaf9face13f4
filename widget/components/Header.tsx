/** The booking type's title and length. */

import { fill, plural } from "../../worker/locales/format";
import type { BookingModel } from "../model";
import { tracked } from "../tracked";

export const Header = tracked(function Header({ model }: { model: BookingModel }) {
  const type = model.bookingType.value;
  const t = model.strings.value;
  // Until they are in, nothing: inline, the widget renders only once the type's details are (define.ts);
  // in a dialog, opened before they are, the title follows the calendar.
  if (!type || !t) return null;
  return (
    <header class="header" part="header">
      <h2 class="title">{type.title}</h2>
      <p class="meta">{fill(t.durationWithHost, { duration: plural(t.minutes, model.duration.value!, model.locale.value), host: type.host.name })}</p>
    </header>
  );
});
