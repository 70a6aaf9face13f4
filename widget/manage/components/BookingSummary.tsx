/**
 * A confirmed booking: its time in the attendee's zone and the host's, what they can do with it, and
 * Add to calendar once the steps' chunk is in (an extra, as on the widget's confirmation).
 */
import type { BookingResponse } from "../../../worker/domain/contract";
import { fill } from "../../../worker/locales/format";
import type { ManageMessages } from "../../../worker/locales/messages";
import { formatRange } from "../../format-range";
import type { ManageModel } from "../manage-model";
import { manageStepsCode } from "../steps-loader";
import { FocusedOnMount } from "./focus";

type Props = { model: ManageModel; booking: BookingResponse; t: ManageMessages };

export class BookingSummary extends FocusedOnMount<Props> {
  // Focused when the booking is shown again after a change (moved here, a refusal), not on first load.
  override focusOnMount({ model }: Props) {
    return model.hasChanged.peek();
  }

  view({ model, booking, t }: Props) {
    const type = model.bookingType.value;
    const host = type?.host.name ?? booking.userId;
    const start = Date.parse(booking.startUtc);
    const end = Date.parse(booking.endUtc);
    const locale = model.locale.value;
    const zone = model.timeZone.value;
    const step = model.step.value;
    const AddToCalendar = manageStepsCode.value?.AddToCalendar;
    return (
      <section class="confirmation" aria-labelledby="booking-heading">
        <h2 id="booking-heading" ref={this.heading} tabIndex={-1}>
          {fill(t.titleWithHost, { title: booking.bookingType.title, host })}
        </h2>
        <dl>
          <dt>{fill(t.yourTime, { zone })}</dt>
          <dd>{formatRange(start, end, zone, locale)}</dd>
          {type && (
            <>
              <dt>{fill(t.hostTime, { zone: type.host.timeZone })}</dt>
              <dd>{formatRange(start, end, type.host.timeZone, locale)}</dd>
            </>
          )}
          <dt>{t.bookedFor}</dt>
          <dd>{fill(t.nameAndEmail, { name: booking.attendee.name, email: booking.attendee.email })}</dd>
          <dt>{t.reference}</dt>
          <dd class="reference">{booking.id}</dd>
        </dl>
        {AddToCalendar && (
          <AddToCalendar
            t={t}
            entry={{
              bookingId: booking.id,
              start: booking.startUtc,
              end: booking.endUtc,
              title: booking.bookingType.title,
              host,
              attendee: booking.attendee,
              manageUrl: model.manageUrl.value,
              wording: t,
            }}
          />
        )}
        {step === "view" && model.hasStarted.value && <p class="hint">{t.hasStarted}</p>}
        {step === "view" && !model.hasStarted.value && (
          <div class="actions">
            {/* Only where the type still takes bookings: a move books a new time of it. */}
            {type && (
              <button type="button" class="secondary" onClick={model.startReschedule}>
                {t.reschedule}
              </button>
            )}
            <button type="button" class="secondary" onClick={model.askCancel}>
              {t.cancelBooking}
            </button>
          </div>
        )}
      </section>
    );
  }
}
