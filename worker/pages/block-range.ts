/**
 * Which zone and which days a hosted page's first load covers (first-load.ts): the zone the request
 * says it comes from (Cloudflare's `request.cf.timezone`) when it is a real one, else the host's;
 * that zone's current month with a day either side, so a visitor in any zone within a day of it
 * whose month is the same calendar month finds all of theirs in it (widget/page-data.ts).
 */
import { addDays, firstDayOf, lastDayOf, monthOf } from "../domain/calendar-days";
import { firstInstantAtOrAfter, isValidTimeZone, localDateOf } from "../domain/zoned-time";

export function blockZone(requestZone: unknown, hostZone: string): string {
  return typeof requestZone === "string" && isValidTimeZone(requestZone) ? requestZone : hostZone;
}

/** The days as the API's calendar days, and the instants /api/availability reads them as: [start of startDate, start of the day after endDate). */
export function blockRange(zone: string, nowMs: number) {
  const month = monthOf(localDateOf(zone, nowMs));
  const startDate = addDays(firstDayOf(month), -1);
  const endDate = addDays(lastDayOf(month), 1);
  return { startDate, endDate, fromMs: firstInstantAtOrAfter(zone, startDate, 0), toMs: firstInstantAtOrAfter(zone, addDays(endDate, 1), 0) };
}
