/** E-mail to attendees and hosts (design-notifications.md): the one way in for the rest of the Worker. */
export type { ComposedMessage, EmailTransport, InviteFacts, MessageFacts, NotificationKind, OutgoingEmail, Recipient, SendOutcome } from "./message-facts";
