/**
 * When a failed delivery is tried again (design-webhooks.md "Delivery"): the schedule's next wait
 * with ±20% jitter (so a receiver coming back is not hit by every event at once), and never sooner
 * than the receiver's own `Retry-After`.
 */

const JITTER = 0.2;
/** A Retry-After beyond a day is the receiver's mistake: the schedule's longest wait bounds it. */
const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

/**
 * The wait before the retry that follows failure number `failures` (1 = the first attempt failed),
 * or null when the schedule is used up and the delivery has failed.
 */
export function retryDelayMs(schedule: readonly number[], failures: number, retryAfterMs: number | null, random: () => number = Math.random): number | null {
  const base = schedule[failures - 1];
  if (base === undefined) return null;
  const jittered = Math.round(base * (1 - JITTER + 2 * JITTER * random()));
  return Math.max(jittered, Math.min(retryAfterMs ?? 0, MAX_RETRY_AFTER_MS));
}

/** A `Retry-After` header (seconds, or an HTTP date) in ms from `nowMs`; null when absent or unreadable. */
export function parseRetryAfter(header: string | null, nowMs: number): number | null {
  if (!header) return null;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const dateMs = Date.parse(text);
  return Number.isNaN(dateMs) ? null : Math.max(0, dateMs - nowMs);
}
