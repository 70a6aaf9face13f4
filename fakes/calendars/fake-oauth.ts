/**
 * The OAuth 2.0 side of a fake provider: the authorize page (a consent screen a person or
 * Playwright clicks through), the authorization-code exchange with its PKCE check, the refresh (with
 * Microsoft's rotation), revocation, and the bearer check of API calls with the scopes they need.
 * Both fakes configure one; the wire shapes are the providers' (research/calendars.md §1, §2).
 */
import { consentPage } from "./fake-consent-page";
import { base64UrlOfBytes, base64UrlOfText, escapeHtml, htmlAnswer, jsonAnswer, randomBase64Url, readForm, redirectAnswer } from "./fake-http";

export interface FakeOAuthSettings {
  /** "Fake Google": the consent page's title. */
  title: string;
  clientId: string;
  clientSecret: string;
  accountEmail: string;
  /** The authorize endpoint's absolute URL; approve and deny live beside it (`…/approve`, `…/deny`). */
  authorizeUrl: string;
  accessTokenLifetimeSeconds: number;
  now: () => number;
  /** Microsoft: each refresh answers a new refresh token, and the one used stops working. */
  rotatesRefreshTokens: boolean;
  /** Whether the grant gets a refresh token (Google: access_type=offline; Microsoft: offline_access). */
  issuesRefreshToken: (authorize: URLSearchParams) => boolean;
  /** Microsoft's refresh must name the scopes again. */
  refreshNeedsScope: boolean;
  /** Google's consent page lets the user untick scopes (granular consent). */
  granularConsent: boolean;
  /** Provider-specific checks of the authorize request: an error detail, or null. */
  checkAuthorize: (params: URLSearchParams) => string | null;
  /** The scope name an API check compares (Graph's "https://graph.microsoft.com/User.Read" is "User.Read"). */
  normaliseScope: (scope: string) => string;
  /** Fields the token answer carries beside the standard ones (Microsoft's ext_expires_in). */
  extraTokenFields: (lifetimeSeconds: number) => Record<string, unknown>;
}

export interface IssuedToken {
  token: string;
  grantId: number;
  active: boolean;
  expiresAtMs: number | null;
}

interface Grant {
  id: number;
  scopes: string[];
  revoked: boolean;
}

interface PendingCode {
  redirectUri: string;
  scopes: string[];
  codeChallenge: string;
  issuesRefreshToken: boolean;
  expiresAtMs: number;
  used: boolean;
}

/** Authorization codes live 10 minutes, as Google's and Entra's do. */
const CODE_LIFETIME_MS = 10 * 60 * 1000;

export class FakeOAuth {
  #grants: Grant[] = [];
  #codes = new Map<string, PendingCode>();
  #accessTokens = new Map<string, { grantId: number; expiresAtMs: number }>();
  #refreshTokens = new Map<string, { grantId: number; active: boolean }>();

  constructor(
    private readonly settings: FakeOAuthSettings,
    private readonly autoApprove: () => boolean,
  ) {}

  reset(): void {
    this.#grants = [];
    this.#codes.clear();
    this.#accessTokens.clear();
    this.#refreshTokens.clear();
  }

  /** GET authorize: the consent page, or straight to the redirect when auto-approving. */
  authorize(url: URL): Response {
    const problem = this.#checkAuthorize(url.searchParams);
    if (problem !== null) return problem;
    if (this.autoApprove() || url.searchParams.get("fake_auto_approve") === "1") return this.approve(url);
    return htmlAnswer(consentPage(this.settings, url.searchParams));
  }

  /** GET …/approve: issues a code and redirects to redirect_uri with `code` and `state`. */
  approve(url: URL): Response {
    const params = url.searchParams;
    const problem = this.#checkAuthorize(params);
    if (problem !== null) return problem;
    const requested = scopesOf(params.get("scope"));
    // The consent form sends the boxes left ticked; a direct GET grants everything asked for.
    const scopes =
      this.settings.granularConsent && params.has("consent_form") ? requested.filter((scope) => params.getAll("granted_scope").includes(scope)) : requested;
    const code = this.issueCode({
      redirectUri: params.get("redirect_uri") ?? "",
      scopes,
      codeChallenge: params.get("code_challenge") ?? "",
      issuesRefreshToken: this.settings.issuesRefreshToken(params),
    });
    const target = new URL(params.get("redirect_uri") ?? "");
    target.searchParams.set("code", code);
    target.searchParams.set("state", params.get("state") ?? "");
    if (this.settings.granularConsent) target.searchParams.set("scope", scopes.join(" "));
    return redirectAnswer(target.toString());
  }

  /** GET …/deny: the user said no. */
  deny(url: URL): Response {
    const problem = this.#checkAuthorize(url.searchParams);
    if (problem !== null) return problem;
    const target = new URL(url.searchParams.get("redirect_uri") ?? "");
    target.searchParams.set("error", "access_denied");
    target.searchParams.set("error_description", "The user denied access.");
    target.searchParams.set("state", url.searchParams.get("state") ?? "");
    return redirectAnswer(target.toString());
  }

