/**
 * Zones by their current IANA names. Browsers list zones by CLDR's names, some long since renamed
 * in IANA (Chromium 156 says Asia/Katmandu and Asia/Calcutta): a visitor searching "Kathmandu" or
 * "Kolkata" must find them, and reads and sends the name they know. Both names work everywhere, so
 * the first slot (/widget.js) keeps the browser's; what the visitor reads (the picker, the form, the
 * confirmation) and the booking sent come later, with this table (0.3 KB gzip) in the steps' chunk.
 */
import { isTimeZone } from "./time-zones";

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
