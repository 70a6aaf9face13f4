import { describe, expect, it } from "vitest";
import de from "../worker/locales/de/widget";
import { enSteps } from "../worker/locales/en/steps";
import { type CalendarEntry, googleCalendarUrl, icsFile, icsHref, outlookCalendarUrl } from "./calendar-links";

const entry: CalendarEntry = {
  bookingId: "0b8f3c7e-2a51-4d0e-9d51-7c1a9e4f3b20",
  start: "2026-12-07T09:00:00Z",
  end: "2026-12-07T09:30:00.000Z",
  title: "Intro call",
  host: "Jun Hepulou",
  attendee: { name: "Ada Lovelace", email: "ada@example.com" },
  manageUrl: "https://book.example.com/manage/0b8f3c7e-2a51-4d0e-9d51-7c1a9e4f3b20#bkm_Qk3v7cQk3v7cQk3v7cQk3v7cQk3v7cQk3v7cQk3v7cQ",
  wording: enSteps,
};
const NOW = Date.parse("2026-11-25T10:11:12.345Z");

/** The content lines of a file: unfolded (CRLF + one space or tab continues a line). */
function unfolded(file: string): string[] {
  return file
    .replace(/\r\n[ \t]/g, "")
    .split("\r\n")
    .filter(Boolean);
}

function property(file: string, name: string): string | undefined {
  return unfolded(file).find((line) => line.startsWith(`${name}:`) || line.startsWith(`${name};`));
}

describe("the .ics file", () => {
  it("holds one published event with UID, DTSTAMP, UTC start and end, summary, description with the manage link, organizer and attendee", () => {
    const file = icsFile(entry, NOW);
    const lines = unfolded(file);
    expect(lines.slice(0, 5)).toEqual(["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Bookora//EN", "METHOD:PUBLISH", "BEGIN:VEVENT"]);
    expect(lines.at(-1)).toBe("END:VCALENDAR");
    expect(lines.filter((line) => line === "BEGIN:VEVENT")).toHaveLength(1);
    expect(property(file, "UID")).toBe(`UID:${entry.bookingId}@book.example.com`);
    expect(property(file, "DTSTAMP")).toBe("DTSTAMP:20261125T101112Z");
    expect(property(file, "DTSTART")).toBe("DTSTART:20261207T090000Z");
    expect(property(file, "DTEND")).toBe("DTEND:20261207T093000Z");
    expect(property(file, "SUMMARY")).toBe("SUMMARY:Intro call with Jun Hepulou");
    expect(property(file, "DESCRIPTION")).toBe(`DESCRIPTION:Intro call with Jun Hepulou\\nKeep this link to reschedule or cancel: ${entry.manageUrl}`);
    expect(property(file, "ORGANIZER")).toBe('ORGANIZER;CN="Jun Hepulou":mailto:noreply@book.example.com');
    expect(property(file, "ATTENDEE")).toBe('ATTENDEE;CN="Ada Lovelace":mailto:ada@example.com');
  });

  it("ends every line with CRLF and folds lines over 75 octets without splitting a UTF-8 character", () => {
    const file = icsFile({ ...entry, title: "Überprüfung des Projekts: ein sehr langer Titel mit Umlauten äöü und 日本語の文字 und mehr", host: "Zoë" }, NOW);
    expect(file.endsWith("\r\n")).toBe(true);
    expect(file.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    const physical = file.split("\r\n").filter(Boolean);
    for (const line of physical) expect(new TextEncoder().encode(line).byteLength).toBeLessThanOrEqual(75);
    expect(
      physical.some((line) => line.startsWith(" ")),
      "something was folded",
    ).toBe(true);
    // Folding never cut a character in two: every physical line is valid UTF-8 on its own.
    for (const line of physical) expect(new TextDecoder("utf-8", { fatal: true }).decode(new TextEncoder().encode(line))).toBe(line);
    expect(property(file, "SUMMARY")).toBe("SUMMARY:Überprüfung des Projekts: ein sehr langer Titel mit Umlauten äöü und 日本語の文字 und mehr with Zoë");
  });

  it("escapes backslashes, semicolons, commas and newlines in text, and keeps quotes out of names", () => {
    const file = icsFile({ ...entry, title: "Plan; review, sign\\off\nnext", host: 'Jun "JH" Hepulou' }, NOW);
    expect(property(file, "SUMMARY")).toBe('SUMMARY:Plan\\; review\\, sign\\\\off\\nnext with Jun "JH" Hepulou');
    expect(property(file, "ORGANIZER")).toBe('ORGANIZER;CN="Jun JH Hepulou":mailto:noreply@book.example.com');
  });

  it("escapes a lone CR and CRLF like a newline, so text never ends a content line early", () => {
    const file = icsFile({ ...entry, title: "one\rtwo\r\nthree", attendee: { name: "Ada\rLovelace", email: "ada@example.com" } }, NOW);
    expect(property(file, "SUMMARY")).toBe("SUMMARY:one\\ntwo\\nthree with Jun Hepulou");
    expect(property(file, "ATTENDEE")).toBe('ATTENDEE;CN="AdaLovelace":mailto:ada@example.com');
    // Every CR in the file is a CRLF line ending.
    expect(file.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
  });

  it("is offered as a data: URL that decodes to the same file", () => {
    const href = icsHref(entry);
    expect(href.startsWith("data:text/calendar;charset=utf-8,")).toBe(true);
    const decoded = decodeURIComponent(href.slice(href.indexOf(",") + 1));
    expect(property(decoded, "DTSTART")).toBe("DTSTART:20261207T090000Z");
  });
});

describe("calendar links", () => {
  it("fills Google Calendar's form with the UTC start/end and no manage token", () => {
    const url = new URL(googleCalendarUrl(entry));
    expect(url.origin + url.pathname).toBe("https://calendar.google.com/calendar/render");
    expect(url.searchParams.get("action")).toBe("TEMPLATE");
    expect(url.searchParams.get("dates")).toBe("20261207T090000Z/20261207T093000Z");
    expect(url.searchParams.get("text")).toBe("Intro call with Jun Hepulou");
    expect(url.href).not.toContain("bkm_");
  });

  it("fills Outlook's form with the UTC start/end and no manage token", () => {
    const url = new URL(outlookCalendarUrl(entry));
    expect(url.origin).toBe("https://outlook.live.com");
    expect(Date.parse(url.searchParams.get("startdt")!)).toBe(Date.parse(entry.start));
    expect(Date.parse(url.searchParams.get("enddt")!)).toBe(Date.parse(entry.end));
    expect(url.searchParams.get("subject")).toBe("Intro call with Jun Hepulou");
    expect(url.href).not.toContain("bkm_");
  });
});

describe("in the attendee's language", () => {
  it("names the event and its link in German in the file and on Google's form", () => {
    const german = { ...entry, wording: de };
    const file = icsFile(german, NOW);
    expect(property(file, "SUMMARY")).toBe("SUMMARY:Intro call mit Jun Hepulou");
    expect(property(file, "DESCRIPTION")).toContain("\\nBewahren Sie diesen Link auf\\, um Ihre Buchung zu verschieben oder zu stornieren:");
    const url = new URL(googleCalendarUrl(german));
    expect(url.searchParams.get("text")).toBe("Intro call mit Jun Hepulou");
    expect(url.searchParams.get("details")).toBe(`Bookora-Buchung ${entry.bookingId}`);
  });
});
