/**
 * Signing secrets at rest (design-management.md "Limits and abuse"): sealed with AES-256-GCM by
 * lib/crypto's sealText, as calendar tokens are, each bound to its endpoint (a sealed value copied
 * onto another endpoint's row does not open), so a copy of the database alone signs nothing.
 *
 * The key is derived from MANAGE_TOKEN_KEY, which every deployment already has (it is required, and
 * `npm start`, the tests, e2e and the bench each set one): HMAC(MANAGE_TOKEN_KEY, a label of its own)
 * is the AES key, a one-block KDF, so a new secret to configure is not needed and the two uses stay
 * apart. Changing MANAGE_TOKEN_KEY makes every sealed secret unreadable: its endpoints are sent
 * nothing (each attempt logs why) until their secrets are rotated.
 *
 * A row written before sealing holds its secret as `whsec_…`: it still signs, and the hourly sweep
 * seals it in place (sealPlaintextSecrets).
 */
import { eq, notLike, or, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { webhookEndpoints } from "../db/schema";
import { openText, sealText } from "../lib/crypto";
import { manageTokenKey } from "../manage";

/** What a sealed secret looks like in D1; a plaintext one starts with `whsec_`. */
const SEALED_PREFIX = "sealed:v1:";
const KEY_LABEL = "bookora/webhook-signing-secrets/v1";
/**
 * Rows sealed per hourly sweep, one update each: well inside D1's 1,000 queries per invocation, and
 * the next sweep takes the rest (4,800 rows a day).
 */
const SEALS_PER_SWEEP = 200;

const encoder = new TextEncoder();
/** Deriving the key costs more than using it: one per isolate, for the MANAGE_TOKEN_KEY it came from. */
let derived: { encoded: string | undefined; key: Promise<CryptoKey> } | null = null;

function vaultKey(env: Pick<Env, "MANAGE_TOKEN_KEY">): Promise<CryptoKey> {
  if (derived && derived.encoded === env.MANAGE_TOKEN_KEY) return derived.key;
  const key = manageTokenKey(env.MANAGE_TOKEN_KEY).then(async (hmac) => {
    const bytes = await crypto.subtle.sign("HMAC", hmac, encoder.encode(KEY_LABEL));
    return crypto.subtle.importKey("raw", bytes, "AES-GCM", false, ["encrypt", "decrypt"]);
  });
  const entry = { encoded: env.MANAGE_TOKEN_KEY, key };
  // A missing or malformed key is not remembered: setting it must work without a restart.
  key.catch(() => {
    if (derived === entry) derived = null;
  });
  derived = entry;
  return key;
}

export function sealSigningSecret(env: Pick<Env, "MANAGE_TOKEN_KEY">, endpointId: string, secret: string): Promise<string> {
  return vaultKey(env).then(async (key) => SEALED_PREFIX + (await sealText(secret, key, contextOf(endpointId))));
}

/**
 * The secret as `whsec_…`: opened when sealed, as stored when written before sealing; null when it
 * does not open (another deployment's key, another endpoint's row, tampered).
 */
export async function openSigningSecret(env: Pick<Env, "MANAGE_TOKEN_KEY">, endpointId: string, stored: string): Promise<string | null> {
  if (!stored.startsWith(SEALED_PREFIX)) return stored;
  return openText(stored.slice(SEALED_PREFIX.length), await vaultKey(env), contextOf(endpointId));
}

function sealIfPlain(env: Pick<Env, "MANAGE_TOKEN_KEY">, endpointId: string, stored: string): Promise<string> {
  return stored.startsWith(SEALED_PREFIX) ? Promise.resolve(stored) : sealSigningSecret(env, endpointId, stored);
}

function contextOf(endpointId: string): string {
  return `webhook-signing-secret:${endpointId}`;
}

/**
 * Hourly: seals the secrets still stored in plaintext (rows written before sealing, or put back by
 * hand), up to SEALS_PER_SWEEP. Each update applies only while the row still holds what was read,
 * so a rotation meanwhile is never undone. Never throws: what is left waits for the next sweep.
 */
export async function sealPlaintextSecrets(env: Env, db: Database): Promise<number> {
  try {
    const rows = await db
      .select({ id: webhookEndpoints.id, secret: webhookEndpoints.secret, previousSecret: webhookEndpoints.previousSecret })
      .from(webhookEndpoints)
      .where(or(notLike(webhookEndpoints.secret, `${SEALED_PREFIX}%`), notLike(webhookEndpoints.previousSecret, `${SEALED_PREFIX}%`)))
      .limit(SEALS_PER_SWEEP);
    const sealedRows = await Promise.all(
      rows.map(async (row) => ({
        ...row,
        sealed: await sealIfPlain(env, row.id, row.secret),
        sealedPrevious: row.previousSecret === null ? null : await sealIfPlain(env, row.id, row.previousSecret),
      })),
    );
    const updates = sealedRows.map(({ id, secret, previousSecret, sealed, sealedPrevious }) =>
      db
        .update(webhookEndpoints)
        .set({
          secret: sql`CASE WHEN ${webhookEndpoints.secret} = ${secret} THEN ${sealed} ELSE ${webhookEndpoints.secret} END`,
          previousSecret: sql`CASE WHEN ${webhookEndpoints.previousSecret} = ${previousSecret} THEN ${sealedPrevious} ELSE ${webhookEndpoints.previousSecret} END`,
        })
        .where(eq(webhookEndpoints.id, id)),
    );
    const [first, ...rest] = updates;
    if (first) await db.batch([first, ...rest]);
    return updates.length;
  } catch (error) {
    console.error(JSON.stringify({ message: "webhook secrets not sealed; the next hourly sweep will", error: String(error) }));
    return 0;
  }
}
