import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { dateOverrideBody, overrideDate, scheduleBody } from "../hosts/schedule-schemas";
import { validJson } from "../http/validate";
import { candidateSlotsForDay, type HostSchedule, type SlotRules } from "./availability";
import { ApiError } from "./errors";
import { unwrap } from "./outcome";
import {
  acceptOverrideDate,
  clockTimeOfMinute,
  dateOverrideResources,
  dateOverrideRows,
  dayIntervalsProblem,
  MAX_INTERVALS_PER_DAY,
  minuteOfClockTime,
  scheduleResource,
  type WeeklyHours,
  weeklyHoursRows,
} from "./weekly-schedule";

const NINE_TO_FIVE = [{ start: "09:00", end: "17:00" }];

function week(days: Partial<WeeklyHours> = {}): WeeklyHours {
  return { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [], ...days };
}

/**
 * What a partner gets back for `body`: the schema runs inside the real validJson middleware, so the
 * message is the one the 400 envelope carries ("<path>: <message>").
 */
async function answerTo(schema: z.ZodType, body: unknown): Promise<{ status: number; code?: string; message?: string; json?: unknown }> {
  const app = new Hono()
    .put("/", validJson(schema), (c) => c.json({ json: c.req.valid("json") }))
    .onError((error, c) => {
      if (!(error instanceof ApiError)) throw error;
      return c.json({ code: error.code, message: error.message }, error.status);
    });
  const response = await app.request("/", { method: "PUT", body: JSON.stringify(body) });
  return { status: response.status, ...((await response.json()) as object) };
}

/** The path of the first issue, which is what the envelope's message starts with. */
function firstIssuePath(schema: z.ZodType, body: unknown): PropertyKey[] | undefined {
  return schema.safeParse(body).error?.issues[0]?.path;
}

describe("clock times", () => {
  it("reads HH:MM as minutes after local midnight and writes them back, 24:00 being 1440", () => {
    expect(minuteOfClockTime("00:00")).toBe(0);
    expect(minuteOfClockTime("09:30")).toBe(570);
    expect(minuteOfClockTime("23:59")).toBe(1439);
    expect(minuteOfClockTime("24:00")).toBe(1440);
    for (let minute = 0; minute <= 1440; minute += 1) {
      expect(minuteOfClockTime(clockTimeOfMinute(minute))).toBe(minute);
    }
    expect(clockTimeOfMinute(1440)).toBe("24:00");
  });

  it("throws on what no row or validated body can hold (a bug, not bad input)", () => {
    expect(() => minuteOfClockTime("9:00")).toThrow(RangeError);
    expect(() => clockTimeOfMinute(1441)).toThrow(RangeError);
    expect(() => clockTimeOfMinute(-1)).toThrow(RangeError);
    expect(() => clockTimeOfMinute(90.5)).toThrow(RangeError);
  });
});

