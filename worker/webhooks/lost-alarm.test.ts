/**
 * Deliveries are made even when a dispatcher's alarm is not there to make them (design-webhooks.md
 * "Nothing lost"). A run that loses D1 sets its alarm again, a little later each time, for as long as
 * D1 stays down; the runtime's own retries of a failed alarm (six) would be spent by a few minutes'
 * outage. And a dispatcher left with no alarm at all (dropped by the runtime, or by code before this
 * rule) is woken by the minutely wake sweep within the hour.
 */
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { availableSlots, book, seedAccount, seedHost, upcoming } from "../test/fixtures";
import {
  alarmOf,
  anHourOfMinutelyRuns,
  attemptsOf,
  controlDispatcher,
  deliveryOf,
  dispatcherLosesD1,
  dispatcherOf,
  eventsOfAccount,
  LATER,
  receiver,
  seedDelivery,
  seedEndpoint,
  woken,
} from "../test/webhook-fixtures";
import { SWEEP_SLICES, sliceOfIds } from "./wake-sweep";

/** More failed runs than the runtime retries a failed alarm (six) before dropping it. */
const RUNS_DURING_OUTAGE = 8;
const HOUR = 3_600_000;

/** A booking whose event was handed to a receiver's dispatcher, which has set its alarm (its clock at LATER). */
async function bookedWithReceiver() {
  const host = await seedHost();
  const day = upcoming(4);
  const [slot] = await availableSlots(host, { startDate: day, endDate: day });
  const hook = receiver();
  const endpoint = await seedEndpoint(host.accountId, hook.url);
  await book(host, slot!);
  const [event] = await eventsOfAccount(host.accountId);
  await woken(endpoint.id);
  return { hook, endpoint, event: event! };
}

/** The runtime firing the dispatcher's alarm: the alarm is removed, then alarm() runs. Answers whether one was set. */
function alarmFires(endpointId: string): Promise<boolean> {
  return runDurableObjectAlarm(dispatcherOf(endpointId));
}

describe("a dispatcher whose D1 is down", () => {
  it("fault: D1 lost for 8 runs in a row, more than the runtime retries an alarm: each run sets the alarm again, later each time; D1 back, the delivery is made once", async () => {
    const { hook, endpoint, event } = await bookedWithReceiver();
    await dispatcherLosesD1(endpoint.id);

    const alarms: (number | null)[] = [];
    for (let run = 0; run < RUNS_DURING_OUTAGE; run += 1) {
      expect(await alarmFires(endpoint.id)).toBe(true);
      alarms.push(await alarmOf(endpoint.id));
    }
    // 5 s, doubling, up to 5 minutes.
    expect(alarms).toEqual([5, 10, 20, 40, 80, 160, 300, 300].map((seconds) => LATER + seconds * 1000));
    expect(hook.received).toHaveLength(0);

    await controlDispatcher(endpoint.id, { d1: env.DB });
    expect(await alarmFires(endpoint.id)).toBe(true);
    expect(hook.received.map((message) => message.headers["webhook-id"])).toEqual([event.id]);
    expect(await deliveryOf(endpoint.id, event.id)).toMatchObject({ status: "delivered" });
    expect(await attemptsOf(endpoint.id)).toHaveLength(1);
  });

  it("fault: D1 lost for 8 runs and then no alarm left (as the runtime leaves one whose retries are spent); D1 back, the minutely crons wake the dispatcher and the delivery is made once", async () => {
    const { hook, endpoint, event } = await bookedWithReceiver();
    await dispatcherLosesD1(endpoint.id);
    for (let run = 0; run < RUNS_DURING_OUTAGE; run += 1) await alarmFires(endpoint.id).catch(() => false);
    await runInDurableObject(dispatcherOf(endpoint.id), (_dispatcher, state) => state.storage.deleteAlarm());
    expect(await alarmOf(endpoint.id)).toBeNull();

    // D1 is back, and the dispatcher on real time: the alarm the sweep sets fires by itself.
    await controlDispatcher(endpoint.id, { d1: env.DB, live: true });
    await anHourOfMinutelyRuns();
    await vi.waitFor(() => expect(hook.received).toHaveLength(1), { timeout: 5_000 });
    await vi.waitFor(async () => expect(await deliveryOf(endpoint.id, event.id)).toMatchObject({ status: "delivered" }));

    // A second hour of sweeps finds nothing due: the only alarm left is the log's expiry, 30 days on,
    // so nothing can be sent twice.
    await anHourOfMinutelyRuns();
    expect(await alarmOf(endpoint.id)).toBeGreaterThan(Date.now() + 29 * 24 * HOUR);
    expect(hook.received.map((message) => message.headers["webhook-id"])).toEqual([event.id]);
    expect(await attemptsOf(endpoint.id)).toHaveLength(1);
  });
});

describe("the wake sweep", () => {
  it("sets a lost alarm for a retry due later at its time, not now, and leaves alone a dispatcher whose alarm is set and one with nothing to do", async () => {
    const accountId = await seedAccount();
    const [lost, set, idle] = await Promise.all([0, 1, 2].map(() => seedEndpoint(accountId, receiver().url)));
    const dueAt = LATER + 2 * HOUR;
    for (const endpoint of [lost!, set!]) await seedDelivery(endpoint.id, { status: "pending", createdAt: LATER - HOUR, nextAttemptAt: dueAt });
    await runInDurableObject(dispatcherOf(set!.id), (_dispatcher, state) => state.storage.setAlarm(dueAt));

    await anHourOfMinutelyRuns();

    expect(await alarmOf(lost!.id)).toBe(dueAt);
    expect(await alarmOf(set!.id)).toBe(dueAt);
    expect(await alarmOf(idle!.id)).toBeNull();
  });

  it("gives every endpoint id, of any form, to exactly one minute of the hour", () => {
    const ids = [
      ...Array.from({ length: 2_000 }, () => `we_${crypto.randomUUID().replaceAll("-", "")}`),
      "we_",
      "we_000",
      "we_fff",
      "we_ffffffffffffffffffffffffffffffff",
      "we_bench0",
      "we_ZZZ",
      "we_zzz",
      "we_-_",
    ];
    const slices = Array.from({ length: SWEEP_SLICES }, (_, minute) => sliceOfIds(minute));
    for (const id of ids) {
      const holding = slices.filter(({ from, to }) => (from === null || id >= from) && (to === null || id < to));
      expect(holding, id).toHaveLength(1);
    }
  });
});
