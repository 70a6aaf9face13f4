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
