import { describe, expect, it } from "vitest";
import {
  type AvailabilityQuery,
  type BusyBooking,
  candidateSlotsForDay,
  type HostSchedule,
  isSlotBookable,
  listFreeSlots,
  type SlotMs,
  type SlotRules,
} from "./availability";

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");
const starts = (slots: readonly SlotMs[]) => slots.map((slot) => iso(slot.startMs));
const NINE_TO_FIVE = { startMinute: 9 * 60, endMinute: 17 * 60 };

function weekdaysNineToFive(timeZone: string): HostSchedule {
  return { timeZone, weekly: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, ...NINE_TO_FIVE })), overrides: [] };
}

/** A host whose only hours are these overrides, to look at one day at a time. */
function hoursOn(timeZone: string, date: string, from: string, to: string): HostSchedule {
  const minute = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  return { timeZone, weekly: [], overrides: [{ date, startMinute: minute(from), endMinute: minute(to) }] };
}

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

function busy(id: string, start: string, end: string, extra: Partial<BusyBooking> = {}): BusyBooking {
  return { id, bookingTypeId: 1, startMs: at(start), endMs: at(end), blockStartMs: at(start), blockEndMs: at(end), ...extra };
}

const LONDON = weekdaysNineToFive("Europe/London");
const MONDAY = "2026-06-01"; // BST: 09:00 local is 08:00Z
const beforeMonday = at("2026-05-25T00:00:00Z");

/** Monday 2026-06-01 in London, as a UTC range. */
function mondayQuery(overrides: Partial<AvailabilityQuery> = {}): AvailabilityQuery {
  return {
    schedule: LONDON,
    rules: rules(),
    busy: [],
    nowMs: beforeMonday,
    fromMs: at("2026-05-31T23:00:00Z"),
    toMs: at("2026-06-01T23:00:00Z"),
    ...overrides,
  };
}

