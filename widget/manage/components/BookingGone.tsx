/** A booking that no longer stands: moved (with a link to where it is now) or cancelled (with a way to book again). */
import type { BookingResponse } from "../../../worker/domain/contract";
import { fill } from "../../../worker/locales/format";
import type { ManageMessages } from "../../../worker/locales/messages";
import { formatRange } from "../../format-range";
import type { ManageModel } from "../manage-model";
import { FocusedOnMount } from "./focus";

type Props = { model: ManageModel; booking: BookingResponse; t: ManageMessages };

export class BookingGone extends FocusedOnMount<Props> {
  // Focused when shown after a change (the booking moved or cancelled meanwhile), not on first load.
  override focusOnMount({ model }: Props) {
    return model.hasChanged.peek();
  }

  view({ model, booking, t }: Props) {
    const when = formatRange(Date.parse(booking.startUtc), Date.parse(booking.endUtc), model.timeZone.value, model.locale.value);
    const movedTo = booking.rescheduledToId;
    return (
      <section class="confirmation" aria-labelledby="gone-heading">
        <h2 id="gone-heading" ref={this.heading} tabIndex={-1}>
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
}
