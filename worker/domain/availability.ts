/**
 * The one function that decides what is bookable. Slots are laid out on the host's wall clock for
 * each host-local date, turned into real instants, then filtered by notice, booking window, daily
 * cap and the host's confirmed bookings (buffers applied both ways). The booking check asks the same
 * function about a tiny range, so the list a visitor sees and the check at booking never disagree.
 */
import { addDays, type CalendarDay, isoWeekday } from "./calendar-days";
import { firstInstantAtOrAfter, instantsAtWallTime, lastInstantAtWallTime, localDateOf } from "./zoned-time";

/** [start, end) minutes after local midnight, 0..1440; start >= end means empty. */
export interface WorkingInterval {
  startMinute: number;
  endMinute: number;
}
export interface HostSchedule {
  timeZone: string;
  weekly: ReadonlyArray<WorkingInterval & { weekday: number }>; // ISO: 1 = Monday … 7 = Sunday
  /** Any override row for a date REPLACES that date's weekly hours; an empty interval (0-0) = day off. */
  overrides: ReadonlyArray<WorkingInterval & { date: CalendarDay }>;
}
export interface SlotRules {
  bookingTypeId: number;
  durationMinutes: number; // the chosen duration
  slotIntervalMinutes: number; // distance between slot starts (wall-clock minutes)
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  minimumNoticeMinutes: number;
  bookingWindowDays: number;
  dailyCap: number | null; // max confirmed bookings of THIS type per host-local day
}
export interface BusyBooking {
  id: string;
  bookingTypeId: number;
  startMs: number;
  endMs: number;
  blockStartMs: number;
  blockEndMs: number;
}
/** A slot as instants (epoch ms), as the engine reckons; the wire's Slot (contract.ts) carries ISO strings. */
export interface SlotMs {
  startMs: number;
  endMs: number;
}
/** Candidate slots of one host-local date before bookings, notice and window are applied. */
export type CandidateSource = (date: CalendarDay) => readonly SlotMs[];

