/**
 * One host's scheduling state as its Durable Object keeps it in memory: the host, its booking
 * types, hours, overrides and confirmed bookings. Loaded from D1 in one batch; after that every
 * booking write for the host passes through the same object, which updates this copy, so
 * availability is answered without touching D1.
 */
import { and, eq, gt, inArray } from "drizzle-orm";
import type { Database } from "../db/client";
import { bookingTypes, bookings, dateOverrides, users, weeklyHours, type BookingRow, type BookingTypeRow, type UserRow } from "../db/schema";
import { candidateSlotsForDay, isSlotBookable, listFreeSlots, type BusyBooking, type CandidateSource, type HostSchedule, type Slot, type SlotRules } from "../domain/availability";

const DAY_MS = 24 * 60 * 60 * 1000;
const MINUTE_MS = 60_000;
/** Bounds the memo of candidate slots (a far-future query must not grow it without end). */
const MAX_MEMOISED_DAYS = 5_000;

export class HostState {
  #typesByRef = new Map<string, BookingTypeRow>();
  #typesById = new Map<number, BookingTypeRow>();
  #busy: BusyBooking[];
  /** Candidate slots per (type, duration, interval, host-local date): they depend on hours only. */
  #candidates = new Map<string, readonly Slot[]>();

  private constructor(
    public user: UserRow,
    types: BookingTypeRow[],
    public schedule: HostSchedule,
    busy: BusyBooking[],
  ) {
    this.#indexTypes(types);
    this.#busy = busy;
  }

  /** Reads everything about `username` in one D1 round trip; null when there is no such host. */
  static async load(db: Database, username: string, nowMs: number): Promise<HostState | null> {
    const hostId = db.select({ id: users.id }).from(users).where(eq(users.username, username));
    const [userRows, typeRows, weeklyRows, overrideRows, bookingRows] = await db.batch([
      db.select().from(users).where(eq(users.username, username)),
      db.select().from(bookingTypes).where(inArray(bookingTypes.userId, hostId)),
      db.select().from(weeklyHours).where(inArray(weeklyHours.userId, hostId)),
      db.select().from(dateOverrides).where(inArray(dateOverrides.userId, hostId)),
      db
        .select()
        .from(bookings)
        // Bookings that ended more than a day ago can no longer block a bookable slot.
        .where(and(inArray(bookings.userId, hostId), eq(bookings.status, "confirmed"), gt(bookings.blockEndMs, nowMs - DAY_MS))),
    ]);
    const user = userRows[0];
    if (!user) return null;
    const schedule: HostSchedule = { timeZone: user.timeZone, weekly: weeklyRows, overrides: overrideRows };
    return new HostState(user, typeRows, schedule, bookingRows.map(toBusy));
  }

  /**
   * Takes the host, types and hours of a newer load but keeps this copy's bookings: they are
   * authoritative (every write passes through this object) and include holds not yet in D1.
   */
  refreshConfigFrom(newer: HostState, nowMs: number): void {
    this.user = newer.user;
    this.schedule = newer.schedule;
    this.#typesByRef = newer.#typesByRef;
    this.#typesById = newer.#typesById;
    this.#candidates = new Map();
    this.#busy = this.#busy.filter((booking) => booking.blockEndMs > nowMs - DAY_MS);
  }

  /** A booking type by numeric id ("2") or string id ("bt-63bb1a53"). */
  bookingType(ref: string): BookingTypeRow | undefined {
    return this.#typesByRef.get(ref);
  }

  get busy(): readonly BusyBooking[] {
    return this.#busy;
  }

  busyExcept(bookingId: string): BusyBooking[] {
    return this.#busy.filter((booking) => booking.id !== bookingId);
  }

  /** Free slots of one type and duration starting in [fromMs, toMs), holds included as busy. */
  freeSlots(rules: SlotRules, fromMs: number, toMs: number, nowMs: number): Slot[] {
    return listFreeSlots({ schedule: this.schedule, rules, busy: this.#busy, nowMs, fromMs, toMs, candidates: this.#candidateSource(rules) });
  }

  /**
   * The rules under which `slot` is bookable for the type against `busy`, or null when it is not:
   * its length must be one the type offers, and the engine must list exactly this slot.
   */
  bookableRules(bookingTypeId: number, slot: Slot, busy: readonly BusyBooking[], nowMs: number): SlotRules | null {
    const type = this.#typesById.get(bookingTypeId);
    const durationMinutes = (slot.endMs - slot.startMs) / MINUTE_MS;
    if (!type || !type.durationOptions.includes(durationMinutes)) return null;
    const rules = slotRules(type, durationMinutes);
    const query = { schedule: this.schedule, rules, busy, nowMs, candidates: this.#candidateSource(rules) };
    return isSlotBookable(query, slot) ? rules : null;
  }

  #candidateSource(rules: SlotRules): CandidateSource {
    const prefix = `${rules.bookingTypeId}:${rules.durationMinutes}:${rules.slotIntervalMinutes}:`;
    return (date) => {
      const key = prefix + date;
      let slots = this.#candidates.get(key);
      if (!slots) {
        if (this.#candidates.size >= MAX_MEMOISED_DAYS) this.#candidates.clear();
        slots = candidateSlotsForDay(this.schedule, rules, date);
        this.#candidates.set(key, slots);
      }
      return slots;
    };
  }

  #indexTypes(types: BookingTypeRow[]): void {
    for (const type of types) {
      this.#typesByRef.set(String(type.id), type);
      this.#typesByRef.set(type.publicId, type);
      this.#typesById.set(type.id, type);
    }
  }

  addBooking(row: BookingRow): void {
    this.#busy = [...this.#busy, toBusy(row)];
  }

  removeBooking(bookingId: string): void {
    this.#busy = this.busyExcept(bookingId);
  }
}

/** Who asks about a booking type. */
export interface TypeAccess {
  /** A service token of the type's host: private types too. */
  includePrivate: boolean;
  /** The Origin of a browser page on another site calling without a token; null otherwise. */
  origin: string | null;
}

/** Whether `type` exists for this caller: public, and bookable from the calling page's origin. */
export function isOffered(type: BookingTypeRow, access: TypeAccess): boolean {
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

function toBusy(row: BookingRow): BusyBooking {
  return {
    id: row.id,
    bookingTypeId: row.bookingTypeId,
    startMs: row.startMs,
    endMs: row.endMs,
    blockStartMs: row.blockStartMs,
    blockEndMs: row.blockEndMs,
  };
}
