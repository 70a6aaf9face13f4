/**
 * What the visitor reads: instants shown in their zone and locale with Intl (no date library: Intl
 * already knows every zone and costs the bundle nothing), through cached formatters.
 */
import { type CalendarDay, utcMsOfDay } from "../worker/domain/calendar-days";
import { formatter } from "../worker/locales/date-formatter";

export { formatter };

/** ICU puts U+202F before "PM" and U+00A0 in some dates; people (and screen readers) expect a space. */
export function plainSpaces(text: string): string {
  return text.replace(/[\u202f\u00a0]/g, " ");
}

/** The calendar day an instant falls on in `timeZone`. */
export function dayInZone(instantMs: number, timeZone: string): CalendarDay {
  const parts = formatter("en-US", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(instantMs);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")}`;
}

/** "14:45" or "2:45 PM": the clock the locale uses; with the zone's name ("1:30 AM EDT") when asked. */
export function formatTime(instantMs: number, timeZone: string, locale: string, withZoneName = false): string {
  const options: Intl.DateTimeFormatOptions = { timeZone, hour: "numeric", minute: "2-digit", ...(withZoneName ? { timeZoneName: "short" } : {}) };
  return plainSpaces(formatter(locale, options).format(instantMs));
}

/**
 * The names of a day's times. When a clock hour repeats (New York's 1:30 AM twice on the day DST
 * ends), the zone's abbreviation tells the two apart: "1:30 AM EDT", "1:30 AM EST".
 */
export function timeLabels(instantsMs: number[], timeZone: string, locale: string): string[] {
  const plain = instantsMs.map((instant) => formatTime(instant, timeZone, locale));
  if (new Set(plain).size === plain.length) return plain;
  return instantsMs.map((instant) => formatTime(instant, timeZone, locale, true));
}

/** "Monday, December 7, 2026" for a calendar day (not an instant: no zone applies). */
export function formatFullDate(day: CalendarDay, locale: string): string {
  return plainSpaces(formatter(locale, { timeZone: "UTC", dateStyle: "full" }).format(utcMsOfDay(day)));
}

/** "December 2026". */
export function formatMonth(day: CalendarDay, locale: string): string {
  return plainSpaces(formatter(locale, { timeZone: "UTC", month: "long", year: "numeric" }).format(utcMsOfDay(day)));
}

/** Weekday names for a week's columns: short for sighted readers, long for assistive tech. */
export function formatWeekday(day: CalendarDay, locale: string, width: "short" | "long"): string {
  return formatter(locale, { timeZone: "UTC", weekday: width }).format(utcMsOfDay(day));
}

/**
 * `locale` with the `hour-cycle` (h12, h23) and `week-start` (mon, sun, sat) attributes as its
 * Unicode extension keywords ("en-US-u-hc-h23-fw-mon"): every Intl formatter follows `hc`, and
 * firstWeekday reads `fw`, so each time and calendar shown follows them. Put first after `-u-`,
 * they override the same keywords in the tag (the first of a keyword wins). Other values are ignored.
 */
export function withPreferences(locale: string, hourCycle: string | null, weekStart: string | null): string {
  const keywords = (/^h(12|23)$/.test(hourCycle!) ? `-hc-${hourCycle}` : "") + (/^(mon|sun|sat)$/.test(weekStart!) ? `-fw-${weekStart}` : "");
  return keywords ? locale.replace(/-u-|$/, (found) => `-u${keywords}${found && "-"}`) : locale;
}

/** The first day of the week in `locale` (ISO numbering, 1 = Monday): its `fw` keyword's, else the locale's; Monday where the browser cannot tell. */
export function firstWeekday(locale: string): number {
  const chosen = /-fw-(mon|sat|sun)/.exec(locale)?.[1];
  if (chosen) return chosen === "mon" ? 1 : chosen === "sat" ? 6 : 7;
  try {
    const info = new Intl.Locale(locale) as Intl.Locale & { getWeekInfo?: () => { firstDay: number }; weekInfo?: { firstDay: number } };
    return info.getWeekInfo?.().firstDay ?? info.weekInfo?.firstDay ?? 1;
  } catch {
    return 1;
  }
}