describe("PUT /schedule body", () => {
  it("accepts a week with split days and a day until 24:00, and stores ISO weekdays in minutes", async () => {
    const weekly = week({
      mon: NINE_TO_FIVE,
      tue: [
        { start: "08:00", end: "12:00" },
        { start: "13:00", end: "17:30" },
      ],
      fri: [{ start: "18:00", end: "24:00" }],
      sun: [{ start: "00:00", end: "02:00" }],
    });
    expect(await answerTo(scheduleBody, { weekly })).toEqual({ status: 200, json: { weekly } });
    expect(weeklyHoursRows(weekly)).toEqual([
      { weekday: 1, startMinute: 540, endMinute: 1020 },
      { weekday: 2, startMinute: 480, endMinute: 720 },
      { weekday: 2, startMinute: 780, endMinute: 1050 },
      { weekday: 5, startMinute: 1080, endMinute: 1440 },
      { weekday: 7, startMinute: 0, endMinute: 120 },
    ]);
  });

  it("round-trips: what a partner PUTs is what GET answers, every day present, with the host's zone", () => {
    const weekly = week({
      wed: [
        { start: "09:00", end: "12:00" },
        { start: "12:00", end: "17:00" },
      ],
      sat: [{ start: "10:00", end: "24:00" }],
    });
    expect(scheduleResource("Europe/London", weeklyHoursRows(weekly))).toEqual({ timeZone: "Europe/London", weekly });
    const parsed = scheduleBody.parse({ weekly });
    expect(scheduleResource("Europe/London", weeklyHoursRows(parsed.weekly)).weekly).toEqual(parsed.weekly);
  });

  it("accepts touching intervals (09:00–12:00 then 12:00–17:00), kept as two, and the engine offers 11:30–12:30 across them", () => {
    const weekly = week({
      mon: [
        { start: "09:00", end: "12:00" },
        { start: "12:00", end: "17:00" },
      ],
    });
    expect(scheduleBody.safeParse({ weekly }).success).toBe(true);
    const schedule: HostSchedule = { timeZone: "UTC", weekly: weeklyHoursRows(weekly), overrides: [] };
    const starts = candidateSlotsForDay(schedule, rules({ durationMinutes: 60, slotIntervalMinutes: 30 }), "2026-06-01").map((slot) =>
      new Date(slot.startMs).toISOString().slice(11, 16),
    );
    expect(starts).toContain("11:30");
    expect(starts.at(-1)).toBe("16:00");
  });

  it("accepts a week closed every day ([] seven times): no rows, and GET shows seven empty days", () => {
    const weekly = week();
    expect(scheduleBody.safeParse({ weekly }).success).toBe(true);
    expect(weeklyHoursRows(weekly)).toEqual([]);
    expect(scheduleResource("UTC", [])).toEqual({ timeZone: "UTC", weekly: week() });
  });

  it("ignores unknown fields in the body, the week and the intervals", async () => {
    const answer = await answerTo(scheduleBody, {
      weekly: { ...week(), mon: [{ start: "09:00", end: "17:00", label: "clinic" }], holidays: [] },
      note: "x",
    });
    expect(answer).toEqual({ status: 200, json: { weekly: week({ mon: NINE_TO_FIVE }) } });
  });

  it("refuses a missing day with 400 naming it: all seven days are required", async () => {
    const { wed: _omitted, ...sixDays } = week({ mon: NINE_TO_FIVE });
    expect(await answerTo(scheduleBody, { weekly: sixDays })).toEqual({
      status: 400,
      code: "INVALID_REQUEST",
      message: "weekly.wed: is missing: send all seven days, [] for a closed day",
    });
    expect(firstIssuePath(scheduleBody, { weekly: sixDays })).toEqual(["weekly", "wed"]);
  });

  it("refuses a misspelt day (thurs) as Thursday missing rather than closing Thursdays", async () => {
    const { thu, ...rest } = week({ thu: NINE_TO_FIVE });
    expect((await answerTo(scheduleBody, { weekly: { ...rest, thurs: thu } })).message).toBe(
      "weekly.thu: is missing: send all seven days, [] for a closed day",
    );
  });

  it("refuses an empty weekly ({}) naming Monday first, and a body without weekly", async () => {
    expect((await answerTo(scheduleBody, { weekly: {} })).message).toBe("weekly.mon: is missing: send all seven days, [] for a closed day");
    expect(await answerTo(scheduleBody, {})).toEqual({ status: 400, code: "INVALID_REQUEST", message: "weekly: is required" });
    expect((await answerTo(scheduleBody, { weekly: [] })).message).toBe('weekly: must be an object of seven days, "mon" to "sun"');
    expect((await answerTo(scheduleBody, [])).message).toBe("the body must be a JSON object");
  });

  it("refuses overlapping intervals with 400 naming the day, the interval and what it overlaps", async () => {
    const weekly = week({
      tue: [
        { start: "09:00", end: "11:30" },
        { start: "11:00", end: "12:00" },
      ],
    });
    expect(await answerTo(scheduleBody, { weekly })).toEqual({
      status: 400,
      code: "INVALID_REQUEST",
      message: "weekly.tue.1: 11:00–12:00 overlaps 09:00–11:30",
    });
    expect(firstIssuePath(scheduleBody, { weekly })).toEqual(["weekly", "tue", 1]);
  });

  it("refuses two intervals starting at the same time as an overlap", async () => {
    const weekly = week({
      thu: [
        { start: "09:00", end: "10:00" },
        { start: "09:00", end: "12:00" },
      ],
    });
    expect((await answerTo(scheduleBody, { weekly })).message).toBe("weekly.thu.1: 09:00–12:00 overlaps 09:00–10:00");
  });

  it("refuses an interval inside the one before it", async () => {
    const weekly = week({
      mon: [
        { start: "09:00", end: "17:00" },
        { start: "12:00", end: "13:00" },
      ],
    });
    expect((await answerTo(scheduleBody, { weekly })).message).toBe("weekly.mon.1: 12:00–13:00 overlaps 09:00–17:00");
  });

  it("refuses unsorted intervals, pointing at the first one out of order", async () => {
    const weekly = week({
      fri: [
        { start: "08:00", end: "09:00" },
        { start: "13:00", end: "17:00" },
        { start: "09:00", end: "12:00" },
      ],
    });
    expect((await answerTo(scheduleBody, { weekly })).message).toBe(
      "weekly.fri.2: 09:00–12:00 starts before 13:00–17:00: list a day's intervals sorted by start",
    );
    expect(firstIssuePath(scheduleBody, { weekly })).toEqual(["weekly", "fri", 2]);
  });

  it("refuses an empty or reversed interval (start must be before end)", async () => {
    const empty = week({ sat: [{ start: "12:00", end: "12:00" }] });
    expect((await answerTo(scheduleBody, { weekly: empty })).message).toBe("weekly.sat.0: 12:00–12:00 must end after it starts");
    const reversed = week({ mon: NINE_TO_FIVE, sun: [{ start: "17:00", end: "09:00" }] });
    expect((await answerTo(scheduleBody, { weekly: reversed })).message).toBe("weekly.sun.0: 17:00–09:00 must end after it starts");
    expect(firstIssuePath(scheduleBody, { weekly: reversed })).toEqual(["weekly", "sun", 0]);
  });

  it.each([
    ["a start without its leading zero", { start: "9:00", end: "17:00" }, 'weekly.mon.0.start: must be a time "HH:MM" from 00:00 to 23:59, e.g. "09:00"'],
    ["a start of 24:00", { start: "24:00", end: "24:00" }, 'weekly.mon.0.start: must be a time "HH:MM" from 00:00 to 23:59, e.g. "09:00"'],
    ["a start given as a number", { start: 900, end: "17:00" }, 'weekly.mon.0.start: must be a time "HH:MM" from 00:00 to 23:59, e.g. "09:00"'],
    ["an end of 24:01", { start: "09:00", end: "24:01" }, 'weekly.mon.0.end: must be a time "HH:MM" from 00:00 to 24:00, e.g. "17:00" or "24:00"'],
    ["an end of 12:60", { start: "09:00", end: "12:60" }, 'weekly.mon.0.end: must be a time "HH:MM" from 00:00 to 24:00, e.g. "17:00" or "24:00"'],
    ["an end with seconds", { start: "09:00", end: "17:00:00" }, 'weekly.mon.0.end: must be a time "HH:MM" from 00:00 to 24:00, e.g. "17:00" or "24:00"'],
    ["a missing end", { start: "09:00" }, 'weekly.mon.0.end: must be a time "HH:MM" from 00:00 to 24:00, e.g. "17:00" or "24:00"'],
    ["a string for an interval", "09:00-17:00", 'weekly.mon.0: must be an interval { "start": "HH:MM", "end": "HH:MM" }'],
  ])("refuses %s with 400 pointing at the field", async (_name, interval, message) => {
    expect(await answerTo(scheduleBody, { weekly: week({ mon: [interval as never] }) })).toEqual({ status: 400, code: "INVALID_REQUEST", message });
  });

  it("reports a malformed time before the day rules, which need well-formed times", () => {
    const weekly = week({
      mon: [
        { start: "13:00", end: "17:00" },
        { start: "9:00", end: "12:00" },
      ],
    });
    expect(scheduleBody.safeParse({ weekly }).error?.issues.map((issue) => issue.path)).toEqual([["weekly", "mon", 1, "start"]]);
  });

  it("refuses a day that is not a list, or null for a closed day", async () => {
    expect((await answerTo(scheduleBody, { weekly: { ...week(), mon: null } })).message).toBe("weekly.mon: must be a list of intervals, [] for a closed day");
    expect((await answerTo(scheduleBody, { weekly: { ...week(), mon: { start: "09:00", end: "17:00" } } })).message).toBe(
      "weekly.mon: must be a list of intervals, [] for a closed day",
    );
  });

  it(`accepts ${MAX_INTERVALS_PER_DAY} intervals a day (hourly blocks) and refuses one more`, async () => {
    const hourly = Array.from({ length: 24 }, (_, hour) => ({ start: clockTimeOfMinute(hour * 60), end: clockTimeOfMinute(hour * 60 + 30) }));
    expect(MAX_INTERVALS_PER_DAY).toBe(24);
    expect(scheduleBody.safeParse({ weekly: week({ wed: hourly }) }).success).toBe(true);
    const tooMany = [...hourly.slice(0, 23), { start: "23:30", end: "23:45" }, { start: "23:45", end: "24:00" }];
    expect(await answerTo(scheduleBody, { weekly: week({ wed: tooMany }) })).toEqual({
      status: 400,
      code: "INVALID_REQUEST",
      message: "weekly.wed: may hold at most 24 intervals a day",
    });
  });
});

