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

/** What a question asks for (design.md "Metadata and answers"). */
export type BookingQuestionType = "text" | "textarea" | "select" | "checkbox" | "phone";

/**
 * A question a booking type asks the attendee (design-management.md "Booking type fields added later").
 * `id` is 1–40 of `a-z 0-9 _ -`, unique in the type; `label` 1–200 characters; `options` (1–50 distinct
 * strings of 1–200 characters) only on `select`.
 */
export interface BookingQuestion {
  id: string;
  label: string;
  type: BookingQuestionType;
  /** A required `checkbox` must be answered `true` (like HTML's `required` on a checkbox: "I agree"). */
  required: boolean;
  options?: string[];
}

/**
 * An answer by question type: `checkbox` a boolean; the others a string (`select` one of the options,
 * `phone` normalised to E.164 when stored, `text` ≤ 500 and `textarea` ≤ 5,000 characters).
 */
export type BookingAnswer = string | boolean;

/** Answers by question id, as create takes them and a booking returns them. */
export type BookingAnswers = Record<string, BookingAnswer>;

/** The partner's own data on a booking: at most 20 keys of 1–40 `A-Z a-z 0-9 _ . -`, string values ≤ 500 characters. */
export type BookingMetadata = Record<string, string>;

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
  /** What the form asks besides name, e-mail and notes, in order; `[]` when nothing. */
  questions: BookingQuestion[];
}

export interface CreateBookingBody {
  /** Numeric id ("2") or string id ("bt-63bb1a53") of the booking type. */
  bookingType: string;
  start: string;
  end: string;
  name: string;
  email: string;
  notes?: string;
  /** The attendee's IANA time zone ("Europe/Berlin"), used for messages to them. */
  timeZone?: string;
  /** The attendee's language as a BCP 47 tag ("de-DE"); stored in canonical form. */
  locale?: string;
  metadata?: BookingMetadata;
  /**
   * By question id. Leave unanswered questions out; an empty string counts as no answer. Text answers are
   * stored trimmed. A phone number may contain spaces, dashes, dots and parentheses and start with `00`
   * instead of `+`; it must carry its country code.
   */
  answers?: BookingAnswers;
  /** A checkout hold on exactly this type and slot (design.md "Holds"): the create books it and ends the hold. */
  holdId?: string;
}

/** POST /api/holds (design.md "Holds"). */
export interface PlaceHoldBody {
  /** Numeric id ("2") or string id ("bt-63bb1a53") of the booking type. */
  bookingType: string;
  start: string;
  end: string;
  /** 60–1,800; 600 when not given. */
  ttlSeconds?: number;
}

/** POST /api/holds/:holdId/renew. */
export interface RenewHoldBody {
  ttlSeconds?: number;
}

/** A hold as POST /api/holds and renew answer it. */
export interface HoldResponse {
  /** "hold_…": the capability to renew, release and book it; keep it secret. */
  holdId: string;
  start: string;
  end: string;
  expiresAt: string;
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
  /** `timeZone` and `locale` are null when create did not send them. */
  attendee: { email: string; name: string; timeZone: string | null; locale: string | null };
  /** `{}` when none. */
  metadata: BookingMetadata;
  /** `{}` when none; as stored when the booking was made, whatever the type's questions are now. */
  answers: BookingAnswers;
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
  /** Only in GET of one booking with a service token: the e-mail about it, oldest first (design-notifications.md). */
  notifications?: BookingNotification[];
}

/** One message about a booking, as its outbox row stands. */
export interface BookingNotification {
  to: "attendee" | "host";
  kind: "created" | "rescheduled" | "cancelled" | "reminder";
  status: "pending" | "sent" | "failed" | "skipped";
  /** When the provider accepted it; null until then. */
  sentAt: string | null;
  /** Why the last attempt failed (a pending one is tried again), or why it was skipped; null otherwise. */
  lastError: string | null;
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

/**
 * `details` of a 400 INVALID_REQUEST is `{ field, issues: [{ path, message }] }`: `field` names the
 * (first) field refused as the body spells it (`email`, `metadata.leadId`, `answers.company`), and
 * `issues` lists every problem found; `message` starts with the field too. A 409 BOOKING_RESCHEDULED
 * has `{ rescheduledToId }`.
 */
export interface ErrorResponse {
  error: { code: ErrorCode; message: string; requestId?: string; details?: unknown };
}