  /** A code as if the user consented, for tests that skip the page. */
  issueCode(code: Omit<PendingCode, "expiresAtMs" | "used">): string {
    const value = `fake-code-${randomBase64Url(24)}`;
    this.#codes.set(value, { ...code, expiresAtMs: this.settings.now() + CODE_LIFETIME_MS, used: false });
    return value;
  }

  /** POST token: grant_type authorization_code (with the PKCE verifier) or refresh_token. */
  async token(request: Request): Promise<Response> {
    const form = await readForm(request);
    if (form === null) return oauthError(400, "invalid_request", "The request body must be application/x-www-form-urlencoded.");
    const client = clientCredentials(request, form);
    if (client.id !== this.settings.clientId || client.secret !== this.settings.clientSecret) {
      return oauthError(401, "invalid_client", "The OAuth client was not found or its secret is wrong.");
    }
    const grantType = form.get("grant_type");
    if (grantType === "authorization_code") return this.#exchange(form);
    if (grantType === "refresh_token") return this.#refresh(form);
    return oauthError(400, "unsupported_grant_type", "Invalid grant_type.");
  }

  /** POST revoke (Google): the token's whole grant stops working. */
  async revoke(request: Request): Promise<Response> {
    const form = await readForm(request);
    const token = form?.get("token") ?? new URL(request.url).searchParams.get("token");
    const grantId = token === null ? undefined : (this.#accessTokens.get(token)?.grantId ?? this.#refreshTokens.get(token)?.grantId);
    const grant = this.#grants.find((candidate) => candidate.id === grantId);
    if (grant === undefined || grant.revoked) return oauthError(400, "invalid_token", "Token expired or revoked");
    grant.revoked = true;
    return jsonAnswer({});
  }

  /** The bearer check of an API call: "ok", or why it is refused. */
  check(token: string | null, anyOfScopes: readonly string[]): "ok" | "unauthorized" | "insufficient_scope" {
    const access = token === null ? undefined : this.#accessTokens.get(token);
    const grant = this.#grants.find((candidate) => candidate.id === access?.grantId);
    if (access === undefined || grant === undefined || grant.revoked || access.expiresAtMs <= this.settings.now()) return "unauthorized";
    const granted = grant.scopes.map(this.settings.normaliseScope);
    return anyOfScopes.some((scope) => granted.includes(scope)) ? "ok" : "insufficient_scope";
  }

  /** Every token issued, and whether it still works. */
  tokens(): { accessTokens: IssuedToken[]; refreshTokens: IssuedToken[] } {
    const revoked = (grantId: number) => this.#grants.find((grant) => grant.id === grantId)?.revoked ?? true;
    const now = this.settings.now();
    return {
      accessTokens: [...this.#accessTokens].map(([token, access]) => ({
        token,
        grantId: access.grantId,
        expiresAtMs: access.expiresAtMs,
        active: !revoked(access.grantId) && access.expiresAtMs > now,
      })),
      refreshTokens: [...this.#refreshTokens].map(([token, refresh]) => ({
        token,
        grantId: refresh.grantId,
        expiresAtMs: null,
        active: refresh.active && !revoked(refresh.grantId),
      })),
    };
  }

  async #exchange(form: URLSearchParams): Promise<Response> {
    const code = this.#codes.get(form.get("code") ?? "");
    if (code === undefined || code.used || code.expiresAtMs <= this.settings.now()) {
      return oauthError(400, "invalid_grant", "Malformed auth code.");
    }
    code.used = true;
    if (form.get("redirect_uri") !== code.redirectUri) return oauthError(400, "invalid_grant", "redirect_uri does not match the authorization request.");
    const verifier = form.get("code_verifier");
    if (verifier === null || !/^[A-Za-z0-9._~-]{43,128}$/.test(verifier)) return oauthError(400, "invalid_request", "code_verifier is missing or malformed.");
    if ((await s256(verifier)) !== code.codeChallenge) return oauthError(400, "invalid_grant", "Invalid code verifier.");
    const grant: Grant = { id: this.#grants.length + 1, scopes: code.scopes, revoked: false };
    this.#grants.push(grant);
    return this.#tokenAnswer(grant, code.issuesRefreshToken);
  }

  #refresh(form: URLSearchParams): Response {
    const token = form.get("refresh_token") ?? "";
    const refresh = this.#refreshTokens.get(token);
    const grant = this.#grants.find((candidate) => candidate.id === refresh?.grantId);
    if (refresh === undefined || !refresh.active || grant === undefined || grant.revoked) {
      return oauthError(400, "invalid_grant", "Token has been expired or revoked.");
    }
    if (this.settings.refreshNeedsScope && !form.get("scope")) return oauthError(400, "invalid_request", "The request must contain scope.");
    if (this.settings.rotatesRefreshTokens) refresh.active = false;
    return this.#tokenAnswer(grant, this.settings.rotatesRefreshTokens);
  }

  #tokenAnswer(grant: Grant, withRefreshToken: boolean): Response {
    const lifetime = this.settings.accessTokenLifetimeSeconds;
    const accessToken = `fake-access-${randomBase64Url(24)}`;
    this.#accessTokens.set(accessToken, { grantId: grant.id, expiresAtMs: this.settings.now() + lifetime * 1000 });
    const body: Record<string, unknown> = {
      access_token: accessToken,
      expires_in: lifetime,
      token_type: "Bearer",
      scope: grant.scopes.join(" "),
      ...this.settings.extraTokenFields(lifetime),
    };
    if (withRefreshToken) {
      const refreshToken = `fake-refresh-${randomBase64Url(24)}`;
      this.#refreshTokens.set(refreshToken, { grantId: grant.id, active: true });
      body.refresh_token = refreshToken;
    }
    if (grant.scopes.includes("openid") || grant.scopes.includes("email")) body.id_token = this.#idToken();
    return jsonAnswer(body, 200, { "Cache-Control": "no-store" });
  }

  /** Shaped like the real one (three base64url parts); the signature is not a real signature. */
  #idToken(): string {
    const part = (value: unknown) => base64UrlOfText(JSON.stringify(value));
    const nowSeconds = Math.floor(this.settings.now() / 1000);
    const claims = {
      iss: "fake",
      aud: this.settings.clientId,
      sub: "fake-user-1",
      email: this.settings.accountEmail,
      email_verified: true,
      iat: nowSeconds,
      exp: nowSeconds + 3600,
    };
    return `${part({ alg: "RS256", typ: "JWT", kid: "fake" })}.${part(claims)}.${randomBase64Url(32)}`;
  }

  /** Errors the providers show as a page, not a redirect: a bad client or redirect_uri must not be redirected to. */
  #checkAuthorize(params: URLSearchParams): Response | null {
    const fail = (status: number, error: string, detail: string) =>
      htmlAnswer(
        `<!doctype html><title>${escapeHtml(this.settings.title)}: error</title><h1>Error ${status}: ${error}</h1><p>${escapeHtml(detail)}</p>`,
        status,
      );
    if (params.get("client_id") !== this.settings.clientId) return fail(401, "invalid_client", "The OAuth client was not found.");
    if (!isHttpUrl(params.get("redirect_uri"))) return fail(400, "invalid_request", "redirect_uri must be an absolute http(s) URL.");
    if (params.get("response_type") !== "code") return fail(400, "unsupported_response_type", "response_type must be code.");
    if (scopesOf(params.get("scope")).length === 0) return fail(400, "invalid_scope", "scope is missing.");
    if (!params.get("state")) return fail(400, "invalid_request", "This fake requires state.");
    if (!/^[A-Za-z0-9_-]{43,128}$/.test(params.get("code_challenge") ?? "")) return fail(400, "invalid_request", "code_challenge is missing or malformed.");
    if (params.get("code_challenge_method") !== "S256") return fail(400, "invalid_request", "code_challenge_method must be S256.");
    const detail = this.settings.checkAuthorize(params);
    return detail === null ? null : fail(400, "invalid_request", detail);
  }
}

