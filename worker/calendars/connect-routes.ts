/**
 * /oauth/connect (design-calendars.md "Consistency with changes"): the page a connection's
 * `authorizationUrl` opens, and its Continue. GET shows, for an open flow, which host of which
 * account the calendar would join (connect-page.ts). POST, accepted only from that page, sets the
 * cookie that binds the flow to this browser (browser-binding.ts) and answers 303 to the provider's
 * consent page with the state and the PKCE challenge. A link sent to someone else therefore shows
 * them whom they would connect to, and a provider URL passed on without our page completes nothing.
 */
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { database } from "../db/client";
import type { AppEnv } from "../http/env";
import { pageRateLimit } from "../http/page-middleware";
import { sha256Hex } from "../lib/crypto";
import { publicOrigin } from "../lib/public-origin";
import { bindBrowser } from "./browser-binding";
import { providerConfig, redirectUri } from "./config";
import { connectPage, connectPageCsp } from "./connect-page";
import { connectionOutcomePage, OUTCOME_PAGE_CSP, type OutcomeReason } from "./connection-outcome-page";
import { findOpenFlow, type OpenFlow } from "./connection-store";
import { codeChallengeS256 } from "./pkce";
import { providerFor, vaultOf } from "./providers";
import { openVerifier } from "./token-vault";

/** Our form holds one field, the state: anything much larger is not it. */
const FORM_MAX_BYTES = 4 * 1024;

export const connectPageRoutes = new Hono<AppEnv>()
  .use("*", pageRateLimit())
  .get("/", async (c) => {
    const state = c.req.query("state");
    const flow = await openFlow(c, state);
    if (!flow || !state) return refusal(c, "invalid_state", 400);
    const config = providerConfig(c.env, flow.connection.provider);
    if (!config) return refusal(c, "provider_error", 400);
    const returnUrl = flow.connection.returnUrl;
    const page = connectPage({
      state,
      provider: flow.connection.provider,
      hostName: flow.hostName,
      accountName: flow.accountName,
      returnHost: returnUrl && new URL(returnUrl).host,
    });
    return c.html(page, 200, {
      "Content-Security-Policy": connectPageCsp(config.authUrl),
      "X-Frame-Options": "DENY",
      "Cache-Control": "no-store",
      // Not no-referrer: with it, browsers send `Origin: null` on the form's POST, which then
      // cannot be told from another site's. The state in this URL still never leaves our origin.
      "Referrer-Policy": "same-origin",
    });
  })
  .post("/", bodyLimit({ maxSize: FORM_MAX_BYTES, onError: (c) => refusal(c, "invalid_request", 400) }), async (c) => {
    if (!isFromOurPage(c)) return refusal(c, "not_from_page", 403);
    const state = await formState(c);
    const flow = await openFlow(c, state);
    if (!flow || !state) return refusal(c, "invalid_state", 400);
    const provider = providerFor(c.env, flow.connection.provider);
    if (!provider) return refusal(c, "provider_error", 400);
    const { connection } = flow;
    const verifier = connection.codeVerifierSealed ? await openVerifier(connection.codeVerifierSealed, await vaultOf(c.env), connection.id) : null;
    if (!verifier) return refusal(c, "invalid_request", 400);
    const consentUrl = provider.authorizationUrl({
      state,
      codeChallenge: await codeChallengeS256(verifier),
      redirectUri: redirectUri(c.env, c.req.url, connection.provider),
    });
    await bindBrowser(c, { connectionId: connection.id, state, stateExpiresAt: connection.stateExpiresAt ?? 0 });
    // The provider is not told the connect page's address (a Referer on the redirected request).
    c.header("Referrer-Policy", "no-referrer");
    c.header("Cache-Control", "no-store");
    return c.redirect(consentUrl, 303);
  });

/** The form's `state`; undefined for a body that is not our form (unparseable, another shape). */
async function formState(c: Context<AppEnv>): Promise<string | undefined> {
  try {
    const form = await c.req.parseBody();
    return typeof form.state === "string" ? form.state : undefined;
  } catch {
    return undefined;
  }
}

async function openFlow(c: Context<AppEnv>, state: string | undefined): Promise<OpenFlow | undefined> {
  if (!state || state.length > 100) return undefined;
  return findOpenFlow(database(c.env.DB), await sha256Hex(state), Date.now());
}

/**
 * Continue counts only when pressed on our own page: another site's form (a login-CSRF or a
 * consent page reached without ours) comes with its own Origin, or `null`, and `Sec-Fetch-Site:
 * cross-site`. Every browser sends Origin on a POST.
 */
function isFromOurPage(c: Context<AppEnv>): boolean {
  const site = c.req.header("sec-fetch-site");
  if (site !== undefined && site !== "same-origin") return false;
  const origin = c.req.header("origin");
  return origin !== undefined && (origin === new URL(c.req.url).origin || origin === new URL(publicOrigin(c.env, c.req.url)).origin);
}

function refusal(c: Context<AppEnv>, reason: OutcomeReason, status: 400 | 403) {
  return c.html(connectionOutcomePage({ status: "error", reason }), status, {
    "Content-Security-Policy": OUTCOME_PAGE_CSP,
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
  });
}
