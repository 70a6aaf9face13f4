/**
 * A host's hours as the management API speaks of them (design-management.md "Weekly hours and date
 * overrides"): "HH:MM" wall-clock times under named weekdays in the API, minutes after local midnight
 * under ISO weekdays (or one date) in the `weekly_hours` and `date_overrides` rows the engine
 * (availability.ts) reads. Here are the rules a day's intervals must follow, the conversions both
 * ways, and the past-date rule of overrides. Pure: the zod schemas at the edge
 * (hosts/schedule-schemas.ts) and the routes call these.
 */
import type { WorkingInterval } from "./availability";
import type { CalendarDay } from "./calendar-days";
import { fail, type Outcome, ok } from "./outcome";

/** The API's day names, in ISO order: index + 1 is the ISO weekday (1 = Monday … 7 = Sunday). */
export const WEEKDAY_KEYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type WeekdayKey = (typeof WEEKDAY_KEYS)[number];

/** One working interval as the API writes it: `{ "start": "09:00", "end": "17:00" }`, end exclusive. */
export interface ClockInterval {
  start: string;
  end: string;
}

/** The seven days of a week, each a list of intervals sorted by start; `[]` is a closed day. */
export type WeeklyHours = Record<WeekdayKey, ClockInterval[]>;

/** A `weekly_hours` row without its host (the route adds `userId`). */
export interface WeeklyHoursRow extends WorkingInterval {
  /** ISO: 1 = Monday … 7 = Sunday. */
  weekday: number;
}

/** A `date_overrides` row without its host (the route adds `userId`). */
export interface DateOverrideRow extends WorkingInterval {
  date: CalendarDay;
}

/** `GET /api/hosts/:username/schedule`. */
export interface ScheduleResource {
  timeZone: string;
  weekly: WeeklyHours;
}

/** One date of `GET /api/hosts/:username/overrides`, and the answer to a PUT of one. */
export interface DateOverrideResource {
  date: CalendarDay;
  /** `[]` = closed all day. */
  intervals: ClockInterval[];
}

/**
 * At most this many intervals in one day. 24 is an hourly split of a whole day, far beyond any real
 * schedule (a split shift is 2–3); the cap bounds what one PUT writes at 7 × 24 = 168 rows.
 */
export const MAX_INTERVALS_PER_DAY = 24;

const MINUTES_PER_DAY = 1440;
/** 00:00–23:59: an interval can't start at midnight of the next day. */
const START_TIME = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
/** 00:00–23:59 or 24:00: "until midnight" must be writable, or a day could never reach its end. */
const END_TIME = /^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/;

/** "09:00" yes; "9:00", "24:00", "12:60" no. */
export function isStartTime(text: string): boolean {
  return START_TIME.test(text);
}

/** Like isStartTime, and "24:00" (the end of the day) too. */
export function isEndTime(text: string): boolean {
  return END_TIME.test(text);
}

/** "09:30" → 570, "24:00" → 1440. Throws on a malformed time: validate at the edge first. */
export function minuteOfClockTime(text: string): number {
  if (!isEndTime(text)) throw new RangeError(`Not a clock time: "${text}"`);
  return Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5));
}

/** 570 → "09:30", 1440 → "24:00". Throws outside 0–1440: rows hold whole minutes of one day. */
export function clockTimeOfMinute(minute: number): string {
  if (!Number.isInteger(minute) || minute < 0 || minute > MINUTES_PER_DAY) throw new RangeError(`Not a minute of a day: ${minute}`);
  return `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
}

/** Which interval of a day breaks the rules, and how, in words a partner can act on. */
export interface IntervalProblem {
  index: number;
  message: string;
}

/**
 * The first interval of one day that is empty or reversed, out of order, or overlapping the one
 * before it; null when the day is fine. Touching is fine: 09:00–12:00 then 12:00–17:00 is how a
 * partner keeps two blocks apart, and the engine joins them. Times must already be well formed.
 * Checking each interval against its predecessor is enough: sorted, non-overlapping neighbours
 * can't overlap anything further back.
 */
export function dayIntervalsProblem(intervals: readonly ClockInterval[]): IntervalProblem | null {
  for (let index = 0; index < intervals.length; index += 1) {
    const interval = intervals[index]!;
    const startMinute = minuteOfClockTime(interval.start);
    if (startMinute >= minuteOfClockTime(interval.end)) {
      return { index, message: `${describe(interval)} must end after it starts` };
    }
    const previous = intervals[index - 1];
    if (!previous) continue;
    if (startMinute < minuteOfClockTime(previous.start)) {
      return { index, message: `${describe(interval)} starts before ${describe(previous)}: list a day's intervals sorted by start` };
    }
    if (startMinute < minuteOfClockTime(previous.end)) {
      return { index, message: `${describe(interval)} overlaps ${describe(previous)}` };
    }
  }
  return null;
}

