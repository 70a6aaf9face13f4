/**
 * Reaching into a host's Durable Object for failure tests: freeze its clock, put a D1 with injected
 * faults in its way, and check its view of the host against D1's. Everything else is driven through
 * the real Worker over HTTP (fixtures.ts).
 */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { expect } from "vitest";
import { bookings } from "../db/schema";
import { listFreeSlots } from "../domain/availability";
import { slotRules } from "../domain/booking-type-access";
import { addDays } from "../domain/calendar-days";
import { firstInstantAtOrAfter } from "../domain/zoned-time";
import { hostScheduler } from "../host-scheduler/client";
import type { HostScheduler } from "../host-scheduler/host-scheduler";
import { readHostSnapshot } from "../host-scheduler/host-state";
import { availableSlots, bookingBody, db, post, type SeededHost, seedHost, upcoming } from "./fixtures";

export function schedulerOf(host: SeededHost): DurableObjectStub<HostScheduler> {
  return hostScheduler(env, host.userId) as DurableObjectStub<HostScheduler>;
}

/** Stops the host's clock at `nowMs` (move it with another call). */
export async function setClock(host: SeededHost, nowMs: number): Promise<void> {
  await runInDurableObject(schedulerOf(host), (scheduler: HostScheduler) => {
    scheduler.clock = () => nowMs;
  });
}

/** What a test can do to the host's D1 batches (writes, and the one-batch load of the host). */
export interface D1Faults {
  /** Every batch passes through here with its SQL; `run` is the real batch. Throw, delay, or run it first. */
  batch?: (sql: string[], run: () => Promise<D1Result[]>) => Promise<D1Result[]>;
  /** Every single statement's SQL passes through here before it is prepared; throw to fail it. */
  query?: (sql: string) => void;
}

/** A D1 that passes everything to the real one through `faults`. */
export function faultyD1(faults: D1Faults): D1Database {
  const real = env.DB;
  // drizzle prepares a batch's statements and hands them over in one synchronous step, so the SQL
  // prepared since the last batch is that batch's.
  let prepared: string[] = [];
  return {
    prepare: (sql) => {
      faults.query?.(sql);
      prepared.push(sql);
      return real.prepare(sql);
    },
    batch: (statements) => {
      const sql = prepared.slice(-statements.length);
      prepared = [];
      return faults.batch ? faults.batch(sql, () => real.batch(statements)) : real.batch(statements);
    },
    exec: (query) => real.exec(query),
    dump: () => real.dump(),
    withSession: (constraint) => real.withSession(constraint),
  } as D1Database;
}

/** Puts a D1 with these faults in front of the host's Durable Object (until `healD1`). */
export async function injectD1Faults(host: SeededHost, faults: D1Faults): Promise<void> {
  const faulty = faultyD1(faults);
  await runInDurableObject(schedulerOf(host), (scheduler: HostScheduler) => {
    scheduler.d1 = faulty;
  });
}

export async function healD1(host: SeededHost): Promise<void> {
  await runInDurableObject(schedulerOf(host), (scheduler: HostScheduler) => {
    scheduler.d1 = env.DB;
  });
}

/** A batch that writes (D1Faults.batch sees its SQL). */
export const isWrite = (sql: string[]) => sql.some((statement) => /^(insert|update)/i.test(statement));
/** The one-batch load of the host. */
export const isHostLoad = (sql: string[]) => sql.length > 1 && sql.every((statement) => /^select/i.test(statement));
export const connectionLost = () => new Error("D1_ERROR: Network connection lost.");

/** D1 refuses every write batch: nothing commits, and the object is told so. */
export const writesRefused: D1Faults = { batch: async (sql, run) => (isWrite(sql) ? Promise.reject(connectionLost()) : run()) };

/** D1 commits every write batch, then the answer is lost: the object cannot tell it went through. */
export const writeAnswersLost: D1Faults = {
  batch: async (sql, run) => {
    const results = await run();
    if (isWrite(sql)) throw connectionLost();
    return results;
  },
};

/**
 * Takes D1 out of `host`'s object's reach: every write batch and every read fails, so it can neither
 * commit nor learn whether it did. Returns what brings D1 back (the faults stay installed, inert).
 */
export async function cutOffD1(host: SeededHost): Promise<() => void> {
  let isDown = true;
  await injectD1Faults(host, {
    batch: async (sql, run) => (isDown && isWrite(sql) ? Promise.reject(connectionLost()) : run()),
    query: (sql) => {
      if (isDown && /^select/i.test(sql)) throw connectionLost();
    },
  });
  return () => {
    isDown = false;
  };
}

/** A seeded host and the first `count` free slots of its next day. */
export async function hostWithSlots(count = 4) {
  const host = await seedHost();
  const day = upcoming(1);
  const slots = (await availableSlots(host, { startDate: day, endDate: day })).slice(0, count);
  return { host, day, slots };
}

/** POST /api/bookings for `slot` with the host's token, under Idempotency-Key `key`. */
export function postBooking(host: SeededHost, slot: { start: string; end: string }, key = crypto.randomUUID()) {
  return post("/api/bookings", bookingBody(host, slot), { token: host.token, key });
}

/** A promise to hold a fault on, released by the test. */
export function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/** Resolves once `condition` holds, polling; a test that waits for a fault to be reached. */
export async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i += 1) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`timed out waiting until ${what}`);
}

export async function confirmedIds(host: SeededHost): Promise<string[]> {
  const rows = await db
    .select({ id: bookings.id })
    .from(bookings)
    .where(and(eq(bookings.userId, host.userId), eq(bookings.status, "confirmed")));
  return rows.map((row) => row.id).sort();
}

/**
 * The Durable Object's free slots on `day` equal those the engine computes from D1's confirmed
 * bookings alone: its bookings have not drifted (no phantom hold, no forgotten booking).
 */
export async function expectNoDrift(host: SeededHost, day: string, nowMs: number): Promise<void> {
  const snapshot = await readHostSnapshot(db, host.userId, nowMs);
  if (!snapshot) throw new Error("host not found");
  const type = host.types[0]!;
  const expected = listFreeSlots({
    schedule: snapshot.config.schedule,
    rules: slotRules(snapshot.config.types.find((t) => t.id === type.id)!, type.durationMinutes),
    busy: snapshot.confirmed,
    nowMs,
    fromMs: firstInstantAtOrAfter("UTC", day, 0),
    toMs: firstInstantAtOrAfter("UTC", addDays(day, 1), 0),
  }).map((slot) => ({ start: new Date(slot.startMs).toISOString().replace(".000Z", "Z"), end: new Date(slot.endMs).toISOString().replace(".000Z", "Z") }));
  expect(await availableSlots(host, { startDate: day, endDate: day })).toEqual(expected);
}
