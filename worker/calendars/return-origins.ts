/**
 * Where a connection may send the host back (design-calendars.md "Consistency with changes"): a
 * `returnUrl` on the deployment's own origin, on an origin the account embeds the widget on (listed
 * in `allowedOrigins` of any of its booking types), or on one the account lists for itself
 * (`accounts.allowed_origins`, set with `npm run account -- origins`: a partner that only uses the
 * API, with no embed, returns hosts to its own dashboard). Anywhere else would let whoever holds a
 * token send a host, with the outcome in the query, to a site the account never named.
 */
import { sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { ApiError } from "../domain/errors";

/** Throws 400 INVALID_REQUEST naming `returnUrl` unless its origin is ours or one the account allows. */
export async function requireAllowedReturnUrl(db: Database, accountId: string, returnUrl: string, ownOrigin: string): Promise<void> {
  const origin = new URL(returnUrl).origin;
  if (origin === ownOrigin || (await isAccountOrigin(db, accountId, origin))) return;
  throw new ApiError(
    "INVALID_REQUEST",
    `returnUrl: ${origin} is not an origin this account allows. Use ${ownOrigin}, an origin listed in allowedOrigins of one of the account's booking types, or one listed for the account (npm run account -- origins).`,
    {
      details: [
        { path: "returnUrl", message: "must be on this deployment's origin, an origin in a booking type's allowedOrigins, or one listed for the account" },
      ],
    },
  );
}

/**
 * One query: the origins listed for the account, and those of its hosts' booking types (each stored
 * as browsers send it, see originProblem).
 */
async function isAccountOrigin(db: Database, accountId: string, origin: string): Promise<boolean> {
  const found = await db.all<{ found: number }>(sql`
    SELECT 1 AS found FROM accounts
    JOIN json_each(accounts.allowed_origins) AS listed
    WHERE accounts.id = ${accountId} AND accounts.allowed_origins IS NOT NULL AND listed.value = ${origin}
    UNION ALL
    SELECT 1 AS found FROM users
    JOIN booking_types ON booking_types.user_id = users.id
    JOIN json_each(booking_types.allowed_origins) AS listed
    WHERE users.account_id = ${accountId} AND booking_types.allowed_origins IS NOT NULL AND listed.value = ${origin}
    LIMIT 1`);
  return found.length > 0;
}
