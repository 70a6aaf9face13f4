/**
 * Request schemas of the schedule API (design-management.md "Weekly hours and date overrides"): the
 * weekly hours body, one date's override body and the date in its path. Each message is written for
 * validate.ts, which answers 400 INVALID_REQUEST as "<path>: <message>" of the first issue, so a
 * partner reads `weekly.tue.1: 11:00–12:00 overlaps 09:00–11:30`. Unknown fields are dropped. The
 * day rules themselves live in domain/weekly-schedule.ts; the past-date rule needs the host's zone,
 * so the route applies it (acceptOverrideDate) after finding the host.
 */
import { z } from "zod";
import { daysBetween, isCalendarDay } from "../domain/calendar-days";
import { type ClockInterval, dayIntervalsProblem, isEndTime, isStartTime, MAX_INTERVALS_PER_DAY, type WeeklyHours } from "../domain/weekly-schedule";
import { FIRST_DAY, LAST_DAY } from "../http/fields";

/** One message for a missing field and another for a wrong one: "is missing" is the actionable news. */
function unlessMissing(missing: string, wrong: string) {
  return (issue: { input?: unknown }) => (issue.input === undefined ? missing : wrong);
}

const START_MESSAGE = 'must be a time "HH:MM" from 00:00 to 23:59, e.g. "09:00"';
const END_MESSAGE = 'must be a time "HH:MM" from 00:00 to 24:00, e.g. "17:00" or "24:00"';

const clockInterval = z.object(
  {
    // A number (900) is refused with the same words as "9:00": both mean "write it HH:MM".
    start: z.string({ error: START_MESSAGE }).refine(isStartTime, START_MESSAGE),
    end: z.string({ error: END_MESSAGE }).refine(isEndTime, END_MESSAGE),
  },
  { error: 'must be an interval { "start": "HH:MM", "end": "HH:MM" }' },
) satisfies z.ZodType<ClockInterval>;

/**
 * A day's intervals. The day rules run only once every time parsed: they read minutes out of the
 * times, and a malformed one has already been reported at its own path.
 */
function dayIntervals(missing: string) {
  return z
    .array(clockInterval, { error: unlessMissing(missing, "must be a list of intervals, [] for a closed day") })
    .max(MAX_INTERVALS_PER_DAY, `may hold at most ${MAX_INTERVALS_PER_DAY} intervals a day`)
    .superRefine(
      (intervals, ctx) => {
        const problem = dayIntervalsProblem(intervals);
        if (problem) ctx.addIssue({ code: "custom", message: problem.message, path: [problem.index] });
      },
      { when: (payload) => payload.issues.length === 0 },
    );
}

// design-management.md: PUT replaces all seven days, so a missing day is refused rather than read
// as closed (a typo such as "thurs" must not silently close Thursdays).
const weekDay = dayIntervals("is missing: send all seven days, [] for a closed day");

/** `PUT /api/hosts/:username/schedule`. */
export const scheduleBody = z.object(
  {
    weekly: z.object(
      { mon: weekDay, tue: weekDay, wed: weekDay, thu: weekDay, fri: weekDay, sat: weekDay, sun: weekDay },
      { error: unlessMissing("is required", 'must be an object of seven days, "mon" to "sun"') },
    ) satisfies z.ZodType<WeeklyHours>,
  },
  { error: "the body must be a JSON object" },
);

/** `PUT /api/hosts/:username/overrides/:date`. */
export const dateOverrideBody = z.object(
  { intervals: dayIntervals("is required: a list of intervals, [] for closed all day") },
  { error: "the body must be a JSON object" },
);

/** The `:date` of `…/overrides/:date`; within the span every date of the API keeps (http/fields.ts). */
export const overrideDate = z
  .string()
  .refine(isCalendarDay, "must be a real calendar date, YYYY-MM-DD")
  .refine((day) => day >= FIRST_DAY && day <= LAST_DAY, `must be between ${FIRST_DAY} and ${LAST_DAY}`);

/** A listing of overrides covers at most this many days: a year and a day. */
const MAX_OVERRIDE_RANGE_DAYS = 366;

export const overrideRange = z
  .object({
    from: z
      .string()
      .refine(isCalendarDay, "must be a real calendar date, YYYY-MM-DD")
      .meta({ description: "The first date, YYYY-MM-DD.", example: "2026-12-01" }),
    to: z.string().refine(isCalendarDay, "must be a real calendar date, YYYY-MM-DD").meta({ description: "The last date, included.", example: "2026-12-31" }),
  })
  .refine((q) => q.to >= q.from, { message: "must not be before from", path: ["to"], when: (payload) => payload.issues.length === 0 })
  .refine((q) => daysBetween(q.from, q.to) + 1 <= MAX_OVERRIDE_RANGE_DAYS, {
    message: `the range may cover at most ${MAX_OVERRIDE_RANGE_DAYS} days`,
    path: ["to"],
    when: (payload) => payload.issues.length === 0,
  });

export type ScheduleBody = z.output<typeof scheduleBody>;
export type DateOverrideBody = z.output<typeof dateOverrideBody>;
