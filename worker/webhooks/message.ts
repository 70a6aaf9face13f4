/**
 * The message every receiver gets (design-webhooks.md "The message", the Standard Webhooks
 * specification): the body `{ type, timestamp, data }`, and the signature headers of one attempt.
 * The body is written once, when the event is, and sent byte for byte on every attempt.
 */
import { BoundedMap } from "../lib/bounded-map";
import { toIsoUtc } from "../lib/instants";

/** `whsec_` + base64 of the secret's bytes (the specification's form, which its libraries read). */
const SECRET_PREFIX = "whsec_";
const SECRET_BYTES = 32;

const encoder = new TextEncoder();

/** A fresh signing secret: 32 random bytes, as `whsec_…`. */
export function newSigningSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(SECRET_BYTES));
  return SECRET_PREFIX + btoa(String.fromCharCode(...bytes));
}

/** A new event id ("msg_…"): the message id receivers deduplicate on; never contains a ".". */
export function newEventId(): string {
  return `msg_${crypto.randomUUID().replaceAll("-", "")}`;
}

/** The exact JSON text of an event's body. */
export function messageBody(type: string, atMs: number, data: object): string {
  return JSON.stringify({ type, timestamp: toIsoUtc(atMs), data });
}

/**
 * The headers of one attempt: `webhook-timestamp` is this attempt's time, and `webhook-signature`
 * carries one `v1,` signature per secret (two during a rotation), space-separated.
 */
export async function signedHeaders(eventId: string, body: string, secrets: readonly string[], attemptAtMs: number): Promise<Record<string, string>> {
  const timestamp = String(Math.floor(attemptAtMs / 1000));
  const signatures = await Promise.all(secrets.map((secret) => sign(secret, `${eventId}.${timestamp}.${body}`)));
  return {
    "content-type": "application/json",
    "webhook-id": eventId,
    "webhook-timestamp": timestamp,
    "webhook-signature": signatures.map((signature) => `v1,${signature}`).join(" "),
  };
}

/** HMAC keys by secret: an endpoint signs every message with the same one or two. */
const keys = new BoundedMap<string, Promise<CryptoKey>>(1_000);

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    const keyBytes = Uint8Array.from(atob(secret.slice(SECRET_PREFIX.length)), (char) => char.charCodeAt(0));
    key = crypto.subtle.importKey("raw", keyBytes, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    keys.set(secret, key);
  }
  return key;
}

async function sign(secret: string, content: string): Promise<string> {
  const key = await hmacKey(secret);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(content)));
  return btoa(String.fromCharCode(...mac));
}
