/**
 * How a HostScheduler keeps its copy of the host equal to D1. The copy is loaded on first use and
 * re-read once it is known to differ from D1 (a write of unknown outcome, a booking written behind
 * the object's back, a configuration change it was told of) and once its configuration is
 * CONFIG_MAX_AGE_MS old. A write decides on the copy installed when it holds its slot; a change
 * that overtakes it sends it round again (inRounds), a few times at most.
 */
import type { HostCalendars } from "../calendars";
import type { Database } from "../db/client";
import { HostState, readHostSnapshot } from "./host-state";
import type { SlotHolds } from "./slot-holds";

/**
 * Hours and booking types are edited outside this object (seed, CLI), so they are re-read once
 * they are this old: in the background for availability, before deciding for a write.
 */
export const CONFIG_MAX_AGE_MS = 60_000;

/**
 * A write decides on the configuration installed when it holds the slot. When the configuration
 * (or the calendars that count) changed while it waited on D1 or a provider, it starts over; after
 * this many tries it gives up with a 500, which is not recorded, so its retry runs again.
 */
const MAX_DECISION_ROUNDS = 5;
/** A write's round that something changed during: it starts over. */
export const CHANGED = Symbol("changed");

/** Runs a write's rounds until one is not overtaken by a change, a few times at most. */
export async function inRounds<T>(round: () => Promise<T | typeof CHANGED>): Promise<T> {
  for (let count = 1; ; count += 1) {
    const outcome = await round();
    if (outcome !== CHANGED) return outcome;
    if (count >= MAX_DECISION_ROUNDS) throw new Error(`the host's configuration changed during each of ${count} tries of a write`);
  }
}

/** What the re-reads need from their object. */
export interface FreshnessHooks {
  db(): Database;
  clock(): number;
  waitUntil(promise: Promise<unknown>): void;
  /** The calendars whose busy times count are others now: busy times read for the old ones are of no use. */
  calendarsChanged(): void;
  /** The host has calendar event work in D1, committed before this object last stopped: its alarm may never have been set. */
  eventWorkPending(hostId: number): void;
  /** The object's checkout holds, which every copy of the host counts as busy. */
  holds: SlotHolds;
}

export class HostFreshness {
  #state: HostState | null = null;
  /** The re-read in flight, and how many staleness marks it answers for. */
  #reloading: { promise: Promise<HostState | null>; covers: number } | null = null;
  #loadedAtMs = 0;
  /**
   * Counts the times this copy became known to differ from D1 (a write's effect unknown, a booking it
   * did not know of, a config change); `#freshAs` is the count the installed copy answers for. A read
   * that began before the latest mark cannot answer for it, so a request then waits for a newer one.
   */
  #staleness = 0;
  #freshAs = 0;

  constructor(private readonly hooks: FreshnessHooks) {}

  /** The copy installed now; null before the first load, or once the host is gone. */
  get state(): HostState | null {
    return this.#state;
  }

  /** The re-read in flight, if any, settled either way. */
  reloadInFlight(): Promise<HostState | null> | undefined {
    return this.#reloading?.promise.catch(() => null);
  }

  /** The copy is known to differ from D1 now: the next request re-reads it before deciding. */
  markStale(): void {
    this.#staleness += 1;
  }

  /**
   * The host's hours, overrides or types changed in D1: the very next availability answer and create
   * re-read them. A loaded host is re-read at once, so the next visitor does not wait for it.
   */
  async configChanged(hostId: number): Promise<void> {
    // The re-read drops busy times read for other calendars than the new ones (#readHost).
    this.#staleness += 1;
    if (!this.#state) return; // nothing held: the first request loads it anyway
    // A failed read leaves the mark unanswered, so the next request reads again.
    await this.#reload(hostId).catch((error) => console.error("host state re-read after a change failed", error));
  }

  /**
   * Whether a write that began with `state` may decide now: it is still the installed copy, and no
   * change is waiting to be read (a configuration change answered meanwhile, a write of unknown outcome).
   */
  isCurrent(state: HostState): boolean {
    return this.#state === state && this.#freshAs >= this.#staleness;
  }

  /**
   * The host's state. Loaded on first use (concurrent first requests share one load), and re-read
   * before anything is decided once it is known to differ from D1. Once its configuration is
   * CONFIG_MAX_AGE_MS old it is re-read too: a write waits for the fresh copy before deciding, while
   * availability answers from the current one meanwhile.
   */
  async stateFor(hostId: number, purpose: "read" | "write"): Promise<HostState | null> {
    const state = this.#state;
    // Known to differ from D1 (a write's effect unknown, or a booking it did not know of): re-read first.
    if (!state || this.#freshAs < this.#staleness) return this.#reload(hostId);
    if (this.hooks.clock() - this.#loadedAtMs < CONFIG_MAX_AGE_MS) return state;
    if (purpose === "write") return this.#reload(hostId);
    // A failed refresh is retried on the next request.
    this.hooks.waitUntil(this.#reload(hostId).catch((error) => console.error("host state refresh failed", error)));
    return state;
  }

  /**
   * Re-reads the host from D1, one read at a time, reconciling the bookings with writes made
   * meanwhile. A caller joins the read in flight only if it began after the latest staleness mark;
   * otherwise a new read is queued behind it.
   */
  #reload(hostId: number): Promise<HostState | null> {
    const target = this.#staleness;
    if (this.#reloading && this.#reloading.covers >= target) return this.#reloading.promise;
    const previous = this.#reloading?.promise.catch(() => null) ?? Promise.resolve(null);
    const entry = { promise: previous.then(() => this.#readHost(hostId, target)), covers: target };
    this.#reloading = entry;
    const clear = () => {
      if (this.#reloading === entry) this.#reloading = null;
    };
    entry.promise.then(clear, clear);
    return entry.promise;
  }

  async #readHost(hostId: number, covers: number): Promise<HostState | null> {
    const startedAtMs = this.hooks.clock();
    const ledger = this.#state?.ledger;
    ledger?.beginReload();
    try {
      const snapshot = await readHostSnapshot(this.hooks.db(), hostId, startedAtMs);
      if (!snapshot) {
        ledger?.abandonReload();
        this.#state = null;
        return null;
      }
      // Busy times read for other calendars than these are of no use from now on.
      if (this.#state && checkedCalendars(this.#state.calendars) !== checkedCalendars(snapshot.config.calendars)) this.hooks.calendarsChanged();
      if (this.#state) this.#state.setConfig(snapshot.config);
      else this.#state = new HostState(snapshot.config, this.hooks.holds);
      this.#state.ledger.finishReload(snapshot.confirmed);
      // Work committed before this object last stopped, whose alarm may never have been set.
      if (snapshot.config.calendars.workPending) this.hooks.eventWorkPending(hostId);
      this.#loadedAtMs = startedAtMs;
      this.#freshAs = Math.max(this.#freshAs, covers);
      return this.#state;
    } catch (error) {
      // The marks stay unanswered, so the next request reads again.
      ledger?.abandonReload();
      throw error;
    }
  }
}

/** The calendars whose busy times count, as a string to compare. */
function checkedCalendars(calendars: HostCalendars): string {
  return JSON.stringify(calendars.checked.map(({ connection, calendarIds }) => [connection.id, calendarIds]));
}
