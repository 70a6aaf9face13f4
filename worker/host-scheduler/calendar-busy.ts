/**
 * The busy times of a host's calendars as its Durable Object keeps them (design-calendars.md "Busy
 * times"): availability may use a read up to 60 seconds old; a create reads again unless a read
 * less than 15 seconds old covers its slot. When the provider fails, availability keeps the last
 * read for up to 15 minutes and then offers nothing in the range (failing open would book over real
 * meetings); a create fails (503 CALENDAR_UNAVAILABLE), booking nothing.
 *
 * The provider is asked only about times that can be booked (now … the booking window, with room
 * for buffers), whatever range a caller names, and the last few reads are kept, so a visitor paging
 * back and forth between two months costs no read per page. A read that began before the calendars
 * changed (`reset`) is never kept, nor answered, after the change.
 */
import type { BusyInterval } from "../calendars";
import type { BusyBooking } from "../domain/availability";
import type { HostState } from "./host-state";

export const AVAILABILITY_MAX_AGE_MS = 60_000;
export const CREATE_MAX_AGE_MS = 15_000;
export const STALE_LIMIT_MS = 15 * 60_000;

const HOUR_MS = 60 * 60_000;
const DAY_MS = 24 * HOUR_MS;
/**
 * What a slot needs to see around it: a busy time blocks a slot when it meets the slot's buffers.
 * Buffers are at most 720 minutes, and so are durations, so a slot starting at `t` needs [t − 12 h,
 * t + 24 h).
 */
const NEEDED_BEFORE_MS = 12 * HOUR_MS;
const NEEDED_AFTER_MS = 24 * HOUR_MS;
/** A read reaches this far beyond what was needed, so the creates of one day share a read. */
const READ_EXTRA_MS = 12 * HOUR_MS;
/** Reads kept at once (the newest); enough for a visitor comparing a few months. */
const MAX_KEPT_READS = 4;
/** A read overtaken by a calendar change is tried again; this many times at most. */
const MAX_READ_TRIES = 3;

export interface Range {
  fromMs: number;
  toMs: number;
}

interface Read extends Range {
  intervals: BusyInterval[];
  readAtMs: number;
  /** The calendars' generation the read began under (see `reset`). */
  generation: number;
}

/** Reads the busy times of every checked calendar over [fromMs, toMs); throws when any fails. */
export type BusyReader = (fromMs: number, toMs: number) => Promise<BusyInterval[]>;

export class CalendarUnavailable extends Error {}

export class CalendarBusyTimes {
  /** Newest first. */
  #kept: Read[] = [];
  #inFlight: { range: Range; generation: number; promise: Promise<Read> }[] = [];
  /** Counts the changes of the calendars that count: a read of an older generation is not used. */
  #generation = 0;

  constructor(
    private readonly read: BusyReader,
    private readonly clock: () => number,
  ) {}

  /**
   * Busy times for an availability answer over slot starts in `range`, for a type bookable up to
   * `windowDays` ahead; null when they cannot be known: offer nothing in the range.
   */
  async forAvailability(range: Range, windowDays: number): Promise<BusyInterval[] | null> {
    const needed = this.#needed(range, windowDays);
    // Nothing in the range can be booked: the provider need not be asked.
    if (!needed) return [];
    const kept = this.#keptCovering(needed, AVAILABILITY_MAX_AGE_MS);
    if (kept) return kept.intervals;
    try {
      return (await this.#readCovering(needed, windowDays)).intervals;
    } catch (error) {
      console.error(JSON.stringify({ message: "calendar busy times not read", error: String(error) }));
      return this.#keptCovering(needed, STALE_LIMIT_MS)?.intervals ?? null;
    }
  }

  /** Busy times around a slot for a create; throws CalendarUnavailable when they cannot be read. */
  async forCreate(slot: { startMs: number; endMs: number }, windowDays: number): Promise<BusyInterval[]> {
    const needed = this.#needed({ fromMs: slot.startMs, toMs: slot.endMs }, windowDays);
    // Outside the bookable times: the booking rules refuse the slot whatever the calendar says.
    if (!needed) return [];
    const kept = this.#keptCovering(needed, CREATE_MAX_AGE_MS);
    if (kept) return kept.intervals;
    try {
      return (await this.#readCovering(needed, windowDays)).intervals;
    } catch (error) {
      throw new CalendarUnavailable(String(error));
    }
  }

  /** Changes each time the calendars that count change. */
  get generation(): number {
    return this.#generation;
  }

  /** The calendars that count changed: forget every read, and never use one that is still out. */
  reset(): void {
    this.#generation += 1;
    this.#kept = [];
    this.#inFlight = [];
  }

  /** What must be known for slots starting in `range`, cut to the times that can be booked. */
  #needed(range: Range, windowDays: number): Range | null {
    const reach = this.#reach(windowDays);
    const fromMs = Math.max(range.fromMs - NEEDED_BEFORE_MS, reach.fromMs);
    const toMs = Math.min(range.toMs + NEEDED_AFTER_MS, reach.toMs);
    return fromMs < toMs ? { fromMs, toMs } : null;
  }

  /** Everything a bookable slot can need to see: from now (less buffers) to the end of the window. */
  #reach(windowDays: number): Range {
    const nowMs = this.clock();
    return { fromMs: nowMs - NEEDED_BEFORE_MS, toMs: nowMs + windowDays * DAY_MS + NEEDED_AFTER_MS };
  }