/** The OAuth error body both providers' token endpoints answer. */
export function oauthError(status: number, error: string, description: string, headers: Record<string, string> = {}): Response {
  return jsonAnswer({ error, error_description: description }, status, headers);
}

/** The token endpoint's view of a fault (OAuth error bodies, not the API envelope). */
export function oauthFaultAnswer(fault: { fault: string; status?: number; retryAfter?: string | number }): Response {
  const retryAfter: Record<string, string> = fault.retryAfter === undefined ? {} : { "Retry-After": String(fault.retryAfter) };
  switch (fault.fault) {
    case "unauthorized":
      return oauthError(401, "invalid_client", "Unauthorized");
    case "invalid_grant":
      return oauthError(400, "invalid_grant", "Token has been expired or revoked.");
    case "rate_limited":
      return oauthError(429, "rate_limit_exceeded", "Too many requests.", { "Retry-After": String(fault.retryAfter ?? 30) });
    case "unavailable":
      return oauthError(503, "temporarily_unavailable", "The service is temporarily unavailable.", retryAfter);
    case "server_error":
      return oauthError(fault.status ?? 500, "server_error", "Internal error.");
    default:
      return oauthError(400, "invalid_request", "Bad Request");
  }
}

export function scopesOf(scope: string | null): string[] {
  return (scope ?? "").split(/\s+/).filter((part) => part !== "");
}

function clientCredentials(request: Request, form: URLSearchParams): { id: string | null; secret: string | null } {
  const basic = /^Basic\s+(\S+)$/i.exec(request.headers.get("Authorization") ?? "");
  if (basic?.[1] !== undefined) {
    const [id = null, secret = null] = atob(basic[1]).split(":").map(decodeURIComponent);
    return { id, secret };
  }
  return { id: form.get("client_id"), secret: form.get("client_secret") };
}

/** Computed here, not with ../pkce.ts, so a bug there cannot agree with itself. */
async function s256(verifier: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
  return base64UrlOfBytes(digest);
}

function isHttpUrl(value: string | null): boolean {
  try {
    return value !== null && /^https?:$/.test(new URL(value).protocol);
  } catch {
    return false;
  }
}
