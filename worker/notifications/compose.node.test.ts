/**
 * The messages as their readers see them: each kind to each recipient, in the reader's language and
 * zone, with free text shown as text and the manage link the only link.
 */
import { describe, expect, it } from "vitest";
import { LANGUAGES } from "../locales/languages";
import { composeMessage } from "./compose";
import type { MessageFacts, NotificationKind, Recipient } from "./message-facts";

const MANAGE_URL = "https://bookora.example/manage/bk_01#t=abc";

/** Ada (in London, like her host) books Grace's intro call for Monday 7 December 2026, 14:00–14:30 UTC. */
function facts(overrides: Partial<MessageFacts> = {}): MessageFacts {
  return {
    kind: "created",
    recipient: "attendee",
    language: "en",
    timeZone: "Europe/London",
    hostTimeZone: "Europe/London",
    title: "Intro call",
    hostName: "Grace Hopper",
    attendeeName: "Ada Lovelace",
    attendeeEmail: "ada@example.com",
    startMs: Date.UTC(2026, 11, 7, 14, 0),
    endMs: Date.UTC(2026, 11, 7, 14, 30),
    previous: null,
    notes: "Bring the plans",
    answers: [
      { label: "Company", value: "Analytical Engines" },
      { label: "First visit", value: true },
      { label: "Needs parking", value: false },
    ],
    manageUrl: MANAGE_URL,
    ...overrides,
  };
}

const LONDON_TIME = "Monday, December 7, 2026, 2:00 PM – 2:30 PM (Europe/London)";
const RESCHEDULED = { kind: "rescheduled", previous: { startMs: Date.UTC(2026, 11, 4, 10, 0), endMs: Date.UTC(2026, 11, 4, 10, 30) } } as const;
const OLD_LONDON_TIME = "Friday, December 4, 2026, 10:00 AM – 10:30 AM (Europe/London)";

/** Every address a link or resource could point to: href and src attributes, CSS url() and @import. */
function linkedUrls(html: string): string[] {
  return [...html.matchAll(/\b(?:href|src)\s*=\s*"([^"]*)"|url\(([^)]*)\)|@import\s+([^;]+)/gi)].map((match) => match[1] ?? match[2] ?? match[3] ?? "");
}

describe("messages to the attendee, in English", () => {
  it("confirms a booking with the type, host, time with its zone, notes, answers, manage link and calendar file", () => {
    const message = composeMessage(facts());
    expect(message.subject).toBe("Confirmed: Intro call with Grace Hopper on Mon, Dec 7, 2026, 2:00 PM");
    expect(message.text).toBe(
      [
        "Hello Ada Lovelace,",
        "",
        "Your booking of “Intro call” with Grace Hopper is confirmed.",
        "",
        "Booking: Intro call",
        "Host: Grace Hopper",
        `When: ${LONDON_TIME}`,
        "Notes: Bring the plans",
        "Company: Analytical Engines",
        "First visit: Yes",
        "Needs parking: No",
        "",
        "To reschedule or cancel your booking, use this link:",
        MANAGE_URL,
        "",
        "The calendar file invite.ics is attached: open it to add the booking to your calendar.",
        "",
      ].join("\n"),
    );
    for (const shown of ["Intro call", "Grace Hopper", LONDON_TIME, "Bring the plans", "Analytical Engines", "First visit", ">Yes<", ">No<", "invite.ics"]) {
      expect(message.html).toContain(shown);
    }
    expect(message.html).toContain(`<a href="${MANAGE_URL}"`);
    expect(message.html).toMatch(/^<!doctype html>\n<html lang="en" dir="ltr">/);
  });

  it("shows the host's time too when the attendee is in another zone", () => {
    const { text } = composeMessage(facts({ timeZone: "America/New_York" }));
    expect(text).toContain("When: Monday, December 7, 2026, 9:00 AM – 9:30 AM (America/New_York)\n");
    expect(text).toContain(`Host's time: ${LONDON_TIME}\n`);
    expect(composeMessage(facts()).text).not.toContain("Host's time");
  });

  it("tells of a reschedule with the new time and the old one, crossed out in HTML", () => {
    const message = composeMessage(facts(RESCHEDULED));
    expect(message.subject).toBe("Moved: Intro call with Grace Hopper, now on Mon, Dec 7, 2026, 2:00 PM");
    expect(message.text).toContain("Your booking of “Intro call” with Grace Hopper has been moved to a new time.");
    expect(message.text).toContain(`New time: ${LONDON_TIME}\nPrevious time: ${OLD_LONDON_TIME}\n`);
    expect(message.text).toContain(MANAGE_URL);
    expect(message.text).toContain("open it to move the booking in your calendar.");
    expect(message.html).toMatch(new RegExp(`line-through[^>]*>${OLD_LONDON_TIME.replace(/[()]/g, "\\$&")}<`));
    expect(message.html).not.toMatch(new RegExp(`line-through[^>]*>${LONDON_TIME.replace(/[()]/g, "\\$&")}<`));
  });

  it("tells of a cancellation without a manage link, with the calendar file that removes the event", () => {
    const message = composeMessage(facts({ kind: "cancelled" }));
    expect(message.subject).toBe("Cancelled: Intro call with Grace Hopper on Mon, Dec 7, 2026, 2:00 PM");
    expect(message.text).toContain("Your booking of “Intro call” with Grace Hopper has been cancelled.");
    expect(message.text).toContain(`When: ${LONDON_TIME}`);
    expect(message.text).toContain("open it to remove the booking from your calendar.");
    expect(message.text).not.toContain(MANAGE_URL);
    expect(message.html).not.toContain("<a ");
  });

  it("reminds of the booking with the manage link and no calendar file", () => {
    const message = composeMessage(facts({ kind: "reminder" }));
    expect(message.subject).toBe("Reminder: Intro call with Grace Hopper on Mon, Dec 7, 2026, 2:00 PM");
    expect(message.text).toContain("This is a reminder of your booking of “Intro call” with Grace Hopper.");
    expect(message.text).toContain(MANAGE_URL);
    expect(message.text).not.toContain("invite.ics");
  });

  it("writes both dates of a meeting that spans midnight in the reader's zone", () => {
    const { text } = composeMessage(facts({ startMs: Date.UTC(2026, 11, 7, 23, 30), endMs: Date.UTC(2026, 11, 8, 0, 30) }));
    expect(text).toContain("When: Monday, December 7, 2026 at 11:30 PM – Tuesday, December 8, 2026 at 12:30 AM (Europe/London)\n");
  });
});

