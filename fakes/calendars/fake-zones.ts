/**
 * Wall time in a zone, both ways, for the fake Graph: it writes event times in the zone a
 * `Prefer: outlook.timezone` header asks for and reads `{ dateTime, timeZone }` the way Graph does.
 * Intl only (workerd and Node both ship full ICU); IANA names and "UTC", not Windows zone names.
 */

const WALL_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?$/;

export function isUtcZone(zone: string): boolean {
  return /^(UTC|Etc\/UTC|Coordinated Universal Time)$/i.test(zone);
}

/** "2026-03-02T09:00:00.0000000" (Graph's 7 fractional digits) in `zone`; null for an unknown zone. */
export function wallTime(ms: number, zone: string): string | null {
  const shifted = isUtcZone(zone) ? ms : ms + (offsetMs(ms, zone) ?? Number.NaN);
  if (Number.isNaN(shifted)) return null;
  return `${new Date(shifted).toISOString().slice(0, 23)}0000`;
}

/** The instant a Graph `{ dateTime, timeZone }` names; null when either part is unreadable. */
export function wallTimeToUtcMs(dateTime: string, zone: string): number | null {
  const match = WALL_TIME.exec(dateTime);
  if (match === null) return null;
  const [, year, month, day, hour, minute, second = "0", fraction = ""] = match;
  const asUtc = Date.UTC(
    Number(year),
    Number(month) - 1,
    Number(day),
    Number(hour),
    Number(minute),
    Number(second),
    Number(fraction.padEnd(3, "0").slice(0, 3)),
  );
  if (isUtcZone(zone)) return asUtc;
  // The zone's offset at the guess, then again at the result: right on both sides of a DST change.
  const firstOffset = offsetMs(asUtc, zone);
  if (firstOffset === null) return null;
  const guess = asUtc - firstOffset;
  return asUtc - (offsetMs(guess, zone) ?? firstOffset);
}

/** The zone's offset from UTC at an instant, ms; null for an unknown zone. */
function offsetMs(ms: number, zone: string): number | null {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    }).formatToParts(new Date(ms));
  } catch {
    return null;
  }
  const part = (type: string) => Number(parts.find((candidate) => candidate.type === type)?.value);
  const local = Date.UTC(part("year"), part("month") - 1, part("day"), part("hour"), part("minute"), part("second"));
  return local - Math.floor(ms / 1000) * 1000;
}
