/**
 * Hosts whose e-mail is overdue: a pending message due more than `graceMs` ago means its host's
 * object lost its alarm (the runtime gives up on an alarm after its retries, while D1 or the
 * provider was down), and nothing else wakes an object that hears no request. The minutely run
 * wakes them (worker/index.ts), as the hourly one does for calendar event work.
 */
import { and, eq, lt } from "drizzle-orm";
import type { Database } from "../db/client";
import { notifications } from "../db/schema";

export async function hostsWithOverdueMail(db: Database, nowMs: number, graceMs: number): Promise<number[]> {
  const overdue = nowMs - graceMs;
  const rows = await db
    .selectDistinct({ hostId: notifications.hostId })
    .from(notifications)
    // due_at first: a range on the (status, due_at) index; a retry's next attempt is never before its due time.
    .where(and(eq(notifications.status, "pending"), lt(notifications.dueAt, overdue), lt(notifications.nextAttemptAt, overdue)))
    .limit(1_000);
  return rows.map((row) => row.hostId);
}
