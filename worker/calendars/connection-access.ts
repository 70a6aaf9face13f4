/**
 * Calling a provider as a connection: its access token opened from the vault and refreshed a
 * minute before it expires (a Microsoft refresh answers a new refresh token, which replaces the
 * old at once), one more try after a 401, and the connection's status kept honest: a refused
 * refresh (`invalid_grant`) is `needs_reauth`, a failing provider `error`, a working one `active`.
 * Runs inside the host's Durable Object, so one host's refreshes never race each other.
 */
import { eq } from "drizzle-orm";
import type { Database } from "../db/client";
import { type CalendarConnectionRow, type ConnectionStatus, calendarConnections } from "../db/schema";
import { type CalendarProvider, ProviderError } from "./provider";
import { providerFor } from "./providers";
import { openTokens, type StoredTokens, sealTokens, vaultKey } from "./token-vault";

/** Refresh this long before the provider's expiry, so a call never starts with a dying token. */
const REFRESH_MARGIN_MS = 60_000;

export interface ConnectionContext {
  env: Env;
  db: Database;
  nowMs: () => number;
}

/** What a connection's provider call gets: the provider and a working access token. */
export type ProviderCall<T> = (provider: CalendarProvider, accessToken: string) => Promise<T>;

/**
 * Runs `call` as `connection`, refreshing its token when due or refused once; records the
 * connection's status from the outcome. Throws ProviderError when the provider fails.
 */
export async function asConnection<T>(context: ConnectionContext, connection: CalendarConnectionRow, call: ProviderCall<T>): Promise<T> {
  const provider = providerFor(context.env, connection.provider);
  if (!provider) throw new ProviderError("rejected", `${connection.provider} is no longer configured on this deployment`);
  const key = await vaultKey(context.env.CALENDAR_TOKEN_KEY);
  const tokens = connection.tokensSealed ? await openTokens(connection.tokensSealed, key, connection.id) : null;
  if (!tokens) throw new ProviderError("rejected", "the connection holds no usable tokens");
  try {
    let current = tokens.expiresAtMs - context.nowMs() < REFRESH_MARGIN_MS ? await refreshed(context, connection, provider, tokens, key) : tokens;
    let result: T;
    try {
      result = await call(provider, current.accessToken);
    } catch (error) {
      if (!(error instanceof ProviderError) || error.failure !== "unauthorized") throw error;
      current = await refreshed(context, connection, provider, current, key);
      result = await call(provider, current.accessToken);
    }
    await setStatus(context, connection, "active", null);
    return result;
  } catch (error) {
    if (error instanceof ProviderError) {
      const status: ConnectionStatus = error.failure === "invalid_grant" ? "needs_reauth" : "error";
      await setStatus(context, connection, status, `${error.failure}: ${error.message}`.slice(0, 300));
    }
    throw error;
  }
}

async function refreshed(
  context: ConnectionContext,
  connection: CalendarConnectionRow,
  provider: CalendarProvider,
  tokens: StoredTokens,
  key: CryptoKey,
): Promise<StoredTokens> {
  if (!tokens.refreshToken) throw new ProviderError("invalid_grant", "the connection has no refresh token");
  const fresh = await provider.refresh(tokens.refreshToken);
  const next: StoredTokens = { accessToken: fresh.accessToken, refreshToken: fresh.refreshToken ?? tokens.refreshToken, expiresAtMs: fresh.expiresAtMs };
  const sealed = await sealTokens(next, key, connection.id);
  // Saved before use: Microsoft has already retired the old refresh token.
  await context.db.update(calendarConnections).set({ tokensSealed: sealed }).where(eq(calendarConnections.id, connection.id)).run();
  connection.tokensSealed = sealed;
  return next;
}

/** Writes the status only when it changes (and the sync time at most once a minute). */
async function setStatus(context: ConnectionContext, connection: CalendarConnectionRow, status: ConnectionStatus, lastError: string | null): Promise<void> {
  const nowMs = context.nowMs();
  const syncedRecently = status === "active" && connection.lastSyncedAt !== null && nowMs - connection.lastSyncedAt < 60_000;
  if (connection.status === status && connection.lastError === lastError && (status !== "active" || syncedRecently)) return;
  const changes = { status, lastError, ...(status === "active" ? { lastSyncedAt: nowMs } : {}) };
  await context.db.update(calendarConnections).set(changes).where(eq(calendarConnections.id, connection.id)).run();
  Object.assign(connection, changes);
}
