/** A booking that no longer stands: moved (with a link to where it is now) or cancelled (with a way to book again). */
import type { BookingResponse } from "../../../worker/domain/contract";
import { fill } from "../../../worker/locales/format";
import { formatRange } from "../../format-range";
import type { ManageModel } from "../manage-model";
import { useFocusOnMount } from "./focus";

export function BookingGone({ model, booking }: { model: ManageModel; booking: BookingResponse }) {
  const heading = useFocusOnMount<HTMLHeadingElement>(model.hasChanged.peek());
  const when = formatRange(Date.parse(booking.startUtc), Date.parse(booking.endUtc), model.timeZone.value, model.locale.value);
  const movedTo = booking.rescheduledToId;
  const t = model.strings.value;
  return (
    <section class="confirmation" aria-labelledby="gone-heading">
      <h2 id="gone-heading" ref={heading} tabIndex={-1}>
        {movedTo ? t.movedHeading : t.cancelledHeading}
      </h2>
      <p>{fill(movedTo ? t.movedText : t.cancelledText, { title: booking.bookingType.title, when, zone: model.timeZone.value })}</p>
      {movedTo ? (
        <a href={model.manageUrlOf(movedTo)}>{t.seeNewTime}</a>
      ) : (
        <a href={`/book/${encodeURIComponent(booking.userId)}/${encodeURIComponent(booking.bookingType.stringId)}`}>{t.bookNewTime}</a>
      )}
    </section>
  );
}
