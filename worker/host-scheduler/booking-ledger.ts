/**
 * A host's bookings as its Durable Object sees them: the confirmed bookings D1 holds, plus holds
 * (slots taken by writes whose D1 transaction has not answered yet, or answered ambiguously).
 * Availability and the booking check read `busy`, the union of both.
 *
 * The copy must never drift from D1, yet D1 is re-read while writes go on (the first load, and the
 * periodic refresh). A re-read sees each concurrent write either before or after it committed, so
 * every change made while a read is out is journaled and replayed on top of what the read found;
 * replaying is idempotent (add by id, remove by id), which makes "before" and "after" agree.
 */
import type { BusyBooking } from "../domain/availability";

/** A hold whose write has settled without telling us whether it committed: the next reload decides. */
interface Hold {
  booking: BusyBooking;
  unresolved: boolean;
}

type Change = { kind: "confirm"; booking: BusyBooking } | { kind: "remove"; bookingId: string };

export class BookingLedger {
  #confirmed = new Map<string, BusyBooking>();
  #holds = new Map<string, Hold>();
  /** Changes made while a D1 read is out, replayed when it lands; null when no read is out. */
  #journal: Change[] | null = null;
  /** Unresolved holds when the read went out: its answer settles these, and only these. */
  #settledByReload = new Set<string>();
  #busy: readonly BusyBooking[] | null = null;
  #version = 0;

  /** Changes whenever `busy` does: what was worked out from an older version is out of date. */
  get version(): number {
    return this.#version;
  }

  /** Confirmed bookings and holds: everything a new booking must not overlap. */
  get busy(): readonly BusyBooking[] {
    // A hold can also be confirmed already (a reload read its committed row first): count it once,
    // or the daily cap would count it twice.
    this.#busy ??= [
      ...this.#confirmed.values(),
      ...[...this.#holds.values()].map((hold) => hold.booking).filter((booking) => !this.#confirmed.has(booking.id)),
    ];
    return this.#busy;
  }

  busyExcept(bookingId: string): BusyBooking[] {
    return this.busy.filter((booking) => booking.id !== bookingId);
  }

  /** Takes the slot for a write about to be committed. */
  hold(booking: BusyBooking): void {
    this.#holds.set(booking.id, { booking, unresolved: false });
    this.#changed();
  }

  /** The held write committed. */
  confirm(bookingId: string): void {
    const hold = this.#holds.get(bookingId);
    if (!hold) return;
    this.#holds.delete(bookingId);
    this.#apply({ kind: "confirm", booking: hold.booking });
  }

  /** The held write did not commit: the slot is free again. */
  release(bookingId: string): void {
    this.#holds.delete(bookingId);
    this.#changed();
  }

  /** The held write failed and D1 could not be asked whether it committed: keep the slot taken until a reload. */
  markUnresolved(bookingId: string): void {
    const hold = this.#holds.get(bookingId);
    if (hold) hold.unresolved = true;
  }

  /** A confirmed booking was cancelled (or moved away) in D1. */
  remove(bookingId: string): void {
    this.#apply({ kind: "remove", bookingId });
  }

  /** Call before reading the confirmed bookings from D1; pair with `finishReload` or `abandonReload`. */
  beginReload(): void {
    this.#journal = [];
    this.#settledByReload = new Set([...this.#holds].filter(([, hold]) => hold.unresolved).map(([id]) => id));
  }

  /**
   * Installs what D1 answered, then replays the changes made while it was being read. Holds that
   * were unresolved before the read went out are settled by it: their write was over, so the read
   * saw it if it committed. (One that turned unresolved during the read waits for the next read.)
   */
  finishReload(confirmedInD1: readonly BusyBooking[]): void {
    const journal = this.#journal ?? [];
    this.#journal = null;
    this.#confirmed = new Map(confirmedInD1.map((booking) => [booking.id, booking]));
    for (const id of this.#settledByReload) this.#holds.delete(id);
    this.#settledByReload = new Set();
    for (const change of journal) this.#applyToMaps(change);
    this.#changed();
  }

  abandonReload(): void {
    this.#journal = null;
    this.#settledByReload = new Set();
  }

  #apply(change: Change): void {
    this.#journal?.push(change);
    this.#applyToMaps(change);
    this.#changed();
  }

  #applyToMaps(change: Change): void {
    if (change.kind === "confirm") this.#confirmed.set(change.booking.id, change.booking);
    else this.#confirmed.delete(change.bookingId);
  }

  #changed(): void {
    this.#busy = null;
    this.#version += 1;
  }
}