describe("messages to the host, in English", () => {
  const toHost = (overrides: Partial<MessageFacts>) => composeMessage(facts({ recipient: "host", ...overrides }));

  it("tells of a new booking with who booked, their answers and no manage link", () => {
    const message = toHost({});
    expect(message.subject).toBe("New booking: Intro call with Ada Lovelace on Mon, Dec 7, 2026, 2:00 PM");
    expect(message.text).toContain("Hello Grace Hopper,\n\nAda Lovelace has booked “Intro call” with you.\n");
    expect(message.text).toContain("Booked for: Ada Lovelace (ada@example.com)\n");
    expect(message.text).toContain("Notes: Bring the plans\nCompany: Analytical Engines\nFirst visit: Yes\nNeeds parking: No\n");
    expect(message.text, "the host gets no calendar file: a connected calendar already holds the event").not.toContain("invite.ics");
    expect(message.text).not.toContain(MANAGE_URL);
    expect(message.html).not.toContain("<a ");
  });

  it("tells of a reschedule with the new time and the old one", () => {
    const message = toHost(RESCHEDULED);
    expect(message.subject).toBe("Moved: Intro call with Ada Lovelace, now on Mon, Dec 7, 2026, 2:00 PM");
    expect(message.text).toContain("The booking of “Intro call” with Ada Lovelace has been moved to a new time.");
    expect(message.text).toContain(`New time: ${LONDON_TIME}\nPrevious time: ${OLD_LONDON_TIME}\n`);
  });

  it("tells of a cancellation", () => {
    const message = toHost({ kind: "cancelled" });
    expect(message.subject).toBe("Cancelled: Intro call with Ada Lovelace on Mon, Dec 7, 2026, 2:00 PM");
    expect(message.text).toContain("The booking of “Intro call” with Ada Lovelace has been cancelled.");
    expect(message.text).not.toContain("invite.ics");
  });

  it("shows a host in Europe/London London's summer time, whatever the attendee's zone", () => {
    const { text } = toHost({ startMs: Date.UTC(2026, 6, 7, 13, 0), endMs: Date.UTC(2026, 6, 7, 13, 30), hostTimeZone: "Europe/London" });
    expect(text).toContain("When: Tuesday, July 7, 2026, 2:00 PM – 2:30 PM (Europe/London)\n");
    expect(text).not.toContain("Host's time");
  });

  it("has no reminder: asking for one is a bug", () => {
    expect(() => toHost({ kind: "reminder" })).toThrow("no reminder message to the host");
  });
});

