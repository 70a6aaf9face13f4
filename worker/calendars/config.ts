/**
 * Which providers this deployment can connect, from its vars and secrets (design-calendars.md
 * "Configuration"). A provider without a client id is not configured: connecting it is a 400 that
 * says so, and `npm start` works with none. Every URL can point elsewhere (tests, the local fakes,
 * sovereign clouds); Bookora calls no provider URL outside this table.
 */

import { publicOrigin } from "../lib/public-origin";
import type { ProviderConfig, ProviderName } from "./provider";

declare global {
  namespace Cloudflare {
    interface Env {
      GOOGLE_CLIENT_ID?: string;
      GOOGLE_CLIENT_SECRET?: string;
      MICROSOFT_CLIENT_ID?: string;
      MICROSOFT_CLIENT_SECRET?: string;
      /** base64 of 32 random bytes: the AES-GCM key of the providers' tokens at rest. */
      CALENDAR_TOKEN_KEY?: string;
      /** Our origin, for redirect URIs; the request's origin when unset. */
      PUBLIC_URL?: string;
      GOOGLE_AUTH_URL?: string;
      GOOGLE_TOKEN_URL?: string;
      GOOGLE_CALENDAR_API?: string;
      GOOGLE_REVOKE_URL?: string;
      MICROSOFT_AUTH_URL?: string;
      MICROSOFT_TOKEN_URL?: string;
      MICROSOFT_GRAPH_API?: string;
    }
  }
}

/** design-calendars.md: a provider that has not answered in 3 seconds is failing. */
export const PROVIDER_TIMEOUT_MS = 3_000;

const DEFAULTS = {
  google: {
    authUrl: "https://accounts.google.com/o/oauth2/v2/auth",
    tokenUrl: "https://oauth2.googleapis.com/token",
    apiUrl: "https://www.googleapis.com/calendar/v3",
    revokeUrl: "https://oauth2.googleapis.com/revoke",
  },
  microsoft: {
    authUrl: "https://login.microsoftonline.com/common/oauth2/v2.0/authorize",
    tokenUrl: "https://login.microsoftonline.com/common/oauth2/v2.0/token",
    apiUrl: "https://graph.microsoft.com/v1.0",
  },
} as const;

/** The provider's configuration, or null when this deployment has no client for it. */
export function providerConfig(env: Env, provider: ProviderName): ProviderConfig | null {
  // Late-bound, so a test's spy on the global fetch is the one called.
  const outsideFetch: typeof fetch = (input, init) => globalThis.fetch(input, init);
  if (provider === "google") {
    if (!env.GOOGLE_CLIENT_ID || !env.GOOGLE_CLIENT_SECRET) return null;
    return {
      clientId: env.GOOGLE_CLIENT_ID,
      clientSecret: env.GOOGLE_CLIENT_SECRET,
      authUrl: env.GOOGLE_AUTH_URL || DEFAULTS.google.authUrl,
      tokenUrl: env.GOOGLE_TOKEN_URL || DEFAULTS.google.tokenUrl,
      apiUrl: env.GOOGLE_CALENDAR_API || DEFAULTS.google.apiUrl,
      revokeUrl: env.GOOGLE_REVOKE_URL || DEFAULTS.google.revokeUrl,
      fetch: outsideFetch,
      timeoutMs: PROVIDER_TIMEOUT_MS,
    };
  }
  if (!env.MICROSOFT_CLIENT_ID || !env.MICROSOFT_CLIENT_SECRET) return null;
  return {
    clientId: env.MICROSOFT_CLIENT_ID,
    clientSecret: env.MICROSOFT_CLIENT_SECRET,
    authUrl: env.MICROSOFT_AUTH_URL || DEFAULTS.microsoft.authUrl,
    tokenUrl: env.MICROSOFT_TOKEN_URL || DEFAULTS.microsoft.tokenUrl,
    apiUrl: env.MICROSOFT_GRAPH_API || DEFAULTS.microsoft.apiUrl,
    fetch: outsideFetch,
    timeoutMs: PROVIDER_TIMEOUT_MS,
  };
}

/** Where the provider sends the host back: `<PUBLIC_URL or the request's origin>/oauth/callback/<provider>`. */
export function redirectUri(env: Env, requestUrl: string, provider: ProviderName): string {
  return `${publicOrigin(env, requestUrl)}/oauth/callback/${provider}`;
}
