/**
 * The net under the dispatchers' alarms (design-webhooks.md "Nothing lost"). A dispatcher's
 * deliveries are in its own storage, so D1 cannot say which of them have work overdue; instead every
 * enabled endpoint's dispatcher is asked once an hour to set its alarm if its next due delivery has
 * none (WebhookDispatcher.resume: a look at its own storage, a write only when the alarm was lost).
 * The minutely cron takes a sixtieth of the endpoints each minute, by ranges of their random ids, so
 * one run's calls stay a sixtieth of the endpoints (a Worker invocation has a limit of subrequests)
 * and one indexed D1 read finds them.
 */
import { and, asc, eq, gt, gte, lt } from "drizzle-orm";
import type { Database } from "../db/client";
import { webhookEndpoints } from "../db/schema";
import { webhookDispatcher } from "./dispatcher-client";

/** One slice of the endpoints per minute of the hour. */
export const SWEEP_SLICES = 60;
/** Endpoint ids read per D1 query, and dispatchers asked at once. */
const IDS_PER_READ = 500;
const CALLS_AT_ONCE = 50;

/**
 * The range of ids in slice `slice` (0–59). Ids are `we_` and 32 random hex digits, so cutting the
 * first three digits' 4,096 values into sixty parts gives slices of even size; the first and last
 * slices are open-ended, so an id of any other form still falls in exactly one.
 */
export function sliceOfIds(slice: number): { from: string | null; to: string | null } {
  const bound = (k: number) =>
    k <= 0 || k >= SWEEP_SLICES
      ? null
      : `we_${Math.floor((k * 4096) / SWEEP_SLICES)
          .toString(16)
          .padStart(3, "0")}`;
  return { from: bound(slice), to: bound(slice + 1) };
}

/** Asks the dispatchers of this minute's enabled endpoints to resume. Never throws; answers how many set an alarm that was missing. */
export async function resumeDispatchers(env: Env, db: Database, minute: number): Promise<number> {
  const { from, to } = sliceOfIds(minute % SWEEP_SLICES);
  let resumed = 0;
  let after: string | null = null;
  try {
    for (;;) {
      const rows: { id: string }[] = await db
        .select({ id: webhookEndpoints.id })
        .from(webhookEndpoints)
        .where(
          and(
            eq(webhookEndpoints.status, "enabled"),
            from === null ? undefined : gte(webhookEndpoints.id, from),
            to === null ? undefined : lt(webhookEndpoints.id, to),
            after === null ? undefined : gt(webhookEndpoints.id, after),
          ),
        )
        .orderBy(asc(webhookEndpoints.id))
        .limit(IDS_PER_READ);
      for (let start = 0; start < rows.length; start += CALLS_AT_ONCE) {
        const answers = await Promise.all(rows.slice(start, start + CALLS_AT_ONCE).map(({ id }) => resumeOne(env, id)));
        resumed += answers.filter(Boolean).length;
      }
      if (rows.length < IDS_PER_READ) break;
      after = rows.at(-1)!.id;
    }
  } catch (error) {
    console.error(JSON.stringify({ message: "webhook endpoints not read for the wake sweep; the next hour's will", minute, error: String(error) }));
  }
  if (resumed > 0) console.log(JSON.stringify({ message: "webhook dispatchers had lost their alarm and were woken", resumed }));
  return resumed;
}

async function resumeOne(env: Env, endpointId: string): Promise<boolean> {
  try {
    return await webhookDispatcher(env, endpointId).resume(endpointId);
  } catch (error) {
    console.error(JSON.stringify({ message: "webhook dispatcher not reached by the wake sweep; the next hour's will", endpointId, error: String(error) }));
    return false;
  }
}
