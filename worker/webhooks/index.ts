/**
 * Signed webhooks (design-webhooks.md): endpoints, booking events, the dispatcher object and its
 * delivery log. The one way in for the rest of the Worker, and for the benchmarks' Workers.
 */

export type { BookingEvent, EventSource } from "./booking-events";
export { bookingCancelledEvent, bookingCreatedEvent, bookingRescheduledEvent, committedFor } from "./booking-events";
export type { NewDelivery } from "./delivery-log";
export { webhookDispatcher } from "./dispatcher-client";
export { EventHandover } from "./event-handover";
export { webhookMessages } from "./message-schemas";
export { HANDED_OVER_KEPT_MS, handOverOverdue, sweepWebhookLog } from "./outbox";
export { WEBHOOKS_TAG } from "./responses";
export { webhookEndpointOperations, webhookEndpointRoutes } from "./routes";
export { sealPlaintextSecrets } from "./secret-vault";
export { resumeDispatchers } from "./wake-sweep";
