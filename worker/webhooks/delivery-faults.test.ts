/**
 * Delivery when things outside fail (design-webhooks.md "Delivery"): a receiver that hangs, a
 * handover from the outbox lost or cut short between the commit and the dispatcher, a dispatcher
 * restarted between sending a message and recording it, and D1 lost under the dispatcher. Each
 * ends with every event delivered, under its one `webhook-id`.
 */
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, onTestFinished, vi } from "vitest";
import { webhookEvents } from "../db/schema";
import { inRuns } from "../lib/in-runs";
import { availableSlots, book, call, db, seedAccount, seedHost, seedToken, upcoming } from "../test/fixtures";
import { injectD1Faults } from "../test/scheduler-control";
import {
  alarmOf,
  attemptsOf,
  controlDispatcher,
  cronRun,
  deliveryOf,
  dispatcherLosesD1,
  dispatcherOf,
  eventsOfAccount,
  expectSameEvent,
  hang,
  LATER,
  loggedEventIds,
  outboxOf,
  receiver,
  runDeliveries,
  seedDelivery,
  seedEndpoint,
  woken,
} from "../test/webhook-fixtures";
import type { WebhookDispatcher } from "./dispatcher";
import { EVENTS_PER_HANDOVER, ofEndpoint } from "./outbox";

async function hostWithSlots() {
  const host = await seedHost();
  const day = upcoming(4);
  return { host, slots: await availableSlots(host, { startDate: day, endDate: day }) };
}

describe("a receiver that hangs", () => {
  it("counts as a failed attempt at the timeout, while another endpoint's delivery goes through meanwhile", async () => {
    const { host, slots } = await hostWithSlots();
    const stuck = receiver(hang);
    const healthy = receiver();
    const slow = await seedEndpoint(host.accountId, stuck.url);
    const fine = await seedEndpoint(host.accountId, healthy.url);
    await controlDispatcher(slow.id, { timeoutMs: 300 });
    await book(host, slots[0]!);
    const [event] = await eventsOfAccount(host.accountId);

    let slowDone = false;
    const slowRun = runDeliveries(slow.id).then(() => (slowDone = true));
    await vi.waitFor(() => expect(stuck.received).toHaveLength(1));
    await runDeliveries(fine.id);
    expect(await deliveryOf(fine.id, event!.id)).toMatchObject({ status: "delivered" });
    expect(slowDone).toBe(false);

    await slowRun;
    expect(await deliveryOf(slow.id, event!.id)).toMatchObject({ status: "pending", failures: 1 });
    const [attempt] = await attemptsOf(slow.id);
    expect(attempt).toMatchObject({ statusCode: null, response: null, error: "no answer within 0.3 s" });
    expect(attempt!.durationMs).toBeGreaterThanOrEqual(250);
  });

  it("never holds up the API: the booking is answered before the hanging delivery ends", async () => {
    const { host, slots } = await hostWithSlots();
    const stuck = receiver(hang);
    const endpoint = await seedEndpoint(host.accountId, stuck.url, { live: true });
    await controlDispatcher(endpoint.id, { timeoutMs: 1_000 });
    const started = Date.now();
    await book(host, slots[0]!);
    const answeredAfterMs = Date.now() - started;
    // The receiver is reached after the answer, and is still hanging while the test goes on.
    await vi.waitFor(() => expect(stuck.received).toHaveLength(1), { timeout: 5_000 });
    expect(await attemptsOf(endpoint.id)).toEqual([]);
    expect(answeredAfterMs).toBeLessThan(1_000);
    await vi.waitFor(async () => expect(await attemptsOf(endpoint.id)).toHaveLength(1), { timeout: 5_000 });
  });
});

/** A booking whose event is waiting for a receiver that answers 200, its dispatcher woken. */
async function bookedWithReceiver() {
  const { host, slots } = await hostWithSlots();
  const hook = receiver();
  const endpoint = await seedEndpoint(host.accountId, hook.url);
  await book(host, slots[0]!);
  const [event] = await eventsOfAccount(host.accountId);
  await woken(endpoint.id);
  return { hook, endpoint, event };
}

