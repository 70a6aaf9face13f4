/**
 * The events a page can listen for on <bookora-widget> (design-embed.md "Events"), each `bookora:<name>`
 * with its `detail`, bubbling out of the shadow root. In order through a booking: `ready` once the first
 * month is shown and `date-selected`, `slot-selected` as the visitor picks (model.ts); `slot-held` with
 * the `hold` attribute (slot-hold.ts, or checkout-handover.ts with confirm="external"), `booking-created`
 * (booking-submission.ts, or the element's `complete()`), both in the lazy chunk with the form; `error`
 * whenever a request fails for good.
 * One function makes them all: a class per event costs /widget.js bytes.
 */
import type { BookingMetadata, CreateBookingBody, HoldResponse } from "../worker/domain/contract";
import type { ApiFailure } from "./api";

export interface ReadyDetail {
  /** The booking type's `bt-…` id. */
  bookingType: string;
  /** The host's username. */
  host: string;
  /** The IANA zone the times are shown in. */
  timeZone: string;
  /** The locale dates are shown in (`de-DE`). */
  locale: string;
}

export interface BookingCreatedDetail {
  bookingId: string;
  start: string;
  end: string;
  /** The attendee's page to reschedule or cancel (its token in the fragment): worth e-mailing them. */
  manageUrl?: string;
  /** What the booking was created with: the `metadata` attribute and the page's UTM parameters. */
  metadata: BookingMetadata;
}

/**
 * A hold on the chosen time (design.md "Holds"): `holdId` books it (the `holdId` of a create) or
 * releases it. With confirm="external", also what the form collected: with `start`, `end` and
 * `holdId` it is the body of the create the partner's server sends.
 */
export type SlotHeldDetail = HoldResponse & Partial<Omit<CreateBookingBody, "start" | "end" | "holdId">>;

export interface BookoraEvents {
  ready: ReadyDetail;
  "date-selected": { date: string };
  "slot-selected": { start: string; end: string };
  "slot-held": SlotHeldDetail;
  "booking-created": BookingCreatedDetail;
  error: Pick<ApiFailure, "code" | "message">;
}

export function bookoraEvent<Name extends keyof BookoraEvents>(name: Name, detail: BookoraEvents[Name]) {
  return new CustomEvent(`bookora:${name}`, { detail, bubbles: true, composed: true });
}

export function errorEvent({ code, message }: Pick<ApiFailure, "code" | "message">) {
  return bookoraEvent("error", { code, message });
}
