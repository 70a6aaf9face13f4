/**
 * Who may see a booking type, and the engine's rules for it: the one policy behind availability,
 * creates, the booking-types endpoint and the hosted pages, so they never disagree on what exists.
 */
import type { BookingTypeRow } from "../db/schema";
import type { SlotRules } from "./availability";

/** Who asks about a booking type. */
export interface TypeAccess {
  /** A service token of the type's host: private types too. */
  includePrivate: boolean;
  /** The Origin of a browser page on another site calling without a token; null otherwise. */
  origin: string | null;
}

/** Whether `type` exists for this caller: public, and bookable from the calling page's origin. */
export function isOffered(type: BookingTypeRow, access: TypeAccess): boolean {
  // Archived: no new bookings, for anyone (existing ones are untouched).
  if (type.archivedAt !== null) return false;
  if (access.includePrivate) return true;
  if (!type.isPublic) return false;
  return access.origin === null || type.allowedOrigins === null || type.allowedOrigins.includes(access.origin);
}

/** The engine's rules for one type at one of its allowed durations. */
export function slotRules(type: BookingTypeRow, durationMinutes: number): SlotRules {
  return {
    bookingTypeId: type.id,
    durationMinutes,
    slotIntervalMinutes: type.slotIntervalMinutes ?? durationMinutes,
    bufferBeforeMinutes: type.bufferBeforeMinutes,
    bufferAfterMinutes: type.bufferAfterMinutes,
    minimumNoticeMinutes: type.minimumNoticeMinutes,
    bookingWindowDays: type.bookingWindowDays,
    dailyCap: type.dailyCap,
  };
}
