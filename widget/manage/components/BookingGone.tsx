/** A booking that no longer stands: moved (with a link to where it is now) or cancelled (with a way to book again). */
import type { BookingResponse } from "../../../worker/domain/contract";
import { formatRange } from "../../format-range";
import type { ManageModel } from "../manage-model";
import { useFocusOnMount } from "./focus";

export function BookingGone({ model, booking }: { model: ManageModel; booking: BookingResponse }) {
  const heading = useFocusOnMount<HTMLHeadingElement>(model.hasChanged.peek());
  const when = formatRange(Date.parse(booking.startUtc), Date.parse(booking.endUtc), model.timeZone.value, model.locale.value);
  const movedTo = booking.rescheduledToId;
  return (
    <section class="confirmation" aria-labelledby="gone-heading">
      <h2 id="gone-heading" ref={heading} tabIndex={-1}>
        {movedTo ? "This booking was moved" : "This booking is cancelled"}
      </h2>
      <p>
        {booking.bookingType.title}, {when} ({model.timeZone.value}) {movedTo ? "was moved to another time." : "no longer takes place."}
      </p>
      {movedTo ? (
        <a href={model.manageUrlOf(movedTo)}>See your booking at its new time</a>
      ) : (
        <a href={`/book/${encodeURIComponent(booking.userId)}/${encodeURIComponent(booking.bookingType.stringId)}`}>Book a new time</a>
      )}
    </section>
  );
}
