/**
 * "Add to calendar" for a booked meeting, made in the browser: an iCalendar file (RFC 5545) and
 * links that open Google Calendar's and Outlook's new-event forms already filled in. Shared by the
 * widget's confirmation and the manage page.
 */

import { icsFold, icsText, icsUtc } from "../worker/lib/icalendar-text";
import { fill } from "../worker/locales/format";
import type { WidgetMessages } from "../worker/locales/messages";

export interface CalendarEntry {
  bookingId: string;
  /** UTC instants, ISO-8601. */
  start: string;
  end: string;
  title: string;
  host: string;
  attendee: { name: string; email: string };
  /** The attendee's manage link. It holds their token, so it goes only into the file made here. */
  manageUrl?: string;
  /** The attendee's language's words for the event (their calendar shows them). */
  wording: Pick<WidgetMessages, "eventTitle" | "eventNote" | "keepLink">;
}

/** "Intro call with Jun Hepulou": the event's title everywhere. */
const summary = (entry: CalendarEntry) => fill(entry.wording.eventTitle, { title: entry.title, host: entry.host });

/** What third parties' forms get instead of the manage link: "Bookora booking <id>". */
const note = (entry: CalendarEntry) => fill(entry.wording.eventNote, { reference: entry.bookingId });

/** Parameter values cannot hold DQUOTE; quoted, they may hold ":", ";" and "," (§3.2). */
const param = (value: string) => `"${value.replace(/["\r\n]/g, "")}"`;

/** The meeting as a one-event iCalendar file, CRLF line endings, times in UTC. */
export function icsFile(entry: CalendarEntry, now = Date.now()): string {
  const origin = entry.manageUrl ? new URL(entry.manageUrl).hostname : "bookora";
  // The title, then on a line of its own what the link is for, and the link.
  const description = entry.manageUrl ? `${summary(entry)}\n${entry.wording.keepLink} ${entry.manageUrl}` : summary(entry);
  return [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Bookora//EN",
    "METHOD:PUBLISH",
    "BEGIN:VEVENT",
    `UID:${entry.bookingId}@${origin}`,
    `DTSTAMP:${icsUtc(now)}`,
    `DTSTART:${icsUtc(entry.start)}`,
    `DTEND:${icsUtc(entry.end)}`,
    `SUMMARY:${icsText(summary(entry))}`,
    `DESCRIPTION:${icsText(description)}`,
    // The host's address is not public: the organizer is named, with a no-reply address of ours.
    `ORGANIZER;CN=${param(entry.host)}:mailto:noreply@${origin}`,
    `ATTENDEE;CN=${param(entry.attendee.name)}:mailto:${entry.attendee.email}`,
    "END:VEVENT",
    "END:VCALENDAR",
  ]
    .map((line) => icsFold(line) + "\r\n")
    .join("");
}

/** A `data:` URL of the file, for a download link (no object URL to revoke, nothing fetched). */
export function icsHref(entry: CalendarEntry): string {
  return `data:text/calendar;charset=utf-8,${encodeURIComponent(icsFile(entry))}`;
}

/** Google Calendar's event form, filled in. No manage link: it would hand the token to a third party's URL. */
export function googleCalendarUrl(entry: CalendarEntry): string {
  const query = new URLSearchParams({ action: "TEMPLATE", text: summary(entry), dates: `${icsUtc(entry.start)}/${icsUtc(entry.end)}`, details: note(entry) });
  return `https://calendar.google.com/calendar/render?${query}`;
}

/** Outlook on the web's event form (outlook.live.com), filled in; no manage link, as for Google. */
export function outlookCalendarUrl(entry: CalendarEntry): string {
  const query = new URLSearchParams({ rru: "addevent", subject: summary(entry), startdt: entry.start, enddt: entry.end, body: note(entry) });
  return `https://outlook.live.com/calendar/0/action/compose?${query}`;
}