describe("slots across daylight-saving changes", () => {
  const cases: Array<{ name: string; schedule: HostSchedule; date: string; duration?: number; expected: string[] }> = [
    {
      name: "London spring forward: no slot at 01:00 or 01:30, which do not exist",
      schedule: hoursOn("Europe/London", "2026-03-29", "00:00", "04:00"),
      date: "2026-03-29",
      expected: [
        "2026-03-29T00:00:00Z",
        "2026-03-29T00:30:00Z",
        "2026-03-29T01:00:00Z",
        "2026-03-29T01:30:00Z",
        "2026-03-29T02:00:00Z",
        "2026-03-29T02:30:00Z",
      ],
    },
    {
      name: "London fall back: 01:00 and 01:30 are offered twice, once in BST and once in GMT",
      schedule: hoursOn("Europe/London", "2026-10-25", "00:00", "03:00"),
      date: "2026-10-25",
      expected: [
        "2026-10-24T23:00:00Z",
        "2026-10-24T23:30:00Z",
        "2026-10-25T00:00:00Z",
        "2026-10-25T00:30:00Z",
        "2026-10-25T01:00:00Z",
        "2026-10-25T01:30:00Z",
        "2026-10-25T02:00:00Z",
        "2026-10-25T02:30:00Z",
      ],
    },
    {
      name: "New York spring forward: no slot at 02:00 or 02:30",
      schedule: hoursOn("America/New_York", "2026-03-08", "01:00", "04:00"),
      date: "2026-03-08",
      expected: ["2026-03-08T06:00:00Z", "2026-03-08T06:30:00Z", "2026-03-08T07:00:00Z", "2026-03-08T07:30:00Z"],
    },
    {
      name: "New York fall back: 01:00 and 01:30 EDT, then again in EST",
      schedule: hoursOn("America/New_York", "2026-11-01", "00:00", "03:00"),
      date: "2026-11-01",
      expected: [
        "2026-11-01T04:00:00Z",
        "2026-11-01T04:30:00Z",
        "2026-11-01T05:00:00Z",
        "2026-11-01T05:30:00Z",
        "2026-11-01T06:00:00Z",
        "2026-11-01T06:30:00Z",
        "2026-11-01T07:00:00Z",
        "2026-11-01T07:30:00Z",
      ],
    },
    {
      name: "Sao Paulo 2018-11-04: the day starts at 01:00 because midnight did not exist",
      schedule: hoursOn("America/Sao_Paulo", "2018-11-04", "00:00", "03:00"),
      date: "2018-11-04",
      expected: ["2018-11-04T03:00:00Z", "2018-11-04T03:30:00Z", "2018-11-04T04:00:00Z", "2018-11-04T04:30:00Z"],
    },
    {
      name: "Sao Paulo 2018-11-03: hours to midnight end where the next day begins",
      schedule: hoursOn("America/Sao_Paulo", "2018-11-03", "22:00", "24:00"),
      date: "2018-11-03",
      expected: ["2018-11-04T01:00:00Z", "2018-11-04T01:30:00Z", "2018-11-04T02:00:00Z", "2018-11-04T02:30:00Z"],
    },
    {
      name: "Lord Howe spring forward by 30 minutes: no slot at 02:00",
      schedule: hoursOn("Australia/Lord_Howe", "2026-10-04", "01:00", "04:00"),
      date: "2026-10-04",
      expected: ["2026-10-03T14:30:00Z", "2026-10-03T15:00:00Z", "2026-10-03T15:30:00Z", "2026-10-03T16:00:00Z", "2026-10-03T16:30:00Z"],
    },
    {
      name: "Lord Howe fall back by 30 minutes: 01:30 is offered twice",
      schedule: hoursOn("Australia/Lord_Howe", "2026-04-05", "01:00", "03:00"),
      date: "2026-04-05",
      expected: ["2026-04-04T14:00:00Z", "2026-04-04T14:30:00Z", "2026-04-04T15:00:00Z", "2026-04-04T15:30:00Z", "2026-04-04T16:00:00Z"],
    },
    {
      name: "Kathmandu +05:45: 09:00 local is 03:15Z",
      schedule: hoursOn("Asia/Kathmandu", "2026-06-01", "09:00", "10:00"),
      date: "2026-06-01",
      expected: ["2026-06-01T03:15:00Z", "2026-06-01T03:45:00Z"],
    },
    {
      name: "London spring forward: a 60-minute meeting lasts 60 real minutes across the jump",
      schedule: hoursOn("Europe/London", "2026-03-29", "00:00", "04:00"),
      date: "2026-03-29",
      duration: 60,
      expected: ["2026-03-29T00:00:00Z", "2026-03-29T00:30:00Z", "2026-03-29T01:00:00Z", "2026-03-29T01:30:00Z", "2026-03-29T02:00:00Z"],
    },
  ];

  it.each(cases)("$name", ({ schedule, date, duration = 30, expected }) => {
    const slots = candidateSlotsForDay(schedule, { durationMinutes: duration, slotIntervalMinutes: 30 }, date);
    expect(starts(slots)).toEqual(expected);
    for (const slot of slots) expect(slot.endMs - slot.startMs).toBe(duration * 60_000);
  });

  it("Apia skipped 2011-12-30 entirely: no slots that day, full days either side", () => {
    const schedule: HostSchedule = {
      timeZone: "Pacific/Apia",
      weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, ...NINE_TO_FIVE })),
      overrides: [],
    };
    const hourly = { durationMinutes: 60, slotIntervalMinutes: 60 };
    expect(candidateSlotsForDay(schedule, hourly, "2011-12-30")).toEqual([]);
    expect(starts(candidateSlotsForDay(schedule, hourly, "2011-12-29"))).toEqual(
      [19, 20, 21, 22, 23].map((h) => `2011-12-29T${h}:00:00Z`).concat(["2011-12-30T00:00:00Z", "2011-12-30T01:00:00Z", "2011-12-30T02:00:00Z"]),
    );
    const slots = listFreeSlots({
      schedule,
      rules: rules(hourly),
      busy: [],
      nowMs: at("2011-12-01T00:00:00Z"),
      fromMs: at("2011-12-29T10:00:00Z"), // 12-29 00:00 -10
      toMs: at("2011-12-31T10:00:00Z"), // 2012-01-01 00:00 +14
    });
    expect(slots).toHaveLength(16);
    expect(iso(slots[8]!.startMs)).toBe("2011-12-30T19:00:00Z"); // 12-31 09:00 +14
  });

  it("lists each repeated-hour slot once, in time order, across a multi-day range", () => {
    const slots = listFreeSlots({
      schedule: hoursOn("Europe/London", "2026-10-25", "00:00", "03:00"),
      rules: rules(),
      busy: [],
      nowMs: at("2026-10-01T00:00:00Z"),
      fromMs: at("2026-10-23T00:00:00Z"),
      toMs: at("2026-10-28T00:00:00Z"),
    });
    const startsMs = slots.map((slot) => slot.startMs);
    expect(new Set(startsMs).size).toBe(8);
    expect(startsMs).toEqual([...startsMs].sort((a, b) => a - b));
  });
});

