/**
 * The hosted page's block and the widget's cut of it, together: for a block over the days the page
 * computes (block-range.ts), the widget's first month (widget/page-data.ts) must be exactly the
 * API's answer in the visitor's zone (slots whose start lies in [start of the first day, start of
 * the day after the last) there, worker/booking-api/availability.ts, on the engine's own instants),
 * and a month the block does not fully cover must be left to the API. In Node: it runs the widget's
 * Intl code against every way of keeping time Node knows.
 */
import { describe, expect, it } from "vitest";
import { answerFromFirstLoad, type FirstLoad, type MonthQuery } from "../../widget/page-data";
import { addDays, firstDayOf, lastDayOf, monthOf } from "../domain/calendar-days";
import type { BookingTypeDetails } from "../domain/contract";
import { firstInstantAtOrAfter, localDateOf, offsetMs } from "../domain/zoned-time";
import { blockRange } from "./block-range";

const TYPE: BookingTypeDetails = {
  id: "2",
  stringId: "bt-1a2b3c4d",
  title: "Intro call",
  duration: 30,
  durations: [30],
  host: { username: "hepuloujun", name: "Jun Hepulou", timeZone: "Europe/London" },
  questions: [],
};

const iso = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");

const STEP_MS = 15 * 60_000;
/** Wider than the distance of any zone's midnight from the block's edges (offsets span 26 hours). */
const EDGE_MS = 3 * 86_400_000;

/**
 * The block a page computes for zone `zone` at `nowMs` (worker/pages/first-load.ts): its month with
 * a day either side, here with a 30-minute slot starting every 15 minutes (every offset in use is a
 * multiple of 15 minutes) for three days inside either edge, so every visitor's month boundary has
 * slots on both sides, and one slot a day in between.
 */
function pageBlock(zone: string, nowMs: number): FirstLoad {
  const { fromMs, toMs } = blockRange(zone, nowMs);
  const slots = [];
  for (let start = Math.ceil(fromMs / STEP_MS) * STEP_MS; start < toMs; ) {
    slots.push({ start: iso(start), end: iso(start + 30 * 60_000) });
    const nearEdge = start < fromMs + EDGE_MS || start >= toMs - EDGE_MS - 86_400_000;
    start += nearEdge ? STEP_MS : 86_400_000;
  }
  return { username: "hepuloujun", bookingType: "2", type: TYPE, range: { from: iso(fromMs), to: iso(toMs) }, availability: { slots } };
}

function monthQueryIn(zone: string, month: string): MonthQuery {
  return { startDate: firstDayOf(month), endDate: lastDayOf(month), timeZone: zone };
}

/** The API's own rule, on the engine's instants: starts in [start of startDate, start of the day after endDate) in the query's zone. */
function apiRange(query: MonthQuery) {
  return { fromMs: firstInstantAtOrAfter(query.timeZone, query.startDate, 0), toMs: firstInstantAtOrAfter(query.timeZone, addDays(query.endDate, 1), 0) };
}

function apiAnswer(block: FirstLoad, query: MonthQuery) {
  const { fromMs, toMs } = apiRange(query);
  return { slots: block.availability.slots.filter((slot) => Date.parse(slot.start) >= fromMs && Date.parse(slot.start) < toMs) };
}

/**
 * One zone for each way of keeping time around the cases' dates (zones with the same offsets at all
 * these instants answer alike): about a fifth of them, so the test takes a second, not five.
 */
const ZONES = (() => {
  const samples = ["2026-11-29", "2026-12-02", "2026-12-30", "2027-01-02", "2027-03-25", "2027-04-03", "2027-04-28", "2027-05-02", "2027-01-15"].flatMap(
    (day) => [0, 6, 12, 18].map((hour) => Date.parse(`${day}T${String(hour).padStart(2, "0")}:00:00Z`)),
  );
  const byWay = new Map<string, string>();
  for (const zone of Intl.supportedValuesOf("timeZone")) {
    const way = samples.map((instant) => offsetMs(zone, instant)).join(",");
    if (!byWay.has(way)) byWay.set(way, zone);
  }
  return [...byWay.values()];
})();

describe("the visitor's first month from a hosted page's block", () => {
  it("equals the API's answer in every zone whose month the block covers, and is left to the API in every other", () => {
    // Mid-month, and on the last evening of the month in Chicago (already January east of it); at
    // the end of March, when most of Europe and the Americas have just changed their clocks; and
    // for the zones furthest apart, where a day of padding is not enough (Kiritimati is 26 hours
    // ahead of UTC-12, so its month begins before the block does).
    const cases: Array<{ blockZone: string; now: string }> = [
      { blockZone: "America/Chicago", now: "2026-12-06T12:00:00Z" },
      { blockZone: "America/Chicago", now: "2026-12-31T23:30:00Z" },
      { blockZone: "Europe/London", now: "2027-03-31T22:30:00Z" },
      { blockZone: "Pacific/Kiritimati", now: "2027-04-30T12:00:00Z" },
      { blockZone: "Etc/GMT+12", now: "2027-01-15T12:00:00Z" },
    ];
    for (const { blockZone, now } of cases) {
      const nowMs = Date.parse(now);
      const block = pageBlock(blockZone, nowMs);
      let covered = 0;
      for (const zone of ZONES) {
        const query = monthQueryIn(zone, monthOf(localDateOf(zone, nowMs)));
        const { fromMs, toMs } = apiRange(query);
        const isCovered = fromMs >= Date.parse(block.range.from) && toMs <= Date.parse(block.range.to);
        const answer = answerFromFirstLoad(block, query);
        if (!isCovered) {
          expect(answer, `${zone} from a block for ${blockZone} at ${now}: not covered, asked of the API`).toBeNull();
          continue;
        }
        covered += 1;
        expect(answer, `${zone} from a block for ${blockZone} at ${now}`).toEqual(apiAnswer(block, query));
      }
      expect(covered, `zones covered by a block for ${blockZone} at ${now}`).toBeGreaterThan(0);
    }
  });

  it("covers every zone in the block's month mid-month, and none of those already in the next month at its edge", () => {
    const mid = pageBlock("America/Chicago", Date.parse("2026-12-06T12:00:00Z"));
    for (const zone of ZONES) expect(answerFromFirstLoad(mid, monthQueryIn(zone, "2026-12")), zone).not.toBeNull();
    const edgeMs = Date.parse("2026-12-31T23:30:00Z");
    const edge = pageBlock("America/Chicago", edgeMs);
    const tokyo = monthQueryIn("Asia/Tokyo", monthOf(localDateOf("Asia/Tokyo", edgeMs)));
    expect(tokyo.startDate).toBe("2027-01-01");
    expect(answerFromFirstLoad(edge, tokyo), "Tokyo's January is not in Chicago's December block").toBeNull();
    expect(answerFromFirstLoad(edge, monthQueryIn("America/New_York", "2026-12"))).toEqual(apiAnswer(edge, monthQueryIn("America/New_York", "2026-12")));
  });
});
