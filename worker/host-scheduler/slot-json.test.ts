/** The slot text availability writes is exactly what toIsoUtc gives, whatever the instant. */
import { describe, expect, it } from "vitest";
import { toIsoUtc } from "../lib/instants";
import { isoUtc, slotJson } from "./slot-json";

const DAY_MS = 86_400_000;

describe("slot JSON without a Date", () => {
  it("writes every instant as toIsoUtc does: a day each side of every month's end from 1970 to 2400, and random whole seconds to 9999", () => {
    const instants: number[] = [0, 951_782_400_000, 4_107_542_400_000, 253_402_300_799_000];
    for (let year = 1970; year <= 2400; year += 1) {
      for (let month = 0; month < 12; month += 1) {
        const firstOfMonth = Date.UTC(year, month, 1);
        instants.push(firstOfMonth - DAY_MS, firstOfMonth - 1000, firstOfMonth, firstOfMonth + 86_399_000);
      }
    }
    for (let i = 0; i < 20_000; i += 1) instants.push(Math.floor(Math.random() * 253_402_300_800) * 1000);
    const wrong = instants.filter((ms) => isoUtc(ms) !== toIsoUtc(ms));
    expect(wrong.map((ms) => [ms, isoUtc(ms), toIsoUtc(ms)])).toEqual([]);
  });

  it("hands instants with milliseconds, before 1970 or from 10000 on to toIsoUtc", () => {
    for (const ms of [1_700_000_000_123, -86_400_000, -1000, 253_402_300_800_000]) expect(isoUtc(ms)).toBe(toIsoUtc(ms));
  });

  it("writes a slot as start and end", () => {
    const startMs = Date.UTC(2026, 3, 21, 9);
    expect(slotJson({ startMs, endMs: startMs + 30 * 60_000 })).toBe('{"start":"2026-04-21T09:00:00Z","end":"2026-04-21T09:30:00Z"}');
  });
});