function describe(interval: ClockInterval): string {
  return `${interval.start}–${interval.end}`;
}

/** The rows that replace a host's `weekly_hours` on PUT: a closed day has none. */
export function weeklyHoursRows(weekly: WeeklyHours): WeeklyHoursRow[] {
  return WEEKDAY_KEYS.flatMap((key, index) => minuteIntervals(weekly[key]).map((interval) => ({ weekday: index + 1, ...interval })));
}

/** The GET answer: every day present (a day without rows is `[]`), intervals sorted by start. */
export function scheduleResource(timeZone: string, rows: readonly WeeklyHoursRow[]): ScheduleResource {
  const weekly = Object.fromEntries(WEEKDAY_KEYS.map((key, index) => [key, clockIntervals(rows.filter((row) => row.weekday === index + 1))])) as WeeklyHours;
  return { timeZone, weekly };
}

/**
 * The rows that replace one date's `date_overrides` on PUT. A closed day must still leave a row, or
 * the date would fall back to its weekly hours: the engine reads any row as "this date's hours", and
 * a single empty one (0–0) as none.
 */
export function dateOverrideRows(date: CalendarDay, intervals: readonly ClockInterval[]): DateOverrideRow[] {
  if (intervals.length === 0) return [{ date, startMinute: 0, endMinute: 0 }];
  return minuteIntervals(intervals).map((interval) => ({ date, ...interval }));
}

/** The overrides list: one entry per date that has rows, dates ascending; a date of only 0–0 is closed (`[]`). */
export function dateOverrideResources(rows: readonly DateOverrideRow[]): DateOverrideResource[] {
  const dates = [...new Set(rows.map((row) => row.date))].sort();
  return dates.map((date) => ({ date, intervals: clockIntervals(rows.filter((row) => row.date === date)) }));
}

/**
 * design-management.md: a PUT of an override for a past date is a 400. `today` is today in the
 * host's zone (the route knows it), so a host in Pacific/Auckland may set tomorrow's UTC date
 * already. Today itself is allowed: "I'm off this afternoon" is the most common override.
 */
export function acceptOverrideDate(date: CalendarDay, today: CalendarDay): Outcome<CalendarDay> {
  if (date >= today) return ok(date);
  const message = `${date} is in the past (today is ${today} in the host's time zone)`;
  return fail("INVALID_REQUEST", `date: ${message}`, [{ path: "date", message }]);
}

function minuteIntervals(intervals: readonly ClockInterval[]): WorkingInterval[] {
  return intervals.map((interval) => ({ startMinute: minuteOfClockTime(interval.start), endMinute: minuteOfClockTime(interval.end) }));
}

/**
 * Stored rows as API intervals, sorted. Empty rows (the 0–0 of a closed date) say "no hours" and
 * are dropped. Overlapping rows, which only hand-written SQL can store, are joined as the engine
 * joins them, so what GET answers is both what is offered and a body that PUT accepts back.
 */
function clockIntervals(rows: readonly WorkingInterval[]): ClockInterval[] {
  const sorted = rows
    .filter((row) => row.startMinute < row.endMinute)
    .map(({ startMinute, endMinute }) => ({ startMinute, endMinute }))
    .sort((a, b) => a.startMinute - b.startMinute);
  const joined: WorkingInterval[] = [];
  for (const interval of sorted) {
    const last = joined.at(-1);
    // Strictly overlapping only: touching rows (09:00–12:00, 12:00–17:00) are a partner's own split.
    if (last && interval.startMinute < last.endMinute) last.endMinute = Math.max(last.endMinute, interval.endMinute);
    else joined.push(interval);
  }
  return joined.map((interval) => ({ start: clockTimeOfMinute(interval.startMinute), end: clockTimeOfMinute(interval.endMinute) }));
}
