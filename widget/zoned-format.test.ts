import { describe, expect, it } from "vitest";
import { formatRange } from "./format-range";
import { dayInZone, firstWeekday, formatFullDate, formatTime, timeLabels, withPreferences } from "./zoned-format";

const at = (iso: string) => Date.parse(iso);

describe("times in the visitor's zone", () => {
  it("shows London's 09:00 as 14:45 in Kathmandu (+05:45)", () => {
    expect(formatTime(at("2026-12-07T09:00:00Z"), "Asia/Kathmandu", "en-GB")).toBe("14:45");
    expect(formatTime(at("2026-12-07T09:00:00Z"), "Asia/Kathmandu", "en-US")).toBe("2:45 PM");
  });

  it("follows New York across its spring change (UTC-5, then UTC-4)", () => {
    expect(formatTime(at("2027-03-12T14:00:00Z"), "America/New_York", "en-US")).toBe("9:00 AM");
    expect(formatTime(at("2027-03-15T14:00:00Z"), "America/New_York", "en-US")).toBe("10:00 AM");
  });

  it("puts a London afternoon on the next day in Auckland", () => {
    expect(dayInZone(at("2026-12-07T15:00:00Z"), "Pacific/Auckland")).toBe("2026-12-08");
    expect(dayInZone(at("2026-12-07T15:00:00Z"), "Europe/London")).toBe("2026-12-07");
  });

  it("names days in full, with plain spaces a screen reader and a test can match", () => {
    expect(formatFullDate("2026-12-07", "en-US")).toBe("Monday, December 7, 2026");
    expect(formatTime(at("2026-12-07T09:00:00Z"), "UTC", "en-US")).not.toMatch(/[\u202f\u00a0]/);
  });

  it("tells apart the two 1:30 AMs of the night New York's DST ends, and only then adds the zone", () => {
    const twice = [at("2026-11-01T05:30:00Z"), at("2026-11-01T06:30:00Z")];
    expect(timeLabels(twice, "America/New_York", "en-US")).toEqual(["1:30 AM EDT", "1:30 AM EST"]);
    expect(timeLabels([at("2026-11-02T14:30:00Z")], "America/New_York", "en-US")).toEqual(["9:30 AM"]);
  });

  it("shows a booking's range in one zone", () => {
    expect(formatRange(at("2026-12-07T09:00:00Z"), at("2026-12-07T09:30:00Z"), "Europe/London", "en-GB")).toContain("09:00–09:30");
  });

  it("starts the week on Sunday in the US and Monday in Britain", () => {
    expect(firstWeekday("en-US")).toBe(7);
    expect(firstWeekday("en-GB")).toBe(1);
  });

  it("shows 14:00 on a US page with hour-cycle=h23, and 2:00 PM in German with h12", () => {
    const two = at("2026-12-07T14:00:00Z");
    expect(formatTime(two, "UTC", withPreferences("en-US", "h23", null))).toBe("14:00");
    expect(formatTime(two, "UTC", withPreferences("de-DE", "h12", null))).toBe("2:00 PM");
    expect(formatRange(two, at("2026-12-07T14:30:00Z"), "UTC", withPreferences("en-US", "h23", null))).toContain("14:00");
  });

  it("starts the week on the week-start attribute's day, whatever the locale implies", () => {
    expect(firstWeekday(withPreferences("en-US", null, "mon"))).toBe(1);
    expect(firstWeekday(withPreferences("de-DE", null, "sun"))).toBe(7);
    expect(firstWeekday(withPreferences("en-GB", null, "sat"))).toBe(6);
  });

  it("lets the attributes win over the same keywords in the locale attribute, keeps its others, and ignores other values", () => {
    const tag = withPreferences("de-AT-u-hc-h12-nu-latn", "h23", "mon");
    expect(formatTime(at("2026-12-07T14:00:00Z"), "UTC", tag)).toBe("14:00");
    expect(new Intl.Locale(tag).numberingSystem).toBe("latn");
    expect(withPreferences("en-US", "h24", "tue")).toBe("en-US");
    expect(formatTime(at("2026-12-07T14:00:00Z"), "UTC", withPreferences("en-US", "h24", "tue"))).toBe("2:00 PM");
    expect(firstWeekday(withPreferences("en-US", "h24", "tue"))).toBe(7);
  });
});