describe("GET /schedule from stored rows", () => {
  it("sorts each day's intervals and leaves days without rows as []", () => {
    const rows = [
      { weekday: 3, startMinute: 780, endMinute: 1020 },
      { weekday: 3, startMinute: 540, endMinute: 720 },
      { weekday: 7, startMinute: 600, endMinute: 660 },
    ];
    expect(scheduleResource("America/New_York", rows).weekly).toEqual(
      week({
        wed: [
          { start: "09:00", end: "12:00" },
          { start: "13:00", end: "17:00" },
        ],
        sun: [{ start: "10:00", end: "11:00" }],
      }),
    );
  });

  it("answers hand-written SQL rows as the engine reads them, so the answer can be PUT back as it is", () => {
    const rows = [
      { weekday: 1, startMinute: 540, endMinute: 720 },
      { weekday: 1, startMinute: 600, endMinute: 780 }, // overlaps: the engine joins them
      { weekday: 1, startMinute: 780, endMinute: 840 }, // touches: a split the API itself allows
      { weekday: 2, startMinute: 0, endMinute: 0 }, // empty: no hours
    ];
    const { weekly } = scheduleResource("UTC", rows);
    expect(weekly.mon).toEqual([
      { start: "09:00", end: "13:00" },
      { start: "13:00", end: "14:00" },
    ]);
    expect(weekly.tue).toEqual([]);
    expect(scheduleBody.safeParse({ weekly }).success).toBe(true);
  });
});

