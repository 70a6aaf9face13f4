/**
 * A new token's secret inside its idempotency record. design.md: nothing stored lets anyone rebuild a
 * secret, yet a retry with the same Idempotency-Key must answer the same one. So the record holds the
 * secret sealed with AES-256-GCM under a key derived (HKDF-SHA256) from the calling token's own
 * secret and the request's key: the database alone cannot open it, nor can another token of the same
 * account; the same caller, presenting its secret again with the same key, can.
 */
import type { IdempotencyTicket } from "../domain/idempotency";

/** What a sealed secret looks like in a recorded body; a real secret starts with `bk_`, never this. */
const SEALED_PREFIX = "sealed:v1:";
const IV_BYTES = 12;
/** AES-GCM appends a 16-byte tag: anything shorter was never sealed here. */
const TAG_BYTES = 16;
/** A fixed, public salt: HKDF only needs it to separate this use of a caller's secret from any other. */
const SALT = "bookora/token-create-replay/v1";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Whose request a sealed secret answers: the caller's own bearer secret and the request's ticket. */
export interface Sealer {
  callerSecret: string;
  ticket: IdempotencyTicket;
}

export async function sealSecret(secret: string, sealer: Sealer): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const ciphertext = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: encoder.encode(sealer.ticket.fingerprint) },
    await sealingKey(sealer),
    encoder.encode(secret),
  );
  const sealed = new Uint8Array(IV_BYTES + ciphertext.byteLength);
  sealed.set(iv);
  sealed.set(new Uint8Array(ciphertext), IV_BYTES);
  return SEALED_PREFIX + toBase64Url(sealed);
}

/** The secret, or null when `sealed` was not sealed for this caller, key and request. */
export async function unsealSecret(sealed: string, sealer: Sealer): Promise<string | null> {
  if (!isSealed(sealed)) return null;
  const bytes = fromBase64Url(sealed.slice(SEALED_PREFIX.length));
  if (!bytes || bytes.byteLength < IV_BYTES + TAG_BYTES) return null;
  try {
    const plaintext = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: bytes.subarray(0, IV_BYTES), additionalData: encoder.encode(sealer.ticket.fingerprint) },
      await sealingKey(sealer),
      bytes.subarray(IV_BYTES),
    );
    return decoder.decode(plaintext);
  } catch {
    // A wrong key or tampered bytes fail GCM's tag check.
    return null;
  }
}

export function isSealed(value: unknown): value is string {
  return typeof value === "string" && value.startsWith(SEALED_PREFIX);
}

/** One AES key per (caller secret, method, path, Idempotency-Key); never stored, derived again on replay. */
async function sealingKey({ callerSecret, ticket }: Sealer): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey("raw", encoder.encode(callerSecret), "HKDF", false, ["deriveKey"]);
  return crypto.subtle.deriveKey(
    { name: "HKDF", hash: "SHA-256", salt: encoder.encode(SALT), info: encoder.encode(JSON.stringify([ticket.method, ticket.path, ticket.idempotencyKey])) },
    material,
    { name: "AES-GCM", length: 256 },
    false,
    ["encrypt", "decrypt"],
  );
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(text.length / 4) * 4, "="));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}