/** The endpoint's dispatcher fails the next `times` handovers to it, as if it could not be reached. */
async function dispatcherUnreachable(endpointId: string, times: number) {
  // On the class: a call through the object's stub does not see a property of the instance.
  const prototype = await runInDurableObject(
    dispatcherOf(endpointId),
    (dispatcher: WebhookDispatcher) => Object.getPrototypeOf(dispatcher) as WebhookDispatcher,
  );
  const accept = prototype.accept;
  let refusals = times;
  prototype.accept = function (this: WebhookDispatcher, id, events) {
    if (id === endpointId && refusals-- > 0) throw new Error("Network connection lost.");
    return accept.call(this, id, events);
  };
  onTestFinished(() => {
    prototype.accept = accept;
  });
}

/** The Worker's minutely trigger, run as the runtime would. */
function minutelySweep() {
  return cronRun("* * * * *");
}

/** The minutely trigger, two minutes after the commit. */
async function minutelySweepLater(endpointId: string) {
  await db
    .update(webhookEvents)
    .set({ createdAt: Date.now() - 2 * 60_000 })
    .where(ofEndpoint(endpointId));
  await minutelySweep();
}

describe("restarts and lost handovers", () => {
  it("a handover lost after the commit (the dispatcher unreachable): the event waits in the outbox, and the minutely sweep hands it over and it is delivered", async () => {
    const { host, slots } = await hostWithSlots();
    const hook = receiver();
    const endpoint = await seedEndpoint(host.accountId, hook.url, { live: true });
    await dispatcherUnreachable(endpoint.id, 1);
    await book(host, slots[0]!);
    const [event] = await eventsOfAccount(host.accountId);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await outboxOf(endpoint.id)).toEqual([event!.id]);
    expect(await alarmOf(endpoint.id)).toBeNull();
    expect(hook.received).toHaveLength(0);

    await minutelySweepLater(endpoint.id);
    // Handed over by the sweep, the dispatcher runs its alarm by itself.
    await vi.waitFor(() => expect(hook.received).toHaveLength(1), { timeout: 5_000 });
    expect(await outboxOf(endpoint.id)).toEqual([]);
    await vi.waitFor(async () => expect(await deliveryOf(endpoint.id, event!.id)).toMatchObject({ status: "delivered" }));
  });

  it("events a dispatcher keeps refusing hold back no other endpoint's: the sweep goes on past them", async () => {
    const accountId = await seedAccount();
    const refusing = await seedEndpoint(accountId, "https://refusing.hooks.test/hook");
    const other = await seedEndpoint(accountId, "https://other.hooks.test/hook");
    await dispatcherUnreachable(refusing.id, Number.POSITIVE_INFINITY);
    // A whole turn of the oldest waiting events is the refusing endpoint's; the other's waits behind them.
    const longAgo = Date.now() - 10 * 60_000;
    const waiting = Array.from({ length: EVENTS_PER_HANDOVER }, (_, i) => ({
      id: `msg_${crypto.randomUUID().replaceAll("-", "")}`,
      accountId,
      hostId: null,
      type: "booking.created",
      body: "{}",
      createdAt: longAgo + i,
      endpointIds: [refusing.id],
    }));
    for (const some of inRuns(waiting, 12)) await db.insert(webhookEvents).values(some);
    const behind = `msg_${crypto.randomUUID().replaceAll("-", "")}`;
    await db
      .insert(webhookEvents)
      .values({ id: behind, accountId, hostId: null, type: "booking.created", body: "{}", createdAt: Date.now() - 5 * 60_000, endpointIds: [other.id] });

    await minutelySweep();
    expect(await loggedEventIds(other.id)).toEqual([behind]);
    expect(await outboxOf(other.id)).toEqual([]);
    expect(await outboxOf(refusing.id)).toHaveLength(EVENTS_PER_HANDOVER);
  });

  it("a commit whose answer was lost, and whose event then could not be read back: the event waits, and the minutely sweep delivers it once", async () => {
    const { host, slots } = await hostWithSlots();
    const hook = receiver();
    const endpoint = await seedEndpoint(host.accountId, hook.url, { live: true });
    // The commit goes through and its answer (which names the endpoints) is lost; so is the read back.
    await injectD1Faults(host, {
      batch: async (_sql, run) => {
        await run();
        throw new Error("D1_ERROR: Network connection lost.");
      },
      query: (sql) => {
        if (sql.includes('"handed_over_at" is null')) throw new Error("D1_ERROR: Network connection lost.");
      },
    });
    await book(host, slots[0]!);
    const [event] = await eventsOfAccount(host.accountId);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await outboxOf(endpoint.id)).toEqual([event!.id]);
    expect(await alarmOf(endpoint.id)).toBeNull();

    await minutelySweepLater(endpoint.id);
    await vi.waitFor(() => expect(hook.received).toHaveLength(1), { timeout: 5_000 });
    expect(hook.received[0]!.headers["webhook-id"]).toBe(event!.id);
  });

  it("a handover cut off after the dispatcher took the event, before it was marked handed over: handed over again, it is sent once", async () => {
    const { host, slots } = await hostWithSlots();
    const hook = receiver();
    const endpoint = await seedEndpoint(host.accountId, hook.url);
    await injectD1Faults(host, {
      batch: (sql, run) =>
        sql.some((statement) => statement.startsWith('update "webhook_events" set "handed_over_at"'))
          ? Promise.reject(new Error("D1_ERROR: Network connection lost."))
          : run(),
    });
    await book(host, slots[0]!);
    const [event] = await eventsOfAccount(host.accountId);
    await woken(endpoint.id);
    expect(await outboxOf(endpoint.id)).toEqual([event!.id]);
    await runInDurableObject(dispatcherOf(endpoint.id), (dispatcher: WebhookDispatcher) => dispatcher.alarm());
    expect(hook.received).toHaveLength(1);

    await minutelySweepLater(endpoint.id);
    expect(await outboxOf(endpoint.id)).toEqual([]);
    await runInDurableObject(dispatcherOf(endpoint.id), (dispatcher: WebhookDispatcher) => dispatcher.alarm());
    expect(hook.received).toHaveLength(1);
    expect(await deliveryOf(endpoint.id, event!.id)).toMatchObject({ status: "delivered" });
    expect(await attemptsOf(endpoint.id)).toHaveLength(1);
  });

  it("one of two dispatchers unreachable at the handover: the event waits, the sweep hands it to both, and each endpoint gets it once", async () => {
    const { host, slots } = await hostWithSlots();
    const [first, second] = [receiver(), receiver()];
    const reached = await seedEndpoint(host.accountId, first.url);
    const unreached = await seedEndpoint(host.accountId, second.url);
    await dispatcherUnreachable(unreached.id, 1);
    await book(host, slots[0]!);
    const [event] = await eventsOfAccount(host.accountId);
    await woken(reached.id);
    expect(await alarmOf(unreached.id)).toBeNull();
    // Still waiting once the host's object has marked what was taken (a second after the handover).
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(await outboxOf(reached.id)).toEqual([event!.id]);

    await minutelySweepLater(reached.id);
    expect(await outboxOf(reached.id)).toEqual([]);
    await runInDurableObject(dispatcherOf(reached.id), (dispatcher: WebhookDispatcher) => dispatcher.alarm());
    await runInDurableObject(dispatcherOf(unreached.id), (dispatcher: WebhookDispatcher) => dispatcher.alarm());
    expect(first.received.map((message) => message.headers["webhook-id"])).toEqual([event!.id]);
    expect(second.received.map((message) => message.headers["webhook-id"])).toEqual([event!.id]);
    expect(await attemptsOf(reached.id)).toHaveLength(1);
  });

  it("a dispatcher restarted after sending, before recording: it delivers again under the same webhook-id", async () => {
    const { host, slots } = await hostWithSlots();
    let restart = () => {};
    // The object is reset while the receiver is answering: what it does next is lost with it.
    const hook = receiver((_message, index) => {
      if (index === 0) restart();
      return new Response("ok");
    });
    const endpoint = await seedEndpoint(host.accountId, hook.url);
    await runInDurableObject(dispatcherOf(endpoint.id), (_dispatcher: WebhookDispatcher, state) => {
      restart = () => {
        try {
          state.abort("restart");
        } catch {
          // abort throws in its caller: here the receiver, which answers all the same
        }
      };
    });
    await book(host, slots[0]!);
    const [event] = await eventsOfAccount(host.accountId);
    await runDeliveries(endpoint.id).catch(() => undefined);
    expect(hook.received).toHaveLength(1);

    // A new instance: the alarm and the pending delivery are still in its storage.
    expect(await alarmOf(endpoint.id)).toBe(LATER);
    expect(await deliveryOf(endpoint.id, event!.id)).toMatchObject({ status: "pending", failures: 0 });
    expect(await attemptsOf(endpoint.id)).toEqual([]);
    await controlDispatcher(endpoint.id, { nowMs: LATER });
    await runInDurableObject(dispatcherOf(endpoint.id), (dispatcher: WebhookDispatcher) => dispatcher.alarm());

    expect(hook.received).toHaveLength(2);
    expectSameEvent(hook.received);
    expect(await deliveryOf(endpoint.id, event!.id)).toMatchObject({ status: "delivered" });
    expect(await attemptsOf(endpoint.id)).toHaveLength(1);
  });

  it("a dispatcher that loses D1 while noting an endpoint's failure keeps the attempt it logged, and sends nothing again early", async () => {
    const { host, slots } = await hostWithSlots();
    const hook = receiver(() => new Response("down", { status: 500 }));
    const endpoint = await seedEndpoint(host.accountId, hook.url);
    await book(host, slots[0]!);
    const [event] = await eventsOfAccount(host.accountId);
    await dispatcherLosesD1(endpoint.id, (sql) => sql.startsWith('update "webhook_endpoints"'));
    // The run fails after logging the attempt, and sets its alarm again (lost-alarm.test.ts).
    await runDeliveries(endpoint.id);
    expect(await alarmOf(endpoint.id)).not.toBeNull();
    expect(hook.received).toHaveLength(1);
    expect(await deliveryOf(endpoint.id, event!.id)).toMatchObject({ status: "pending", failures: 1 });

    // The next run: the retry is not due yet, so nothing goes out twice.
    await controlDispatcher(endpoint.id, { d1: env.DB });
    await runDeliveries(endpoint.id);
    expect(hook.received).toHaveLength(1);
    expect(await attemptsOf(endpoint.id)).toHaveLength(1);
  });

  it("a dispatcher whose D1 read fails sends nothing; its next run sends the message once", async () => {
    const { hook, endpoint, event } = await bookedWithReceiver();
    await dispatcherLosesD1(endpoint.id, (sql) => sql.includes('from "webhook_endpoints"'));
    await runDeliveries(endpoint.id);
    expect(await alarmOf(endpoint.id)).not.toBeNull();
    expect(hook.received).toHaveLength(0);

    await controlDispatcher(endpoint.id, { d1: env.DB });
    await runDeliveries(endpoint.id);
    expect(hook.received).toHaveLength(1);
    expect(await deliveryOf(endpoint.id, event!.id)).toMatchObject({ status: "delivered" });
    expect(await attemptsOf(endpoint.id)).toHaveLength(1);
  });
});

