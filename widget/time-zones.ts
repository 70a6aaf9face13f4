/** The visitor's time zone: detected, validated, and the list they may switch to. */

export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export function detectedTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

let allZones: string[] | undefined;

/** Every IANA zone the browser knows, with `current` guaranteed present (browsers differ on aliases such as Asia/Katmandu). */
export function timeZoneChoices(current: string): string[] {
  allZones ??= typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return allZones.includes(current) ? allZones : [current, ...allZones].sort();
}

/** Zones whose name contains every word of `query`, ignoring case, "_" and "/" ("new york" finds America/New_York). */
export function matchTimeZones(zones: string[], query: string): string[] {
  const words = query.toLowerCase().split(/[\s/_]+/).filter(Boolean);
  if (words.length === 0) return zones;
  return zones.filter((zone) => {
    const name = zone.toLowerCase().replace(/[/_]/g, " ");
    return words.every((word) => name.includes(word));
  });
}
