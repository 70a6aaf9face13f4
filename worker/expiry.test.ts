/**
 * What D1 forgets, and when (docs/scale.md): the hourly run expires idempotency records after 24
 * hours, public-create counts after an hour, checkout holds' rows an hour after they expire, webhook
 * events an hour after their hand-over and settled e-mail 30 days after it was due, each in bounded
 * steps, and never a row still wanted: a fresh one, an event still waiting in the outbox, or a
 * message still to be sent.
 */
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { inArray, like } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import worker from ".";
import type { SweepBudget } from "./db/batched-delete";
import { type Database, database } from "./db/client";
import { idempotencyRecords, notifications, publicCreates, slotHolds, webhookEvents } from "./db/schema";
import { IDEMPOTENCY_TTL_MS, sweepIdempotencyRecords } from "./domain/idempotency";
import { sweepPublicCreates, sweepSlotHolds } from "./host-scheduler/client";
import { SETTLED_MESSAGES_KEPT_MS, sweepSettledNotifications } from "./notifications";
import { db, seedHost } from "./test/fixtures";
import { HANDED_OVER_KEPT_MS, sweepWebhookLog } from "./webhooks";

const HOUR = 60 * 60 * 1000;

/** One table's expiry: rows made `ageMs` ago under a tag of the test's own, and the tags still there. */
interface Expiry {
  name: string;
  keptMs: number;
  seed: (tag: string, ageMs: number, nowMs: number, options?: { waiting?: boolean }) => Promise<void>;
  left: (prefix: string) => Promise<string[]>;
  sweep: (db: Database, nowMs: number, budget?: SweepBudget) => Promise<number>;
  /** Tables whose rows may still be wanted, however old (seeded with `waiting`): what such a row is, and how a test removes one. */
  stillWanted?: string;
  remove?: (tag: string) => Promise<unknown>;
}

const expiries: Expiry[] = [
  {
    name: "idempotency records",
    keptMs: IDEMPOTENCY_TTL_MS,
    seed: async (tag, ageMs, nowMs) => {
      await db.insert(idempotencyRecords).values({
        scope: tag,
        method: "POST",
        path: "/api/bookings",
        idempotencyKey: crypto.randomUUID(),
        fingerprint: "f",
        responseStatus: 201,
        responseBody: "{}",
        createdAt: nowMs - ageMs,
      });
    },
    left: async (prefix) =>
      (
        await db
          .select({ tag: idempotencyRecords.scope })
          .from(idempotencyRecords)
          .where(like(idempotencyRecords.scope, `${prefix}%`))
      ).map((row) => row.tag),
    sweep: sweepIdempotencyRecords,
  },
  {
    name: "public-create counts",
    keptMs: HOUR,
    seed: async (tag, ageMs, nowMs) => {
      await db.insert(publicCreates).values({ hostId: 1, address: tag, createdAt: nowMs - ageMs });
    },
    left: async (prefix) =>
      (
        await db
          .select({ tag: publicCreates.address })
          .from(publicCreates)
          .where(like(publicCreates.address, `${prefix}%`))
      ).map((row) => row.tag),
    sweep: sweepPublicCreates,
  },
  {
    name: "webhook events",
    keptMs: HANDED_OVER_KEPT_MS,
    seed: async (tag, ageMs, nowMs, options) => {
      const createdAt = nowMs - ageMs;
      await db.insert(webhookEvents).values({
        id: tag,
        accountId: "acct_expiry",
        hostId: null,
        type: "webhook.test",
        body: "{}",
        createdAt,
        endpointIds: ["we_gone"],
        // Handed over a second after its commit, or still in the outbox.
        handedOverAt: options?.waiting ? null : createdAt + 1000,
      });
    },
    left: async (prefix) =>
      (
        await db
          .select({ tag: webhookEvents.id })
          .from(webhookEvents)
          .where(like(webhookEvents.id, `${prefix}%`))
      ).map((row) => row.tag),
    sweep: sweepWebhookLog,
    stillWanted: "an event still waiting in the outbox",
    remove: (tag) => db.delete(webhookEvents).where(inArray(webhookEvents.id, [tag])),
  },
  {
    name: "e-mail messages",
    keptMs: SETTLED_MESSAGES_KEPT_MS,
    seed: async (tag, ageMs, nowMs, options) => {
      const dueAt = nowMs - ageMs;
      await db.insert(notifications).values({
        id: tag,
        hostId: (await messageHost()).userId,
        bookingId: "bk_expiry",
        recipient: "attendee",
        kind: "reminder",
        address: "expiry@example.com",
        // Sent a minute after it was due, or still being retried.
        status: options?.waiting ? "pending" : "sent",
        sentAt: options?.waiting ? null : dueAt + 60_000,
        dueAt,
        nextAttemptAt: dueAt,
        reminderMinutes: 60,
        // Written with its booking, months before it was due.
        createdAt: dueAt - 90 * 24 * HOUR,
      });
    },
    left: async (prefix) =>
      (
        await db
          .select({ tag: notifications.id })
          .from(notifications)
          .where(like(notifications.id, `${prefix}%`))
      ).map((row) => row.tag),
    sweep: sweepSettledNotifications,
    stillWanted: "a message still to be sent",
    remove: (tag) => db.delete(notifications).where(inArray(notifications.id, [tag])),
  },
  {
    name: "checkout holds' rows",
    // Counted from the hold's expiry: a row is kept an hour past it.
    keptMs: HOUR,
    seed: async (tag, ageMs, nowMs) => {
      await db.insert(slotHolds).values({ id: tag, hostId: 1, address: null, expiresAt: nowMs - ageMs });
    },
    left: async (prefix) =>
      (
        await db
          .select({ tag: slotHolds.id })
          .from(slotHolds)
          .where(like(slotHolds.id, `${prefix}%`))
      ).map((row) => row.tag),
    sweep: sweepSlotHolds,
  },
];

