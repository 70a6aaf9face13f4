/**
 * Reading a hosted page's first load from inside the element, and what it leaves to the API. That
 * its cut of a month equals the API's answer in every zone is checked with the page's own range
 * and the engine's instants in worker/pages/first-load.node.test.ts.
 */
import { describe, expect, it } from "vitest";
import type { AvailabilityQuery } from "./api";
import { answerFromFirstLoad, type FirstLoad, readFirstLoad } from "./page-data";
import { INTRO_CALL as TYPE } from "./test/booking-type";

/** A page's block for London's December 2026, with a day either side. */
const LONDON_DECEMBER: FirstLoad = {
  username: "hepuloujun",
  bookingType: "2",
  type: TYPE,
  range: { from: "2026-11-30T00:00:00Z", to: "2027-01-02T00:00:00Z" },
  availability: { slots: [{ start: "2026-12-07T11:30:00Z", end: "2026-12-07T12:00:00Z" }] },
};

const december: AvailabilityQuery = { username: "hepuloujun", bookingType: "2", startDate: "2026-12-01", endDate: "2026-12-31", timeZone: "Europe/London" };

describe("a hosted page's first load, read by the widget", () => {
  it("answers the default length's month, and leaves another length to the API", () => {
    expect(answerFromFirstLoad(LONDON_DECEMBER, december)).toEqual(LONDON_DECEMBER.availability);
    expect(answerFromFirstLoad(LONDON_DECEMBER, { ...december, duration: 60 })).toBeNull();
  });

  it("reads only a well-formed block for the element's own host and type", () => {
    const holding = (text: string | null) => ({ querySelector: () => (text === null ? null : ({ textContent: text } as Element)) });
    const text = JSON.stringify(LONDON_DECEMBER);
    expect(readFirstLoad(holding(text), "hepuloujun", "2")).toEqual(LONDON_DECEMBER);
    expect(readFirstLoad(holding(text), "someone-else", "2")).toBeNull();
    expect(readFirstLoad(holding(text), "hepuloujun", "3")).toBeNull();
    expect(readFirstLoad(holding("{not json"), "hepuloujun", "2")).toBeNull();
    expect(readFirstLoad(holding(JSON.stringify({ ...LONDON_DECEMBER, availability: {} })), "hepuloujun", "2")).toBeNull();
    expect(readFirstLoad(holding(null), "hepuloujun", "2")).toBeNull();
    expect(readFirstLoad({}, "hepuloujun", "2"), "an element with no children to look in").toBeNull();
  });
});
