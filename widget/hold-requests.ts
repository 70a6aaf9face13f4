/**
 * The two calls of a checkout hold (design.md "Holds"), the one place their URLs are made: placing
 * one, retried under one Idempotency-Key (so an answer lost on the way replays the same hold instead
 * of making a second that would keep the slot from the visitor themselves), and releasing one. Lazy,
 * like everything after a time is picked.
 */
import type { HoldResponse, PlaceHoldBody } from "../worker/domain/contract";
import type { ApiCall } from "./api";
import type { RetryHooks } from "./retry-policy";
import { stepsCode } from "./steps-code";

/** `POST /api/holds`, retried under one key. */
export function placeHold(call: ApiCall, body: PlaceHoldBody, idempotencyKey: string, hooks: RetryHooks = {}) {
  const init = { method: "POST", headers: { "Content-Type": "application/json", "Idempotency-Key": idempotencyKey }, body: JSON.stringify(body) };
  return stepsCode().withRetries(() => call<HoldResponse>("/api/holds", init), hooks);
}

/**
 * `DELETE /api/holds/:holdId`, sent with `keepalive` so it leaves even as the page is being
 * unloaded (pagehide). What it answers does not matter: a release that fails leaves the hold to
 * expire at its `expiresAt`, which is all it could do anyway; only when it has answered is known.
 */
export function releaseHoldRequest(call: ApiCall, holdId: string): Promise<unknown> {
  return call(`/api/holds/${encodeURIComponent(holdId)}`, { method: "DELETE", keepalive: true });
}