  #keptCovering(needed: Range, maxAgeMs: number): Read | undefined {
    const nowMs = this.clock();
    return this.#kept.find((read) => covers(read, needed) && nowMs - read.readAtMs <= maxAgeMs);
  }

  /** A read of the current generation covering `needed`: one in flight, or a new one. */
  async #readCovering(needed: Range, windowDays: number): Promise<Read> {
    for (let tries = 1; ; tries += 1) {
      const generation = this.#generation;
      const pending = this.#inFlight.find((entry) => entry.generation === generation && covers(entry.range, needed));
      const read = await (pending?.promise ?? this.#startRead(needed, windowDays));
      if (read.generation === this.#generation) return read;
      if (tries >= MAX_READ_TRIES) throw new CalendarUnavailable("the host's calendars changed during every read");
    }
  }

  #startRead(needed: Range, windowDays: number): Promise<Read> {
    const reach = this.#reach(windowDays);
    const range = { fromMs: Math.max(needed.fromMs - READ_EXTRA_MS, reach.fromMs), toMs: Math.min(needed.toMs + READ_EXTRA_MS, reach.toMs) };
    const generation = this.#generation;
    const readAtMs = this.clock();
    const promise = this.read(range.fromMs, range.toMs).then((intervals): Read => ({ ...range, intervals, readAtMs, generation }));
    const entry = { range, generation, promise };
    this.#inFlight.push(entry);
    const settle = () => {
      this.#inFlight = this.#inFlight.filter((other) => other !== entry);
    };
    return promise.then(
      (read) => {
        settle();
        this.#keep(read);
        return read;
      },
      (error: unknown) => {
        settle();
        throw error;
      },
    );
  }

  /** Keeps a read of the current generation, newest first, dropping the reads it makes redundant. */
  #keep(read: Read): void {
    if (read.generation !== this.#generation) return;
    const nowMs = this.clock();
    const others = this.#kept.filter((old) => !covers(read, old) && nowMs - old.readAtMs <= STALE_LIMIT_MS);
    this.#kept = [read, ...others].sort((a, b) => b.readAtMs - a.readAtMs).slice(0, MAX_KEPT_READS);
  }
}

function covers(outer: Range, inner: Range): boolean {
  return outer.fromMs <= inner.fromMs && outer.toMs >= inner.toMs;
}

/**
 * Calendar busy times as the engine's busy bookings (no buffers of their own; the slot's buffers
 * apply against them), leaving out the events Bookora wrote for its own bookings: an interval that
 * is exactly one of the host's bookings is that booking's event, already counted (or, for the
 * booking being moved, not in the way of its own new time).
 */
export function calendarBusy(intervals: readonly BusyInterval[], state: HostState): BusyBooking[] {
  const own = new Set(state.ledger.busy.map((booking) => `${booking.startMs}:${booking.endMs}`));
  return intervals
    .filter((interval) => !own.has(`${interval.startMs}:${interval.endMs}`))
    .map((interval, index) => ({
      id: `calendar:${index}`,
      bookingTypeId: 0,
      startMs: interval.startMs,
      endMs: interval.endMs,
      blockStartMs: interval.startMs,
      blockEndMs: interval.endMs,
    }));
}
