/**
 * Wall-clock time in an IANA zone and the real instants it names. Calendar dates are plain
 * "YYYY-MM-DD" strings computed on UTC midnights (no zone involved); a wall time resolves to zero
 * instants (a spring-forward gap), one, or two (a fall-back repeated hour). Offsets come from
 * date-fns-tz, which caches one Intl.DateTimeFormat per zone; each offset costs one Intl call, so
 * callers on the hot path should look up as few as they can.
 */
import { toZonedTime } from "date-fns-tz";
import { BoundedMap } from "../lib/bounded-map";
import { type CalendarDay, dayOfUtcMs, utcMsOfDay } from "./calendar-days";

const MINUTE_MS = 60_000;
/** Wider than any UTC offset (-12h..+14h), so these samples straddle every transition near a wall time. */
const SAMPLE_SPAN_MS = 15 * 3_600_000;
/** A letter first: Intl also accepts offsets such as "+01:00", but a host lives in a named zone. */
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+\-/]*$/;

/**
 * Zones found valid: building an Intl.DateTimeFormat to check one costs about 0.2 ms of CPU, and every
 * availability request names one. Bounded, since a name is the caller's text (any letter case passes).
 */
const validZones = new BoundedMap<string, true>(2_000);

export function isValidTimeZone(zone: string): boolean {
  if (validZones.has(zone)) return true;
  if (!ZONE_NAME.test(zone)) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
  } catch {
    return false;
  }
  validZones.set(zone, true);
  return true;
}

/** The zone's offset from UTC at that instant, in ms, east positive (+05:45 for Asia/Kathmandu). */
export function offsetMs(zone: string, instantMs: number): number {
  // Not date-fns-tz's getTimezoneOffset: it reads its Date as a wall time, so near a transition it
  // answers for the wrong side (2026-03-08T06:30Z is 01:30 EST in New York, but it says EDT;
  // marnusw/date-fns-tz#182, #227). toZonedTime resolves the instant itself and writes the wall
  // clock into the Date's local fields; workerd's local zone is always UTC, so reading them back is
  // exact (under another system zone, a wall time in that zone's own gap would come back shifted).
  const wall = toZonedTime(instantMs, zone);
  const wallMs = Date.UTC(wall.getFullYear(), wall.getMonth(), wall.getDate(), wall.getHours(), wall.getMinutes(), wall.getSeconds(), wall.getMilliseconds());
  return wallMs - instantMs;
}

export function localDateOf(zone: string, instantMs: number): CalendarDay {
  return dayOfUtcMs(instantMs + offsetMs(zone, instantMs));
}

/**
 * Every real instant whose wall clock in `zone` reads `date` + `minuteOfDay` (0..1440; 1440 = next
 * day 00:00). 0 instants in a spring-forward gap, 2 in a fall-back repeated hour, sorted ascending.
 */
export function instantsAtWallTime(zone: string, date: CalendarDay, minuteOfDay: number): number[] {
  return resolveWallTime(zone, date, minuteOfDay).instants;
}

/**
 * The first instant at which the wall clock reads >= that wall time: the earliest of
 * instantsAtWallTime, or, inside a gap, the transition instant that ends the gap. Used for window
 * starts and start of day (America/Sao_Paulo 2018-11-04 began at 01:00, 03:00Z).
 */
export function firstInstantAtOrAfter(zone: string, date: CalendarDay, minuteOfDay: number): number {
  const resolved = resolveWallTime(zone, date, minuteOfDay);
  return resolved.instants[0] ?? gapEnd(zone, resolved);
}

/** For window ends: the latest of instantsAtWallTime, or inside a gap the transition instant. */
export function lastInstantAtWallTime(zone: string, date: CalendarDay, minuteOfDay: number): number {
  const resolved = resolveWallTime(zone, date, minuteOfDay);
  return resolved.instants.at(-1) ?? gapEnd(zone, resolved);
}

interface ResolvedWallTime {
  wallMs: number; // the wall time read as if it were UTC
  instants: number[];
  offsetBefore: number; // the offset well before the wall time
  offsetAfter: number; // the offset well after it
}

function resolveWallTime(zone: string, date: CalendarDay, minuteOfDay: number): ResolvedWallTime {
  const wallMs = utcMsOfDay(date) + minuteOfDay * MINUTE_MS;
  const offsetBefore = offsetMs(zone, wallMs - SAMPLE_SPAN_MS);
  const offsetMiddle = offsetMs(zone, wallMs);
  const offsetAfter = offsetMs(zone, wallMs + SAMPLE_SPAN_MS);
  if (offsetBefore === offsetMiddle && offsetMiddle === offsetAfter) {
    // No transition within 15h either side: the one offset holds, and no Intl call is needed to check it.
    return { wallMs, instants: [wallMs - offsetMiddle], offsetBefore, offsetAfter };
  }
  const offsets = [...new Set([offsetBefore, offsetMiddle, offsetAfter])];
  const instants = offsets
    .map((offset) => wallMs - offset)
    .filter((instant) => offsetMs(zone, instant) === wallMs - instant)
    .sort((a, b) => a - b);
  return { wallMs, instants, offsetBefore, offsetAfter };
}

/**
 * The instant that ends the gap holding this wall time (2026-03-29 01:30 in Europe/London: 01:00Z,
 * when clocks jumped to 02:00). Before it the old offset puts the wall clock earlier, after it the
 * new offset puts it later, so the transition lies in (wall - offsetAfter, wall - offsetBefore].
 * Bisected on milliseconds: historic offsets have seconds (London was -0:01:15 in 1847), so a
 * search on whole minutes could never close on them. The interval is at most 26 hours, so this
 * takes at most 27 steps whatever the offsets.
 */
function gapEnd(zone: string, { wallMs, offsetBefore, offsetAfter }: ResolvedWallTime): number {
  let before = wallMs - offsetAfter; // still on offsetBefore
  let after = wallMs - offsetBefore; // already past the transition
  for (let step = 0; after - before > 1 && step < MAX_BISECTION_STEPS; step += 1) {
    const middle = before + Math.floor((after - before) / 2);
    if (offsetMs(zone, middle) === offsetBefore) before = middle;
    else after = middle;
  }
  return after;
}

/** log2 of the widest bracket in ms (27 hours), rounded up, with room to spare. */
const MAX_BISECTION_STEPS = 40;
