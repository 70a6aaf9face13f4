/**
 * What the parts of e-mail (design-notifications.md) hand each other: the facts a message states,
 * gathered from D1 when it is sent; the message composed from them; the calendar file beside it.
 */
import type { Language } from "../locales/languages";

export type NotificationKind = "created" | "rescheduled" | "cancelled" | "reminder";
export type Recipient = "attendee" | "host";

/** Everything one message says, as it is when the message is sent. */
export interface MessageFacts {
  kind: NotificationKind;
  recipient: Recipient;
  /** The reader's language: the attendee's `locale` from the create (else the host's), or the host's. */
  language: Language;
  /** The reader's zone: the attendee's `timeZone` from the create (else the host's), or the host's. */
  timeZone: string;
  /** The host's zone: messages to the attendee show the host's time too when it differs. */
  hostTimeZone: string;
  /** The booking type's title. */
  title: string;
  hostName: string;
  attendeeName: string;
  attendeeEmail: string;
  startMs: number;
  endMs: number;
  /** A reschedule's old time; null otherwise. */
  previous: { startMs: number; endMs: number } | null;
  notes: string | null;
  /** The attendee's answers, labelled by the type's questions, in the questions' order. */
  answers: { label: string; value: string | boolean }[];
  /** The attendee's manage link (messages to the attendee but cancellations); null otherwise. */
  manageUrl: string | null;
}

/** A message ready for a transport: plain text and HTML, the same facts in each. */
export interface ComposedMessage {
  subject: string;
  text: string;
  html: string;
}

/** The calendar file of a message (RFC 5545), one event that calendar clients update rather than add. */
export interface InviteFacts {
  /** One UID for the whole reschedule chain: the first booking's id and the deployment's host name. */
  uid: string;
  /** 0 for the first booking of the chain, one more with every change (reschedule, cancel). */
  sequence: number;
  method: "REQUEST" | "CANCEL";
  startMs: number;
  endMs: number;
  /** When the file was made (DTSTAMP). */
  stampMs: number;
  summary: string;
  description: string;
  organizer: { name: string; email: string };
  attendee: { name: string; email: string };
}

/** One e-mail as a transport sends it. */
export interface OutgoingEmail {
  from: string;
  to: string;
  replyTo?: string;
  subject: string;
  text: string;
  html: string;
  attachments: { filename: string; content: string; contentType: string }[];
}

/**
 * What a send came to: sent; to be tried again (5xx, 429, a time-out, a network failure), after
 * `retryAfterMs` when the provider said; or refused for good (a 4xx that retrying cannot fix).
 */
export type SendOutcome =
  | { status: "sent"; providerId: string | null }
  | { status: "retry"; error: string; retryAfterMs?: number }
  | { status: "rejected"; error: string };

export interface EmailTransport {
  readonly name: "resend" | "cloudflare";
  /** `idempotencyKey` is the outbox row's id: the same on every attempt, so the provider sends once. */
  send(email: OutgoingEmail, idempotencyKey: string): Promise<SendOutcome>;
}
