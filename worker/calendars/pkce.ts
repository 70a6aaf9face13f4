/**
 * PKCE for the calendar OAuth flows (RFC 7636): a random code verifier kept server-side with the
 * `state`, and its S256 challenge sent in the authorization URL. A stolen authorization code is
 * then useless without the verifier. WebCrypto only, so it runs in workerd and in Node alike.
 */
const encoder = new TextEncoder();

/** 32 random bytes in base64url: 43 characters, inside RFC 7636's 43–128 and its unreserved alphabet. */
export function createCodeVerifier(): string {
  return base64UrlEncode(crypto.getRandomValues(new Uint8Array(32)));
}

/** base64url(SHA-256(verifier)) without padding: the `code_challenge` for `code_challenge_method=S256`. */
export async function codeChallengeS256(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", encoder.encode(verifier));
  return base64UrlEncode(new Uint8Array(digest));
}

export function base64UrlEncode(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Decodes base64url (padded or not) to bytes; throws on characters outside the alphabet. */
export function base64UrlDecode(text: string): Uint8Array {
  const base64 = text.replace(/-/g, "+").replace(/_/g, "/");
  const binary = atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}
