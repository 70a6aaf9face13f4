/**
 * Finding the host a management call names, as its token may see it (design-management.md "Details
 * that clients rely on"): a host the token cannot see is NOT_FOUND; one it sees without the scope
 * is 403 FORBIDDEN.
 */
import { eq } from "drizzle-orm";
import type { Context } from "hono";
import { database } from "../db/client";
import { type UserRow, users } from "../db/schema";
import { ApiError, HOST_OR_TYPE_NOT_FOUND } from "../domain/errors";
import type { Scope } from "../domain/scopes";
import { requireScope, seesHost } from "../http/access";
import type { AppEnv } from "../http/env";

/** Host `username` if it is not deleted and the calling service token sees it and holds `scope`. */
export async function hostFor(c: Context<AppEnv>, username: string, scope: Scope): Promise<UserRow> {
  const caller = c.get("caller");
  const host = await database(c.env.DB).select().from(users).where(eq(users.username, username)).get();
  if (!host || host.deletedAt !== null || caller.kind !== "service" || !seesHost(caller, host)) {
    throw new ApiError("NOT_FOUND", HOST_OR_TYPE_NOT_FOUND);
  }
  requireScope(caller, scope);
  return host;
}
