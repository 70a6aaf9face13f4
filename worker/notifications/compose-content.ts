/**
 * What a message says, worded in the reader's language, before it becomes plain text or HTML: both
 * parts are rendered from this one content, so they state the same facts.
 */
import { fill } from "../locales/format";
import type { MailMessages } from "../locales/messages";
import { MAIL_TABLES } from "../locales/tables";
import { meetingTime, subjectTime } from "./compose-times";
import type { MessageFacts, NotificationKind, Recipient } from "./message-facts";

/** One labelled fact; `isPast` marks a time that no longer holds (a reschedule's old time). */
export interface MessageRow {
  label: string;
  value: string;
  isPast?: boolean;
}

export interface MessageContent {
  subject: string;
  greeting: string;
  intro: string;
  rows: MessageRow[];
  manage: { intro: string; linkText: string; url: string } | null;
  /** The line about invite.ics; null where no calendar file goes with the message (reminders). */
  inviteNote: string | null;
}

type MailKey = keyof MailMessages;

/** The subject and opening sentence of each message there is (design-notifications.md "Messages": the host gets no reminder). */
const WORDING: Record<Recipient, Partial<Record<NotificationKind, { subject: MailKey; intro: MailKey }>>> = {
  attendee: {
    created: { subject: "attendeeCreatedSubject", intro: "attendeeCreatedIntro" },
    rescheduled: { subject: "attendeeRescheduledSubject", intro: "attendeeRescheduledIntro" },
    cancelled: { subject: "attendeeCancelledSubject", intro: "attendeeCancelledIntro" },
    reminder: { subject: "attendeeReminderSubject", intro: "attendeeReminderIntro" },
  },
  host: {
    created: { subject: "hostCreatedSubject", intro: "hostCreatedIntro" },
    rescheduled: { subject: "hostRescheduledSubject", intro: "hostRescheduledIntro" },
    cancelled: { subject: "hostCancelledSubject", intro: "hostCancelledIntro" },
  },
};

/**
 * The invite.ics line by kind: a reminder comes without a calendar file, and so does every message
 * to the host (a connected calendar already holds the event; a second file would duplicate it).
 */
const INVITE_NOTE: Record<NotificationKind, MailKey | null> = {
  created: "inviteAttached",
  rescheduled: "inviteUpdateAttached",
  cancelled: "inviteCancelAttached",
  reminder: null,
};

export function messageContent(facts: MessageFacts): MessageContent {
  const t = MAIL_TABLES[facts.language];
  const wording = WORDING[facts.recipient][facts.kind];
  if (!wording) throw new Error(`no ${facts.kind} message to the ${facts.recipient}`);
  const inviteNote = facts.recipient === "host" ? null : INVITE_NOTE[facts.kind];
  const names = { title: facts.title, host: facts.hostName, attendee: facts.attendeeName };
  const isHost = facts.recipient === "host";
  return {
    subject: fill(t[wording.subject], { ...names, when: subjectTime(facts.startMs, facts.timeZone, facts.language) }),
    greeting: fill(t.greeting, { name: isHost ? facts.hostName : facts.attendeeName }),
    intro: fill(t[wording.intro], names),
    rows: factRows(facts, t),
    // The link manages a booking that is still on: not for the host, nor once it is cancelled.
    manage: isHost || facts.kind === "cancelled" ? null : manageLink(facts.manageUrl, t),
    inviteNote: inviteNote && t[inviteNote],
  };
}

function factRows(facts: MessageFacts, t: MailMessages): MessageRow[] {
  const time = (startMs: number, endMs: number, zone: string) => meetingTime(startMs, endMs, zone, facts.language, t);
  const rows: MessageRow[] = [{ label: t.what, value: facts.title }];
  if (facts.recipient === "host") rows.push({ label: t.bookedFor, value: fill(t.nameAndEmail, { name: facts.attendeeName, email: facts.attendeeEmail }) });
  else rows.push({ label: t.host, value: facts.hostName });
  rows.push({ label: facts.previous ? t.newTime : t.when, value: time(facts.startMs, facts.endMs, facts.timeZone) });
  if (facts.previous) rows.push({ label: t.previousTime, value: time(facts.previous.startMs, facts.previous.endMs, facts.timeZone), isPast: true });
  // The attendee's zone may not be the host's: both read the same meeting, as on the widget's confirmation.
  if (facts.recipient === "attendee" && facts.hostTimeZone !== facts.timeZone)
    rows.push({ label: t.hostTime, value: time(facts.startMs, facts.endMs, facts.hostTimeZone) });
  if (facts.notes) rows.push({ label: t.notes, value: facts.notes });
  for (const answer of facts.answers)
    rows.push({ label: answer.label, value: typeof answer.value === "boolean" ? (answer.value ? t.yes : t.no) : answer.value });
  return rows;
}

/**
 * The manage link, only over https (or a local demo's http://127.0.0.1): a URL of any other scheme
 * (`javascript:`) or plain http elsewhere is left out rather than put in front of the reader.
 */
function manageLink(url: string | null, t: MailMessages): MessageContent["manage"] {
  if (!url || !URL.canParse(url)) return null;
  const parsed = new URL(url);
  const isSafe = parsed.protocol === "https:" || (parsed.protocol === "http:" && parsed.hostname === "127.0.0.1");
  return isSafe ? { intro: t.manageIntro, linkText: t.manageLink, url: parsed.href } : null;
}
