/**
 * The outbox's way out (design-webhooks.md "Nothing lost"): a change commits its event with one
 * outbox row per endpoint that wants it; the rows are then handed to those endpoints' dispatchers,
 * which keep the delivery in their own storage, and deleted once each dispatcher has them. A handoff
 * lost to a crash leaves the rows in place, and the minutely sweep hands them over again (a
 * dispatcher ignores an event it already has, so none is delivered twice for it).
 */
import { and, asc, eq, inArray, lte, type SQL } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Database } from "../db/client";
import { webhookEvents, webhookOutbox } from "../db/schema";
import { groupBy } from "../lib/group-by";
import { IDS_PER_STATEMENT, inRuns } from "../lib/in-runs";
import type { NewDelivery } from "./delivery-log";

/** Outbox rows moved per handoff; a sweep with more takes them in turns. */
export const ROWS_PER_HANDOFF = 500;
/** An outbox row this old was not handed over after its commit: a minute of grace for one on its way. */
const OVERDUE_GRACE_MS = 60_000;

/** The WebhookDispatcher of one endpoint. */
export function webhookDispatcher(env: Env, endpointId: string) {
  return env.WEBHOOK_DISPATCHER.get(env.WEBHOOK_DISPATCHER.idFromName(`endpoint:${endpointId}`));
}

/** An outbox row its endpoint's dispatcher has taken: it may go. */
export interface HandedOver {
  endpointId: string;
  eventId: string;
}

/**
 * Hands the outbox rows that match `which` to their dispatchers, and deletes those each dispatcher
 * took. Never throws: what failed stays in the outbox for the sweep. Answers how many rows moved.
 */
export async function handOff(env: Env, db: Database, which: SQL | undefined): Promise<number> {
  const taken = await handOver(env, db, which);
  await clearOutbox(db, taken);
  return taken.length;
}

/** Hands the outbox rows that match `which` to their dispatchers; answers the rows they took. Never throws. */
export async function handOver(env: Env, db: Database, which: SQL | undefined): Promise<HandedOver[]> {
  try {
    const rows = await db
      .select({
        endpointId: webhookOutbox.endpointId,
        event: { eventId: webhookEvents.id, type: webhookEvents.type, body: webhookEvents.body, createdAt: webhookEvents.createdAt },
      })
      .from(webhookOutbox)
      .innerJoin(webhookEvents, eq(webhookEvents.id, webhookOutbox.eventId))
      .where(which)
      .orderBy(asc(webhookOutbox.createdAt))
      .limit(ROWS_PER_HANDOFF);
    const byEndpoint = groupBy(rows, (row) => row.endpointId);
    const taken = await Promise.all([...byEndpoint].map(([endpointId, events]) => giveTo(env, endpointId, events.map((row) => row.event))));
    return taken.flat();
  } catch (error) {
    console.error(JSON.stringify({ message: "webhook outbox not handed over; the sweep will", error: String(error) }));
    return [];
  }
}

/** Deletes outbox rows their dispatchers took. Never throws: a row left behind is handed over again, and ignored. */
export async function clearOutbox(db: Database, taken: readonly HandedOver[]): Promise<void> {
  const deletes: BatchItem<"sqlite">[] = [];
  for (const [endpointId, rows] of groupBy(taken, (row) => row.endpointId)) {
    for (const some of inRuns(rows.map((row) => row.eventId), IDS_PER_STATEMENT)) {
      deletes.push(db.delete(webhookOutbox).where(and(eq(webhookOutbox.endpointId, endpointId), inArray(webhookOutbox.eventId, some))));
    }
  }
  if (deletes.length === 0) return;
  try {
    await db.batch(deletes as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
  } catch (error) {
    console.error(JSON.stringify({ message: "webhook outbox rows handed over but not cleared; the sweep will", rows: taken.length, error: String(error) }));
  }
}

/** Gives one endpoint's events to its dispatcher; answers the rows it took (none if it could not be reached). */
async function giveTo(env: Env, endpointId: string, events: NewDelivery[]): Promise<HandedOver[]> {
  try {
    await webhookDispatcher(env, endpointId).accept(endpointId, events);
    return events.map(({ eventId }) => ({ endpointId, eventId }));
  } catch (error) {
    console.error(JSON.stringify({ message: "webhook dispatcher unreachable; the sweep will retry", endpointId, error: String(error) }));
    return [];
  }
}

/** Hands over the outbox rows of these events (just committed), a D1 read per IDS_PER_STATEMENT of them. Never throws. */
export async function handOverEvents(env: Env, db: Database, eventIds: readonly string[]): Promise<HandedOver[]> {
  const taken: HandedOver[] = [];
  for (const some of inRuns(eventIds, IDS_PER_STATEMENT)) taken.push(...(await handOver(env, db, inArray(webhookOutbox.eventId, some))));
  return taken;
}

/** The outbox rows of one endpoint (its log is about to be read, or a test event was queued). */
export function ofEndpoint(endpointId: string): SQL {
  return eq(webhookOutbox.endpointId, endpointId);
}

/** Every minute: the rows a lost handoff left behind, older than the grace. */
export function overdue(nowMs: number): SQL {
  return lte(webhookOutbox.createdAt, nowMs - OVERDUE_GRACE_MS);
}
