/**
 * The host's live checkout holds (design.md "Holds"), kept by its Durable Object: in memory, where
 * availability and the writes read them as busy like bookings (HostState.busy), and in the object's
 * own storage, so they survive its restart. Each ends when its create consumes it, its holder
 * releases it, or at `expiresAt`, when the object's alarm (shared with calendar and e-mail work)
 * wakes for it.
 *
 * Not to be confused with BookingLedger's holds: those are slots taken for the moment a booking's
 * D1 write is in flight.
 */
import type { BusyBooking } from "../domain/availability";

/**
 * Busy exactly as the booking it would become (its block is the slot with the type's buffers); its
 * `id` ("hold_…") is the capability.
 */
export interface SlotHold extends BusyBooking {
  /** When it was first made: renewals count from here (at most MAX_HOLD_MS in all). */
  heldAtMs: number;
  expiresAtMs: number;
  /** The account of the token that made it; null for an anonymous hold, which whoever has its id may use. */
  accountId: string | null;
}

/** design.md: a hold lives at most 60 minutes in all, renewals included. */
export const MAX_HOLD_MS = 60 * 60 * 1000;
/** design.md: `ttlSeconds` is 60–1,800, 600 when not given. */
export const MIN_TTL_SECONDS = 60;
export const MAX_TTL_SECONDS = 1_800;
export const DEFAULT_TTL_SECONDS = 600;

const STORAGE_PREFIX = "hold:";

export class SlotHolds {
  readonly #holds = new Map<string, SlotHold>();
  /** Ticket id → hold id, for holds whose commit's outcome is unknown (markUnsettled). */
  readonly #unsettled = new Map<string, string>();
  #busy: readonly BusyBooking[] | null = null;
  #version = 0;

  constructor(private readonly storage: DurableObjectStorage) {}

  /** Reads the holds the object kept before it last stopped (call once, before any request). */
  async load(): Promise<void> {
    const stored = await this.storage.list<SlotHold>({ prefix: STORAGE_PREFIX });
    for (const hold of stored.values()) this.#holds.set(hold.id, hold);
    this.#changed();
  }

  /** Changes whenever `busy` does. */
  get version(): number {
    return this.#version;
  }

  /** Every hold as the engine's busy booking (expired ones too until they are ended: call endExpired first). */
  get busy(): readonly BusyBooking[] {
    this.#busy ??= [...this.#holds.values()].map(({ id, bookingTypeId, startMs, endMs, blockStartMs, blockEndMs }) => ({
      id,
      bookingTypeId,
      startMs,
      endMs,
      blockStartMs,
      blockEndMs,
    }));
    return this.#busy;
  }

  get count(): number {
    return this.#holds.size;
  }

  /** The hold, if it is live at `nowMs`. */
  live(id: string, nowMs: number): SlotHold | undefined {
    const hold = this.#holds.get(id);
    return hold && hold.expiresAtMs > nowMs ? hold : undefined;
  }

  /**
   * Keeps a hold (a new one, or one renewed). Written to storage without waiting: the object's
   * output gate holds its answer back until the write is durable, and no other request can see the
   * map and storage disagree.
   */
  keep(hold: SlotHold): void {
    this.#holds.set(hold.id, hold);
    void this.storage.put(STORAGE_PREFIX + hold.id, hold);
    this.#changed();
  }

  /**
   * A hold kept though D1's answer to its commit was lost and could not be read back, by its
   * Idempotency-Key's ticket: the key's retry asks D1 whether it committed (place-hold.ts). In
   * memory only: after a restart such a hold simply lasts until it expires.
   */
  markUnsettled(ticketId: string, holdId: string): void {
    this.#unsettled.set(ticketId, holdId);
  }

  /** The live hold `markUnsettled` noted for this ticket, if any. */
  unsettledFor(ticketId: string): SlotHold | undefined {
    const id = this.#unsettled.get(ticketId);
    return id === undefined ? undefined : this.#holds.get(id);
  }

  /** Ends a hold: its slot is free from now on. */
  end(id: string): void {
    for (const [ticket, holdId] of this.#unsettled) if (holdId === id) this.#unsettled.delete(ticket);
    if (!this.#holds.delete(id)) return;
    void this.storage.delete(STORAGE_PREFIX + id);
    this.#changed();
  }

  /** Ends every hold expired at `nowMs`, or that `isGone` says can no longer be booked; answers how many ended. */
  endExpired(nowMs: number, isGone: (hold: SlotHold) => boolean = () => false): number {
    // Every decision runs this: no allocation unless something ends (a Map may lose entries while iterated).
    let ended = 0;
    for (const hold of this.#holds.values()) {
      if (hold.expiresAtMs > nowMs && !isGone(hold)) continue;
      this.end(hold.id);
      ended += 1;
    }
    return ended;
  }

  /** When the first live hold expires; null when there is none. */
  nextExpiryMs(): number | null {
    let next: number | null = null;
    for (const hold of this.#holds.values()) if (next === null || hold.expiresAtMs < next) next = hold.expiresAtMs;
    return next;
  }

  /**
   * Has the object's alarm ring no later than the first expiry. Only ever brings it forward: the
   * alarm is shared with calendar and e-mail work (after-commit.ts), which may want it sooner, and
   * HostScheduler.alarm calls this again once that work has set its own next time.
   */
  async armAlarm(): Promise<void> {
    const next = this.nextExpiryMs();
    if (next === null) return;
    const current = await this.storage.getAlarm();
    if (current === null || current > next) await this.storage.setAlarm(next);
  }

  #changed(): void {
    this.#busy = null;
    this.#version += 1;
  }
}
