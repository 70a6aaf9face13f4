/**
 * A slot as availability writes it, `{"start":"2026-04-21T09:00:00Z","end":"2026-04-21T09:30:00Z"}`,
 * the same text as lib/instants.ts's toIsoUtc gives, worked out with integer arithmetic: a Date's
 * toISOString costs about 1 µs, and a host's object that starts writes a month of slots at once.
 */
import type { SlotMs } from "../domain/availability";
import { toIsoUtc } from "../lib/instants";

const DAY_MS = 86_400_000;
/** 10000-01-01T00:00:00Z: four-digit years only below it. */
const YEAR_10000_MS = 253_402_300_800_000;
const TWO_DIGITS = Array.from({ length: 100 }, (_, n) => String(n).padStart(2, "0"));

export function slotJson(slot: SlotMs): string {
  return `{"start":"${isoUtc(slot.startMs)}","end":"${isoUtc(slot.endMs)}"}`;
}

/** toIsoUtc for whole seconds of years 1970–9999; anything else is handed to it. */
export function isoUtc(instantMs: number): string {
  if (!Number.isInteger(instantMs) || instantMs < 0 || instantMs >= YEAR_10000_MS || instantMs % 1000 !== 0) return toIsoUtc(instantMs);
  const days = Math.floor(instantMs / DAY_MS);
  const seconds = (instantMs - days * DAY_MS) / 1000;
  const { year, month, day } = civilDate(days);
  const hh = TWO_DIGITS[Math.floor(seconds / 3600)]!;
  const mm = TWO_DIGITS[Math.floor(seconds / 60) % 60]!;
  const ss = TWO_DIGITS[seconds % 60]!;
  return `${year}-${TWO_DIGITS[month]!}-${TWO_DIGITS[day]!}T${hh}:${mm}:${ss}Z`;
}

/** The proleptic Gregorian date of a day count since 1970-01-01 (H. Hinnant's civil_from_days). */
function civilDate(daysSinceEpoch: number): { year: number; month: number; day: number } {
  const z = daysSinceEpoch + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}
