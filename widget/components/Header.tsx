/** The booking type's title and length, with a skeleton while they load. */

import { fill, plural } from "../../worker/locales/format";
import type { BookingModel } from "../model";
import { tracked } from "../tracked";

export const Header = tracked(function Header({ model }: { model: BookingModel }) {
  const type = model.bookingType.value;
  const t = model.strings.value;
  if (!type || !t) {
    if (model.setupFailure.value) return null;
    return (
      // biome-ignore lint/a11y/noAriaHiddenOnFocusable: a loading placeholder; nothing inside it can take focus.
      <header class="header" aria-hidden="true">
        <span class="skeleton skeleton-title" />
        <span class="skeleton skeleton-line" />
      </header>
    );
  }
  return (
    <header class="header" part="header">
      <h2 class="title">{type.title}</h2>
      <p class="meta">{fill(t.durationWithHost, { duration: plural(t.minutes, model.duration.value!, model.locale.value), host: type.host.name })}</p>
    </header>
  );
});
