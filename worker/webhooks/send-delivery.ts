/**
 * One delivery sent by a run of the WebhookDispatcher (design-webhooks.md "Delivery"): what the run
 * sends with (the endpoint's URL still allowed and its signing secrets opened, or why nothing may
 * be sent), the signed attempt, and what the delivery becomes: delivered, tried again later on the
 * retry schedule, or failed once the schedule is used up.
 */
import type { WebhookEndpointRow } from "../db/schema";
import { attemptDelivery } from "./attempt";
import { retrySchedule } from "./config";
import type { AttemptRecord, DeliveryRow, DeliveryState } from "./delivery-log";
import { signedHeaders } from "./message";
import { receiverRules, receiverUrlRefusal } from "./receiver-url";
import { retryDelayMs } from "./retry-timing";
import { openSigningSecret } from "./secret-vault";

/** The endpoint's secrets opened for a run, or why the run may send nothing. */
export type Sending = { secrets: string[] } | { refusal: string };

/** What sending uses of the dispatcher; read each time, as tests set them on the object. */
export interface SendParts {
  env: Env;
  clock(): number;
  /** How long an attempt waits for the receiver. */
  timeoutMs(): number;
  /** The retry jitter's source. */
  random(): number;
}

/**
 * What a run sends with: the endpoint's secrets opened, or why nothing may be sent (its URL is
 * refused, as the API would refuse it now, or its secret does not open with this deployment's key).
 */
export async function sendingRules(parts: SendParts, endpoint: WebhookEndpointRow): Promise<Sending> {
  const urlRefusal = receiverUrlRefusal(endpoint.url, receiverRules(parts.env));
  if (urlRefusal) return { refusal: `not sent: the endpoint's url ${urlRefusal}; change it with PATCH` };
  const secrets = await signingSecrets(parts.env, endpoint, parts.clock());
  if (!secrets) return { refusal: "not sent: the signing secret does not open with this deployment's MANAGE_TOKEN_KEY; rotate the secret" };
  return { secrets };
}

/** One attempt at a delivery (or its refusal, recorded as a failed attempt) and the delivery's next state. */
export async function sendDelivery(parts: SendParts, endpoint: WebhookEndpointRow, sending: Sending, delivery: DeliveryRow): Promise<AttemptRecord> {
  const atMs = parts.clock();
  const result =
    "refusal" in sending
      ? { verdict: "failed" as const, statusCode: null, durationMs: 0, response: null, error: sending.refusal, retryAfterMs: null }
      : await attemptDelivery(endpoint.url, await signedHeaders(delivery.eventId, delivery.body, sending.secrets, atMs), delivery.body, parts.timeoutMs());
  let next: DeliveryState = { status: "delivered" };
  if (result.verdict !== "delivered") {
    const failures = delivery.failures + 1;
    const delayMs = retryDelayMs(retrySchedule(parts.env), failures, result.retryAfterMs, parts.random);
    next = delayMs === null ? { status: "failed", failures } : { status: "pending", failures, nextAttemptAt: parts.clock() + delayMs };
  }
  return { eventId: delivery.eventId, atMs, result, next };
}

/**
 * The current secret, and the previous one during the 24 hours after a rotation, opened; null when
 * the current one does not open (a previous one that does not is left out).
 */
async function signingSecrets(env: Env, endpoint: WebhookEndpointRow, atMs: number): Promise<string[] | null> {
  const current = await openSigningSecret(env, endpoint.id, endpoint.secret);
  if (current === null) return null;
  const overlap = endpoint.previousSecret !== null && (endpoint.previousSecretExpiresAt ?? 0) > atMs;
  const previous = overlap ? await openSigningSecret(env, endpoint.id, endpoint.previousSecret!) : null;
  return previous === null ? [current] : [current, previous];
}
