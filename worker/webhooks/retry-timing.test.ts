/** The retry schedule's arithmetic (design-webhooks.md "Delivery"), apart from any dispatcher. */
import { describe, expect, it } from "vitest";
import { retrySchedule } from "./config";
import { parseRetryAfter, retryDelayMs } from "./retry-timing";

const CONTRACT = [5, 300, 1_800, 7_200, 18_000, 36_000, 50_400, 72_000, 86_400].map((seconds) => seconds * 1000);

describe("the schedule", () => {
  it("is the contract's unless WEBHOOK_RETRY_SCHEDULE is a list of seconds", () => {
    expect(retrySchedule({})).toEqual(CONTRACT);
    expect(retrySchedule({ WEBHOOK_RETRY_SCHEDULE: "" })).toEqual(CONTRACT);
    expect(retrySchedule({ WEBHOOK_RETRY_SCHEDULE: " 1, 1 ,2" })).toEqual([1000, 1000, 2000]);
    for (const malformed of ["1,,2", "1,x", "-1", "1;2"]) expect(retrySchedule({ WEBHOOK_RETRY_SCHEDULE: malformed })).toEqual(CONTRACT);
  });

  it("jitters each wait by at most 20% either way, and is used up after its last step", () => {
    expect(retryDelayMs(CONTRACT, 1, null, () => 0)).toBe(4_000);
    expect(retryDelayMs(CONTRACT, 1, null, () => 1)).toBe(6_000);
    expect(retryDelayMs(CONTRACT, 9, null, () => 0.5)).toBe(86_400_000);
    expect(retryDelayMs(CONTRACT, 10, null, () => 0.5)).toBeNull();
  });

  it("never retries sooner than Retry-After, which it bounds at a day", () => {
    expect(retryDelayMs(CONTRACT, 1, 60_000, () => 0.5)).toBe(60_000);
    expect(retryDelayMs(CONTRACT, 2, 60_000, () => 0.5)).toBe(300_000);
    expect(retryDelayMs(CONTRACT, 1, 10 * 86_400_000, () => 0.5)).toBe(86_400_000);
  });

  it("reads Retry-After as seconds or as an HTTP date, and ignores anything else", () => {
    const now = Date.parse("2026-11-25T12:00:00Z");
    expect(parseRetryAfter("120", now)).toBe(120_000);
    expect(parseRetryAfter("Wed, 25 Nov 2026 12:05:00 GMT", now)).toBe(300_000);
    expect(parseRetryAfter("Wed, 25 Nov 2026 11:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});