/** The host the e-mail rows belong to (the table refers to users), made once per file. */
let messageHostMade: ReturnType<typeof seedHost> | null = null;
const messageHost = () => (messageHostMade ??= seedHost());

/** `count` tags under `prefix`, seeded `ageMs` ago. */
async function seedMany(expiry: Expiry, prefix: string, count: number, ageMs: number, nowMs: number): Promise<string[]> {
  const tags = Array.from({ length: count }, (_, i) => `${prefix}${i}`);
  for (const tag of tags) await expiry.seed(tag, ageMs, nowMs);
  return tags;
}

async function runHourly(nowMs: number): Promise<void> {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ scheduledTime: nowMs, cron: "23 * * * *" }), env, ctx);
  await waitOnExecutionContext(ctx);
}

/** A D1 binding whose DELETEs after the first `allowed` fail, as an overloaded database would answer. */
function failingAfter(allowed: number): D1Database {
  let deletes = 0;
  return new Proxy(env.DB, {
    get(target, property) {
      if (property === "prepare") {
        return (query: string) => {
          if (/^delete/i.test(query.trim()) && ++deletes > allowed) throw new Error("D1_ERROR: Database is overloaded");
          return target.prepare(query);
        };
      }
      const value = Reflect.get(target, property);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

describe.each(expiries)("$name", (expiry) => {
  it("the hourly run removes those past their time and keeps the fresh ones", async () => {
    const nowMs = Date.now();
    const prefix = `exp_${crypto.randomUUID().slice(0, 8)}_`;
    await expiry.seed(`${prefix}old`, expiry.keptMs + HOUR, nowMs);
    await expiry.seed(`${prefix}fresh`, expiry.keptMs - HOUR / 2, nowMs);

    await runHourly(nowMs);

    expect(await expiry.left(prefix)).toEqual([`${prefix}fresh`]);
  });

  it("one run removes at most its budget; the next run takes the rest", async () => {
    const nowMs = Date.now();
    const prefix = `exp_${crypto.randomUUID().slice(0, 8)}_`;
    const old = await seedMany(expiry, `${prefix}old`, 5, expiry.keptMs + HOUR, nowMs);
    const fresh = await seedMany(expiry, `${prefix}fresh`, 2, 1000, nowMs);
    const budget = { rowsPerStep: 2, stepsPerRun: 1 };

    // Other tests' old rows may be swept by the same statement: count only this test's.
    await expiry.sweep(db, nowMs, budget);
    const afterOne = await expiry.left(prefix);
    expect(afterOne).toEqual(expect.arrayContaining(fresh));
    expect(afterOne.length).toBeGreaterThanOrEqual(fresh.length + old.length - 2);

    while ((await expiry.sweep(db, nowMs, budget)) > 0);
    expect((await expiry.left(prefix)).sort()).toEqual(fresh.sort());
  });

  it("a run that D1 cuts short loses nothing still wanted, and the next run finishes", async () => {
    const nowMs = Date.now();
    const prefix = `exp_${crypto.randomUUID().slice(0, 8)}_`;
    const old = await seedMany(expiry, `${prefix}old`, 5, expiry.keptMs + HOUR, nowMs);
    const fresh = await seedMany(expiry, `${prefix}fresh`, 3, 1000, nowMs);

    await expect(expiry.sweep(database(failingAfter(1)), nowMs, { rowsPerStep: 2, stepsPerRun: 5 })).rejects.toThrow(/overloaded/);
    const left = await expiry.left(prefix);
    expect(left).toEqual(expect.arrayContaining(fresh));
    expect(left.filter((tag) => old.includes(tag)).length).toBeGreaterThan(0);

    await expiry.sweep(db, nowMs);
    expect((await expiry.left(prefix)).sort()).toEqual(fresh.sort());
  });
});

describe.each(expiries.filter((expiry) => expiry.remove))("$name", (expiry) => {
  it(`${expiry.stillWanted} is never expired, however old`, async () => {
    const nowMs = Date.now();
    const prefix = `exp_${crypto.randomUUID().slice(0, 8)}_`;
    await expiry.seed(`${prefix}waiting`, 90 * 24 * HOUR, nowMs, { waiting: true });
    await expiry.seed(`${prefix}done`, 90 * 24 * HOUR, nowMs);

    await runHourly(nowMs);

    expect(await expiry.left(prefix)).toEqual([`${prefix}waiting`]);
    await expiry.remove!(`${prefix}waiting`);
  });
});
