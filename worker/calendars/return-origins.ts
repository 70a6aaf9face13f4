/**
 * Where a connection may send the host back (design-calendars.md "Consistency with changes"): a
 * `returnUrl` on the deployment's own origin, or on an origin the account embeds the widget on
 * (listed in `allowedOrigins` of any of its booking types). Anywhere else would let whoever holds a
 * token send a host, with the outcome in the query, to a site the account never named. Accounts
 * have no list of their own: the embed origins are the sites an account has already vouched for,
 * and a second list to keep in step would be one more thing to get wrong.
 */
import { sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { ApiError } from "../errors";

/** Throws 400 INVALID_REQUEST naming `returnUrl` unless its origin is ours or one of the account's embed origins. */
export async function requireAllowedReturnUrl(db: Database, accountId: string, returnUrl: string, ownOrigin: string): Promise<void> {
  const origin = new URL(returnUrl).origin;
  if (origin === ownOrigin || (await isEmbedOrigin(db, accountId, origin))) return;
  throw new ApiError(
    "INVALID_REQUEST",
    `returnUrl: ${origin} is not an origin this account allows. Use ${ownOrigin}, or an origin listed in allowedOrigins of one of the account's booking types.`,
    { details: [{ path: "returnUrl", message: "must be on this deployment's origin or an origin in a booking type's allowedOrigins" }] },
  );
}

/** One query: the account's hosts, their types and each listed origin (stored as browsers send it, see originProblem). */
async function isEmbedOrigin(db: Database, accountId: string, origin: string): Promise<boolean> {
  const found = await db.all<{ found: number }>(sql`
    SELECT 1 AS found FROM users
    JOIN booking_types ON booking_types.user_id = users.id
    JOIN json_each(booking_types.allowed_origins) AS listed
    WHERE users.account_id = ${accountId} AND booking_types.allowed_origins IS NOT NULL AND listed.value = ${origin}
    LIMIT 1`);
  return found.length > 0;
}
