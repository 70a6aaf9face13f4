/** Reaching a host's HostScheduler, and what it needs to know about the calling page. */
import type { Context } from "hono";
import type { TypeAccess } from "../durable/host-state";
import type { AppEnv } from "../env";
import { ApiError } from "../errors";

/** The HostScheduler Durable Object of one host, addressed by username. */
export function hostScheduler(env: Env, username: string) {
  return env.HOST_SCHEDULER.get(env.HOST_SCHEDULER.idFromName(username));
}

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
 * What this caller may see of host `username`'s booking types: a service token sees its own host's
 * private types too, and another host's as "not found" (design.md "Auth"); anyone else sees the
 * public ones their page's origin is allowed.
 */
export function typeAccessFor(c: Context<AppEnv>, username: string, typeRef: string): TypeAccess {
  const caller = c.get("caller");
  if (caller.kind === "service" && caller.username !== username) {
    throw new ApiError("NOT_FOUND", `No booking type "${typeRef}" for host "${username}".`);
  }
  return { includePrivate: caller.kind === "service", origin: crossSiteOrigin(c) };
}
