import { describe, expect, it } from "vitest";
import type { AvailabilityResponse } from "../worker/domain/contract";
import type { ApiResult } from "./api";
import { groupByDay, loadMonth } from "./month-availability";

const slot = (start: string, end: string) => ({ start, end });

describe("a month of slots", () => {
  it("groups slots by the day they start on in the visitor's zone", () => {
    const slots = [slot("2026-12-07T09:00:00Z", "2026-12-07T09:30:00Z"), slot("2026-12-07T11:30:00Z", "2026-12-07T12:00:00Z")];
    // 11:30 UTC is 00:30 on the 8th in Auckland (UTC+13 in December).
    const byDay = groupByDay(slots, "Pacific/Auckland");
    expect([...byDay.keys()]).toEqual(["2026-12-07", "2026-12-08"]);
    expect(groupByDay(slots, "Europe/London").get("2026-12-07")).toHaveLength(2);
  });

  it("puts every slot of a month on its own day in the zone, across a clock change and days of different lengths", () => {
    // Every half hour from 06:00 to 18:00 UTC, weekdays only, and more times on Wednesdays: runs
    // of unequal length, over New York's and Kathmandu's Novembers (New York leaves DST on the 1st).
    const slots = [];
    for (let ms = Date.parse("2026-10-30T00:00:00Z"); ms < Date.parse("2026-12-02T00:00:00Z"); ms += 1_800_000) {
      const date = new Date(ms);
      const hour = date.getUTCHours();
      if (date.getUTCDay() % 6 === 0 || hour < 6 || hour >= (date.getUTCDay() === 3 ? 22 : 18)) continue;
      slots.push(slot(date.toISOString(), new Date(ms + 1_800_000).toISOString()));
    }
    for (const zone of ["America/New_York", "Asia/Kathmandu", "Pacific/Chatham"]) {
      const oneByOne = new Map<string, string[]>();
      const dateInZone = new Intl.DateTimeFormat("en-CA", { timeZone: zone });
      for (const { start } of slots) {
        const day = dateInZone.format(Date.parse(start));
        oneByOne.set(day, [...(oneByOne.get(day) ?? []), start]);
      }
      const grouped = [...groupByDay(slots, zone)].map(([day, daySlots]) => [day, daySlots.map((s) => s.start)]);
      expect(grouped).toEqual([...oneByOne]);
    }
  });

  it("asks for the whole month in the visitor's zone", async () => {
    let asked: unknown;
    const api = {
      availability: async (query: unknown): Promise<ApiResult<AvailabilityResponse>> => {
        asked = query;
        return { ok: true, value: { slots: [] } };
      },
    };
    await loadMonth(api, { username: "hepuloujun", bookingType: "2", timeZone: "Asia/Kathmandu", duration: 30, month: "2027-02" });
    expect(asked).toEqual({
      username: "hepuloujun",
      bookingType: "2",
      startDate: "2027-02-01",
      endDate: "2027-02-28",
      timeZone: "Asia/Kathmandu",
      duration: 30,
    });
  });
});