describe("date overrides", () => {
  it("stores a closed day ([]) as the single 0–0 row the engine reads as closed, and answers it as []", () => {
    expect(dateOverrideRows("2026-12-24", [])).toEqual([{ date: "2026-12-24", startMinute: 0, endMinute: 0 }]);
    expect(dateOverrideResources(dateOverrideRows("2026-12-24", []))).toEqual([{ date: "2026-12-24", intervals: [] }]);
  });

  it("closes a normally open weekday: the engine offers nothing on that date, and the weekly hours the day after", () => {
    const schedule: HostSchedule = {
      timeZone: "Europe/Berlin",
      weekly: weeklyHoursRows(week({ thu: NINE_TO_FIVE, fri: NINE_TO_FIVE })),
      overrides: dateOverrideRows("2026-12-24", []),
    };
    expect(candidateSlotsForDay(schedule, rules(), "2026-12-24")).toEqual([]);
    expect(candidateSlotsForDay(schedule, rules(), "2026-12-25")).toHaveLength(16);
  });

  it("opens a normally closed day with its own hours, until 24:00", () => {
    const intervals = [
      { start: "10:00", end: "12:00" },
      { start: "22:00", end: "24:00" },
    ];
    const rows = dateOverrideRows("2026-06-06", intervals);
    expect(rows).toEqual([
      { date: "2026-06-06", startMinute: 600, endMinute: 720 },
      { date: "2026-06-06", startMinute: 1320, endMinute: 1440 },
    ]);
    const schedule: HostSchedule = { timeZone: "UTC", weekly: weeklyHoursRows(week()), overrides: rows };
    expect(candidateSlotsForDay(schedule, rules({ durationMinutes: 60, slotIntervalMinutes: 60 }), "2026-06-06")).toHaveLength(4);
    expect(dateOverrideResources(rows)).toEqual([{ date: "2026-06-06", intervals }]);
  });

  it("lists several dates from their rows, dates ascending and intervals sorted", () => {
    const rows = [
      ...dateOverrideRows("2026-07-02", [{ start: "14:00", end: "16:00" }]),
      { date: "2026-07-01", startMinute: 780, endMinute: 840 },
      { date: "2026-07-01", startMinute: 540, endMinute: 600 },
      ...dateOverrideRows("2026-06-30", []),
    ];
    expect(dateOverrideResources(rows)).toEqual([
      { date: "2026-06-30", intervals: [] },
      {
        date: "2026-07-01",
        intervals: [
          { start: "09:00", end: "10:00" },
          { start: "13:00", end: "14:00" },
        ],
      },
      { date: "2026-07-02", intervals: [{ start: "14:00", end: "16:00" }] },
    ]);
    expect(dateOverrideResources([])).toEqual([]);
  });

  it("accepts { intervals: [] } as closed all day and ignores unknown fields", async () => {
    expect(await answerTo(dateOverrideBody, { intervals: [], reason: "holiday" })).toEqual({ status: 200, json: { intervals: [] } });
  });

  it("applies the same day rules to an override body, pointing at the interval", async () => {
    const body = {
      intervals: [
        { start: "09:00", end: "11:30" },
        { start: "11:00", end: "12:00" },
      ],
    };
    expect(await answerTo(dateOverrideBody, body)).toEqual({
      status: 400,
      code: "INVALID_REQUEST",
      message: "intervals.1: 11:00–12:00 overlaps 09:00–11:30",
    });
    expect(firstIssuePath(dateOverrideBody, body)).toEqual(["intervals", 1]);
    expect((await answerTo(dateOverrideBody, { intervals: [{ start: "9:00", end: "10:00" }] })).message).toBe(
      'intervals.0.start: must be a time "HH:MM" from 00:00 to 23:59, e.g. "09:00"',
    );
  });

  it("refuses a body without intervals: an empty body must not read as closed all day", async () => {
    expect(await answerTo(dateOverrideBody, {})).toEqual({
      status: 400,
      code: "INVALID_REQUEST",
      message: "intervals: is required: a list of intervals, [] for closed all day",
    });
  });
});

