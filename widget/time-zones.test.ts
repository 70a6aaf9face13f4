import { describe, expect, it } from "vitest";
import de from "../worker/locales/de/widget";
import { enSteps } from "../worker/locales/en/steps";
import { en } from "../worker/locales/en/widget";
import ja from "../worker/locales/ja/widget";
import { matchZoneChoices, namedZoneChoice, timeZoneChoices, zoneChoices, zoneOffsetMinutes } from "./time-zone-list";
import { isTimeZone } from "./time-zones";
import citiesDe from "./zone-cities/cities-de";
import citiesEn from "./zone-cities/cities-en";
import citiesJa from "./zone-cities/cities-ja";
import { currentZoneName } from "./zone-names";

const at = (iso: string) => Date.parse(iso);
const WINTER = at("2026-12-07T12:00:00Z");
const english = { ...en, ...enSteps };

/** The zones' labels, in the list's order. */
const labels = (zones: string[], cities: Record<string, string>, template: string, locale: string, instant = WINTER) =>
  zoneChoices(zones, cities, template, locale, instant).map((choice) => choice.label);

describe("the zone picker's list", () => {
  it("gives a zone its offset on each side of its DST change", () => {
    expect(zoneOffsetMinutes("Europe/Berlin", at("2027-03-27T12:00:00Z"))).toBe(60);
    expect(zoneOffsetMinutes("Europe/Berlin", at("2027-03-29T12:00:00Z"))).toBe(120);
    expect(zoneOffsetMinutes("America/New_York", at("2027-03-13T12:00:00Z"))).toBe(-300);
    expect(zoneOffsetMinutes("America/New_York", at("2027-03-15T12:00:00Z"))).toBe(-240);
    expect(labels(["Europe/Berlin"], citiesEn, english.zoneOption, "en", at("2027-03-27T12:00:00Z"))).toEqual(["(UTC+01:00) Berlin"]);
    expect(labels(["Europe/Berlin"], citiesEn, english.zoneOption, "en", at("2027-03-29T12:00:00Z"))).toEqual(["(UTC+02:00) Berlin"]);
    expect(labels(["America/New_York"], citiesEn, english.zoneOption, "en", at("2027-03-13T12:00:00Z"))).toEqual(["(UTC-05:00) New York"]);
  });

  it("shows half- and quarter-hour zones and UTC itself", () => {
    expect(labels(["Asia/Kolkata", "Asia/Kathmandu", "UTC"], citiesEn, english.zoneOption, "en")).toEqual([
      "(UTC+00:00) UTC",
      "(UTC+05:30) Kolkata",
      "(UTC+05:45) Kathmandu",
    ]);
    expect(zoneOffsetMinutes("America/St_Johns", WINTER)).toBe(-210);
  });

  it("names cities in the visitor's language: Wien in German, 東京 in Japanese", () => {
    expect(labels(["Europe/Vienna"], citiesDe, de.zoneOption, "de")).toEqual(["(UTC+01:00) Wien"]);
    expect(labels(["Asia/Tokyo"], citiesJa, ja.zoneOption, "ja")).toEqual(["（UTC+09:00）東京"]);
    expect(labels(["Europe/Vienna", "America/Sao_Paulo"], citiesEn, english.zoneOption, "en")).toEqual(["(UTC-03:00) São Paulo", "(UTC+01:00) Vienna"]);
  });

  it("shows the zone by Intl's name in the visitor's language while the cities are not in", () => {
    const vienna = namedZoneChoice("Europe/Vienna", de.zoneOption, "de", WINTER);
    expect(vienna.label).toMatch(/^\(UTC\+01:00\) Mitteleurop/);
    expect(matchZoneChoices([vienna], "vienna"), "still found by the zone id").toEqual([vienna]);
    expect(namedZoneChoice("Asia/Tokyo", ja.zoneOption, "ja", WINTER).label).toMatch(/^（UTC\+09:00）日本/);
    expect(namedZoneChoice("UTC", english.zoneOption, "en", WINTER).label, "not its offset twice").toBe("(UTC+00:00) UTC");
  });

  it("sorts by offset, then by city as the language sorts", () => {
    const zones = ["Europe/Vienna", "Europe/Berlin", "Europe/London", "America/New_York", "Europe/Zurich"];
    expect(labels(zones, citiesDe, de.zoneOption, "de")).toEqual([
      "(UTC-05:00) New York",
      "(UTC+00:00) London",
      "(UTC+01:00) Berlin",
      "(UTC+01:00) Wien",
      "(UTC+01:00) Zürich",
    ]);
  });
});

