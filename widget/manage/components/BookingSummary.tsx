/** A confirmed booking: its time in the attendee's zone and the host's, Add to calendar, and what they can do with it. */
import type { BookingResponse } from "../../../worker/domain/contract";
import { AddToCalendar } from "../../components/AddToCalendar";
import { formatRange } from "../../format-range";
import type { ManageModel } from "../manage-model";
import { useFocusOnMount } from "./focus";

export function BookingSummary({ model, booking }: { model: ManageModel; booking: BookingResponse }) {
  // Focused when the booking is shown again after a change (moved here, a refusal), not on first load.
  const heading = useFocusOnMount<HTMLHeadingElement>(model.hasChanged.peek());
  const type = model.bookingType.value;
  const host = type?.host.name ?? booking.userId;
  const start = Date.parse(booking.startUtc);
  const end = Date.parse(booking.endUtc);
  const locale = model.locale.value;
  const zone = model.timeZone.value;
  const step = model.step.value;
  return (
    <section class="confirmation" aria-labelledby="booking-heading">
      <h2 id="booking-heading" ref={heading} tabIndex={-1}>
        {booking.bookingType.title} with {host}
      </h2>
      <dl>
        <dt>Your time ({zone})</dt>
        <dd>{formatRange(start, end, zone, locale)}</dd>
        {type && (
          <>
            <dt>Host's time ({type.host.timeZone})</dt>
            <dd>{formatRange(start, end, type.host.timeZone, locale)}</dd>
          </>
        )}
        <dt>Booked for</dt>
        <dd>
          {booking.attendee.name} ({booking.attendee.email})
        </dd>
        <dt>Reference</dt>
        <dd class="reference">{booking.id}</dd>
      </dl>
      <AddToCalendar
        entry={{
          bookingId: booking.id,
          start: booking.startUtc,
          end: booking.endUtc,
          title: booking.bookingType.title,
          host,
          attendee: booking.attendee,
          manageUrl: model.manageUrl.value,
        }}
      />
      {step === "view" && model.hasStarted.value && <p class="hint">This booking has started, so it can no longer be changed here.</p>}
      {step === "view" && !model.hasStarted.value && (
        <div class="actions">
          {/* Only where the type still takes bookings: a move books a new time of it. */}
          {type && (
            <button type="button" class="secondary" onClick={model.startReschedule}>
              Reschedule
            </button>
          )}
          <button type="button" class="secondary" onClick={model.askCancel}>
            Cancel booking
          </button>
        </div>
      )}
    </section>
  );
}
