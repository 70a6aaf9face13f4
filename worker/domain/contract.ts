/**
 * The wire shapes of the Booking API (design.md "HTTP contract"). The widget imports these with
 * `import type` only, so no server code reaches its bundle.
 */
export interface Slot {
  /** UTC ISO-8601 ending in Z. */
  start: string;
  end: string;
}

export interface AvailabilityResponse {
  slots: Slot[];
}

/** GET /api/booking-types?username&slug: what a booking page shows before the slots. */
export interface BookingTypeDetails {
  /** Numeric id, as a string ("2"). */
  id: string;
  /** String id ("bt-63bb1a53"). */
  stringId: string;
  title: string;
  /** Default length in minutes. */
  duration: number;
  /** Every length a visitor may choose, ascending; includes `duration`. */
  durations: number[];
  /** `name` is the host's display name ("Jun Hepulou"), the username until one is set. */
  host: { username: string; name: string; timeZone: string };
}

export interface CreateBookingBody {
  /** Numeric id ("2") or string id ("bt-63bb1a53") of the booking type. */
  bookingType: string;
  start: string;
  end: string;
  name: string;
  email: string;
  notes?: string;
}

export interface CreateBookingResponse {
  bookingId: string;
  status: "confirmed";
  /**
   * Only on public (tokenless) creates, and on their replays: lets the attendee get, cancel and
   * reschedule this booking and what it is rescheduled to. Stored nowhere.
   */
  manageToken?: string;
  /** With `manageToken`: `<origin>/manage/<bookingId>#<manageToken>`, the attendee's page for the booking. */
  manageUrl?: string;
}

export interface BookingResponse {
  id: string;
  /** The host's username. */
  userId: string;
  startUtc: string;
  endUtc: string;
  status: "confirmed" | "cancelled";
  attendee: { email: string; name: string };
  bookingType: { id: string; stringId: string; title: string };
  notes: string | null;
  rescheduledFromId: string | null;
  rescheduledToId: string | null;
  createdAt: string;
  cancelledAt: string | null;
  /**
   * The booking's event in the host's calendar (design-calendars.md); null without one. `calendarId`
   * (often the host's e-mail address) is left out of what a manage token reads.
   */
  calendarEvent: { provider: "google" | "microsoft"; calendarId?: string; status: "pending" | "synced" | "failed" } | null;
}

export interface CancelResponse {
  status: "cancelled";
}

export interface RescheduleResponse {
  oldBookingId: string;
  newBookingId: string;
  status: "rescheduled";
}

export type ErrorCode =
  | "INVALID_REQUEST"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "BOOKING_NOT_FOUND"
  | "NOT_FOUND"
  | "SLOT_NOT_AVAILABLE"
  | "BOOKING_RESCHEDULED"
  | "BOOKING_STARTED"
  | "ALREADY_EXISTS"
  | "IDEMPOTENCY_CONFLICT"
  | "RATE_LIMITED"
  | "INTERNAL"
  | "CALENDAR_UNAVAILABLE";

export interface ErrorResponse {
  error: { code: ErrorCode; message: string; requestId?: string; details?: unknown };
}
