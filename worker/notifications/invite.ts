/**
 * `invite.ics`, the calendar file beside a message (design-notifications.md): one event that Gmail,
 * Outlook and Apple Calendar add on the confirmation, then move on a reschedule and remove on a
 * cancellation, because every file of a booking's reschedule chain has the same UID and a higher
 * SEQUENCE (RFC 5545, with RFC 5546's REQUEST and CANCEL).
 */
import type { InviteFacts } from "./message-facts";

/** "<first booking's id>@book.example.com": one UID for the whole chain, unique across deployments. */
export function inviteUid(rootBookingId: string, origin: string): string {
  return `${rootBookingId}@${new URL(origin).hostname}`;
}

/** The event as an iCalendar file: CRLF line endings, times in UTC. */
export function inviteFile(facts: InviteFacts): string {
  const isCancel = facts.method === "CANCEL";
  return [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Bookora//EN",
    `METHOD:${facts.method}`,
    "BEGIN:VEVENT",
    `UID:${facts.uid}`,
    `SEQUENCE:${facts.sequence}`,
    `DTSTAMP:${utc(facts.stampMs)}`,
    `DTSTART:${utc(facts.startMs)}`,
    `DTEND:${utc(facts.endMs)}`,
    `SUMMARY:${text(facts.summary)}`,
    `DESCRIPTION:${text(facts.description)}`,
    `ORGANIZER;CN=${param(facts.organizer.name)}:mailto:${facts.organizer.email}`,
    // RSVP=FALSE: nothing reads replies, so clients are not asked to send one.
    `ATTENDEE;CN=${param(facts.attendee.name)};ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:mailto:${facts.attendee.email}`,
    `STATUS:${isCancel ? "CANCELLED" : "CONFIRMED"}`,
    "END:VEVENT",
    "END:VCALENDAR",
  ]
    .map((line) => `${fold(line)}\r\n`)
    .join("");
}

/** "20261207T090000Z": an instant as a UTC DATE-TIME in basic format (§3.3.5, form #2). */
const utc = (instantMs: number) => new Date(instantMs).toISOString().replace(/[-:]|\.\d+/g, "");

/**
 * TEXT values escape backslash, ";", "," and newlines (§3.3.11). A lone CR is a newline too: left
 * as it is, some readers end the content line there and read what follows as a property.
 */
const text = (value: string) => value.replace(/[\\;,]/g, "\\$&").replace(/\r\n|\r|\n/g, "\\n");

/**
 * A parameter value cannot hold DQUOTE or a line break at all, and holds ";", ":" or "," only
 * between quotes (§3.1, §3.2): "Doe, Jane" unquoted would end CN at the comma.
 */
function param(value: string): string {
  const safe = value.replace(/["\r\n]/g, "");
  return /[;:,]/.test(safe) ? `"${safe}"` : safe;
}

/** Lines longer than 75 octets continue on the next line after CRLF and a space, never inside a UTF-8 character (§3.1). */
function fold(line: string): string {
  let folded = "";
  let octets = 0;
  for (const char of line) {
    const code = char.codePointAt(0)!;
    const size = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    if (octets + size > 75) {
      folded += "\r\n ";
      octets = 1;
    }
    folded += char;
    octets += size;
  }
  return folded;
}
