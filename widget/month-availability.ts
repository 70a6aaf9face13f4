/**
 * Free slots of one calendar month in the visitor's zone, grouped by the day they start on there
 * (a London afternoon is the next morning in Auckland).
 */

import { type CalendarDay, type CalendarMonth, firstDayOf, lastDayOf } from "../worker/domain/calendar-days";
import type { ApiFailure, AvailabilityQuery, BookingApi, Slot } from "./api";
import { withRetriesAfterFailure } from "./retry-after-failure";
import { firstIndexWhere, slotDayAt } from "./slot-days";

export type MonthSlots = { state: "loading" } | { state: "ready"; byDay: Map<CalendarDay, Slot[]> } | { state: "failed"; failure: ApiFailure };

export interface MonthRequest {
  username: string;
  bookingType: string;
  timeZone: string;
  /** Minutes; null for the type's default. */
  duration: number | null;
  month: CalendarMonth;
}

/** Identifies a month's answer: the same month means other days in another zone or for another length. */
export function monthRequestKey(request: MonthRequest): string {
  return [request.username, request.bookingType, request.timeZone, request.duration, request.month].join("|");
}

/** What the API is asked for a month: its first to last day; no duration for the type's default. */
export function monthQuery(request: MonthRequest): AvailabilityQuery {
  return {
    username: request.username,
    bookingType: request.bookingType,
    startDate: firstDayOf(request.month),
    endDate: lastDayOf(request.month),
    timeZone: request.timeZone,
    ...(request.duration ? { duration: request.duration } : {}),
  };
}

/** One request for the whole month, retried with backoff when the network or the rate limit is in the way. */
export async function loadMonth(api: Pick<BookingApi, "availability">, request: MonthRequest): Promise<MonthSlots> {
  const result = await withRetriesAfterFailure(() => api.availability(monthQuery(request)));
  if (!result.ok) return { state: "failed", failure: result.failure };
  return { state: "ready", byDay: groupByDay(result.value.slots, request.timeZone) };
}

/**
 * Each day's slots are one run (slot-days.ts): its end is found by binary search, first tried where
 * the last day's run length puts it (days tend to hold as many times).
 */
export function groupByDay(slots: Slot[], timeZone: string): Map<CalendarDay, Slot[]> {
  const byDay = new Map<CalendarDay, Slot[]>();
  const dayAt = slotDayAt(slots, timeZone);
  for (let start = 0, run = 1; start < slots.length; ) {
    const day = dayAt(start);
    let low = start + 1;
    let high = slots.length;
    const guess = start + run;
    if (guess < high) {
      if (dayAt(guess) === day) low = guess + 1;
      else {
        high = guess;
        if (dayAt(guess - 1) === day) low = guess;
      }
    }
    const end = firstIndexWhere(low, high, (index) => dayAt(index) !== day);
    byDay.set(day, slots.slice(start, end));
    run = end - start;
    start = end;
  }
  return byDay;
}
