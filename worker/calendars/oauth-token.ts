/**
 * OAuth 2.0 as Google and Microsoft both speak it: the consent page's URL, and the token endpoint's
 * authorization-code exchange (with the PKCE verifier) and refresh, both form-encoded POSTs answering
 * `{ access_token, expires_in, refresh_token?, id_token?, scope? }`.
 */
import { z } from "zod";
import { fromBase64Url } from "../lib/crypto";
import { type AuthorizationRequest, type ProviderConfig, ProviderError, type ProviderName, type ProviderTokens } from "./provider";
import { fetchOk, label } from "./provider-http";

const tokenAnswer = z.object({
  access_token: z.string().min(1),
  // Entra's v1 endpoint sent it as a string; both providers send a number today.
  expires_in: z.coerce.number().positive(),
  refresh_token: z.string().min(1).optional(),
  id_token: z.string().optional(),
  scope: z.string().optional(),
});

export interface TokenRequest {
  provider: ProviderName;
  operation: "token exchange" | "token refresh";
  /** The grant's own fields; the client's id and secret are added here. */
  form: Record<string, string>;
  /**
   * Scopes the grant must carry. Google lets the user untick scopes on its consent screen
   * (granular consent): a connection without free/busy would look free, so it is refused now.
   */
  requiredScopes?: readonly string[];
}

export async function requestTokens(config: ProviderConfig, request: TokenRequest): Promise<ProviderTokens> {
  const call = {
    provider: request.provider,
    operation: request.operation,
    method: "POST",
    url: config.tokenUrl,
    form: { ...request.form, client_id: config.clientId, client_secret: config.clientSecret },
    endpoint: "token",
  } as const;
  // Counted from before the request, so the expiry errs early, never late.
  const sentAtMs = Date.now();
  const answer = await fetchOk(config, call, tokenAnswer);
  if (answer.scope !== undefined && request.requiredScopes) {
    const granted = new Set(answer.scope.split(/\s+/));
    const missing = request.requiredScopes.filter((scope) => !granted.has(scope));
    if (missing.length > 0) {
      throw new ProviderError("rejected", `${label(call)}: consent lacks ${missing.map(shortScope).join(", ")}`);
    }
  }
  return {
    accessToken: answer.access_token,
    // Google's refresh answers none: the caller keeps the one it holds.
    refreshToken: answer.refresh_token ?? null,
    expiresAtMs: sentAtMs + answer.expires_in * 1000,
    accountEmail: answer.id_token === undefined ? null : emailFromIdToken(answer.id_token),
  };
}

/**
 * The `email` claim of an id_token, unverified on purpose: it came straight from the token endpoint,
 * over TLS, in answer to our own client-authenticated request, which OpenID Connect Core §3.1.3.7
 * accepts in place of checking the signature. Anything unreadable is simply no email.
 */
export function emailFromIdToken(idToken: string): string | null {
  const payload = idToken.split(".")[1];
  if (payload === undefined) return null;
  const bytes = fromBase64Url(payload);
  if (bytes === null) return null;
  try {
    const claims: unknown = JSON.parse(new TextDecoder().decode(bytes));
    const parsed = z.object({ email: z.string().min(3).includes("@") }).safeParse(claims);
    return parsed.success ? parsed.data.email : null;
  } catch {
    return null;
  }
}

/** "https://www.googleapis.com/auth/calendar.freebusy" → "calendar.freebusy", for messages. */
function shortScope(scope: string): string {
  return scope.slice(scope.lastIndexOf("/") + 1);
}

/**
 * The provider's consent page: the authorization code flow with PKCE S256 (client, redirect,
 * scopes, state, challenge), plus the provider's own parameters.
 */
export function authorizationUrlFor(config: ProviderConfig, request: AuthorizationRequest, scopes: readonly string[], extra: Record<string, string>): string {
  const url = new URL(config.authUrl);
  const params = {
    client_id: config.clientId,
    redirect_uri: request.redirectUri,
    response_type: "code",
    scope: scopes.join(" "),
    ...extra,
    state: request.state,
    code_challenge: request.codeChallenge,
    code_challenge_method: "S256",
  };
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url.toString();
}