describe("the :date of an override", () => {
  it("accepts a real calendar date only, within 2000-01-01 … 2100-12-31", () => {
    expect(overrideDate.safeParse("2028-02-29").success).toBe(true);
    expect(overrideDate.safeParse("2026-02-29").error?.issues[0]?.message).toBe("must be a real calendar date, YYYY-MM-DD");
    expect(overrideDate.safeParse("2026-2-01").success).toBe(false);
    expect(overrideDate.safeParse("2026-06-01T00:00").success).toBe(false);
    expect(overrideDate.safeParse("2101-01-01").error?.issues[0]?.message).toBe("must be between 2000-01-01 and 2100-12-31");
  });

  it("refuses a past date with 400, taking today in the host's zone, and accepts today and later", () => {
    expect(acceptOverrideDate("2026-04-21", "2026-04-21")).toEqual({ ok: true, value: "2026-04-21" });
    expect(acceptOverrideDate("2027-01-01", "2026-04-21")).toEqual({ ok: true, value: "2027-01-01" });
    const refused = acceptOverrideDate("2026-04-20", "2026-04-21");
    expect(refused).toMatchObject({
      ok: false,
      code: "INVALID_REQUEST",
      message: "date: 2026-04-20 is in the past (today is 2026-04-21 in the host's time zone)",
    });
    expect(() => unwrap(refused)).toThrow(expect.objectContaining({ status: 400, code: "INVALID_REQUEST" }));
  });
});

describe("dayIntervalsProblem", () => {
  it("finds nothing wrong with no intervals, one, or touching ones, and reports the first problem only", () => {
    expect(dayIntervalsProblem([])).toBeNull();
    expect(dayIntervalsProblem([{ start: "00:00", end: "24:00" }])).toBeNull();
    expect(
      dayIntervalsProblem([
        { start: "00:00", end: "12:00" },
        { start: "12:00", end: "24:00" },
      ]),
    ).toBeNull();
    expect(
      dayIntervalsProblem([
        { start: "10:00", end: "09:00" },
        { start: "08:00", end: "09:00" },
      ]),
    ).toEqual({ index: 0, message: "10:00–09:00 must end after it starts" });
  });
});

function rules(overrides: Partial<SlotRules> = {}): SlotRules {
  return {
    bookingTypeId: 1,
    durationMinutes: 30,
    slotIntervalMinutes: 30,
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    minimumNoticeMinutes: 0,
    bookingWindowDays: 60,
    dailyCap: null,
    ...overrides,
  };
}
