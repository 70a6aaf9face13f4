import { describe, expect, it } from "vitest";
import { firstInstantAtOrAfter, instantsAtWallTime, isValidTimeZone, lastInstantAtWallTime, localDateOf, offsetMs } from "./zoned-time";

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");
const minuteOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * Expectations worked out by hand from the zone rules, e.g. Europe/London springs forward at
 * 01:00 GMT (01:00Z) and falls back at 02:00 BST (01:00Z) on the last Sundays of March and October.
 * `first`/`last` default to the earliest/latest instant; in a gap they are the transition instant.
 */
const wallTimes: Array<{ zone: string; date: string; wall: string; instants: string[]; gapEnd?: string; why: string }> = [
  { zone: "Europe/London", date: "2026-03-29", wall: "00:30", instants: ["2026-03-29T00:30:00Z"], why: "before the jump" },
  { zone: "Europe/London", date: "2026-03-29", wall: "01:00", instants: [], gapEnd: "2026-03-29T01:00:00Z", why: "01:00 GMT becomes 02:00 BST" },
  { zone: "Europe/London", date: "2026-03-29", wall: "01:30", instants: [], gapEnd: "2026-03-29T01:00:00Z", why: "01:30 does not exist" },
  { zone: "Europe/London", date: "2026-03-29", wall: "02:00", instants: ["2026-03-29T01:00:00Z"], why: "first BST minute" },
  { zone: "Europe/London", date: "2026-10-25", wall: "00:59", instants: ["2026-10-24T23:59:00Z"], why: "still BST" },
  { zone: "Europe/London", date: "2026-10-25", wall: "01:00", instants: ["2026-10-25T00:00:00Z", "2026-10-25T01:00:00Z"], why: "01:00 BST, then 01:00 GMT" },
  { zone: "Europe/London", date: "2026-10-25", wall: "01:30", instants: ["2026-10-25T00:30:00Z", "2026-10-25T01:30:00Z"], why: "the repeated hour" },
  { zone: "Europe/London", date: "2026-10-25", wall: "02:00", instants: ["2026-10-25T02:00:00Z"], why: "GMT again" },
  { zone: "America/New_York", date: "2026-03-08", wall: "01:59", instants: ["2026-03-08T06:59:00Z"], why: "last EST minute" },
  { zone: "America/New_York", date: "2026-03-08", wall: "02:30", instants: [], gapEnd: "2026-03-08T07:00:00Z", why: "02:00 EST becomes 03:00 EDT" },
  { zone: "America/New_York", date: "2026-03-08", wall: "03:00", instants: ["2026-03-08T07:00:00Z"], why: "first EDT minute" },
  { zone: "America/New_York", date: "2026-11-01", wall: "00:30", instants: ["2026-11-01T04:30:00Z"], why: "EDT" },
  { zone: "America/New_York", date: "2026-11-01", wall: "01:30", instants: ["2026-11-01T05:30:00Z", "2026-11-01T06:30:00Z"], why: "01:30 EDT, then 01:30 EST" },
  { zone: "America/New_York", date: "2026-11-01", wall: "02:00", instants: ["2026-11-01T07:00:00Z"], why: "EST" },
  { zone: "America/Sao_Paulo", date: "2018-11-03", wall: "23:30", instants: ["2018-11-04T02:30:00Z"], why: "-03 the evening before" },
  {
    zone: "America/Sao_Paulo",
    date: "2018-11-04",
    wall: "00:00",
    instants: [],
    gapEnd: "2018-11-04T03:00:00Z",
    why: "midnight did not exist: 00:00 -03 became 01:00 -02",
  },
  { zone: "America/Sao_Paulo", date: "2018-11-04", wall: "00:30", instants: [], gapEnd: "2018-11-04T03:00:00Z", why: "inside the midnight gap" },
  { zone: "America/Sao_Paulo", date: "2018-11-04", wall: "01:00", instants: ["2018-11-04T03:00:00Z"], why: "the day began here" },
  { zone: "America/Sao_Paulo", date: "2018-11-04", wall: "09:00", instants: ["2018-11-04T11:00:00Z"], why: "-02" },
  { zone: "Australia/Lord_Howe", date: "2026-10-04", wall: "01:59", instants: ["2026-10-03T15:29:00Z"], why: "+10:30" },
  { zone: "Australia/Lord_Howe", date: "2026-10-04", wall: "02:00", instants: [], gapEnd: "2026-10-03T15:30:00Z", why: "02:00 +10:30 becomes 02:30 +11" },
  { zone: "Australia/Lord_Howe", date: "2026-10-04", wall: "02:15", instants: [], gapEnd: "2026-10-03T15:30:00Z", why: "a 30-minute gap" },
  { zone: "Australia/Lord_Howe", date: "2026-10-04", wall: "02:30", instants: ["2026-10-03T15:30:00Z"], why: "first +11 minute" },
  { zone: "Australia/Lord_Howe", date: "2026-04-05", wall: "01:29", instants: ["2026-04-04T14:29:00Z"], why: "+11" },
  {
    zone: "Australia/Lord_Howe",
    date: "2026-04-05",
    wall: "01:30",
    instants: ["2026-04-04T14:30:00Z", "2026-04-04T15:00:00Z"],
    why: "02:00 +11 becomes 01:30 +10:30",
  },
  { zone: "Australia/Lord_Howe", date: "2026-04-05", wall: "01:45", instants: ["2026-04-04T14:45:00Z", "2026-04-04T15:15:00Z"], why: "a 30-minute repeat" },
  { zone: "Australia/Lord_Howe", date: "2026-04-05", wall: "02:00", instants: ["2026-04-04T15:30:00Z"], why: "+10:30" },
  { zone: "Pacific/Apia", date: "2011-12-29", wall: "09:00", instants: ["2011-12-29T19:00:00Z"], why: "-10, the last day west of the date line" },
  { zone: "Pacific/Apia", date: "2011-12-30", wall: "00:00", instants: [], gapEnd: "2011-12-30T10:00:00Z", why: "the whole day was skipped" },
  { zone: "Pacific/Apia", date: "2011-12-30", wall: "12:00", instants: [], gapEnd: "2011-12-30T10:00:00Z", why: "the whole day was skipped" },
  { zone: "Pacific/Apia", date: "2011-12-31", wall: "09:00", instants: ["2011-12-30T19:00:00Z"], why: "+14" },
  { zone: "Asia/Kathmandu", date: "2026-06-01", wall: "09:00", instants: ["2026-06-01T03:15:00Z"], why: "+05:45" },
  // Local mean time had seconds: a search on whole minutes never closed on these gaps (it hung the server).
  { zone: "Europe/London", date: "1847-12-01", wall: "00:00", instants: [], gapEnd: "1847-12-01T00:01:15Z", why: "LMT -0:01:15 became GMT" },
  { zone: "Europe/Berlin", date: "1893-04-01", wall: "00:00", instants: [], gapEnd: "1893-03-31T23:06:32Z", why: "LMT +0:53:28 became CET: a 6 min 32 s gap" },
];

