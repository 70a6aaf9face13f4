import { describe, expect, it } from "vitest";
import { addDays, addMonths, daysBetween, isCalendarDay, isoWeekday, lastDayOf, startOfWeek } from "./calendar-days";

describe("calendar days", () => {
  it("accepts real calendar dates only", () => {
    expect(isCalendarDay("2026-02-28")).toBe(true);
    expect(isCalendarDay("2028-02-29")).toBe(true);
    expect(isCalendarDay("2026-02-29")).toBe(false);
    expect(isCalendarDay("2026-02-30")).toBe(false);
    expect(isCalendarDay("2026-13-01")).toBe(false);
    expect(isCalendarDay("2026-1-01")).toBe(false);
    expect(isCalendarDay("2026-01-01T00:00")).toBe(false);
    expect(isCalendarDay("")).toBe(false);
  });

  it("adds and counts days across months, years and leap days", () => {
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2028-03-01", -1)).toBe("2028-02-29");
    expect(addDays("2026-03-29", 1)).toBe("2026-03-30");
    expect(daysBetween("2026-01-01", "2027-01-01")).toBe(365);
    expect(daysBetween("2026-03-10", "2026-03-01")).toBe(-9);
  });

  it("numbers weekdays the ISO way, Monday = 1 … Sunday = 7", () => {
    expect(isoWeekday("2026-03-29")).toBe(7);
    expect(isoWeekday("2026-06-01")).toBe(1);
    expect(isoWeekday("2011-12-31")).toBe(6);
  });

  it("adds months clamped to the shorter month, and finds month ends", () => {
    expect(addMonths("2026-01-31", 1)).toBe("2026-02-28");
    expect(addMonths("2028-01-31", 1)).toBe("2028-02-29");
    expect(addMonths("2026-12-15", 1)).toBe("2027-01-15");
    expect(addMonths("2026-03-31", -1)).toBe("2026-02-28");
    expect(lastDayOf("2026-04")).toBe("2026-04-30");
  });

  it("starts a week on the locale's first weekday (Monday in Europe, Sunday in the US)", () => {
    expect(startOfWeek("2026-11-25", 1)).toBe("2026-11-23");
    expect(startOfWeek("2026-11-25", 7)).toBe("2026-11-22");
    expect(startOfWeek("2026-11-22", 7)).toBe("2026-11-22");
  });
});