describe("weekly hours and overrides", () => {
  it("offers 16 half-hour slots on a London weekday, 09:00 to 16:30 local", () => {
    const slots = listFreeSlots(mondayQuery());
    expect(slots).toHaveLength(16);
    expect(iso(slots[0]!.startMs)).toBe("2026-06-01T08:00:00Z");
    expect(iso(slots[15]!.startMs)).toBe("2026-06-01T15:30:00Z");
    expect(iso(slots[15]!.endMs)).toBe("2026-06-01T16:00:00Z");
  });

  it("offers nothing at the weekend", () => {
    expect(candidateSlotsForDay(LONDON, rules(), "2026-06-06")).toEqual([]);
    expect(candidateSlotsForDay(LONDON, rules(), "2026-06-07")).toEqual([]);
  });

  it("replaces a day's weekly hours with its override", () => {
    const schedule = { ...LONDON, overrides: [{ date: "2026-06-02", startMinute: 10 * 60, endMinute: 12 * 60 }] };
    expect(starts(candidateSlotsForDay(schedule, rules(), "2026-06-02"))).toEqual([
      "2026-06-02T09:00:00Z",
      "2026-06-02T09:30:00Z",
      "2026-06-02T10:00:00Z",
      "2026-06-02T10:30:00Z",
    ]);
    expect(candidateSlotsForDay(schedule, rules(), "2026-06-03")).toHaveLength(16);
  });

  it("offers nothing on a day marked off, and opens a Saturday given hours", () => {
    const schedule = {
      ...LONDON,
      overrides: [
        { date: "2026-06-03", startMinute: 0, endMinute: 0 },
        { date: "2026-06-06", startMinute: 10 * 60, endMinute: 11 * 60 },
      ],
    };
    expect(candidateSlotsForDay(schedule, rules(), "2026-06-03")).toEqual([]);
    expect(starts(candidateSlotsForDay(schedule, rules(), "2026-06-06"))).toEqual(["2026-06-06T09:00:00Z", "2026-06-06T09:30:00Z"]);
  });

  it("treats hours kept in two touching rows as one stretch", () => {
    const schedule = hoursOn("Europe/London", MONDAY, "09:00", "12:00");
    const split = { ...schedule, overrides: [...schedule.overrides, { date: MONDAY, startMinute: 12 * 60, endMinute: 13 * 60 }] };
    const hour = { durationMinutes: 60, slotIntervalMinutes: 30 };
    expect(starts(candidateSlotsForDay(split, hour, MONDAY))).toContain("2026-06-01T10:30:00Z"); // 11:30-12:30 local
    expect(candidateSlotsForDay(split, hour, MONDAY)).toHaveLength(7);
  });
});

