/**
 * Secrets: random tokens, their SHA-256 fingerprints, constant-time comparison, and AES-GCM sealing.
 * Tokens are shown once and only their hashes are stored, so a leaked database grants nothing.
 */
const encoder = new TextEncoder();

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", encoder.encode(text));
  return toHex(new Uint8Array(digest));
}

/** `prefix` + 32 random bytes in base64url (256 bits: unguessable, URL and header safe). */
export function randomToken(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return prefix + toBase64Url(bytes);
}

/** Compares two strings without an early exit, so timing does not reveal how much matched. */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = encoder.encode(a);
  const right = encoder.encode(b);
  if (left.byteLength !== right.byteLength) return false;
  return crypto.subtle.timingSafeEqual(left, right);
}

function toHex(bytes: Uint8Array): string {
  let hex = "";
  for (const byte of bytes) hex += byte.toString(16).padStart(2, "0");
  return hex;
}

export function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  const binary = atob(
    text
      .replace(/-/g, "+")
      .replace(/_/g, "/")
      .padEnd(Math.ceil(text.length / 4) * 4, "="),
  );
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

/** A deployment key given as base64 or base64url of exactly 32 random bytes (`openssl rand -base64 32`); null when it is not one. */
export function keyBytes32(encoded: string | undefined): Uint8Array | null {
  const bytes = encoded ? fromBase64Url(encoded.trim().replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")) : null;
  return bytes && bytes.byteLength === 32 ? bytes : null;
}

const IV_BYTES = 12;
/** AES-GCM appends a 16-byte tag: anything shorter was never sealed. */
const TAG_BYTES = 16;

/**
 * `plaintext` encrypted with AES-256-GCM under `key`, bound to `context` (additional data: the
 * sealed text opens only for the same context), as base64url of IV + ciphertext + tag.
 */
export async function sealText(plaintext: string, key: CryptoKey, context: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const ciphertext = await crypto.subtle.encrypt({ name: "AES-GCM", iv, additionalData: encoder.encode(context) }, key, encoder.encode(plaintext));
  const sealed = new Uint8Array(IV_BYTES + ciphertext.byteLength);
  sealed.set(iv);
  sealed.set(new Uint8Array(ciphertext), IV_BYTES);
  return toBase64Url(sealed);
}

/** The plaintext of `sealed`, or null for a wrong key, another context or tampered bytes. */
export async function openText(sealed: string, key: CryptoKey, context: string): Promise<string | null> {
  const bytes = fromBase64Url(sealed);
  if (!bytes || bytes.byteLength < IV_BYTES + TAG_BYTES) return null;
  try {
    const plaintext = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: bytes.subarray(0, IV_BYTES), additionalData: encoder.encode(context) },
      key,
      bytes.subarray(IV_BYTES),
    );
    return new TextDecoder().decode(plaintext);
  } catch {
    return null; // GCM's tag check failed
  }
}
