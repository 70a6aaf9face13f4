/** The visitor's time zone: detected, validated, and the list they may switch to. */

export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/**
 * Browsers list zones by CLDR's names, some long since renamed in IANA (Chromium 156 says
 * Asia/Katmandu and Asia/Calcutta): a visitor searching "Kathmandu" or "Kolkata" must find them.
 * Both names work everywhere, so the current one is what we show and send.
 */
const RENAMED_ZONES: Record<string, string> = {
  "Africa/Asmera": "Africa/Asmara",
  "America/Buenos_Aires": "America/Argentina/Buenos_Aires",
  "America/Catamarca": "America/Argentina/Catamarca",
  "America/Coral_Harbour": "America/Atikokan",
  "America/Cordoba": "America/Argentina/Cordoba",
  "America/Godthab": "America/Nuuk",
  "America/Indianapolis": "America/Indiana/Indianapolis",
  "America/Jujuy": "America/Argentina/Jujuy",
  "America/Louisville": "America/Kentucky/Louisville",
  "America/Mendoza": "America/Argentina/Mendoza",
  "Asia/Calcutta": "Asia/Kolkata",
  "Asia/Katmandu": "Asia/Kathmandu",
  "Asia/Rangoon": "Asia/Yangon",
  "Asia/Saigon": "Asia/Ho_Chi_Minh",
  "Atlantic/Faeroe": "Atlantic/Faroe",
  "Europe/Kiev": "Europe/Kyiv",
  "Pacific/Enderbury": "Pacific/Kanton",
  "Pacific/Ponape": "Pacific/Pohnpei",
  "Pacific/Truk": "Pacific/Chuuk",
};

/** The zone's current IANA name (Asia/Katmandu → Asia/Kathmandu); other names unchanged. */
export function currentZoneName(zone: string): string {
  const renamed = RENAMED_ZONES[zone];
  // A browser older than the rename may not know the new name.
  return renamed && isTimeZone(renamed) ? renamed : zone;
}

export function detectedTimeZone(): string {
  return currentZoneName(Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC");
}

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
