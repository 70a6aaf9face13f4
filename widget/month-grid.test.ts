import { describe, expect, it } from "vitest";
import { monthWeeks } from "./month-grid";

describe("the month grid", () => {
  it("lays November 2026 out as six weeks from Monday, blank outside the month", () => {
    const weeks = monthWeeks("2026-11", 1);
    expect(weeks).toHaveLength(6);
    expect(weeks[0]).toEqual([null, null, null, null, null, null, "2026-11-01"]);
    expect(weeks[5]).toEqual(["2026-11-30", null, null, null, null, null, null]);
    expect(weeks.flat().filter(Boolean)).toHaveLength(30);
  });

  it("starts the rows on Sunday for a US visitor (ISO weekday 7)", () => {
    const weeks = monthWeeks("2026-11", 7);
    expect(weeks).toHaveLength(5);
    expect(weeks[0]).toEqual(["2026-11-01", "2026-11-02", "2026-11-03", "2026-11-04", "2026-11-05", "2026-11-06", "2026-11-07"]);
  });

  it("fills exactly four weeks for a February that starts on the week's first day", () => {
    expect(monthWeeks("2027-02", 1)).toHaveLength(4);
    expect(monthWeeks("2027-02", 1).flat().every(Boolean)).toBe(true);
  });
});
