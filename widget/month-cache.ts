/**
 * The months of slots a widget has loaded, by request (host, type, zone, length, month). A refresh
 * (after a booking, or a slot taken by someone else) forgets them all, and answers to requests made
 * before it are dropped, so stale slots never come back.
 */
import { batch, signal } from "@preact/signals";
import type { BookingApi } from "./api";
import { loadMonth, monthRequestKey, type MonthRequest, type MonthSlots } from "./month-availability";

export type MonthCache = ReturnType<typeof createMonthCache>;

export function createMonthCache(api: Pick<BookingApi, "availability">) {
  const months = signal(new Map<string, MonthSlots>());
  /** Bumped by refresh(); effects that read it reload what they show. */
  const version = signal(0);
  let generation = 0;

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

    /** Loads the month unless it is loaded or loading; undefined when a refresh overtook the answer. */
    async ensure(request: MonthRequest): Promise<MonthSlots | undefined> {
      const key = monthRequestKey(request);
      const cached = months.peek().get(key);
      if (cached && cached.state !== "failed") return cached; // a failed month is asked again on the next visit
      const startedIn = generation;
      store(key, { state: "loading" });
      const loaded = await loadMonth(api, request);
      if (startedIn !== generation) return undefined;
      store(key, loaded);
      return loaded;
    },

    refresh() {
      generation += 1;
      batch(() => {
        months.value = new Map();
        version.value += 1;
      });
    },
  };
}
