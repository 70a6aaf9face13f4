/**
 * The first load a hosted page holds for its widget (worker/pages/first-load.ts): a JSON block
 * inside the element with the booking type and a month of free slots exactly as the API answered
 * them, over a range the page chose. The widget's first month is cut out of it when that range
 * covers the month in the visitor's zone; otherwise it is asked for as an embed asks.
 */
import type { AvailabilityResponse, BookingTypeDetails } from "../worker/domain/contract";
import { firstIndexWhere, slotDayAt } from "./slot-days";
import { dayInZone } from "./zoned-format";

// Free of DOM types and of api.ts, so worker/pages/first-load.node.test.ts can check it against the page.

/** Where the block is looked for: the element itself. */
interface Holder {
  querySelector?(selectors: string): { textContent: string | null } | null;
}

/** The API query for a month of the visitor's days (api.ts AvailabilityQuery). */
export interface MonthQuery {
  startDate: string;
  endDate: string;
  timeZone: string;
  duration?: number;
}

export interface FirstLoad {
  username: string;
  bookingType: string;
  type: BookingTypeDetails;
  /** The instants the slots were asked for: starts in [from, to). */
  range: { from: string; to: string };
  availability: AvailabilityResponse;
}

/** The block inside `element` if it is one for the element's own host and type; null otherwise (an embed, or anything amiss). */
export function readFirstLoad(element: Holder, username: string, bookingType: string): FirstLoad | null {
  try {
    const text = element.querySelector?.(":scope > script.bookora-first-load[type='application/json']")?.textContent;
    if (!text) return null;
    const data = JSON.parse(text) as FirstLoad;
    // Every part the widget reads, so a block it cannot use (another version of the page's, since
    // /widget.js may be cached across a deployment that changed it) goes to the network instead of
    // throwing in the element's constructor.
    const isUsable =
      data.username === username &&
      data.bookingType === bookingType &&
      !!data.type &&
      Date.parse(data.range?.to) > Date.parse(data.range?.from) &&
      Array.isArray(data.availability?.slots);
    return isUsable ? data : null;
  } catch {
    return null;
  }
}

/** The instants a held month's slots were asked for: starts in [from, to). */
export type HeldRange = FirstLoad["range"];

/**
 * Whether slots asked for over `range` hold every slot the API would answer `query` (a month of the
 * visitor's days): not for another length, nor when its days reach past the range (the month's edge
 * seen from a zone far from the one the range was asked in). The API lists the slots whose start lies
 * in [start of startDate, start of the day after endDate) in the query's zone.
 */
export function monthIsHeld(range: HeldRange, query: MonthQuery): boolean {
  if (query.duration) return false;
  // Covered when the instant before the range is still before the first day, and the range's end
  // is already past the last one.
  return dayInZone(Date.parse(range.from) - 1, query.timeZone) < query.startDate && dayInZone(Date.parse(range.to), query.timeZone) > query.endDate;
}

/**
 * What the API would answer `query` from the held slots, or null when they cannot say (monthIsHeld).
 * A start is in the query's range exactly when its day in that zone is one of the query's days,
 * since a zone's date never steps back.
 */
export function answerFromFirstLoad(data: Pick<FirstLoad, "range" | "availability">, query: MonthQuery): AvailabilityResponse | null {
  if (!monthIsHeld(data.range, query)) return null;
  // Two binary searches find the month's slots with a few Intl calls (slot-days.ts).
  const { slots } = data.availability;
  const dayAt = slotDayAt(slots, query.timeZone);
  return {
    slots: slots.slice(
      firstIndexWhere(0, slots.length, (index) => dayAt(index) >= query.startDate),
      firstIndexWhere(0, slots.length, (index) => dayAt(index) > query.endDate),
    ),
  };
}
