/**
 * The month calendar of one widget: the month shown, the day with focus and the day chosen, and
 * the free slots of the months shown (asked for the visitor's zone and length, the next month
 * fetched in the background). Until the visitor moves or picks a day, it opens the first day with
 * free times, looking a few months ahead.
 */
import { batch, computed, effect, type ReadonlySignal, signal } from "@preact/signals-core";
import { addMonths, type CalendarDay, type CalendarMonth, firstDayOf, monthOf } from "../worker/domain/calendar-days";
import type { BookingApi } from "./api";
import { errorEvent } from "./events";
import { type MonthRequest, type MonthSlots, monthRequestKey } from "./month-availability";
import { createMonthCache } from "./month-cache";
import type { SlotQuery } from "./settings-model";
import { dayInZone } from "./zoned-format";

/** How many empty months the first load skips to find a free day. */
const MONTHS_TO_SEARCH = 3;

export interface CalendarInputs {
  /** What to ask slots for; null while they cannot be asked for. */
  slotQuery: ReadonlySignal<SlotQuery | null>;
  timeZone: ReadonlySignal<string>;
}

export type CalendarModel = ReturnType<typeof createCalendarModel>;

export function createCalendarModel(api: Pick<BookingApi, "availability">, inputs: CalendarInputs, emit: (event: Event) => void) {
  const today = computed(() => dayInZone(Date.now(), inputs.timeZone.value));
  const visibleMonth = signal<CalendarMonth>(monthOf(today.peek()));
  const focusedDay = signal<CalendarDay>(today.peek());
  const selectedDay = signal<CalendarDay | null>(null);
  /** Until the visitor pages, moves or picks a day themselves, the calendar opens the first day with free times. */
  const isSearchingFirstFreeDay = signal(true);
  /**
   * False until the element is connected: an upgraded element receives its attributes one by one,
   * and loading slots before the last one (say, time-zone) would ask for the wrong ones first.
   */
  const isStarted = signal(false);
  const months = createMonthCache(api);

  function monthRequest(month: CalendarMonth): MonthRequest | null {
    const query = inputs.slotQuery.value;
    return query ? { ...query, month } : null;
  }

  const visibleSlots = computed<MonthSlots>(() => months.get(monthRequest(visibleMonth.value)));

  /** The selected day while its month is the one shown (paging away shows "pick a day", not "no times"). */
  const shownDay = computed(() => (selectedDay.value && monthOf(selectedDay.value) === visibleMonth.value ? selectedDay.value : null));

  const daySlots = computed(() => {
    const month = visibleSlots.value;
    return shownDay.value && month.state === "ready" ? (month.byDay.get(shownDay.value) ?? []) : [];
  });

  /** Why the visible month has no times, for the alert. An unknown host or type is the setup's to explain, not the month's. */
  const monthFailure = computed(() => {
    const month = visibleSlots.value;
    return month.state === "failed" && month.failure.code !== "NOT_FOUND" ? month.failure : null;
  });

  /** On first load, open the first day with free times, moving ahead a few months if need be. */
  function openFirstFreeDay(loaded: MonthSlots, month: CalendarMonth) {
    if (!isSearchingFirstFreeDay.peek() || loaded.state !== "ready") return;
    const firstFree = [...loaded.byDay.keys()].sort()[0];
    batch(() => {
      if (firstFree) {
        isSearchingFirstFreeDay.value = false;
        selectedDay.value = firstFree;
        focusedDay.value = firstFree;
      } else if (month < monthOf(addMonths(firstDayOf(monthOf(today.peek())), MONTHS_TO_SEARCH))) {
        visibleMonth.value = monthOf(addMonths(firstDayOf(month), 1));
      } else {
        isSearchingFirstFreeDay.value = false;
        visibleMonth.value = monthOf(today.peek());
      }
    });
  }

  // These effects live as long as the element: moving it in the page (disconnect, reconnect) keeps its state.

  // A zone changes what "today" is; with nothing chosen yet, follow it.
  effect(() => {
    const day = today.value;
    if (selectedDay.peek() !== null) return;
    batch(() => {
      focusedDay.value = day;
      visibleMonth.value = monthOf(day);
    });
  });

  // The visible month's slots, then the next month's in the background so paging feels instant.
  effect(() => {
    const month = visibleMonth.value;
    const request = monthRequest(month);
    if (!isStarted.value || !request) return;
    void months.version.value;
    const key = monthRequestKey(request);
    void months.ensure(request).then((loaded) => {
      // Only the answer for what is shown now counts: the zone, length or month may have changed meanwhile.
      const current = monthRequest(visibleMonth.peek());
      if (!loaded || !current || monthRequestKey(current) !== key) return;
      if (loaded.state === "failed" && loaded.failure.code !== "NOT_FOUND") emit(errorEvent(loaded.failure));
      openFirstFreeDay(loaded, month);
      const next = monthRequest(monthOf(addMonths(firstDayOf(month), 1)));
      if (loaded.state === "ready" && next) void months.ensure(next);
    });
  });

  /** The visitor moves the focus (arrow keys, a day without times): from now on they choose where the calendar is. */
  function focusDay(day: CalendarDay) {
    batch(() => {
      isSearchingFirstFreeDay.value = false;
      focusedDay.value = day;
      if (monthOf(day) !== visibleMonth.peek()) visibleMonth.value = monthOf(day);
    });
  }

  return {
    today,
    visibleMonth: visibleMonth as ReadonlySignal<CalendarMonth>,
    focusedDay: focusedDay as ReadonlySignal<CalendarDay>,
    selectedDay: selectedDay as ReadonlySignal<CalendarDay | null>,
    isSearchingFirstFreeDay: isSearchingFirstFreeDay as ReadonlySignal<boolean>,
    visibleSlots,
    shownDay,
    daySlots,
    monthFailure,

    /** The element is connected: slots may load. */
    start() {
      isStarted.value = true;
    },

    /** The visitor pages the calendar: from now on they choose where it is. */
    showMonth(month: CalendarMonth) {
      batch(() => {
        isSearchingFirstFreeDay.value = false;
        visibleMonth.value = month;
      });
    },

    focusDay,

    selectDay(day: CalendarDay) {
      batch(() => {
        focusDay(day);
        selectedDay.value = day;
      });
    },

    /** Forgets every loaded month (a booking was made, a slot was taken, or the visitor asked again). */
    refresh() {
      months.refresh();
    },

    /** Another booking page: back to today's month, nothing chosen, searching for the first free day again. */
    startOver() {
      batch(() => {
        isSearchingFirstFreeDay.value = true;
        selectedDay.value = null;
        focusedDay.value = today.peek();
        visibleMonth.value = monthOf(today.peek());
      });
    },
  };
}
