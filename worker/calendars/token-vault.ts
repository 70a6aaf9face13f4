/**
 * The providers' tokens at rest (design-calendars.md "Connecting"): sealed with AES-256-GCM under
 * CALENDAR_TOKEN_KEY, each bound to its connection (a sealed value copied onto another row does not
 * open). Only this module sees them in the clear; they never reach an answer or a log.
 */
import { keyBytes32, openText, sealText } from "../lib/crypto";

export interface StoredTokens {
  accessToken: string;
  refreshToken: string | null;
  expiresAtMs: number;
}

/** Why tokens could not be sealed or opened: the deployment's key is missing or wrong. */
export class VaultKeyError extends Error {}

/** The AES key of CALENDAR_TOKEN_KEY (base64 or base64url of 32 random bytes). */
export async function vaultKey(encoded: string | undefined): Promise<CryptoKey> {
  const bytes = keyBytes32(encoded);
  if (!bytes) {
    throw new VaultKeyError("CALENDAR_TOKEN_KEY must be set to the base64 of 32 random bytes (openssl rand -base64 32).");
  }
  return crypto.subtle.importKey("raw", bytes, "AES-GCM", false, ["encrypt", "decrypt"]);
}

export function sealTokens(tokens: StoredTokens, key: CryptoKey, connectionId: string): Promise<string> {
  return sealText(JSON.stringify(tokens), key, `calendar-tokens:${connectionId}`);
}

/** The tokens, or null when they do not open (another key, another row, tampered). */
export async function openTokens(sealed: string, key: CryptoKey, connectionId: string): Promise<StoredTokens | null> {
  const text = await openText(sealed, key, `calendar-tokens:${connectionId}`);
  return text === null ? null : (JSON.parse(text) as StoredTokens);
}

/** The PKCE verifier of an open OAuth flow, sealed like the tokens. */
export function sealVerifier(verifier: string, key: CryptoKey, connectionId: string): Promise<string> {
  return sealText(verifier, key, `pkce-verifier:${connectionId}`);
}

export function openVerifier(sealed: string, key: CryptoKey, connectionId: string): Promise<string | null> {
  return openText(sealed, key, `pkce-verifier:${connectionId}`);
}