describe("bookings, buffers and limits", () => {
  const tenLocal = busy("b1", "2026-06-01T09:00:00Z", "2026-06-01T09:30:00Z"); // 10:00-10:30 BST

  it("offers the slots right before and after a booking when there are no buffers", () => {
    const free = starts(listFreeSlots(mondayQuery({ busy: [tenLocal] })));
    expect(free).toHaveLength(15);
    expect(free).not.toContain("2026-06-01T09:00:00Z");
    expect(free).toContain("2026-06-01T08:30:00Z");
    expect(free).toContain("2026-06-01T09:30:00Z");
  });

  it("keeps this type's buffers clear of other bookings, before and after", () => {
    const free = starts(listFreeSlots(mondayQuery({ busy: [tenLocal], rules: rules({ bufferBeforeMinutes: 15, bufferAfterMinutes: 15 }) })));
    expect(free).not.toContain("2026-06-01T08:30:00Z"); // its after-buffer runs into 10:00
    expect(free).not.toContain("2026-06-01T09:30:00Z"); // its before-buffer runs into 10:30
    expect(free).toContain("2026-06-01T08:00:00Z");
    expect(free).toContain("2026-06-01T10:00:00Z");
  });

  it("keeps clear of an existing booking's own buffers, but may end exactly where they begin", () => {
    const buffered = { ...tenLocal, blockStartMs: at("2026-06-01T08:30:00Z"), blockEndMs: at("2026-06-01T10:00:00Z") };
    const free = starts(listFreeSlots(mondayQuery({ busy: [buffered] })));
    expect(free).not.toContain("2026-06-01T08:30:00Z");
    expect(free).not.toContain("2026-06-01T09:30:00Z");
    expect(free).toContain("2026-06-01T08:00:00Z");
    expect(free).toContain("2026-06-01T10:00:00Z");
  });

  it("blocks the time of a booking of another type", () => {
    const other = { ...tenLocal, bookingTypeId: 2 };
    expect(starts(listFreeSlots(mondayQuery({ busy: [other] })))).not.toContain("2026-06-01T09:00:00Z");
  });

  it("hides slots that start within the minimum notice", () => {
    const nowMs = at("2026-06-01T08:10:00Z"); // 09:10 BST
    const free = starts(listFreeSlots(mondayQuery({ nowMs, rules: rules({ minimumNoticeMinutes: 60 }) })));
    expect(free[0]).toBe("2026-06-01T09:30:00Z");
  });

  it("hides slots beyond the booking window", () => {
    const nowMs = at("2026-06-01T12:00:00Z");
    const slots = listFreeSlots(mondayQuery({ nowMs, rules: rules({ bookingWindowDays: 7 }), fromMs: nowMs, toMs: at("2026-06-15T00:00:00Z") }));
    expect(iso(slots.at(-1)!.startMs)).toBe("2026-06-08T11:30:00Z");
  });

  it("offers nothing more on a day that has reached the daily cap of this type", () => {
    const two = [busy("a", "2026-06-01T08:00:00Z", "2026-06-01T08:30:00Z"), busy("b", "2026-06-01T14:00:00Z", "2026-06-01T14:30:00Z")];
    const q = mondayQuery({ busy: two, rules: rules({ dailyCap: 2 }), toMs: at("2026-06-02T23:00:00Z") });
    const free = starts(listFreeSlots(q));
    expect(free.filter((start) => start.startsWith("2026-06-01"))).toEqual([]);
    expect(free.filter((start) => start.startsWith("2026-06-02"))).toHaveLength(16);
    expect(listFreeSlots({ ...q, rules: rules({ dailyCap: 3 }) })).toHaveLength(14 + 16);
    expect(listFreeSlots({ ...q, busy: [], rules: rules({ dailyCap: 0 }) })).toEqual([]);
  });

  it("counts a booking toward the cap of the host-local day it starts on, and ignores other types", () => {
    const lateNight = busy("late", "2026-06-01T23:30:00Z", "2026-06-02T00:00:00Z"); // 00:30 BST on Tuesday
    const otherType = busy("other", "2026-06-01T12:00:00Z", "2026-06-01T12:30:00Z", { bookingTypeId: 2 });
    const free = starts(listFreeSlots(mondayQuery({ busy: [lateNight, otherType], rules: rules({ dailyCap: 1 }), toMs: at("2026-06-02T23:00:00Z") })));
    expect(free.filter((start) => start.startsWith("2026-06-01"))).toHaveLength(15);
    expect(free.filter((start) => start.startsWith("2026-06-02"))).toEqual([]);
  });

  it("returns only slots starting inside a visitor's Kathmandu day", () => {
    // 2026-06-02 in Kathmandu (+05:45) runs 2026-06-01T18:15Z to 2026-06-02T18:15Z; the host works 13:00Z-21:00Z.
    const slots = listFreeSlots({
      schedule: weekdaysNineToFive("America/New_York"),
      rules: rules(),
      busy: [],
      nowMs: beforeMonday,
      fromMs: at("2026-06-01T18:15:00Z"),
      toMs: at("2026-06-02T18:15:00Z"),
    });
    expect(slots).toHaveLength(5 + 11);
    expect(iso(slots[0]!.startMs)).toBe("2026-06-01T18:30:00Z");
    expect(iso(slots.at(-1)!.startMs)).toBe("2026-06-02T18:00:00Z");
  });
});

