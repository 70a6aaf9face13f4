/**
 * Webhook settings (design-webhooks.md): the retry schedule, the delivery timeout, who may be a
 * receiver, and how long the delivery log is kept.
 */

declare global {
  namespace Cloudflare {
    interface Env {
      /** "on" allows `http://` receivers too: for local development only (.dev.vars). */
      WEBHOOKS_ALLOW_HTTP?: string;
      /** Comma-separated seconds replacing the retry schedule, e.g. "1,1,2" (tests, local development). */
      WEBHOOK_RETRY_SCHEDULE?: string;
    }
  }
}

/** The contract's waits before each retry: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h. */
const RETRY_SCHEDULE_SECONDS = [5, 300, 1_800, 7_200, 18_000, 36_000, 50_400, 72_000, 86_400] as const;

/** A receiver must answer 2xx within this long. */
export const DELIVERY_TIMEOUT_MS = 15_000;
/** Every attempt keeps at most this much of the receiver's answer. */
export const RESPONSE_EXCERPT_BYTES = 1_024;
/** After a rotation the previous secret signs too, this long. */
export const ROTATION_OVERLAP_MS = 24 * 60 * 60 * 1000;
/** An endpoint whose every attempt has failed this long is disabled. */
export const FAILING_LIMIT_MS = 5 * 24 * 60 * 60 * 1000;
/** Attempts (and finished deliveries) older than this are swept away. */
export const LOG_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

/** The waits before each retry, in ms: WEBHOOK_RETRY_SCHEDULE when it is a list of seconds (unset, empty or malformed: the contract's). */
export function retrySchedule(env: Pick<Env, "WEBHOOK_RETRY_SCHEDULE">): readonly number[] {
  const parts = env.WEBHOOK_RETRY_SCHEDULE?.trim() ? env.WEBHOOK_RETRY_SCHEDULE.split(",").map((part) => part.trim()) : [];
  const valid = parts.length > 0 && parts.every((part) => /^\d+(\.\d+)?$/.test(part));
  return (valid ? parts.map(Number) : RETRY_SCHEDULE_SECONDS).map((seconds) => seconds * 1000);
}

export function allowsHttp(env: Pick<Env, "WEBHOOKS_ALLOW_HTTP">): boolean {
  return env.WEBHOOKS_ALLOW_HTTP === "on";
}
