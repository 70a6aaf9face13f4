/**
 * `invite.ics` as calendar clients read it: every file parsed by ical.js (Mozilla's iCalendar
 * parser, not ours), across a booking's create → reschedule → cancel. Runs in Node (vitest's "node"
 * project), where the parser is installed.
 */
import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { inviteFile, inviteUid } from "./invite";
import type { InviteFacts } from "./message-facts";

const at = (iso: string) => Date.parse(iso);

const created: InviteFacts = {
  uid: inviteUid("bk_01JROOT", "https://book.example.com"),
  sequence: 0,
  method: "REQUEST",
  startMs: at("2026-12-07T09:00:00Z"),
  endMs: at("2026-12-07T09:30:00Z"),
  stampMs: at("2026-12-01T08:15:42Z"),
  summary: "Intro call with Jun Hepulou",
  description: "Intro call with Jun Hepulou",
  organizer: { name: "Jun Hepulou", email: "jun@example.com" },
  attendee: { name: "Ada Lovelace", email: "ada@example.org" },
};
const rescheduled: InviteFacts = {
  ...created,
  sequence: 1,
  startMs: at("2026-12-08T14:45:00Z"),
  endMs: at("2026-12-08T15:15:00Z"),
  stampMs: at("2026-12-02T10:00:07Z"),
};
const cancelled: InviteFacts = { ...rescheduled, sequence: 2, method: "CANCEL", stampMs: at("2026-12-03T11:30:00Z") };

/** The file's calendar and its one event, as ical.js reads them. */
function parse(file: string) {
  const calendar = new ICAL.Component(ICAL.parse(file));
  const events = calendar.getAllSubcomponents("vevent");
  expect(events).toHaveLength(1);
  return { calendar, vevent: events[0]!, event: new ICAL.Event(events[0]!) };
}

const instant = (time: ICAL.Time) => time.toJSDate().getTime();

