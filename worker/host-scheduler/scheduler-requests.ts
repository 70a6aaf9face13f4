/** What the Worker asks a HostScheduler, and what it answers (Workers RPC, structured-cloned). */

import type { TypeAccess } from "../domain/booking-type-access";
import type { Outcome } from "../domain/outcome";
import type { PublicCreateCap } from "./public-create-cap";

/** Every request names the host by its stable id (the object's key) and, for messages, its username. */
interface HostRequest {
  hostId: number;
  username: string;
}

export interface AvailabilityRequest extends HostRequest, TypeAccess {
  bookingTypeRef: string;
  /** Slots whose start lies in [fromMs, toMs). */
  fromMs: number;
  toMs: number;
  durationMinutes?: number;
}

/**
 * A write's outcome. `recorded`: the response the Worker sends was committed with the write as the
 * Idempotency-Key's record. IDEMPOTENCY_CONFLICT means the key already had a record: nothing was
 * written, and the Worker answers with that record.
 */
export type WriteOutcome = Outcome<{ recorded: true }>;

export interface CreateBookingRequest extends HostRequest, TypeAccess {
  /** Chosen by the Worker, so the response (and its idempotency record) is known before the write. */
  bookingId: string;
  bookingTypeRef: string;
  startMs: number;
  endMs: number;
  attendeeName: string;
  attendeeEmail: string;
  notes: string | null;
  /** The attendee's IANA zone and canonical BCP 47 language; null when create did not give them. */
  attendeeTimeZone: string | null;
  attendeeLocale: string | null;
  /** Stored as given ({} when none). */
  metadata: Record<string, string>;
  /** As sent: judged against the type's questions, as they are when the booking is decided. */
  answers: Record<string, string | boolean>;
  manageTokenHash: string | null;
  /** A public create counts against its client address's hourly cap for this host; null: not counted. */
  publicCreateCap: PublicCreateCap | null;
}

/** TypeAccess: a new time is booked only on a type the caller may still book. */
export interface RescheduleRequest extends HostRequest, TypeAccess {
  bookingId: string;
  newBookingId: string;
  startMs: number;
  endMs: number;
}

export interface CancelRequest extends HostRequest {
  bookingId: string;
}