describe("wall time in a zone", () => {
  it.each(wallTimes)("$zone $date $wall resolves to $instants ($why)", ({ zone, date, wall, instants, gapEnd }) => {
    const minute = minuteOf(wall);
    expect(instantsAtWallTime(zone, date, minute).map(iso)).toEqual(instants);
    expect(iso(firstInstantAtOrAfter(zone, date, minute))).toBe(instants[0] ?? gapEnd);
    expect(iso(lastInstantAtWallTime(zone, date, minute))).toBe(instants.at(-1) ?? gapEnd);
  });

  it("reads minute 1440 as the next day's midnight, which in Sao Paulo 2018-11-04 is the gap's end", () => {
    expect(iso(lastInstantAtWallTime("America/Sao_Paulo", "2018-11-03", 1440))).toBe("2018-11-04T03:00:00Z");
    expect(iso(firstInstantAtOrAfter("Europe/London", "2026-06-01", 1440))).toBe("2026-06-01T23:00:00Z");
  });

  it("gives each instant the host-local date its wall clock shows", () => {
    expect(localDateOf("Pacific/Apia", at("2011-12-30T09:59:00Z"))).toBe("2011-12-29");
    expect(localDateOf("Pacific/Apia", at("2011-12-30T10:00:00Z"))).toBe("2011-12-31");
    expect(localDateOf("Asia/Kathmandu", at("2026-06-01T18:14:00Z"))).toBe("2026-06-01");
    expect(localDateOf("Asia/Kathmandu", at("2026-06-01T18:15:00Z"))).toBe("2026-06-02");
    expect(localDateOf("America/New_York", at("2026-06-01T03:59:00Z"))).toBe("2026-05-31");
  });

  it("gives the offset at the instant itself, on both sides of a transition", () => {
    // 06:30Z is 01:30 EST: date-fns-tz's getTimezoneOffset would answer EDT here.
    expect(offsetMs("America/New_York", at("2026-03-08T06:30:00Z"))).toBe(-5 * 3_600_000);
    expect(offsetMs("America/New_York", at("2026-03-08T07:00:00Z"))).toBe(-4 * 3_600_000);
    expect(offsetMs("America/New_York", at("2026-11-01T05:30:00Z"))).toBe(-4 * 3_600_000);
    expect(offsetMs("America/New_York", at("2026-11-01T06:00:00Z"))).toBe(-5 * 3_600_000);
    expect(offsetMs("Asia/Kathmandu", at("2026-06-01T00:00:00Z"))).toBe((5 * 60 + 45) * 60_000);
    expect(offsetMs("UTC", at("2026-06-01T00:00:00Z"))).toBe(0);
  });
});

