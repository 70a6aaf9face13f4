/**
 * A new token's secret inside its idempotency record. design.md: nothing stored lets anyone rebuild a
 * secret, yet a retry with the same Idempotency-Key must answer the same one. So the record holds the
 * secret sealed with AES-256-GCM under a key derived (HKDF-SHA256) from the calling token's own
 * secret and the request's key: the database alone cannot open it, nor can another token of the same
 * account; the same caller, presenting its secret again with the same key, can.
 */
import type { IdempotencyTicket } from "../domain/idempotency";
import { openText, sealText } from "../lib/crypto";

/** What a sealed secret looks like in a recorded body; a real secret starts with `bk_`, never this. */
const SEALED_PREFIX = "sealed:v1:";
/** A fixed, public salt: HKDF only needs it to separate this use of a caller's secret from any other. */
const SALT = "bookora/token-create-replay/v1";

const encoder = new TextEncoder();

/** Whose request a sealed secret answers: the caller's own bearer secret and the request's ticket. */
export interface Sealer {
  callerSecret: string;
  ticket: IdempotencyTicket;
}

export async function sealSecret(secret: string, sealer: Sealer): Promise<string> {
  return SEALED_PREFIX + (await sealText(secret, await sealingKey(sealer), sealer.ticket.fingerprint));
}

/** The secret, or null when `sealed` was not sealed for this caller, key and request. */
export async function unsealSecret(sealed: string, sealer: Sealer): Promise<string | null> {
  if (!isSealed(sealed)) return null;
  return openText(sealed.slice(SEALED_PREFIX.length), await sealingKey(sealer), sealer.ticket.fingerprint);
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