describe("searching the zone picker", () => {
  const zones = [
    "America/New_York",
    "America/North_Dakota/New_Salem",
    "Asia/Kathmandu",
    "Asia/Kolkata",
    "Europe/Berlin",
    "Europe/London",
    "Europe/Vienna",
    "Europe/Zurich",
    "UTC",
  ];
  const found = (query: string, cities: Record<string, string> = citiesDe, template = de.zoneOption, locale = "de") =>
    matchZoneChoices(zoneChoices(zones, cities, template, locale, WINTER), query).map((choice) => choice.zone);

  it("finds a city by its name in the visitor's language and in English, ignoring case and accents", () => {
    expect(found("Wien")).toEqual(["Europe/Vienna"]);
    expect(found("vienna")).toEqual(["Europe/Vienna"]);
    expect(found("zurich")).toEqual(["Europe/Zurich"]);
    expect(found("new york", citiesEn, english.zoneOption, "en")).toEqual(["America/New_York"]);
    // New Salem is at UTC-06:00, so first.
    expect(found("america new")).toEqual(["America/North_Dakota/New_Salem", "America/New_York"]);
  });

  it("finds a zone by its IANA name", () => {
    expect(found("Europe/Vienna")).toEqual(["Europe/Vienna"]);
    expect(found("asia/kolkata")).toEqual(["Asia/Kolkata"]);
  });

  it("finds zones by their offset now, however it is written", () => {
    const plusOne = ["Europe/Berlin", "Europe/Vienna", "Europe/Zurich"];
    expect(found("+1")).toEqual(plusOne);
    expect(found("+01")).toEqual(plusOne);
    expect(found("UTC+01:00")).toEqual(plusOne);
    expect(found("gmt +1")).toEqual(plusOne);
    expect(found("+05:30")).toEqual(["Asia/Kolkata"]);
    expect(found("+0545")).toEqual(["Asia/Kathmandu"]);
    expect(found("+5")).toEqual(["Asia/Kolkata", "Asia/Kathmandu"]);
    expect(found("-5")).toEqual(["America/New_York"]);
    expect(found("−05:00")).toEqual(["America/New_York"]);
    expect(found("+1 wien")).toEqual(["Europe/Vienna"]);
    expect(found("UTC")).toEqual(["UTC"]);
    expect(found("  ")).toHaveLength(zones.length);
  });
});

describe("the zones offered", () => {
  it("offers every IANA zone, always including the current one", () => {
    const choices = timeZoneChoices("Europe/London");
    expect(choices).toContain("Europe/London");
    expect(choices.length).toBeGreaterThan(300);
    expect(timeZoneChoices("Etc/GMT+5")).toContain("Etc/GMT+5");
  });

  it("lists renamed zones by their current names, so searching Kathmandu or Kolkata finds them", () => {
    const choices = timeZoneChoices("UTC");
    expect(choices).toContain("Asia/Kathmandu");
    expect(choices).toContain("Europe/Kyiv");
    expect(choices).not.toContain("Asia/Calcutta");
    expect(matchZoneChoices(zoneChoices(choices, citiesEn, english.zoneOption, "en", WINTER), "kolkata").map((choice) => choice.zone)).toEqual([
      "Asia/Kolkata",
    ]);
    expect(currentZoneName("Asia/Katmandu")).toBe("Asia/Kathmandu");
    expect(isTimeZone(currentZoneName("Asia/Saigon"))).toBe(true);
  });

  it("refuses names that are not zones", () => {
    expect(isTimeZone("Mars/Olympus_Mons")).toBe(false);
    expect(isTimeZone("Pacific/Auckland")).toBe(true);
  });
});