export interface AvailabilityQuery {
  schedule: HostSchedule;
  rules: SlotRules;
  busy: readonly BusyBooking[]; // the host's confirmed bookings (all types), any order
  nowMs: number;
  fromMs: number; // slots whose START lies in [fromMs, toMs)
  toMs: number;
  candidates?: CandidateSource; // defaults to candidateSlotsForDay(schedule, rules, date)
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

export function candidateSlotsForDay(schedule: HostSchedule, rules: Pick<SlotRules, "durationMinutes" | "slotIntervalMinutes">, date: CalendarDay): SlotMs[] {
  const slots: SlotMs[] = [];
  for (const interval of workingIntervals(schedule, date)) {
    slots.push(...slotsInInterval(schedule.timeZone, date, interval, rules));
  }
  // A repeated hour yields 01:00 BST, 01:00 GMT, 01:30 BST, 01:30 GMT in wall order: sort by instant.
  return slots.sort((a, b) => a.startMs - b.startMs);
}

export function blockedRange(rules: Pick<SlotRules, "bufferBeforeMinutes" | "bufferAfterMinutes">, slot: SlotMs): { blockStartMs: number; blockEndMs: number } {
  return {
    blockStartMs: slot.startMs - rules.bufferBeforeMinutes * MINUTE_MS,
    blockEndMs: slot.endMs + rules.bufferAfterMinutes * MINUTE_MS,
  };
}

/** Free slots whose start lies in [fromMs, toMs), sorted by start, no duplicates. */
export function listFreeSlots(q: AvailabilityQuery): SlotMs[] {
  const { schedule, rules } = q;
  const fromMs = Math.max(q.fromMs, q.nowMs + rules.minimumNoticeMinutes * MINUTE_MS);
  const toMs = Math.min(q.toMs, q.nowMs + rules.bookingWindowDays * DAY_MS);
  // A cap of 0 leaves every date full, bookings or not.
  if (!(fromMs < toMs) || (rules.dailyCap !== null && rules.dailyCap <= 0)) return [];

  const candidates = q.candidates ?? ((date: CalendarDay) => candidateSlotsForDay(schedule, rules, date));
  const days: Array<{ date: CalendarDay; slots: readonly SlotMs[] }> = [];
  // toMs - 1: a range ending at local midnight must not expand the whole next day.
  const lastDate = localDateOf(schedule.timeZone, toMs - 1);
  for (let date = localDateOf(schedule.timeZone, fromMs); date <= lastDate; date = addDays(date, 1)) {
    days.push({ date, slots: candidates(date) });
  }
  const fullDates = rules.dailyCap === null ? null : datesAtCap(q, rules.dailyCap, days, fromMs, toMs);
  const inRange: SlotMs[] = [];
  for (const { date, slots } of days) {
    if (fullDates?.has(date)) continue;
    for (const slot of slots) {
      if (slot.startMs >= fromMs && slot.startMs < toMs) inRange.push(slot);
    }
  }
  // A memoised source might hand back its slots in any order; sorting sorted input is cheap.
  inRange.sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
  return withoutConflicts(inRange, q.busy, rules);
}

/**
 * True only if `slot` is exactly one that listFreeSlots would offer: an off-grid start, another
 * length, a taken or past slot all miss. It asks listFreeSlots itself, over a 1 ms range, so the
 * availability list and the booking check are the same decision.
 */
export function isSlotBookable(q: Omit<AvailabilityQuery, "fromMs" | "toMs">, slot: SlotMs): boolean {
  if (!Number.isFinite(slot.startMs) || !Number.isFinite(slot.endMs)) return false;
  const listed = listFreeSlots({ ...q, fromMs: slot.startMs, toMs: slot.startMs + 1 });
  return listed.some((free) => free.startMs === slot.startMs && free.endMs === slot.endMs);
}

/**
 * The date's working intervals, overlapping or touching ones merged: hours kept as two rows
 * (09:00-12:00, 12:00-17:00) must still offer a 60-minute slot at 11:30.
 */
function workingIntervals(schedule: HostSchedule, date: CalendarDay): WorkingInterval[] {
  const overrides = schedule.overrides.filter((row) => row.date === date);
  const weekday = isoWeekday(date);
  const rows = overrides.length > 0 ? overrides : schedule.weekly.filter((row) => row.weekday === weekday);
  const sorted = rows
    .filter((row) => row.startMinute < row.endMinute)
    .map(({ startMinute, endMinute }) => ({ startMinute, endMinute }))
    .sort((a, b) => a.startMinute - b.startMinute);
  const merged: WorkingInterval[] = [];
  for (const interval of sorted) {
    const last = merged.at(-1);
    if (last && interval.startMinute <= last.endMinute) last.endMinute = Math.max(last.endMinute, interval.endMinute);
    else merged.push(interval);
  }
  return merged;
}

function slotsInInterval(
  zone: string,
  date: CalendarDay,
  { startMinute, endMinute }: WorkingInterval,
  rules: Pick<SlotRules, "durationMinutes" | "slotIntervalMinutes">,
): SlotMs[] {
  const windowStartMs = firstInstantAtOrAfter(zone, date, startMinute);
  const windowEndMs = lastInstantAtWallTime(zone, date, endMinute);
  const durationMs = rules.durationMinutes * MINUTE_MS;
  const step = Math.max(1, rules.slotIntervalMinutes); // an interval of 0 would never leave the loop
  const slots: SlotMs[] = [];
  const keep = (startMs: number) => {
    const endMs = startMs + durationMs; // real minutes: a 60-minute meeting across 02:00 BST is still 60
    if (startMs >= windowStartMs && endMs <= windowEndMs) slots.push({ startMs, endMs });
  };
  // Real length equal to wall length means no transition lies inside the window, so one offset maps
  // every wall start (no Intl call per slot). On Pacific/Apia 2011-12-30 the window has no length,
  // so its starts take the slow way below and none of them finds an instant.
  if (windowEndMs - windowStartMs === (endMinute - startMinute) * MINUTE_MS) {
    for (let minute = startMinute; minute < endMinute; minute += step) {
      keep(windowStartMs + (minute - startMinute) * MINUTE_MS);
    }
    return slots;
  }
  // A transition inside: a wall start in the gap has no instant, one in the repeated hour has two.
  for (let minute = startMinute; minute < endMinute; minute += step) {
    for (const startMs of instantsAtWallTime(zone, date, minute)) keep(startMs);
  }
  return slots;
}

/** Host-local dates that already hold dailyCap confirmed bookings of this type. */
function datesAtCap(
  q: AvailabilityQuery,
  dailyCap: number,
  days: ReadonlyArray<{ date: CalendarDay; slots: readonly SlotMs[] }>,
  fromMs: number,
  toMs: number,
): Set<CalendarDay> {
  // A booking of this type almost always starts on one of this type's candidates, whose date is
  // known; only the others cost an Intl call (~5 µs: 50 of them would be most of this function).
  const dateOfStart = new Map<number, CalendarDay>();
  for (const { date, slots } of days) for (const slot of slots) dateOfStart.set(slot.startMs, date);
  const counts = new Map<CalendarDay, number>();
  for (const booking of q.busy) {
    if (booking.bookingTypeId !== q.rules.bookingTypeId) continue;
    // A host-local date lasts at most 48 real hours (Apia lived 1892-07-04 twice), so bookings more
    // than two days outside the range cannot share one of its dates.
    if (booking.startMs < fromMs - 2 * DAY_MS || booking.startMs >= toMs + 2 * DAY_MS) continue;
    const date = dateOfStart.get(booking.startMs) ?? localDateOf(q.schedule.timeZone, booking.startMs);
    counts.set(date, (counts.get(date) ?? 0) + 1);
  }
  return new Set([...counts].filter(([, count]) => count >= dailyCap).map(([date]) => date));
}

/**
 * Slots (sorted by start) that no busy booking conflicts with. A slot conflicts when its blocked
 * range (buffers applied) overlaps a booking's meeting, or its meeting overlaps a booking's blocked
 * range; all ranges are half-open, so back-to-back meetings without buffers are fine. Only bookings
 * within the slots' reach are sorted (a booking check's slot reaches a few of a host's thousands),
 * then swept once in order of their reach, so ~100 bookings against ~500 slots stays linear.
 */
function withoutConflicts(slots: SlotMs[], busy: readonly BusyBooking[], rules: SlotRules): SlotMs[] {
  if (slots.length === 0) return [];
  // Sorted by start, with one set of buffers: the first slot reaches back furthest.
  const slotsFromMs = reachOf(slots[0]!, blockedRange(rules, slots[0]!)).fromMs;
  let slotsToMs = slotsFromMs;
  for (const slot of slots) slotsToMs = Math.max(slotsToMs, reachOf(slot, blockedRange(rules, slot)).toMs);
  const reaches: Array<{ booking: BusyBooking; fromMs: number; toMs: number }> = [];
  for (const booking of busy) {
    const fromMs = Math.min(booking.startMs, booking.blockStartMs);
    const toMs = Math.max(booking.endMs, booking.blockEndMs);
    if (toMs > slotsFromMs && fromMs < slotsToMs) reaches.push({ booking, fromMs, toMs });
  }
  reaches.sort((a, b) => a.fromMs - b.fromMs);
  const free: SlotMs[] = [];
  let first = 0; // bookings before this one end before every remaining slot's reach begins
  let previous: SlotMs | undefined;
  for (const slot of slots) {
    if (previous && previous.startMs === slot.startMs && previous.endMs === slot.endMs) continue;
    previous = slot;
    const blocked = blockedRange(rules, slot);
    const { blockStartMs, blockEndMs } = blocked;
    const { fromMs: reachFromMs, toMs: reachToMs } = reachOf(slot, blocked);
    while (first < reaches.length && reaches[first]!.toMs <= reachFromMs) first++;
    let isTaken = false;
    for (let i = first; i < reaches.length && !isTaken; i++) {
      const reach = reaches[i]!;
      if (reach.fromMs >= reachToMs) break;
      const { booking } = reach;
      isTaken = (blockStartMs < booking.endMs && booking.startMs < blockEndMs) || (slot.startMs < booking.blockEndMs && booking.blockStartMs < slot.endMs);
    }
    if (!isTaken) free.push(slot);
  }
  return free;
}

/** Everything a slot's meeting and its blocked range cover: no booking outside it can conflict with the slot. */
function reachOf(slot: SlotMs, { blockStartMs, blockEndMs }: { blockStartMs: number; blockEndMs: number }): { fromMs: number; toMs: number } {
  return { fromMs: Math.min(slot.startMs, blockStartMs), toMs: Math.max(slot.endMs, blockEndMs) };
}
