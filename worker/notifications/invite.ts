/**
 * `invite.ics`, the calendar file beside a message (design-notifications.md): one event that Gmail,
 * Outlook and Apple Calendar add on the confirmation, then move on a reschedule and remove on a
 * cancellation, because every file of a booking's reschedule chain has the same UID and a higher
 * SEQUENCE (RFC 5545, with RFC 5546's REQUEST and CANCEL).
 */
import { icsFold, icsText, icsUtc } from "../lib/icalendar-text";
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
    `DTSTAMP:${icsUtc(facts.stampMs)}`,
    `DTSTART:${icsUtc(facts.startMs)}`,
    `DTEND:${icsUtc(facts.endMs)}`,
    `SUMMARY:${icsText(facts.summary)}`,
    `DESCRIPTION:${icsText(facts.description)}`,
    `ORGANIZER;CN=${param(facts.organizer.name)}:mailto:${facts.organizer.email}`,
    // RSVP=FALSE: nothing reads replies, so clients are not asked to send one.
    `ATTENDEE;CN=${param(facts.attendee.name)};ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:mailto:${facts.attendee.email}`,
    `STATUS:${isCancel ? "CANCELLED" : "CONFIRMED"}`,
    "END:VEVENT",
    "END:VCALENDAR",
  ]
    .map((line) => `${icsFold(line)}\r\n`)
    .join("");
}

/**
 * A parameter value cannot hold DQUOTE or a line break at all, and holds ";", ":" or "," only
 * between quotes (§3.1, §3.2): "Doe, Jane" unquoted would end CN at the comma.
 */
function param(value: string): string {
  const safe = value.replace(/["\r\n]/g, "");
  return /[;:,]/.test(safe) ? `"${safe}"` : safe;
}
