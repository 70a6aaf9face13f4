/** What the Worker asks a HostScheduler, and what it answers (Workers RPC, structured-cloned). */
import type { Outcome } from "../domain/outcome";

import type { TypeAccess } from "./host-state";

export interface AvailabilityRequest extends TypeAccess {
  username: string;
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

export interface CreateBookingRequest extends TypeAccess {
  username: string;
  /** Chosen by the Worker, so the response (and its idempotency record) is known before the write. */
  bookingId: string;
  bookingTypeRef: string;
  startMs: number;
  endMs: number;
  attendeeName: string;
  attendeeEmail: string;
  notes: string | null;
  manageTokenHash: string | null;
}

export interface RescheduleRequest {
  username: string;
  bookingId: string;
  newBookingId: string;
  startMs: number;
  endMs: number;
}
