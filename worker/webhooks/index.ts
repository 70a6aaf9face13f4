/**
 * Signed webhooks (design-webhooks.md): endpoints, booking events, the dispatcher object and its
 * delivery log. The one way in for the rest of the Worker.
 */
export { bookingCancelledEvent, bookingCreatedEvent, bookingRescheduledEvent, committedFor } from "./booking-events";
export type { BookingEvent, EventSource } from "./booking-events";
export { EventHandover } from "./event-handover";
export { handOverOverdue, sweepWebhookLog } from "./outbox";
export { webhookMessages } from "./message-schemas";
export { WEBHOOKS_TAG } from "./responses";
export { webhookEndpointOperations, webhookEndpointRoutes } from "./routes";
export { sealPlaintextSecrets } from "./secret-vault";
export { resumeDispatchers } from "./wake-sweep";