describe("a host with thousands of bookings", () => {
  // A fixed sequence, so a failure can be replayed.
  function sequence(seed: number) {
    let state = seed;
    return (n: number) => {
      state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
      return state % n;
    };
  }

  it("finds the same free slots as checking every booking against every slot, long buffers reaching in from outside the range included", () => {
    const next = sequence(7);
    const firstDay = at("2026-01-01T00:00:00Z");
    const held: BusyBooking[] = Array.from({ length: 3_000 }, (_, i) => {
      const startMs = firstDay + next(365 * 96) * 15 * 60_000;
      const endMs = startMs + (1 + next(4)) * 15 * 60_000;
      // Now and then a buffer of hours: a booking on Sunday can reach into Monday.
      const long = next(50) === 0 ? 12 * 60 : 0;
      return {
        id: `b${i}`,
        bookingTypeId: 1 + next(2),
        startMs,
        endMs,
        blockStartMs: startMs - next(3) * 15 * 60_000 - long * 60_000,
        blockEndMs: endMs + next(3) * 15 * 60_000 + long * 60_000,
      };
    });
    const slotRules = rules({ bufferBeforeMinutes: 15, bufferAfterMinutes: 30, slotIntervalMinutes: 15 });
    const query = mondayQuery({ busy: held, rules: slotRules, fromMs: at("2026-06-01T00:00:00Z"), toMs: at("2026-06-06T00:00:00Z") });

    const conflicts = (slot: SlotMs) => {
      const blockStartMs = slot.startMs - 15 * 60_000;
      const blockEndMs = slot.endMs + 30 * 60_000;
      return held.some(
        (booking) => (blockStartMs < booking.endMs && booking.startMs < blockEndMs) || (slot.startMs < booking.blockEndMs && booking.blockStartMs < slot.endMs),
      );
    };
    const everySlot = listFreeSlots({ ...query, busy: [] });
    const expected = everySlot.filter((slot) => !conflicts(slot));
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(everySlot.length);
    expect(listFreeSlots(query)).toEqual(expected);
    for (const slot of everySlot) expect(isSlotBookable(query, slot)).toBe(!conflicts(slot));
  });
});

describe("checking one slot at booking time", () => {
  const base = { schedule: LONDON, rules: rules(), busy: [], nowMs: beforeMonday };
  const slot = (start: string, minutes = 30): SlotMs => ({ startMs: at(start), endMs: at(start) + minutes * 60_000 });

  it("accepts every slot the list offers", () => {
    const listed = listFreeSlots(mondayQuery());
    expect(listed.every((free) => isSlotBookable(base, free))).toBe(true);
  });

  it("refuses a start off the slot grid", () => {
    expect(isSlotBookable(base, slot("2026-06-01T08:10:00Z"))).toBe(false);
  });

  it("refuses a slot of another length", () => {
    expect(isSlotBookable(base, slot("2026-06-01T08:00:00Z", 60))).toBe(false);
  });

  it("refuses a slot that is taken", () => {
    const taken = busy("b1", "2026-06-01T08:00:00Z", "2026-06-01T08:30:00Z", { bookingTypeId: 2 });
    expect(isSlotBookable({ ...base, busy: [taken] }, slot("2026-06-01T08:00:00Z"))).toBe(false);
  });

  it("refuses a slot in the past", () => {
    expect(isSlotBookable({ ...base, nowMs: at("2026-06-01T12:00:00Z") }, slot("2026-06-01T08:00:00Z"))).toBe(false);
  });

  it("refuses a slot outside working hours", () => {
    expect(isSlotBookable(base, slot("2026-06-01T16:00:00Z"))).toBe(false); // 17:00 BST
    expect(isSlotBookable(base, slot("2026-06-06T09:00:00Z"))).toBe(false); // Saturday
  });

  it("accepts the first slot after a spring-forward jump and both 01:30s of a repeated hour", () => {
    const q = { ...base, nowMs: at("2026-03-01T00:00:00Z"), rules: rules({ bookingWindowDays: 365 }) };
    const spring = { ...q, schedule: hoursOn("Europe/London", "2026-03-29", "00:00", "04:00") };
    expect(isSlotBookable(spring, slot("2026-03-29T01:00:00Z"))).toBe(true); // 02:00 BST
    expect(isSlotBookable(spring, slot("2026-03-29T01:10:00Z"))).toBe(false);
    const autumn = { ...q, schedule: hoursOn("Europe/London", "2026-10-25", "00:00", "03:00") };
    expect(isSlotBookable(autumn, slot("2026-10-25T00:30:00Z"))).toBe(true);
    expect(isSlotBookable(autumn, slot("2026-10-25T01:30:00Z"))).toBe(true);
  });
});
