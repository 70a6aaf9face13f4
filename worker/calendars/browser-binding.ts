/**
 * The cookie that ties an OAuth flow to the browser that pressed Continue on our connect page
 * (design-calendars.md "Consistency with changes"): the callback completes a connection only when
 * this browser sends it back with the state. Its value is an HMAC of the connection and the state
 * under a key derived from CALENDAR_TOKEN_KEY, so nobody can make one without pressing Continue, and
 * it is worth nothing once the state is used (the callback clears the state in the statement that
 * reads it). Nothing is stored for it.
 */
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { CookieOptions, CookiePrefixOptions } from "hono/utils/cookie";
import type { AppEnv } from "../http/env";
import { constantTimeEqual, keyBytes32, toBase64Url } from "../lib/crypto";
import { vaultOf } from "./providers";

/** Sent to /oauth/connect and /oauth/callback only. */
const COOKIE_PATH = "/oauth";
/** design-calendars.md: the state lives 10 minutes, and the cookie never outlives it. */
const MAX_AGE_SECONDS = 600;
const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);
const encoder = new TextEncoder();

/**
 * Secure everywhere but plain http on this machine (`npm start`, the e2e suite). Chromium keeps a
 * Secure cookie from http://127.0.0.1 (checked with Chromium 156), but WebKit drops it, and the
 * local demo should work in any browser. A Secure cookie also gets the `__Secure-` prefix, so a
 * cookie set over plain http (by someone on the network) can never stand in for it.
 */
function cookieOptions(c: Context<AppEnv>): CookieOptions & { prefix?: CookiePrefixOptions } {
  const url = new URL(c.req.url);
  const isSecure = url.protocol === "https:" || !LOCAL_HOSTS.has(url.hostname);
  return { path: COOKIE_PATH, httpOnly: true, sameSite: "Lax", ...(isSecure ? { secure: true, prefix: "secure" } : {}) };
}

function cookieName(connectionId: string): string {
  return `bookora_oauth_${connectionId}`;
}

/** Sets the cookie for this flow, living until the state expires (at most 10 minutes). */
export async function bindBrowser(c: Context<AppEnv>, flow: { connectionId: string; state: string; stateExpiresAt: number }): Promise<void> {
  const maxAge = Math.min(MAX_AGE_SECONDS, Math.max(0, Math.floor((flow.stateExpiresAt - Date.now()) / 1000)));
  // SameSite=Lax: the provider sends the browser back with a top-level GET, which Lax allows and Strict does not.
  setCookie(c, cookieName(flow.connectionId), await proofOf(c.env, flow.connectionId, flow.state), { ...cookieOptions(c), maxAge });
}

/** True when this request carries the cookie that pressing Continue set for this connection and state. */
export async function isBoundBrowser(c: Context<AppEnv>, flow: { connectionId: string; state: string }): Promise<boolean> {
  const sent = getCookie(c, cookieName(flow.connectionId), cookieOptions(c).prefix);
  return sent !== undefined && constantTimeEqual(sent, await proofOf(c.env, flow.connectionId, flow.state));
}

/** The flow is over (whatever its outcome): the browser forgets its cookie. */
export function unbindBrowser(c: Context<AppEnv>, connectionId: string): void {
  deleteCookie(c, cookieName(connectionId), cookieOptions(c));
}

/** base64url(HMAC-SHA-256(key, connection and state)). */
async function proofOf(env: Env, connectionId: string, state: string): Promise<string> {
  const signature = await crypto.subtle.sign("HMAC", await bindingKey(env), encoder.encode(`oauth-browser:${connectionId}:${state}`));
  return toBase64Url(new Uint8Array(signature));
}

/**
 * An HMAC key derived (HKDF) from CALENDAR_TOKEN_KEY: no new secret to set, and never the AES key of
 * the tokens itself.
 */
async function bindingKey(env: Env): Promise<CryptoKey> {
  // The same clear 400 as everywhere else when the key is missing or malformed.
  await vaultOf(env);
  const bytes = keyBytes32(env.CALENDAR_TOKEN_KEY)!;
  const base = await crypto.subtle.importKey("raw", bytes, "HKDF", false, ["deriveKey"]);
  return crypto.subtle.deriveKey(
    { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0), info: encoder.encode("bookora oauth browser binding") },
    base,
    { name: "HMAC", hash: "SHA-256", length: 256 },
    false,
    ["sign"],
  );
}
