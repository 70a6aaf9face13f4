/**
 * Small Web-API helpers the fake providers share (answers, request bodies, ids, a hang that ends
 * when the caller gives up). Web APIs only: the fakes run inside workerd in tests and in Node for
 * the e2e server.
 */

export function jsonAnswer(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json; charset=UTF-8", ...headers } });
}

export function htmlAnswer(html: string, status = 200): Response {
  return new Response(html, { status, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

export function emptyAnswer(status = 204): Response {
  return new Response(null, { status });
}

export function redirectAnswer(location: string): Response {
  return new Response(null, { status: 302, headers: { Location: location } });
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/** The form body of a token request, or null when it is not form-encoded (the providers refuse JSON there). */
export async function readForm(request: Request): Promise<URLSearchParams | null> {
  const type = request.headers.get("Content-Type") ?? "";
  if (!type.toLowerCase().startsWith("application/x-www-form-urlencoded")) return null;
  // Decoded by hand: workerd warns when .text() reads a body whose type is not text.
  return new URLSearchParams(new TextDecoder().decode(await request.arrayBuffer()));
}

/** The JSON object body of an API request, or null when there is none or it is not an object. */
export async function readJsonObject(request: Request): Promise<Record<string, unknown> | null> {
  try {
    const body: unknown = JSON.parse(await request.text());
    return isRecord(body) ? body : null;
  } catch {
    return null;
  }
}

export function bearerToken(request: Request): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.get("Authorization") ?? "");
  return match?.[1] ?? null;
}

export function randomBase64Url(byteCount: number): string {
  return base64UrlOfBytes(crypto.getRandomValues(new Uint8Array(byteCount)));
}

export function base64UrlOfBytes(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function base64UrlOfText(text: string): string {
  return base64UrlOfBytes(new TextEncoder().encode(text));
}

/** Random base32hex (a–v, 0–9): the alphabet of Google's event ids. */
export function randomBase32Hex(length: number): string {
  const alphabet = "0123456789abcdefghijklmnopqrstuv";
  return [...crypto.getRandomValues(new Uint8Array(length))].map((byte) => alphabet[byte % 32]).join("");
}

/**
 * Resolves when the caller aborts the request (its timeout fired, or the client hung up), or after
 * `limitMs` so a request whose signal never fires does not hang a test run forever.
 */
export function untilAborted(signal: AbortSignal, limitMs: number): Promise<"aborted" | "limit"> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve("aborted");
    const timer = setTimeout(() => resolve("limit"), limitMs);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve("aborted");
    });
  });
}

/** Epoch ms from an RFC 3339 instant that carries its offset (or Z); null otherwise. */
export function parseInstant(text: unknown): number | null {
  if (typeof text !== "string" || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
