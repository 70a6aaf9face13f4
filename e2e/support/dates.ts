/**
 * Calendar-day arithmetic for the specs, on plain `YYYY-MM-DD` strings (no time, no zone), and the
 * few zone facts the specs compute with Intl instead of hard-coding (today's date somewhere, a
 * zone's offset, its next DST change).
 */

/** A calendar day, `YYYY-MM-DD`. */
export type IsoDate = string;

const DAY_MS = 86_400_000;

function toUtcMs(day: IsoDate): number {
  return Date.parse(`${day}T00:00:00Z`);
}

function fromUtcMs(ms: number): IsoDate {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(day: IsoDate, days: number): IsoDate {
  return fromUtcMs(toUtcMs(day) + days * DAY_MS);
}

export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((toUtcMs(to) - toUtcMs(from)) / DAY_MS);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(day: IsoDate): number {
  return new Date(toUtcMs(day)).getUTCDay();
}

export function isWeekday(day: IsoDate): boolean {
  const weekday = weekdayOf(day);
  return weekday >= 1 && weekday <= 5;
}

export function dayOfMonth(day: IsoDate): number {
  return Number(day.slice(8, 10));
}

/** Same day number `months` later; the 31st of a shorter month becomes its last day (as date pickers do). */
export function addMonthsClamped(day: IsoDate, months: number): IsoDate {
  const [year, month, date] = day.split("-").map(Number) as [number, number, number];
  const lastOfTarget = new Date(Date.UTC(year, month - 1 + months + 1, 0)).getUTCDate();
  return fromUtcMs(Date.UTC(year, month - 1 + months, Math.min(date, lastOfTarget)));
}

/** The calendar day it is in `zone` at `now`. */
export function todayIn(zone: string, now = Date.now()): IsoDate {
  return new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

/** Minutes east of UTC in `zone` at the instant `ms`, from Intl's "GMT+05:45" style offset. */
export function offsetMinutes(zone: string, ms: number): number {
  const name = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" })
    .formatToParts(ms)
    .find((part) => part.type === "timeZoneName")?.value;
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? "");
  if (!match) return 0; // "GMT" alone: UTC
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === "-" ? -minutes : minutes;
}

/**
 * The next day on or after `from` on which `zone` changes its UTC offset (found by scanning noon UTC
 * of each day), with the last weekday before and the first weekday after it.
 */
export function nextOffsetChange(zone: string, from: IsoDate): { changeDay: IsoDate; weekdayBefore: IsoDate; weekdayAfter: IsoDate } {
  let previous = offsetMinutes(zone, toUtcMs(from) + DAY_MS / 2);
  for (let i = 1; i <= 400; i += 1) {
    const day = addDays(from, i);
    const offset = offsetMinutes(zone, toUtcMs(day) + DAY_MS / 2);
    if (offset !== previous) {
      let weekdayBefore = addDays(day, -1);
      while (!isWeekday(weekdayBefore)) weekdayBefore = addDays(weekdayBefore, -1);
      let weekdayAfter = addDays(day, 1);
      while (!isWeekday(weekdayAfter)) weekdayAfter = addDays(weekdayAfter, 1);
      return { changeDay: day, weekdayBefore, weekdayAfter };
    }
    previous = offset;
  }
  throw new Error(`${zone} does not change its offset within 400 days of ${from}`);
}
