/**
 * The busy times of a host's calendars as its Durable Object keeps them (design-calendars.md "Busy
 * times"): availability may use a read up to 60 seconds old; a create reads again unless a read
 * less than 15 seconds old covers its slot. When the provider fails, availability keeps the last
 * read for up to 15 minutes and then offers nothing in the range (failing open would book over real
 * meetings); a create fails (503 CALENDAR_UNAVAILABLE), booking nothing.
 */
import type { BusyInterval } from "../calendars/provider";

export const AVAILABILITY_MAX_AGE_MS = 60_000;
export const CREATE_MAX_AGE_MS = 15_000;
export const STALE_LIMIT_MS = 15 * 60_000;
/**
 * A read reaches a day beyond the range asked; a read is used for a range it covers with half a day
 * to spare (buffers are at most 720 minutes, and any meeting overlapping that reach is in the read).
 * So the creates of one day, and availability for ranges that move by hours, share a read.
 */
const READ_MARGIN_MS = 24 * 60 * 60_000;
const NEEDED_MARGIN_MS = 12 * 60 * 60_000;

interface Read {
  fromMs: number;
  toMs: number;
  intervals: BusyInterval[];
  readAtMs: number;
}

/** Reads the busy times of every checked calendar over [fromMs, toMs); throws when any fails. */
export type BusyReader = (fromMs: number, toMs: number) => Promise<BusyInterval[]>;

export class CalendarUnavailable extends Error {}

export class CalendarBusyTimes {
  #last: Read | null = null;
  #inFlight: { fromMs: number; toMs: number; promise: Promise<Read> } | null = null;

  constructor(
    private readonly read: BusyReader,
    private readonly clock: () => number,
  ) {}

  /** Busy times over the range for an availability answer, or null: offer nothing in it. */
  async forAvailability(fromMs: number, toMs: number): Promise<BusyInterval[] | null> {
    if (this.#covers(fromMs, toMs, AVAILABILITY_MAX_AGE_MS)) return this.#last!.intervals;
    try {
      return (await this.#readCovering(fromMs, toMs)).intervals;
    } catch (error) {
      console.error(JSON.stringify({ message: "calendar busy times not read", error: String(error) }));
      return this.#covers(fromMs, toMs, STALE_LIMIT_MS) ? this.#last!.intervals : null;
    }
  }

  /** Busy times around a slot for a create; throws CalendarUnavailable when they cannot be read. */
  async forCreate(startMs: number, endMs: number): Promise<BusyInterval[]> {
    if (this.#covers(startMs, endMs, CREATE_MAX_AGE_MS)) return this.#last!.intervals;
    try {
      return (await this.#readCovering(startMs, endMs)).intervals;
    } catch (error) {
      throw new CalendarUnavailable(String(error));
    }
  }

  /** Forgets every read: the calendars that count changed. */
  reset(): void {
    this.#last = null;
    this.#inFlight = null;
  }

  #covers(fromMs: number, toMs: number, maxAgeMs: number): boolean {
    const last = this.#last;
    return last !== null && last.fromMs <= fromMs - NEEDED_MARGIN_MS && last.toMs >= toMs + NEEDED_MARGIN_MS && this.clock() - last.readAtMs <= maxAgeMs;
  }

  /** One read at a time per range: concurrent requests for the same days share it. */
  async #readCovering(fromMs: number, toMs: number): Promise<Read> {
    const wanted = { fromMs: fromMs - READ_MARGIN_MS, toMs: toMs + READ_MARGIN_MS };
    const pending = this.#inFlight;
    if (pending && pending.fromMs <= fromMs - NEEDED_MARGIN_MS && pending.toMs >= toMs + NEEDED_MARGIN_MS) return pending.promise;
    const readAtMs = this.clock();
    const promise = this.read(wanted.fromMs, wanted.toMs).then((intervals) => ({ ...wanted, intervals, readAtMs }));
    const entry = { ...wanted, promise };
    this.#inFlight = entry;
    try {
      const result = await promise;
      // A narrow read (a create's) does not replace a wider one that is still fresh enough to use.
      if (!this.#last || this.#last.readAtMs < result.readAtMs) this.#last = widest(this.#last, result);
      return result;
    } finally {
      if (this.#inFlight === entry) this.#inFlight = null;
    }
  }
}

/** The newer read, unless the older one covers more and is no older than the create limit. */
function widest(older: Read | null, newer: Read): Read {
  if (!older) return newer;
  const olderCoversMore = older.fromMs <= newer.fromMs && older.toMs >= newer.toMs;
  return olderCoversMore && newer.readAtMs - older.readAtMs < CREATE_MAX_AGE_MS ? older : newer;
}