describe("an endpoint deleted while its dispatcher runs", () => {
  it("fault: deleted through the API while an attempt is out (the receiver hanging): the run writes nothing back, and no log or alarm is left", async () => {
    const { host, slots } = await hostWithSlots();
    const stuck = receiver(hang);
    const endpoint = await seedEndpoint(host.accountId, stuck.url);
    await controlDispatcher(endpoint.id, { timeoutMs: 300 });
    await book(host, slots[0]!);
    const run = runDeliveries(endpoint.id);
    await vi.waitFor(() => expect(stuck.received).toHaveLength(1));

    const token = await seedToken(host.accountId, ["webhooks:write"]);
    expect((await call(`/api/webhook-endpoints/${endpoint.id}`, { method: "DELETE", headers: { authorization: `Bearer ${token}` } })).status).toBe(204);
    await run;

    expect(await attemptsOf(endpoint.id)).toEqual([]);
    expect(await loggedEventIds(endpoint.id)).toEqual([]);
    expect(await alarmOf(endpoint.id)).toBeNull();
  });

  it("fault: log rows a deleted endpoint's run left behind (no endpoint id stored with them) are swept when their alarm comes", async () => {
    // As a run cut across by a delete left them: attempts and a delivery, an alarm for their expiry, no endpoint id.
    const orphanId = `we_${crypto.randomUUID().replaceAll("-", "")}`;
    await seedDelivery(orphanId, {
      status: "pending",
      createdAt: LATER,
      nextAttemptAt: LATER,
      attempts: [{ at: LATER, statusCode: null, durationMs: 300, response: null, error: "no answer within 0.3 s" }],
    });
    await runInDurableObject(dispatcherOf(orphanId), (_dispatcher, state) => state.storage.setAlarm(LATER));

    expect(await runDurableObjectAlarm(dispatcherOf(orphanId))).toBe(true);

    expect(await attemptsOf(orphanId)).toEqual([]);
    expect(await loggedEventIds(orphanId)).toEqual([]);
    expect(await alarmOf(orphanId)).toBeNull();
  });
});
