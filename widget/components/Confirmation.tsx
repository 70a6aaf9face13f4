/**
 * The booked time in the visitor's zone and in the host's, so both read the same meeting; the manage
 * link to keep, and Add to calendar.
 */
import { createRef } from "preact";
import { fill } from "../../worker/locales/format";
import { announce, bookAnother } from "../attempt-actions";
import { formatRange } from "../format-range";
import type { BookingModel } from "../model";
import { Tracked } from "../tracked";
import { currentZoneName } from "../zone-names";
import { AddToCalendar } from "./AddToCalendar";
import { ManageLink } from "./ManageLink";

export class Confirmation extends Tracked<{ model: BookingModel }> {
  readonly heading = createRef<HTMLHeadingElement>();

  override componentDidMount() {
    this.heading.current?.focus();
  }

  view({ model }: { model: BookingModel }) {
    const { confirmation, form } = model.attempt;
    const booked = confirmation.value;
    if (!booked) return null;
    const start = Date.parse(booked.start);
    const end = Date.parse(booked.end);
    const locale = model.locale.value;
    const t = model.strings.value!;
    const visitorZone = model.timeZone.value;
    // Nothing is booked before the type's details are in.
    const type = model.bookingType.value!;
    const hostZone = type.host.timeZone;
    const entry = { ...booked, title: type.title, host: type.host.name, attendee: { name: form.name.value, email: form.email.value }, wording: t };
    return (
      <section class="confirmation" part="confirmation" aria-labelledby="confirmation-heading">
        <h3 id="confirmation-heading" ref={this.heading} tabIndex={-1}>
          {t.bookingConfirmed}
        </h3>
        <dl>
          <dt>{fill(t.yourTime, { zone: currentZoneName(visitorZone) })}</dt>
          <dd>{formatRange(start, end, visitorZone, locale)}</dd>
          <dt>{fill(t.hostTime, { zone: hostZone })}</dt>
          <dd>{formatRange(start, end, hostZone, locale)}</dd>
          <dt>{t.reference}</dt>
          <dd class="reference">{booked.bookingId}</dd>
        </dl>
        {booked.manageUrl && <ManageLink t={t} url={booked.manageUrl} announce={(message) => announce(model.attempt, message)} />}
        <AddToCalendar t={t} entry={entry} />
        <button type="button" class="secondary" part="button" onClick={() => bookAnother(model.attempt)}>
          {t.bookAnother}
        </button>
      </section>
    );
  }
}
