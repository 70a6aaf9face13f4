/**
 * Manage tokens (design.md "HTTP contract"): an attendee's key to one booking and to what it is
 * rescheduled to. A token is HMAC-SHA256(MANAGE_TOKEN_KEY, booking id), so a replayed create can
 * answer the same token again without anything storing it; D1 keeps only the token's SHA-256 (a
 * rescheduled booking inherits it). Without the deployment's key, nothing stored rebuilds a token.
 */

import { MANAGE_TOKEN_PREFIX } from "../http/auth";
import { keyBytes32, toBase64Url } from "../lib/crypto";

declare global {
  namespace Cloudflare {
    interface Env {
      /** base64 of 32 random bytes: the HMAC key manage tokens are derived with (a secret in production). */
      MANAGE_TOKEN_KEY?: string;
    }
  }
}

/** The deployment has no usable MANAGE_TOKEN_KEY: public creates cannot hand out a token. */
export class ManageTokenKeyError extends Error {}

export const MANAGE_TOKEN_KEY_HELP =
  "MANAGE_TOKEN_KEY must be set to the base64 of 32 random bytes (openssl rand -base64 32 | npx wrangler secret put MANAGE_TOKEN_KEY); without it no public booking can be made.";

const encoder = new TextEncoder();
/** Importing the key costs more than using it: one per isolate, for the value it was imported from. */
let imported: { encoded: string; key: Promise<CryptoKey> } | null = null;

/** The HMAC key of MANAGE_TOKEN_KEY (base64 or base64url of exactly 32 bytes); throws ManageTokenKeyError otherwise. */
export function manageTokenKey(encoded: string | undefined): Promise<CryptoKey> {
  if (imported && imported.encoded === encoded) return imported.key;
  const bytes = keyBytes32(encoded);
  if (!encoded || !bytes) return Promise.reject(new ManageTokenKeyError(MANAGE_TOKEN_KEY_HELP));
  const key = crypto.subtle.importKey("raw", bytes, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  imported = { encoded, key };
  return key;
}

/** The manage token of the booking created as `bookingId`: `bkm_` + base64url of its HMAC (256 bits). */
export async function manageTokenFor(bookingId: string, key: CryptoKey): Promise<string> {
  // The label keeps these MACs apart from anything else the key might ever sign.
  const mac = await crypto.subtle.sign("HMAC", key, encoder.encode(`bookora/manage-token/v1:${bookingId}`));
  return MANAGE_TOKEN_PREFIX + toBase64Url(new Uint8Array(mac));
}

/** `<origin>/manage/<bookingId>#<token>`: in the fragment, the token never reaches a server log or a Referer. */
export function manageUrl(origin: string, bookingId: string, token: string): string {
  return `${origin}/manage/${bookingId}#${token}`;
}
