/**
 * Candidate slots (a date's slot grid before bookings, notice and window apply), shared by every host
 * object in the isolate: a grid follows from the zone, the hours and the slot length and step alone,
 * so hosts with the same hours share it, and an object that starts again (an idle one is evicted)
 * finds its grid already made instead of working out a month of zone offsets. Grid slots are never
 * changed, so each one's JSON is kept beside it.
 */
import { type CandidateSource, candidateSlotsForDay, type HostSchedule, type SlotMs, type SlotRules } from "../domain/availability";
import { BoundedMap } from "../lib/bounded-map";
import { slotJson } from "./slot-json";

/** Bounds the grids kept (a day of a schedule, slot length and step each; a far-future query must not grow it without end). */
const MAX_GRID_DAYS = 50_000;
/** Bounds the schedules numbered: each host's hours and overrides as text. */
const MAX_SCHEDULES = 20_000;

const grids = new BoundedMap<string, readonly SlotMs[]>(MAX_GRID_DAYS);
const scheduleIds = new BoundedMap<string, number>(MAX_SCHEDULES);
/** Never reused, even after scheduleIds is cleared, so a grid is never found under another schedule's number. */
let nextScheduleId = 1;
const jsonOfSlot = new WeakMap<SlotMs, string>();

/** The number of a schedule (zone, weekly hours, overrides): equal schedules get the same one. */
export function scheduleId(schedule: HostSchedule): number {
  const weekly = schedule.weekly.map((row) => `${row.weekday} ${row.startMinute} ${row.endMinute}`).join(",");
  const overrides = schedule.overrides.map((row) => `${row.date} ${row.startMinute} ${row.endMinute}`).join(",");
  const text = `${schedule.timeZone}|${weekly}|${overrides}`;
  let id = scheduleIds.get(text);
  if (id === undefined) {
    id = nextScheduleId;
    nextScheduleId += 1;
    scheduleIds.set(text, id);
  }
  return id;
}

/** The candidate slots of `schedule` (numbered `id` by scheduleId) under `rules`, date by date. */
export function gridSource(id: number, schedule: HostSchedule, rules: Pick<SlotRules, "durationMinutes" | "slotIntervalMinutes">): CandidateSource {
  const prefix = `${id}:${rules.durationMinutes}:${rules.slotIntervalMinutes}:`;
  return (date) => {
    const key = prefix + date;
    let slots = grids.get(key);
    if (!slots) {
      slots = candidateSlotsForDay(schedule, rules, date);
      grids.set(key, slots);
    }
    return slots;
  };
}

/** A grid slot as availability writes it, made once. */
export function gridSlotJson(slot: SlotMs): string {
  let json = jsonOfSlot.get(slot);
  if (json === undefined) {
    json = slotJson(slot);
    jsonOfSlot.set(slot, json);
  }
  return json;
}
