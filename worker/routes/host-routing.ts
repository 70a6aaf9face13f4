/** Reaching a host's HostScheduler, and what it needs to know about the calling page. */
import type { Context } from "hono";
import type { AppEnv } from "../env";

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
