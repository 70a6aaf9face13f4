/**
 * E-mail when the inside fails (design-notifications.md "Exactly once, never lost"): D1 failing to
 * record a send the provider accepted, the host's object restarting with messages pending, its alarm
 * lost, and a reminder falling due while the provider is down. Nothing is lost and nothing arrives twice.
 */
import { abortAllDurableObjects, createExecutionContext, createScheduledController, runInDurableObject, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import worker from "..";
import { type NotificationRow, notifications } from "../db/schema";
import type { CreateBookingResponse } from "../domain/contract";
import type { HostScheduler } from "../host-scheduler/host-scheduler";
import { availableSlots, bookingBody, db, post, type SeededHost, seedHost, upcoming } from "../test/fixtures";
import { healD1, injectD1Faults, schedulerOf } from "../test/scheduler-control";
import type { EmailTransport, OutgoingEmail, SendOutcome } from "./message-facts";

/** A provider that accepts each idempotency key once; `down` answers every send with a 503. */
class Provider implements EmailTransport {
  readonly name = "resend" as const;
  readonly delivered = new Map<string, OutgoingEmail>();
  readonly attempts: string[] = [];
  down = false;

  async send(email: OutgoingEmail, idempotencyKey: string): Promise<SendOutcome> {
    this.attempts.push(idempotencyKey);
    if (this.down) return { status: "retry", error: "503 from the provider" };
    if (!this.delivered.has(idempotencyKey)) this.delivered.set(idempotencyKey, email);
    return { status: "sent", providerId: idempotencyKey };
  }
}

const clock = { now: Date.now() };

/** The host's object with `provider` as its transport and the test's clock. */
function equip(host: SeededHost, provider: Provider) {
  return runInDurableObject(schedulerOf(host), (scheduler: HostScheduler) => {
    scheduler.mail = provider;
    scheduler.clock = () => clock.now;
  });
}

/** Runs the object's alarm now, as the runtime would (the after-commit wake-up names the host first). */
function runAlarm(host: SeededHost) {
  return runInDurableObject(schedulerOf(host), async (scheduler: HostScheduler, state) => {
    await state.storage.put("hostId", host.userId);
    await scheduler.alarm();
  });
}

/**
 * A booking whose messages meet `before`'s faults from their first send: the runtime fires the
 * object's alarm on its own right after the commit, so faults put in after it would come too late.
 */
async function booked(options: { reminders?: number[]; before?: (host: SeededHost, provider: Provider) => Promise<void> | void } = {}) {
  const host = await seedHost({ types: [{ reminders: options.reminders ?? [] }] });
  const provider = new Provider();
  clock.now = Date.now();
  await equip(host, provider);
  await options.before?.(host, provider);
  const day = upcoming(3);
  const [slot] = await availableSlots(host, { startDate: day, endDate: day });
  const response = await post("/api/bookings", bookingBody(host, slot!), { token: host.token });
  expect(response.status).toBe(201);
  const { bookingId } = (await response.json()) as CreateBookingResponse;
  return { host, provider, bookingId, rows: () => db.select().from(notifications).where(eq(notifications.bookingId, bookingId)) as Promise<NotificationRow[]> };
}

describe("e-mail when the inside fails", () => {
  it("sends a message once when D1 fails to record that the provider accepted it: the retry goes under the same key", async () => {
    const { host, provider, rows } = await booked({
      before: (host) =>
        injectD1Faults(host, {
          query: (sql) => {
            if (/^update "notifications" set "status"/.test(sql)) throw new Error("D1_ERROR: Network connection lost.");
          },
        }),
    });
    // The runtime may fire the object's alarm on its own as well: every run meets the same fault.
    await runAlarm(host).catch(() => undefined);
    expect(provider.delivered.size).toBe(1);
    expect((await rows())[0]).toMatchObject({ status: "pending" });

    await healD1(host);
    await runAlarm(host);
    const [row] = await rows();
    expect(row).toMatchObject({ status: "sent" });
    expect(provider.attempts.length, "sent again after the failed record").toBeGreaterThanOrEqual(2);
    expect(new Set(provider.attempts)).toEqual(new Set([row!.id]));
    expect(provider.delivered.size, "the provider's dedupe by key: one message in the inbox").toBe(1);
  });

  it("keeps messages pending across a restart of the host's object, and its alarm, and sends them once after", async () => {
    const { host, provider, rows } = await booked({
      before: (_, provider) => {
        provider.down = true;
      },
    });
    await runAlarm(host);
    const alarmBefore = await runInDurableObject(schedulerOf(host), (_: HostScheduler, state) => state.storage.getAlarm());
    await abortAllDurableObjects();
    const alarmAfter = await runInDurableObject(schedulerOf(host), (_: HostScheduler, state) => state.storage.getAlarm());
    expect(alarmBefore).not.toBeNull();
    expect(alarmAfter).toBe(alarmBefore);
    expect((await rows()).map((row) => row.status)).toEqual(["pending"]);

    provider.down = false;
    clock.now += 60_000;
    await equip(host, provider); // the fresh object, configured as the deployment would have it
    await runAlarm(host);
    expect((await rows()).map((row) => row.status)).toEqual(["sent"]);
    expect(provider.delivered.size).toBe(1);
  });

  it("sends a message whose host's object lost its alarm once the minutely run finds it overdue, with no request to the object", async () => {
    const { host, provider, bookingId, rows } = await booked({
      before: (_, provider) => {
        provider.down = true;
      },
    });
    await runAlarm(host); // refused: to be retried in 30 s, by an alarm the object then loses
    await runInDurableObject(schedulerOf(host), (_: HostScheduler, state) => state.storage.deleteAlarm());
    provider.down = false;
    const longAgo = Date.now() - 5 * 60_000;
    await db.update(notifications).set({ dueAt: longAgo, nextAttemptAt: longAgo }).where(eq(notifications.bookingId, bookingId)).run();
    expect((await rows()).map((row) => row.status)).toEqual(["pending"]);

    const ctx = createExecutionContext();
    await worker.scheduled!(createScheduledController({ cron: "* * * * *" }), env, ctx);
    await waitOnExecutionContext(ctx);
    // The alarm the run set fires on its own: nothing in this test runs it.
    await expect.poll(async () => (await rows()).map((row) => row.status), { timeout: 5_000 }).toEqual(["sent"]);
    expect(provider.delivered.size).toBe(1);
  });

  it("sends a reminder that fell due while the provider was down once it is back, before the meeting", async () => {
    const { host, provider, rows } = await booked({ reminders: [60] });
    await runAlarm(host);
    const reminder = (await rows()).find((row) => row.kind === "reminder")!;
    provider.down = true;
    clock.now = reminder.dueAt + 1_000;
    await runAlarm(host);
    expect((await rows()).find((row) => row.kind === "reminder")).toMatchObject({ status: "pending", attempts: 1 });
    provider.down = false;
    clock.now += 10 * 60_000;
    await runAlarm(host);
    expect((await rows()).find((row) => row.kind === "reminder")).toMatchObject({ status: "sent" });
    expect([...provider.delivered.keys()].filter((key) => key === reminder.id)).toHaveLength(1);
  });
});
