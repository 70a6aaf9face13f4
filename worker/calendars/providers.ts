/**
 * The provider a connection speaks through, as this deployment configures it, and the key its
 * tokens are sealed with. A provider without a client, or a missing key, is a clear 400: the
 * partner learns what the deployment lacks instead of meeting a failure later.
 */
import { ApiError } from "../domain/errors";
import { providerConfig } from "./config";
import { googleProvider } from "./google";
import { microsoftProvider } from "./microsoft";
import type { CalendarProvider, ProviderName } from "./provider";
import { VaultKeyError, vaultKey } from "./token-vault";

const NAMES: Record<ProviderName, { title: string; vars: string }> = {
  google: { title: "Google", vars: "GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET" },
  microsoft: { title: "Microsoft", vars: "MICROSOFT_CLIENT_ID and MICROSOFT_CLIENT_SECRET" },
};

/** The provider, or null when this deployment has no OAuth client for it. */
export function providerFor(env: Env, name: ProviderName): CalendarProvider | null {
  const config = providerConfig(env, name);
  if (!config) return null;
  return name === "google" ? googleProvider(config) : microsoftProvider(config);
}

/** The provider, or 400 INVALID_REQUEST naming the settings that would enable it. */
export function configuredProvider(env: Env, name: ProviderName): CalendarProvider {
  const provider = providerFor(env, name);
  if (provider) return provider;
  throw new ApiError("INVALID_REQUEST", `provider: ${NAMES[name].title} calendars are not set up on this deployment (it needs ${NAMES[name].vars}).`, {
    details: [{ path: "provider", message: "is not configured on this deployment" }],
  });
}

/** The key of the providers' tokens at rest, or 400 INVALID_REQUEST when the deployment has none. */
export async function vaultOf(env: Env): Promise<CryptoKey> {
  try {
    return await vaultKey(env.CALENDAR_TOKEN_KEY);
  } catch (error) {
    if (error instanceof VaultKeyError) throw new ApiError("INVALID_REQUEST", `Calendars cannot be connected on this deployment: ${error.message}`);
    throw error;
  }
}
