import { describe, expect, it } from "vitest";
import { addDays, addMonths, lastDayOf, monthWeeks, startOfWeek } from "./calendar-days";

describe("calendar days", () => {
  it("crosses month and year ends", () => {
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2028-03-01", -1)).toBe("2028-02-29");
  });

  it("moves by month onto the same day, clamped to the shorter month (PageDown from 31 January)", () => {
    expect(addMonths("2027-01-31", 1)).toBe("2027-02-28");
    expect(addMonths("2028-01-31", 1)).toBe("2028-02-29");
    expect(addMonths("2026-12-15", 1)).toBe("2027-01-15");
    expect(addMonths("2027-03-31", -12)).toBe("2026-03-31");
  });

  it("knows month lengths", () => {
    expect(lastDayOf("2027-02")).toBe("2027-02-28");
    expect(lastDayOf("2026-11")).toBe("2026-11-30");
  });

  it("starts weeks on the locale's first weekday (Monday in Europe, Sunday in the US)", () => {
    expect(startOfWeek("2026-11-25", 1)).toBe("2026-11-23");
    expect(startOfWeek("2026-11-25", 7)).toBe("2026-11-22");
    expect(startOfWeek("2026-11-22", 7)).toBe("2026-11-22");
  });

  it("lays a month out as weeks of seven, blank outside the month", () => {
    const weeks = monthWeeks("2026-11", 1);
    expect(weeks).toHaveLength(6);
    expect(weeks[0]).toEqual([null, null, null, null, null, null, "2026-11-01"]);
    expect(weeks[5]).toEqual(["2026-11-30", null, null, null, null, null, null]);
    expect(weeks.flat().filter(Boolean)).toHaveLength(30);
    // February 2027 starts on a Monday and fills exactly four weeks.
    expect(monthWeeks("2027-02", 1)).toHaveLength(4);
  });
});
