/** The visitor's time zone: detected and validated (its current name and the list they may switch to are zone-names.ts and time-zone-list.ts, lazy). */

export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** The browser's zone, by the name it gives (Chromium's Asia/Calcutta, not Asia/Kolkata: both work everywhere, zone-names.ts shows the current one). */
export function detectedTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}