describe("the reader's language and zone", () => {
  it("shows a Japanese attendee in Asia/Tokyo Tokyo's times in Japanese, with the zone named, and the host's London time", () => {
    const message = composeMessage(facts({ language: "ja", timeZone: "Asia/Tokyo", title: "初回相談", answers: [{ label: "初めての来店", value: true }] }));
    expect(message.subject).toBe("【予約確定】2026年12月7日(月) 23:00 初回相談（主催者：Grace Hopper）");
    expect(message.text).toContain("Ada Lovelace様\n\n「初回相談」（主催者：Grace Hopper）のご予約が確定しました。\n");
    expect(message.text).toContain("日時：2026年12月7日月曜日 23:00～23:30（Asia/Tokyo）\n");
    expect(message.text).toContain("主催者の現地時間：2026年12月7日月曜日 14:00～14:30（Europe/London）\n");
    expect(message.text).toContain("初めての来店：はい");
    expect(message.html).toMatch(/<html lang="ja" dir="ltr">/);
    expect(message.html).toContain("2026年12月7日月曜日 23:00～23:30（Asia/Tokyo）");
  });

  it("writes Arabic right to left", () => {
    const { html } = composeMessage(facts({ language: "ar" }));
    expect(html).toMatch(/<html lang="ar" dir="rtl">/);
    expect(html).toContain('<div lang="ar" dir="rtl">');
  });
});

describe("free text is shown as text", () => {
  const hostile = facts({
    title: `Call "A" & <b>B</b>`,
    hostName: `Grace' onmouseover='x`,
    attendeeName: `<script>alert("name")</script>`,
    notes: `"Quoted" notes <script>alert('notes')</script>\nsecond line`,
    answers: [{ label: `<img src=x onerror="alert(1)">`, value: `"><script>alert('answer')</script>` }],
  });

  for (const recipient of ["attendee", "host"] as Recipient[]) {
    it(`escapes markup and quotes in names, title, notes and answers (to the ${recipient})`, () => {
      const { html, text } = composeMessage({ ...hostile, recipient });
      // No element or attribute of theirs: what they typed stays between tags, its quotes escaped.
      expect(html).not.toMatch(/<script|<img|<b>/i);
      expect(html).not.toMatch(/onmouseover='|onerror="/);
      expect(html).toContain("Grace&#39; onmouseover=&#39;x");
      expect(html).toContain("&lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt;");
      expect(html).toContain("&quot;Quoted&quot; notes &lt;script&gt;alert(&#39;notes&#39;)&lt;/script&gt;\nsecond line");
      expect(html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
      expect(html).toContain("Call &quot;A&quot; &amp; &lt;b&gt;B&lt;/b&gt;");
      // The plain part says the same as it was typed.
      expect(text).toContain(`"Quoted" notes <script>alert('notes')</script>\n  second line`);
    });
  }

  it("links nothing but the manage link, though notes and answers hold addresses", () => {
    const withUrls = facts({
      notes: "See https://evil.example/phish or www.evil.example",
      answers: [{ label: "Website", value: "http://evil.example/" }],
    });
    const { html } = composeMessage(withUrls);
    expect(linkedUrls(html)).toEqual([MANAGE_URL]);
    expect(html.match(/<a\b/g)).toHaveLength(1);
    expect(html).not.toMatch(/<(link|img|script|iframe|object|embed|style)\b/i);
    const plain = composeMessage(facts());
    expect(plain.html.match(/https?:\/\/[^\s"<]+/g)).toEqual([MANAGE_URL]);
  });

  it("links a manage link only over https or to a local demo on 127.0.0.1, and leaves any other out", () => {
    const local = "http://127.0.0.1:8787/manage/bk_01#t=abc";
    expect(linkedUrls(composeMessage(facts({ manageUrl: local })).html)).toEqual([local]);
    for (const manageUrl of ["javascript:alert(1)", "http://bookora.example/manage/bk_01", "data:text/html,hi", "not a url"]) {
      const message = composeMessage(facts({ manageUrl }));
      expect(linkedUrls(message.html)).toEqual([]);
      expect(message.text).not.toContain(manageUrl);
    }
  });
});

describe("every language has every message", () => {
  const messages: [Recipient, NotificationKind][] = [
    ["attendee", "created"],
    ["attendee", "rescheduled"],
    ["attendee", "cancelled"],
    ["attendee", "reminder"],
    ["host", "created"],
    ["host", "rescheduled"],
    ["host", "cancelled"],
  ];
  for (const language of LANGUAGES) {
    it(`${language}: a subject and both parts, with no placeholder left unfilled`, () => {
      for (const [recipient, kind] of messages) {
        const previous = kind === "rescheduled" ? RESCHEDULED.previous : null;
        const message = composeMessage(
          facts({ language, recipient, kind, previous, timeZone: "Asia/Tokyo", manageUrl: kind === "cancelled" ? null : MANAGE_URL }),
        );
        for (const part of [message.subject, message.text, message.html]) {
          expect(part).toContain("Intro call");
          expect(part).not.toMatch(/\{\w+\}|undefined|null/);
        }
        expect(message.html).toContain(`<html lang="${language}" dir="${language === "ar" ? "rtl" : "ltr"}">`);
        expect(message.text).toContain("Asia/Tokyo");
      }
    });
  }
});
