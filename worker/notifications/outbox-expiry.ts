/**
 * How long e-mail's outbox remembers a message (docs/scale.md): a settled row (sent, failed, or
 * skipped) is removed by the hourly sweep once its due time is 30 days past, as long as webhook
 * attempts are kept; a pending row (a reminder still ahead, a send being retried) never is.
 * `GET /api/bookings/:id` lists what is left.
 */
import { and, inArray, lt, type SQL } from "drizzle-orm";
import { deleteInSteps, type SweepBudget } from "../db/batched-delete";
import type { Database } from "../db/client";
import { notifications } from "../db/schema";

export const SETTLED_MESSAGES_KEPT_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * By due time rather than the row's: a reminder written with a booking months ahead is due, and
 * settled within the day after (retries stop after 24 hours), long after it was written.
 */
export function sweepSettledNotifications(db: Database, nowMs: number, budget?: SweepBudget): Promise<number> {
  const settled = and(inArray(notifications.status, ["sent", "failed", "skipped"]), lt(notifications.dueAt, nowMs - SETTLED_MESSAGES_KEPT_MS));
  return deleteInSteps(db, notifications, settled as SQL, budget);
}