describe("inviteFile across a booking's create, reschedule and cancel", () => {
  const files = [created, rescheduled, cancelled].map(inviteFile);
  const parsed = files.map(parse);

  it("keeps one UID and raises SEQUENCE 0, 1, 2, so calendars update the same event instead of adding one", () => {
    expect(parsed.map(({ event }) => event.uid)).toEqual(["bk_01JROOT@book.example.com", "bk_01JROOT@book.example.com", "bk_01JROOT@book.example.com"]);
    expect(parsed.map(({ event }) => event.sequence)).toEqual([0, 1, 2]);
  });

  it("asks to add or move the event (REQUEST, CONFIRMED) and then to remove it (CANCEL, CANCELLED)", () => {
    expect(parsed.map(({ calendar }) => calendar.getFirstPropertyValue("method"))).toEqual(["REQUEST", "REQUEST", "CANCEL"]);
    expect(parsed.map(({ vevent }) => vevent.getFirstPropertyValue("status"))).toEqual(["CONFIRMED", "CONFIRMED", "CANCELLED"]);
  });

  it("gives DTSTART, DTEND and DTSTAMP in UTC as the exact instants of each change", () => {
    const facts = [created, rescheduled, cancelled];
    parsed.forEach(({ event, vevent }, index) => {
      expect(event.startDate.zone?.tzid).toBe("UTC");
      expect(instant(event.startDate)).toBe(facts[index]!.startMs);
      expect(instant(event.endDate)).toBe(facts[index]!.endMs);
      expect(instant(vevent.getFirstPropertyValue("dtstamp") as ICAL.Time)).toBe(facts[index]!.stampMs);
    });
    expect(files[0]).toContain("\r\nDTSTART:20261207T090000Z\r\nDTEND:20261207T093000Z\r\n");
  });

  it("names the host as organizer and the attendee as a required participant who is not asked to reply", () => {
    const { vevent } = parsed[0]!;
    const organizer = vevent.getFirstProperty("organizer")!;
    const attendee = vevent.getFirstProperty("attendee")!;
    expect(organizer.getFirstValue()).toBe("mailto:jun@example.com");
    expect(organizer.getParameter("cn")).toBe("Jun Hepulou");
    expect(attendee.getFirstValue()).toBe("mailto:ada@example.org");
    expect(attendee.toJSON()[1]).toEqual({ cn: "Ada Lovelace", role: "REQ-PARTICIPANT", partstat: "NEEDS-ACTION", rsvp: "FALSE" });
  });

  it("is a VCALENDAR 2.0 with a PRODID and CRLF line endings only", () => {
    for (const { calendar } of parsed) {
      expect(calendar.getFirstPropertyValue("version")).toBe("2.0");
      expect(calendar.getFirstPropertyValue("prodid")).toBe("-//Bookora//EN");
    }
    for (const file of files) {
      expect(file.endsWith("END:VCALENDAR\r\n")).toBe(true);
      expect(file.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    }
  });
});

describe("inviteFile with text that needs escaping and folding", () => {
  const japanese = "会議の議題：四半期の予算とロードマップを確認します。𠮷野家で昼食。".repeat(3);
  const arabic = "جدول الأعمال: مراجعة الميزانية الفصلية وخارطة الطريق، ثم الأسئلة والأجوبة مع الفريق.";
  const summary = `Design review, part 2; "budget" \\ plan\n${japanese}`;
  const description = `${arabic}\n${japanese}`;
  const file = inviteFile({ ...created, summary, description });
  const { event } = parse(file);

  it("reads back the title and description exactly as given", () => {
    expect(event.summary).toBe(summary);
    expect(event.description).toBe(description);
  });

  it("escapes backslash, semicolon, comma and newlines in TEXT", () => {
    const unfolded = file.replace(/\r\n /g, "");
    expect(unfolded).toContain(`\r\nSUMMARY:Design review\\, part 2\\; "budget" \\\\ plan\\n${japanese}\r\n`);
  });

  it("writes CRLF and a lone CR as the one newline TEXT has, never as a line break of the file", () => {
    const { event } = parse(inviteFile({ ...created, summary: "one\r\ntwo\rthree\nfour" }));
    expect(event.summary).toBe("one\ntwo\nthree\nfour");
  });

  it("folds lines at 75 octets, never inside a UTF-8 character: the long title and description span several lines", () => {
    const bytes = new TextEncoder().encode(file);
    const lines: Uint8Array[] = [];
    for (let start = 0, index = 0; index < bytes.length; index++) {
      if (bytes[index] === 0x0d && bytes[index + 1] === 0x0a) {
        lines.push(bytes.subarray(start, index));
        start = index + 2;
      }
    }
    const strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
    for (const line of lines) {
      expect(line.length).toBeLessThanOrEqual(75);
      // A fold that cut a character in two leaves bytes that do not decode on their own.
      expect(() => strict.decode(line)).not.toThrow();
    }
    // Continuation lines (those beginning with a space) after the title's and the description's first line.
    const decoded = lines.map((line) => strict.decode(line));
    const continuations = (name: string) =>
      decoded.slice(decoded.findIndex((line) => line.startsWith(`${name}:`)) + 1).findIndex((line) => !line.startsWith(" "));
    expect(continuations("SUMMARY")).toBeGreaterThanOrEqual(3);
    expect(continuations("DESCRIPTION")).toBeGreaterThanOrEqual(4);
  });
});

describe("inviteFile with names that hold quotes and separators", () => {
  const file = inviteFile({
    ...created,
    organizer: { name: 'Jun "JJ" Hepulou: Sales; EMEA', email: "jun@example.com" },
    attendee: { name: 'Doe, Jane "JD"', email: "jane@example.org" },
  });
  const { vevent } = parse(file);

  it("keeps each CN one parameter: quotes dropped, and the value quoted where it holds ; : or ,", () => {
    const organizer = vevent.getFirstProperty("organizer")!;
    const attendee = vevent.getFirstProperty("attendee")!;
    expect(organizer.toJSON()[1]).toEqual({ cn: "Jun JJ Hepulou: Sales; EMEA" });
    expect(organizer.getFirstValue()).toBe("mailto:jun@example.com");
    expect(attendee.toJSON()[1]).toEqual({ cn: "Doe, Jane JD", role: "REQ-PARTICIPANT", partstat: "NEEDS-ACTION", rsvp: "FALSE" });
    expect(attendee.getFirstValue()).toBe("mailto:jane@example.org");
  });

  it("leaves a plain name unquoted", () => {
    expect(inviteFile(created)).toContain("\r\nORGANIZER;CN=Jun Hepulou:mailto:jun@example.com\r\n");
  });
});

describe("inviteUid", () => {
  it("is the first booking's id at the deployment's host name, without scheme or port", () => {
    expect(inviteUid("bk_01JROOT", "https://book.example.com")).toBe("bk_01JROOT@book.example.com");
    expect(inviteUid("bk_01JROOT", "http://127.0.0.1:8787")).toBe("bk_01JROOT@127.0.0.1");
  });
});
