/**
 * The zones a visitor may switch to, each with its UTC offset now and its city in their language,
 * and the search over them: the zone picker's, which comes with the later steps' chunk (a module of
 * its own, so none of it stays in /widget.js).
 */
import { fill } from "../worker/locales/format";
import { cityFromZoneId } from "./zone-cities/city-from-zone-id";
import { currentZoneName } from "./zone-names";
import { formatter } from "./zoned-format";

export interface ZoneChoice {
  zone: string;
  /** Minutes east of UTC at the moment the list was made. */
  offsetMinutes: number;
  /** "(UTC+01:00) Wien", as the language's template orders it. */
  label: string;
  /** What a search looks in, folded: the city in the visitor's language, and the zone id (English). */
  searchText: string;
}

let allZones: string[] | undefined;

/** Every IANA zone the browser knows, by current names, with `current` guaranteed present. */
export function timeZoneChoices(current: string): string[] {
  // The list has no "UTC" (only zones of places); visitors may want it back after choosing a place.
  allZones ??= typeof Intl.supportedValuesOf === "function" ? [...Intl.supportedValuesOf("timeZone").map(currentZoneName), "UTC"].sort() : [];
  return allZones.includes(current) ? allZones : [current, ...allZones].sort();
}

/** The zone's offset from UTC at `instantMs`, in minutes (Intl's "GMT+05:30"; "GMT" alone for zero). */
export function zoneOffsetMinutes(zone: string, instantMs: number): number {
  const name = formatter("en-US", { timeZone: zone, timeZoneName: "longOffset" })
    .formatToParts(instantMs)
    .find((part) => part.type === "timeZoneName")?.value;
  const [, sign, hours, minutes] = /([+-−])(\d\d):?(\d\d)?/.exec(name ?? "") ?? [];
  if (!hours) return 0;
  return (sign === "+" ? 1 : -1) * (Number(hours) * 60 + Number(minutes ?? 0));
}

/** "+05:30", "-03:00", "+00:00". */
export function formatOffset(offsetMinutes: number): string {
  const size = Math.abs(offsetMinutes);
  const pad = (value: number) => String(value).padStart(2, "0");
  return `${offsetMinutes < 0 ? "-" : "+"}${pad(Math.floor(size / 60))}:${pad(size % 60)}`;
}

/** Lower case without accents, so "zurich" finds Zürich and "sao" São Paulo. */
function fold(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

/**
 * The zones as the picker lists them at `instantMs`: each labelled with its offset and its city
 * (`cities`, the language's table; else the id's last segment), sorted by offset, then by city as
 * the visitor's language sorts.
 */
export function zoneChoices(zones: string[], cities: Readonly<Record<string, string>>, template: string, locale: string, instantMs: number): ZoneChoice[] {
  const collator = new Intl.Collator(locale);
  return zones
    .map((zone) => {
      const city = cities[zone] ?? cityFromZoneId(zone);
      return { city, choice: zoneChoice(zone, city, template, instantMs) };
    })
    .sort((a, b) => a.choice.offsetMinutes - b.choice.offsetMinutes || collator.compare(a.city, b.city))
    .map(({ choice }) => choice);
}

/** A zone as the picker lists it at `instantMs`, under `name` (its city, or Intl's name for it). */
function zoneChoice(zone: string, name: string, template: string, instantMs: number): ZoneChoice {
  const offsetMinutes = zoneOffsetMinutes(zone, instantMs);
  return {
    zone,
    offsetMinutes,
    label: fill(template, { offset: formatOffset(offsetMinutes), city: name }),
    searchText: fold(`${name} ${zone.replace(/[/_]/g, " ")}`),
  };
}

/**
 * The zone the visitor is in, as the picker shows it before its language's cities are fetched: its
 * offset and the name the browser's Intl gives it in `locale` ("(UTC+01:00) Mitteleuropäische
 * Zeit", "（UTC+09:00）日本標準時"), so nothing shows in another language. UTC, which has no such
 * name but its offset again, keeps its id.
 */
export function namedZoneChoice(zone: string, template: string, locale: string, instantMs: number): ZoneChoice {
  const name =
    (zone.includes("/") &&
      formatter(locale, { timeZone: zone, timeZoneName: "longGeneric" })
        .formatToParts(instantMs)
        .find((part) => part.type === "timeZoneName")?.value) ||
    cityFromZoneId(zone);
  return zoneChoice(zone, name, template, instantMs);
}

/** An offset as typed ("+1", "UTC+01:00", "-0330", "+05:30"): its sign, hours and minutes if given. */
const OFFSET = /^([+-])(\d{1,2})(?::?(\d\d))?$/;

/**
 * The choices that match every word of `query`: a word that is an offset ("+1", "utc+01:00",
 * "+05:30") matches the zones at that offset now ("+5" every +05:xx, "+05:30" only +05:30); any
 * other word must be in the city or the zone id, ignoring case and accents ("wien", "vienna",
 * "europe/vienna", "new york").
 */
export function matchZoneChoices(choices: ZoneChoice[], query: string): ZoneChoice[] {
  const words = fold(query)
    .replace(/−/g, "-")
    // "UTC+1" and "GMT -3" are offsets; "UTC" alone is a zone's name.
    .replace(/\b(utc|gmt)\s*(?=[+-]\d)/g, "")
    .split(/[\s/_]+/)
    .filter(Boolean);
  if (words.length === 0) return choices;
  return choices.filter((choice) =>
    words.every((word) => {
      const offset = OFFSET.exec(word);
      if (!offset) return choice.searchText.includes(word);
      const [, sign, hours, minutes] = offset;
      const size = Math.abs(choice.offsetMinutes);
      const sameSign = choice.offsetMinutes === 0 || (sign === "-") === choice.offsetMinutes < 0;
      return sameSign && Math.floor(size / 60) === Number(hours) && (minutes === undefined || size % 60 === Number(minutes));
    }),
  );
}
