/** Attachments travel as base64 (Resend's `content`, the Email Service binding's string `content`). */

/** The base64 of `text`'s UTF-8 bytes: btoa alone takes Latin-1 only and throws on "Zoë" or "会議". */
export function base64OfUtf8(text: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}
