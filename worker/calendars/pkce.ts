/**
 * PKCE for the calendar OAuth flows (RFC 7636): a random code verifier kept server-side with the
 * `state`, and its S256 challenge sent in the authorization URL. A stolen authorization code is
 * then useless without the verifier. WebCrypto only, so it runs in workerd and in Node alike.
 */
import { toBase64Url } from "../lib/crypto";

const encoder = new TextEncoder();

/** 32 random bytes in base64url: 43 characters, inside RFC 7636's 43–128 and its unreserved alphabet. */
export function createCodeVerifier(): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(32)));
}

/** base64url(SHA-256(verifier)) without padding: the `code_challenge` for `code_challenge_method=S256`. */
export async function codeChallengeS256(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", encoder.encode(verifier));
  return toBase64Url(new Uint8Array(digest));
}
