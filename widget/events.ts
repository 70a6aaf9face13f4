/**
 * The events a page can listen for on <bookora-widget>; they bubble out of the shadow root.
 * `bookora:booking-created` is raised by booking-submission.ts, in the lazy chunk with the form.
 */
import type { ApiFailure } from "./api";

export interface BookingCreatedDetail {
  bookingId: string;
  start: string;
  end: string;
  /** The attendee's page to reschedule or cancel (its token in the fragment): worth e-mailing them. */
  manageUrl?: string;
}

export class BookoraErrorEvent extends CustomEvent<Pick<ApiFailure, "code" | "message">> {
  constructor(failure: Pick<ApiFailure, "code" | "message">) {
    super("bookora:error", { detail: { code: failure.code, message: failure.message }, bubbles: true, composed: true });
  }
}
