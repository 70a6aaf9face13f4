/**
 * One host's scheduling state as its Durable Object keeps it in memory: the host, its booking
 * types, hours and overrides (its configuration), and its bookings (a BookingLedger). Read from D1
 * in one batch; availability is then answered without touching D1.
 */
import { and, eq, gt } from "drizzle-orm";
import { type BusyInterval, type HostCalendars, hostCalendarQueries, hostCalendarsOf } from "../calendars";
import type { Database } from "../db/client";
import { type BookingRow, type BookingTypeRow, bookings, bookingTypes, dateOverrides, type UserRow, users, weeklyHours } from "../db/schema";
import { type BusyBooking, type CandidateSource, type HostSchedule, isSlotBookable, listFreeSlots, type SlotMs, type SlotRules } from "../domain/availability";
import { slotRules } from "../domain/booking-type-access";
import { BookingLedger } from "./booking-ledger";
import { SlotAnswers } from "./slot-answers";
import { gridSlotJson, gridSource, scheduleId } from "./slot-grid";
import type { SlotHolds } from "./slot-holds";

const DAY_MS = 24 * 60 * 60 * 1000;
const MINUTE_MS = 60_000;
/**
 * How far back a host's bookings still count. One can block a bookable slot only through its
 * buffers (at most 12 hours), but the daily cap counts every booking of the slot's host-local day,
 * and that day began up to 25 hours ago (the day the clocks go back): a booking at 00:00 that day
 * has ended more than 24 hours before 23:30. Two days covers every zone.
 */
const BOOKINGS_LOOK_BACK_MS = 2 * DAY_MS;

/** A host's configuration: everything but its bookings. */
export interface HostConfig {
  user: UserRow;
  types: BookingTypeRow[];
  schedule: HostSchedule;
  calendars: HostCalendars;
}

/** What one D1 read of a host answers. */
export interface HostSnapshot {
  config: HostConfig;
  confirmed: BusyBooking[];
}

const busyColumns = {
  id: bookings.id,
  bookingTypeId: bookings.bookingTypeId,
  startMs: bookings.startMs,
  endMs: bookings.endMs,
  blockStartMs: bookings.blockStartMs,
  blockEndMs: bookings.blockEndMs,
} satisfies Record<keyof BusyBooking, unknown>;

/** Reads everything about host `hostId` in one D1 round trip; null when there is no such host. */
export async function readHostSnapshot(db: Database, hostId: number, nowMs: number): Promise<HostSnapshot | null> {
  const [userRows, typeRows, weeklyRows, overrideRows, bookingRows, connectionRows, calendarRows, pendingWork] = await db.batch([
    db.select().from(users).where(eq(users.id, hostId)),
    db.select().from(bookingTypes).where(eq(bookingTypes.userId, hostId)),
    db.select().from(weeklyHours).where(eq(weeklyHours.userId, hostId)),
    db.select().from(dateOverrides).where(eq(dateOverrides.userId, hostId)),
    // Only what the engine reads of a booking: a host's object starts with this read, and the
    // attendee's name, e-mail and notes would be most of its bytes.
    db
      .select(busyColumns)
      .from(bookings)
      .where(and(eq(bookings.userId, hostId), eq(bookings.status, "confirmed"), gt(bookings.blockEndMs, nowMs - BOOKINGS_LOOK_BACK_MS))),
    ...hostCalendarQueries(db, hostId),
  ]);
  const user = userRows[0];
  if (!user) return null;
  const schedule: HostSchedule = { timeZone: user.timeZone, weekly: weeklyRows, overrides: overrideRows };
  return {
    config: { user, types: typeRows, schedule, calendars: hostCalendarsOf(connectionRows, calendarRows, pendingWork) },
    confirmed: bookingRows,
  };
}

export class HostState {
  readonly ledger = new BookingLedger();
  #config!: HostConfig;
  /** `busy` as last put together, and the version it was put together at. */
  #busy: readonly BusyBooking[] = [];
  #busyVersion = -1;
  #typesByRef = new Map<string, BookingTypeRow>();
  #typesById = new Map<number, BookingTypeRow>();
  /** The number of the host's hours (slot-grid.ts): its candidate slots are shared with hosts of the same hours. */
  #scheduleId = 0;
  readonly #answers = new SlotAnswers(gridSlotJson);

  /** `holds`: the object's checkout holds, which outlive this copy (they are not in D1). */
  constructor(
    config: HostConfig,
    readonly holds: SlotHolds,
  ) {
    this.setConfig(config);
  }

  /** Changes whenever `busy` does: the sum of two counters that only go up. */
  get version(): number {
    return this.ledger.version + this.holds.version;
  }

