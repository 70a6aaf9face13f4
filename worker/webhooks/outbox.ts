/**
 * The outbox's way out (design-webhooks.md "Nothing lost"): a change commits its event naming the
 * endpoints that want it; the event is then handed over to those endpoints' dispatchers, which keep
 * the delivery in their own storage, and marked handed over once every one of them has it. A
 * handover lost to a crash, or taken by only some of them, leaves the event waiting, and the
 * minutely sweep hands it over to all of them again (a dispatcher ignores an event it already has:
 * none is sent twice). The hourly sweep drops events an hour after they were handed over.
 */
import { and, asc, eq, gt, gte, inArray, isNull, lte, or, type SQL, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { deleteInSteps, type SweepBudget } from "../db/batched-delete";
import type { Database } from "../db/client";
import { webhookEvents } from "../db/schema";
import { groupBy } from "../lib/group-by";
import { IDS_PER_STATEMENT, inRuns } from "../lib/in-runs";
import type { NewDelivery } from "./delivery-log";
import { webhookDispatcher } from "./dispatcher-client";

/** Events moved per handover; a sweep with more takes them in turns. */
export const EVENTS_PER_HANDOVER = 500;
/** An event this old was not handed over after its commit: a minute of grace for one on its way. */
const OVERDUE_GRACE_MS = 60_000;
/** Turns of one minutely sweep; the next sweep takes the rest. */
const MAX_SWEEP_TURNS = 20;

/** A committed event not yet handed over, and the endpoints it is for. */
export interface WaitingEvent extends NewDelivery {
  endpointIds: readonly string[];
}

/** Where a turn of waiting events ended, in their order (oldest first, then by id). */
export interface EventPosition {
  createdAt: number;
  eventId: string;
}

/**
 * Hands over the oldest EVENTS_PER_HANDOVER waiting events that match `which` (after `after`, if
 * given) to their endpoints' dispatchers, and marks those that all of them took. Never throws: what
 * failed waits for the sweep. Answers how many it read, and the position of the last.
 */
export async function handOverWaiting(
  env: Env,
  db: Database,
  which: SQL | undefined,
  nowMs = Date.now(),
  after: EventPosition | null = null,
): Promise<{ read: number; last: EventPosition | null }> {
  const events = await waitingEvents(db, and(which, after ? laterThan(after) : undefined));
  await markHandedOver(db, await handOver(env, events), nowMs);
  const last = events.at(-1);
  return { read: events.length, last: last ? { createdAt: last.createdAt, eventId: last.eventId } : null };
}

function laterThan(position: EventPosition): SQL | undefined {
  // The `>=` adds nothing to the meaning: it gives the index on created_at a range to search.
  return and(
    gte(webhookEvents.createdAt, position.createdAt),
    or(gt(webhookEvents.createdAt, position.createdAt), and(eq(webhookEvents.createdAt, position.createdAt), gt(webhookEvents.id, position.eventId))),
  );
}

/** The waiting events of these ids (just committed), a D1 read per IDS_PER_STATEMENT of them. Never throws. */
export async function waitingEventsOf(db: Database, eventIds: readonly string[]): Promise<WaitingEvent[]> {
  const runs = await Promise.all(inRuns(eventIds, IDS_PER_STATEMENT).map((some) => waitingEvents(db, inArray(webhookEvents.id, some))));
  return runs.flat();
}

/**
 * The oldest EVENTS_PER_HANDOVER waiting events that match `which`, each with those of its
 * endpoints that still exist (a deleted one's dispatcher has nothing more to do). Never throws.
 */
async function waitingEvents(db: Database, which: SQL | undefined): Promise<WaitingEvent[]> {
  try {
    const rows = await db
      .select({
        eventId: webhookEvents.id,
        type: webhookEvents.type,
        body: webhookEvents.body,
        createdAt: webhookEvents.createdAt,
        endpointIds: sql<string>`(SELECT json_group_array(e.id) FROM json_each(${webhookEvents.endpointIds}) AS j JOIN webhook_endpoints AS e ON e.id = j.value)`,
      })
      .from(webhookEvents)
      .where(and(isNull(webhookEvents.handedOverAt), which))
      .orderBy(asc(webhookEvents.createdAt), asc(webhookEvents.id))
      .limit(EVENTS_PER_HANDOVER);
    return rows.map((row) => ({ ...row, endpointIds: JSON.parse(row.endpointIds) as string[] }));
  } catch (error) {
    console.error(JSON.stringify({ message: "webhook outbox not read; the sweep will hand it over", error: String(error) }));
    return [];
  }
}

/** Hands each endpoint its events, one call per endpoint; answers the ids of the events every one of their endpoints took. Never throws. */
export async function handOver(env: Env, events: readonly WaitingEvent[]): Promise<string[]> {
  const byEndpoint = groupBy(
    events.flatMap((event) => event.endpointIds.map((endpointId) => ({ endpointId, event }))),
    (pair) => pair.endpointId,
  );
  const unreached = new Set<string>();
  await Promise.all(
    [...byEndpoint].map(async ([endpointId, pairs]) => {
      const deliveries = pairs.map(({ event: { eventId, type, body, createdAt } }) => ({ eventId, type, body, createdAt }));
      if (!(await handOverTo(env, endpointId, deliveries))) unreached.add(endpointId);
    }),
  );
  return events.filter((event) => event.endpointIds.every((endpointId) => !unreached.has(endpointId))).map((event) => event.eventId);
}

/** Marks events every endpoint took. Never throws: an event left waiting is handed over again, and ignored. */
export async function markHandedOver(db: Database, eventIds: readonly string[], nowMs: number): Promise<void> {
  const updates: BatchItem<"sqlite">[] = inRuns(eventIds, IDS_PER_STATEMENT).map((some) =>
    db.update(webhookEvents).set({ handedOverAt: nowMs }).where(inArray(webhookEvents.id, some)),
  );
  if (updates.length === 0) return;
  try {
    await db.batch(updates as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
  } catch (error) {
    console.error(JSON.stringify({ message: "webhook events handed over but not marked; the sweep will", events: eventIds.length, error: String(error) }));
  }
}

/** Hands one endpoint its events; answers whether its dispatcher took them. */
async function handOverTo(env: Env, endpointId: string, events: NewDelivery[]): Promise<boolean> {
  try {
    await webhookDispatcher(env, endpointId).accept(endpointId, events);
    return true;
  } catch (error) {
    console.error(JSON.stringify({ message: "webhook dispatcher unreachable; the sweep will retry", endpointId, error: String(error) }));
    return false;
  }
}

/** The waiting events for one endpoint (its log is about to be read, or a test event was queued). */
export function ofEndpoint(endpointId: string): SQL {
  return sql`EXISTS (SELECT 1 FROM json_each(${webhookEvents.endpointIds}) WHERE json_each.value = ${endpointId})`;
}

/** Every minute: the events a lost handover left waiting, older than the grace. */
function overdue(nowMs: number): SQL {
  return lte(webhookEvents.createdAt, nowMs - OVERDUE_GRACE_MS);
}

/**
 * Every minute: hands over what a lost handover left waiting, in turns of EVENTS_PER_HANDOVER, each
 * turn after the last (so events a dispatcher keeps refusing never hold back the ones behind them).
 */
export async function handOverOverdue(env: Env, db: Database, nowMs: number): Promise<void> {
  let after: EventPosition | null = null;
  for (let turn = 0; turn < MAX_SWEEP_TURNS; turn += 1) {
    const { read, last } = await handOverWaiting(env, db, overdue(nowMs), nowMs, after);
    if (read < EVENTS_PER_HANDOVER) return;
    after = last;
  }
}

/**
 * How long an event stays in D1 after every endpoint's dispatcher took it. Nothing reads it then:
 * the outbox reads only waiting events, and each dispatcher keeps its own copy and its 30-day log.
 * The hour is for an operator looking into a hand-over (D1's Time Travel keeps 30 days besides). At
 * 50 bookings a second, 30 days of events would be 130 million rows, far over D1's 10 GB; an hour
 * is 180,000 (docs/scale.md).
 */
export const HANDED_OVER_KEPT_MS = 60 * 60 * 1000;

/**
 * Hourly: events handed over more than an hour ago go, a bounded number a run (db/batched-delete.ts);
 * an event still waiting never does. Answers how many went.
 */
export function sweepWebhookLog(db: Database, nowMs: number, budget?: SweepBudget): Promise<number> {
  const cutoff = nowMs - HANDED_OVER_KEPT_MS;
  // Handed over after it was made, so `created_at <= cutoff` holds too: it lets each step use the
  // index on created_at, and the few old events still waiting are the only rows it passes over.
  return deleteInSteps(db, webhookEvents, and(lte(webhookEvents.createdAt, cutoff), lte(webhookEvents.handedOverAt, cutoff)) as SQL, budget);
}