describe("zone math over many zones and dates", () => {
  const zones = Intl.supportedValuesOf("timeZone");
  // A fixed seed, so a failure names the same zone, date and minute every run.
  let seed = 20261125;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const wallOf = (zone: string, instant: number) => instant + offsetMs(zone, instant);

  it("finds the first instant at or after any wall time, in every zone, from 1840 to 2100, gaps and all", () => {
    const cases = 3000;
    for (let i = 0; i < cases; i += 1) {
      const zone = zones[Math.floor(random() * zones.length)]!;
      const date = new Date(Date.UTC(1840, 0, 1) + Math.floor(random() * 260 * 365.25) * 86_400_000).toISOString().slice(0, 10);
      const minute = Math.floor(random() * 1441);
      const target = Date.parse(`${date}T00:00:00Z`) + minute * 60_000;
      const first = firstInstantAtOrAfter(zone, date, minute);
      const where = `${zone} ${date} minute ${minute}`;
      // Its wall clock reads the target or, in a gap, the first time after it; a millisecond earlier it read less.
      expect(wallOf(zone, first), where).toBeGreaterThanOrEqual(target);
      expect(wallOf(zone, first - 1), where).toBeLessThan(target);
      for (const instant of instantsAtWallTime(zone, date, minute)) expect(wallOf(zone, instant), where).toBe(target);
    }
  });
});

describe("time zone names", () => {
  it("accepts IANA names and UTC", () => {
    for (const zone of ["UTC", "Europe/London", "America/Argentina/Buenos_Aires", "Etc/GMT+5", "Asia/Kathmandu"]) {
      expect(isValidTimeZone(zone), zone).toBe(true);
    }
  });

  it("refuses garbage and bare offsets", () => {
    for (const zone of ["", "Mars/Base", "+01:00", "Z", "Europe/London ", "../etc/passwd"]) {
      expect(isValidTimeZone(zone), zone).toBe(false);
    }
  });
});
