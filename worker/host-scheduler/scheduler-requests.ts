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
  /** The checkout hold the create consumes (design.md "Holds"); null: none named. */
  holdId: string | null;
  /** The calling token's account (a token's hold is only its account's to use); null without a token. */
  callerAccountId: string | null;
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

/** POST /api/holds: keep a slot for one visitor while they pay (design.md "Holds"). */
export interface PlaceHoldRequest extends HostRequest, TypeAccess {
  bookingTypeRef: string;
  startMs: number;
  endMs: number;
  ttlSeconds: number;
  /** The calling token's account, the only one that may use the hold; null for an anonymous hold. */
  accountId: string | null;
  /** The client address an anonymous hold counts against (hold-rows.ts); null: not counted. */
  capAddress: string | null;
}

/** Renew and release name the hold and its host (found from the hold's D1 row); `accountId` is the caller's (null without a token). */
export interface HoldRequest {
  hostId: number;
  holdId: string;
  accountId: string | null;
}

export interface RenewHoldRequest extends HoldRequest {
  ttlSeconds: number;
}

/**
 * A placed or renewed hold: `body` is its answer, `{ holdId, start, end, expiresAt }` as JSON text,
 * committed as the Idempotency-Key's record. IDEMPOTENCY_CONFLICT: the key already had a record.
 */
export type HoldOutcome = Outcome<{ status: 200 | 201; body: string }>;
