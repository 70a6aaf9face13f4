/**
 * The zones a visitor may switch to, and the search over them: the zone picker's, which comes with
 * the later steps' chunk (a module of its own, so none of it stays in /widget.js).
 */
import { currentZoneName } from "./time-zones";

let allZones: string[] | undefined;

/** Every IANA zone the browser knows, by current names, with `current` guaranteed present. */
export function timeZoneChoices(current: string): string[] {
  // The list has no "UTC" (only zones of places); visitors may want it back after choosing a place.
  allZones ??= typeof Intl.supportedValuesOf === "function" ? [...Intl.supportedValuesOf("timeZone").map(currentZoneName), "UTC"].sort() : [];
  return allZones.includes(current) ? allZones : [current, ...allZones].sort();
}

/** Zones whose name contains every word of `query`, ignoring case, "_" and "/" ("new york" finds America/New_York). */
export function matchTimeZones(zones: string[], query: string): string[] {
  const words = query
    .toLowerCase()
    .split(/[\s/_]+/)
    .filter(Boolean);
  if (words.length === 0) return zones;
  return zones.filter((zone) => {
    const name = zone.toLowerCase().replace(/[/_]/g, " ");
    return words.every((word) => name.includes(word));
  });
}
