/**
 * The months of slots a widget has loaded, by request (host, type, zone, length, month). A refresh
 * (after a booking, or a slot taken by someone else) forgets them all, and answers to requests made
 * before it are dropped, so stale slots never come back.
 */
import { batch, signal } from "@preact/signals-core";
import type { BookingApi } from "./api";
import { loadMonth, type MonthRequest, type MonthSlots, monthRequestKey } from "./month-availability";

export type MonthCache = ReturnType<typeof createMonthCache>;

export function createMonthCache(api: Pick<BookingApi, "availability">) {
  const months = signal(new Map<string, MonthSlots>());
  /** Bumped by refresh(); effects that read it reload what they show. */
  const version = signal(0);
  let generation = 0;
  const inFlight = new Map<string, Promise<MonthSlots | undefined>>();

  function store(key: string, slots: MonthSlots) {
    const next = new Map(months.peek());
    next.set(key, slots);
    months.value = next;
  }

  return {
    version,

    /** The month's slots as known now (tracked by signals); "loading" until they are in. */
    get(request: MonthRequest | null): MonthSlots {
      return (request && months.value.get(monthRequestKey(request))) || { state: "loading" };
    },

    /**
     * The month's slots, loading them unless they are in or on their way (then the same answer is
     * awaited: a month prefetched in the background is not asked twice). Undefined when a refresh
     * overtook the answer. A failed month is asked again.
     */
    ensure(request: MonthRequest): Promise<MonthSlots | undefined> {
      const key = monthRequestKey(request);
      const cached = months.peek().get(key);
      if (cached?.state === "ready") return Promise.resolve(cached);
      const pending = inFlight.get(key);
      if (pending) return pending;
      const startedIn = generation;
      store(key, { state: "loading" });
      const loading = loadMonth(api, request).then((loaded) => {
        if (startedIn !== generation) return undefined;
        inFlight.delete(key);
        store(key, loaded);
        return loaded;
      });
      inFlight.set(key, loading);
      return loading;
    },

    refresh() {
      generation += 1;
      inFlight.clear();
      batch(() => {
        months.value = new Map();
        version.value += 1;
      });
    },
  };
}
