/**
 * What a caller may see of a host's booking types, and the page origin a tokenless call comes from.
 */
import type { Context } from "hono";
import type { TypeAccess } from "../domain/booking-type-access";
import { ApiError, HOST_OR_TYPE_NOT_FOUND } from "../domain/errors";
import { hasScope } from "../domain/scopes";
import { type HostOwnership, seesHost } from "./access";
import type { AppEnv } from "./env";

/**
 * The Origin of a page on another site calling without a token, checked against a booking type's
 * allowed origins; null for token callers, non-browser clients and our own hosted pages.
 */
export function crossSiteOrigin(c: Context<AppEnv>): string | null {
  if (c.get("caller").kind !== "anonymous") return null;
  const origin = c.req.header("origin");
  if (!origin || origin === new URL(c.req.url).origin) return null;
  return origin;
}

/**
 * What this caller may see of `host`'s booking types: a service token that sees the host and may read
 * bookings sees its private types too; a token that does not see the host finds nothing (design.md
 * "Auth"); anyone else sees the public ones their page's origin is allowed.
 */
export function typeAccessFor(c: Context<AppEnv>, host: HostOwnership): TypeAccess {
  const caller = c.get("caller");
  if (caller.kind !== "service") return { includePrivate: false, origin: crossSiteOrigin(c) };
  if (!seesHost(caller, host)) throw new ApiError("NOT_FOUND", HOST_OR_TYPE_NOT_FOUND);
  return { includePrivate: hasScope(caller.scopes, "bookings:read"), origin: null };
}
