/** E-mail to attendees and hosts (design-notifications.md): the one way in for the rest of the Worker. */
import "./mail-env";

export { notificationsOf } from "./booking-notifications";
export type { ComposedMessage, EmailTransport, InviteFacts, MessageFacts, NotificationKind, OutgoingEmail, Recipient, SendOutcome } from "./message-facts";
export { type ChangeRecipients, notificationsForCancel, notificationsForCreate, notificationsForReschedule } from "./outbox";
export { SETTLED_MESSAGES_KEPT_MS, sweepSettledNotifications } from "./outbox-expiry";
export { hostsWithOverdueMail } from "./overdue";
export { sendDueNotifications } from "./send-due";
export { emailTransport } from "./transports";
