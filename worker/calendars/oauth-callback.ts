/**
 * GET /oauth/callback/:provider?code&state (design-calendars.md "Connecting"): where the provider
 * sends the host after its consent page. The state is used at most once (cleared in the same
 * statement that finds it) and only within 10 minutes; then the code is exchanged with the flow's
 * PKCE verifier, the tokens sealed, the calendars read, and the connection made active with its
 * primary calendar checked and (unless another calendar of the host already does) receiving events.
 * A bad, expired or reused state, or a refusal at the provider, activates nothing; nor does a
 * browser without the cookie that pressing Continue on our connect page set for this state
 * (browser-binding.ts): its state is used up, and it gets our page, never the partner's returnUrl.
 */
import { and, eq, gt } from "drizzle-orm";
import { type Context, Hono } from "hono";
import { type Database, database } from "../db/client";
import { type CalendarConnectionRow, calendarConnections, connectionCalendars } from "../db/schema";
import { tellHostChanged } from "../host-scheduler/client";
import { clientAddress } from "../http/client-ip";
import type { AppEnv } from "../http/env";
import { badRequestPage, tooManyRequestsPage } from "../http/html-pages";
import { checkRateLimit } from "../http/rate-limit";
import { sha256Hex } from "../lib/crypto";
import { isBoundBrowser, unbindBrowser } from "./browser-binding";
import { redirectUri } from "./config";
import { connectionOutcomePage, OUTCOME_PAGE_CSP, type OutcomeReason } from "./connection-outcome-page";
import { hostHasReceivingCalendar } from "./connection-store";
import { PROVIDERS, ProviderError, type ProviderName } from "./provider";
import { providerFor, vaultOf } from "./providers";
import { openVerifier, sealTokens } from "./token-vault";

type Outcome = { connectionId: string | null; status: "active" | "error"; reason: OutcomeReason | null; returnUrl: string | null };

export const oauthCallbackRoutes = new Hono<AppEnv>().get("/:provider", async (c) => {
  // A browser navigation: limited per client address like the hosted pages.
  const ip = clientAddress(c.req.raw.headers);
  if (ip === null) return c.html(badRequestPage(), 400);
  const verdict = await checkRateLimit(c.env, { kind: "anonymous", ip });
  if (!verdict.allowed) return c.html(tooManyRequestsPage(verdict.retryAfterSeconds), 429, { "Retry-After": String(verdict.retryAfterSeconds) });

  const name = c.req.param("provider") as ProviderName;
  const state = c.req.query("state");
  if (!PROVIDERS.includes(name) || !state) return answer(c, { connectionId: null, status: "error", reason: "invalid_request", returnUrl: null });
  const connection = await takeState(database(c.env.DB), name, state);
  if (!connection) return answer(c, { connectionId: null, status: "error", reason: "invalid_state", returnUrl: null });
  const isBound = await isBoundBrowser(c, { connectionId: connection.id, state });
  unbindBrowser(c, connection.id);
  if (!isBound) {
    // Someone else's consent page, reached without ours: whoever arrives here is not whom the
    // partner's returnUrl expects, and the code they bring is never exchanged.
    await markFailed(c, connection, "consent came back to a browser that had not pressed Continue on the connect page");
    return answer(c, { connectionId: connection.id, status: "error", reason: "other_browser", returnUrl: null });
  }
  const outcome = await complete(c, connection, name);
  return answer(c, outcome);
});

/** The pending connection this state opens, its state cleared in the same statement; null if unknown, used or expired. */
async function takeState(db: Database, provider: ProviderName, state: string): Promise<CalendarConnectionRow | null> {
  const [row] = await db
    .update(calendarConnections)
    .set({ stateHash: null, stateExpiresAt: null })
    .where(
      and(
        eq(calendarConnections.stateHash, await sha256Hex(state)),
        eq(calendarConnections.provider, provider),
        gt(calendarConnections.stateExpiresAt, Date.now()),
      ),
    )
    .returning();
  return row ?? null;
}

/** The flow ends without a connection: the connection shows `error` with why, and its verifier is gone. */
async function markFailed(c: Context<AppEnv>, connection: CalendarConnectionRow, lastError: string): Promise<void> {
  await database(c.env.DB)
    .update(calendarConnections)
    .set({ status: "error", lastError, codeVerifierSealed: null })
    .where(eq(calendarConnections.id, connection.id))
    .run();
}

async function complete(c: Context<AppEnv>, connection: CalendarConnectionRow, name: ProviderName): Promise<Outcome> {
  const db = database(c.env.DB);
  const failed = async (reason: OutcomeReason, lastError: string): Promise<Outcome> => {
    await markFailed(c, connection, lastError);
    return { connectionId: connection.id, status: "error", reason, returnUrl: connection.returnUrl };
  };
  const refusal = c.req.query("error");
  if (refusal) return failed(refusal === "access_denied" ? "access_denied" : "provider_error", `the provider answered ${refusal.slice(0, 60)}`);
  const code = c.req.query("code");
  const provider = providerFor(c.env, name);
  if (!code || !provider || !connection.codeVerifierSealed) return failed("invalid_request", "the provider sent no authorization code");
  const key = await vaultOf(c.env);
  const verifier = await openVerifier(connection.codeVerifierSealed, key, connection.id);
  if (!verifier) return failed("invalid_request", "the authorization could not be verified");
  try {
    const tokens = await provider.exchangeCode(code, verifier, redirectUri(c.env, c.req.url, name));
    const [accountEmail, calendars] = await Promise.all([
      tokens.accountEmail ? Promise.resolve(tokens.accountEmail) : provider.accountEmail(tokens.accessToken),
      provider.listCalendars(tokens.accessToken),
    ]);
    const receivesElsewhere = await hostHasReceivingCalendar(db, connection.hostId, connection.id);
    const sealed = await sealTokens(
      { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresAtMs: tokens.expiresAtMs },
      key,
      connection.id,
    );
    const rows = calendars.map((calendar) => ({
      connectionId: connection.id,
      calendarId: calendar.id,
      name: calendar.name,
      isPrimary: calendar.primary,
      checkForConflicts: calendar.primary,
      receivesEvents: calendar.primary && !receivesElsewhere,
    }));
    await db.batch([
      db.delete(connectionCalendars).where(eq(connectionCalendars.connectionId, connection.id)),
      ...(rows.length > 0 ? [db.insert(connectionCalendars).values(rows)] : []),
      db
        .update(calendarConnections)
        .set({ status: "active", accountEmail, tokensSealed: sealed, codeVerifierSealed: null, lastError: null })
        .where(eq(calendarConnections.id, connection.id)),
    ]);
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    return failed("provider_error", `connecting failed: ${error.failure}`);
  }
  // Its busy times count from the next request on.
  await tellHostChanged(c.env, connection.hostId);
  return { connectionId: connection.id, status: "active", reason: null, returnUrl: connection.returnUrl };
}

/** 303 to the partner's returnUrl with the outcome, or our own small page saying it. */
function answer(c: Context<AppEnv>, outcome: Outcome): Response | Promise<Response> {
  if (outcome.returnUrl) {
    const target = new URL(outcome.returnUrl);
    if (outcome.connectionId) target.searchParams.set("connection", outcome.connectionId);
    target.searchParams.set("status", outcome.status);
    if (outcome.reason) target.searchParams.set("reason", outcome.reason);
    return c.redirect(target.toString(), 303);
  }
  const status = outcome.status === "active" ? 200 : 400;
  return c.html(connectionOutcomePage(outcome), status, {
    "Content-Security-Policy": OUTCOME_PAGE_CSP,
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
  });
}
