import { describe, expect, it } from "vitest";
import { matchTimeZones, timeZoneChoices } from "./time-zone-list";
import { currentZoneName, isTimeZone } from "./time-zones";

describe("time zone choice", () => {
  const zones = ["America/New_York", "America/North_Dakota/New_Salem", "Asia/Kathmandu", "Europe/London"];

  it("finds zones by any words of their name, ignoring case and underscores", () => {
    expect(matchTimeZones(zones, "new york")).toEqual(["America/New_York"]);
    expect(matchTimeZones(zones, "KATH")).toEqual(["Asia/Kathmandu"]);
    expect(matchTimeZones(zones, "america new")).toEqual(["America/New_York", "America/North_Dakota/New_Salem"]);
    expect(matchTimeZones(zones, "  ")).toEqual(zones);
  });

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
    expect(matchTimeZones(choices, "kolkata")).toEqual(["Asia/Kolkata"]);
    expect(currentZoneName("Asia/Katmandu")).toBe("Asia/Kathmandu");
    expect(isTimeZone(currentZoneName("Asia/Saigon"))).toBe(true);
  });

  it("refuses names that are not zones", () => {
    expect(isTimeZone("Mars/Olympus_Mons")).toBe(false);
    expect(isTimeZone("Pacific/Auckland")).toBe(true);
  });
});