  /**
   * Everything a new booking must not overlap: confirmed bookings, writes in flight (the ledger)
   * and checkout holds (slot-holds.ts).
   */
  get busy(): readonly BusyBooking[] {
    if (this.holds.count === 0) return this.ledger.busy;
    if (this.#busyVersion !== this.version) {
      this.#busy = [...this.ledger.busy, ...this.holds.busy];
      this.#busyVersion = this.version;
    }
    return this.#busy;
  }

  /** `busy` without one entry: a booking being moved, or the hold a create consumes. */
  busyExcept(id: string): BusyBooking[] {
    return this.busy.filter((busy) => busy.id !== id);
  }

  get user(): UserRow {
    return this.#config.user;
  }

  get calendars(): HostCalendars {
    return this.#config.calendars;
  }

  /** Takes newer hours and types; answers worked out from the old ones go. */
  setConfig(config: HostConfig): void {
    this.#config = config;
    this.#typesByRef = new Map();
    this.#typesById = new Map();
    for (const type of config.types) {
      // The three forms of a reference never collide: a slug is never all digits nor starts "bt-".
      this.#typesByRef.set(String(type.id), type);
      this.#typesByRef.set(type.publicId, type);
      if (type.slug !== null) this.#typesByRef.set(type.slug, type);
      this.#typesById.set(type.id, type);
    }
    this.#scheduleId = scheduleId(config.schedule);
    this.#answers.clear();
  }

  /** A booking type by numeric id ("2"), string id ("bt-63bb1a53") or slug ("intro"). */
  bookingType(ref: string): BookingTypeRow | undefined {
    return this.#typesByRef.get(ref);
  }

  /**
   * Free slots of one type and duration starting in [fromMs, toMs), holds included as busy, and
   * `elsewhere` (the host's calendars' busy times) as well.
   */
  freeSlots(rules: SlotRules, fromMs: number, toMs: number, nowMs: number, elsewhere: readonly BusyBooking[] = []): SlotMs[] {
    const { schedule } = this.#config;
    const busy = withElsewhere(this.busy, elsewhere);
    return listFreeSlots({ schedule, rules, busy, nowMs, fromMs, toMs, candidates: this.#candidateSource(rules) });
  }

  /**
   * The availability answer, `{"slots":[...]}`: free slots of one type and duration starting in
   * [fromMs, toMs), holds included as busy, and the host's calendars' busy times as well: `calendar`
   * is the read (null without calendars), `elsewhere` turns it into busy bookings. Remembered
   * (SlotAnswers) until the bookings, holds, configuration or calendar read change.
   */
  availabilityJson(
    rules: SlotRules,
    range: { fromMs: number; toMs: number; nowMs: number },
    calendar: readonly BusyInterval[] | null,
    elsewhere: () => readonly BusyBooking[],
  ): string {
    const query = { rules, ...range, calendar };
    return this.#answers.json(this.version, query, (memoRules, memoFromMs, memoToMs, memoNowMs) =>
      this.freeSlots(memoRules, memoFromMs, memoToMs, memoNowMs, calendar === null ? [] : elsewhere()),
    );
  }

  /**
   * The rules under which `slot` is bookable for the type against `own` (the host's bookings and
   * holds a write counts) and `elsewhere` (its calendars' busy times), or null when it is not: its
   * length must be one the type offers, and the engine must list exactly this slot.
   */
  bookableRules(bookingTypeId: number, slot: SlotMs, own: readonly BusyBooking[], elsewhere: readonly BusyBooking[], nowMs: number): SlotRules | null {
    const type = this.#typesById.get(bookingTypeId);
    const durationMinutes = (slot.endMs - slot.startMs) / MINUTE_MS;
    if (!type?.durationOptions.includes(durationMinutes)) return null;
    const rules = slotRules(type, durationMinutes);
    const query = { schedule: this.#config.schedule, rules, busy: withElsewhere(own, elsewhere), nowMs, candidates: this.#candidateSource(rules) };
    return isSlotBookable(query, slot) ? rules : null;
  }

  #candidateSource(rules: SlotRules): CandidateSource {
    return gridSource(this.#scheduleId, this.#config.schedule, rules);
  }
}

export function toBusy(row: BookingRow): BusyBooking {
  return {
    id: row.id,
    bookingTypeId: row.bookingTypeId,
    startMs: row.startMs,
    endMs: row.endMs,
    blockStartMs: row.blockStartMs,
    blockEndMs: row.blockEndMs,
  };
}

/** The host's own busy list with its calendars' busy times: the same list, uncopied, when the calendars have none. */
function withElsewhere(own: readonly BusyBooking[], elsewhere: readonly BusyBooking[]): readonly BusyBooking[] {
  return elsewhere.length === 0 ? own : [...own, ...elsewhere];
}
