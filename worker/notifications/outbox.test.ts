/**
 * E-mail end to end in workerd (design-notifications.md): real creates, reschedules and cancels
 * through the API write their outbox rows in D1, and the host's object sends them on its alarm
 * through a transport standing in for the provider (a recording one, with faults injected). A
 * provider dedupes by idempotency key, as Resend does, so "exactly once" is what reaches an inbox.
 */
import { runInDurableObject } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { type NotificationRow, notifications, users } from "../db/schema";
import type { CreateBookingResponse } from "../domain/contract";
import type { HostScheduler } from "../host-scheduler/host-scheduler";
import { availableSlots, bookingBody, db, post, type SeededHost, seedHost, upcoming } from "../test/fixtures";
import { schedulerOf } from "../test/scheduler-control";
import type { EmailTransport, OutgoingEmail, SendOutcome } from "./message-facts";
import { GIVE_UP_AFTER_MS } from "./send-due";

/**
 * A provider's inbox: what it accepted, once per idempotency key. `faults` answer the next sends to
 * the attendee instead (the host's messages go through), so a test knows which message met them.
 */
class RecordingProvider implements EmailTransport {
  readonly name = "resend" as const;
  readonly delivered = new Map<string, OutgoingEmail>();
  readonly attempts: string[] = [];
  faults: (SendOutcome | "accept-then-drop")[] = [];

  async send(email: OutgoingEmail, idempotencyKey: string): Promise<SendOutcome> {
    this.attempts.push(idempotencyKey);
    const fault = email.to === ATTENDEE ? this.faults.shift() : undefined;
    if (fault === "accept-then-drop") {
      if (!this.delivered.has(idempotencyKey)) this.delivered.set(idempotencyKey, email);
      throw new Error("connection reset after the provider accepted the message");
    }
    if (fault) return fault;
    if (!this.delivered.has(idempotencyKey)) this.delivered.set(idempotencyKey, email);
    return { status: "sent", providerId: idempotencyKey };
  }

  inbox(address: string): OutgoingEmail[] {
    return [...this.delivered.values()].filter((email) => email.to === address);
  }
}

const ATTENDEE = "ada@example.com";
const HOST_EMAIL = "host@example.com";

async function mailHost(options: { reminders?: number[] } = {}) {
  const host = await seedHost({ types: [{ reminders: options.reminders ?? [] }] });
  await db.update(users).set({ email: HOST_EMAIL, name: "Jun Hepulou" }).where(eq(users.id, host.userId));
  const provider = new RecordingProvider();
  let now = Date.now();
  await runInDurableObject(schedulerOf(host), (scheduler: HostScheduler) => {
    scheduler.mail = provider;
    scheduler.clock = () => now;
  });
  const day = upcoming(2);
  const slots = await availableSlots(host, { startDate: day, endDate: day });
  return {
    host,
    provider,
    slots,
    /** Moves the object's clock; its alarm's work then runs at once. */
    advance: (ms: number) => {
      now += ms;
    },
    /** Runs the object's alarm now, as the runtime would (the after-commit wake-up names the host first). */
    send: () =>
      runInDurableObject(schedulerOf(host), async (scheduler: HostScheduler, state) => {
        await state.storage.put("hostId", host.userId);
        await scheduler.alarm();
      }),
  };
}

async function create(host: SeededHost, slot: { start: string; end: string }, asPublic = false, email = ATTENDEE): Promise<string> {
  const response = await post("/api/bookings", bookingBody(host, slot, { email, timeZone: "Asia/Tokyo", locale: "ja-JP" }), {
    token: asPublic ? undefined : host.token,
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return ((await response.json()) as CreateBookingResponse).bookingId;
}

function rowsOf(bookingId: string): Promise<NotificationRow[]> {
  return db.select().from(notifications).where(eq(notifications.bookingId, bookingId)).orderBy(notifications.createdAt);
}

const icsOf = (email: OutgoingEmail) => email.attachments.find((attachment) => attachment.filename === "invite.ics")?.content ?? "";
const property = (ics: string, name: string) => new RegExp(`^${name}[:;](.*)$`, "m").exec(ics.replace(/\r\n /g, ""))?.[1];

describe("e-mail of a booking", () => {
  it("sends the attendee's confirmation with its calendar file and the host's notice, each once, with the row's id as idempotency key", async () => {
    const { host, provider, slots, send } = await mailHost();
    const bookingId = await create(host, slots[0]!);
    await send();
    const [confirmation] = provider.inbox(ATTENDEE);
    const [notice] = provider.inbox(HOST_EMAIL);
    expect(provider.inbox(ATTENDEE)).toHaveLength(1);
    expect(provider.inbox(HOST_EMAIL)).toHaveLength(1);
    expect(property(icsOf(confirmation!), "METHOD")).toBe("REQUEST");
    expect(property(icsOf(confirmation!), "SEQUENCE")).toBe("0");
    expect(notice!.attachments).toEqual([]);
    const rows = await rowsOf(bookingId);
    expect(rows.map((row) => [row.recipient, row.kind, row.status])).toEqual([
      ["attendee", "created", "sent"],
      ["host", "created", "sent"],
    ]);
    expect(provider.attempts.sort()).toEqual(rows.map((row) => row.id).sort());
  });

  it("moves the same calendar event on a reschedule (same UID, higher SEQUENCE) and removes it on a cancel", async () => {
    const { host, provider, slots, send } = await mailHost();
    const bookingId = await create(host, slots[0]!);
    await send();
    const moved = await post(`/api/bookings/${bookingId}/reschedule`, { newSlot: slots[2] }, { token: host.token });
    expect(moved.status).toBe(200);
    const { newBookingId: newId } = (await moved.json()) as { newBookingId: string };
    await send();
    expect((await post(`/api/bookings/${newId}/cancel`, {}, { token: host.token })).status).toBe(200);
    expect((await post(`/api/bookings/${newId}/cancel`, {}, { token: host.token })).status).toBe(200);
    await send();
    const files = provider.inbox(ATTENDEE).map(icsOf);
    expect(files.map((file) => [property(file, "METHOD"), property(file, "SEQUENCE")])).toEqual([
      ["REQUEST", "0"],
      ["REQUEST", "1"],
      ["CANCEL", "2"],
    ]);
    expect(new Set(files.map((file) => property(file, "UID"))).size).toBe(1);
    expect(provider.inbox(HOST_EMAIL)).toHaveLength(3);
  });

  it("retries a 5xx and a 429 (after its Retry-After) under the same key, and the message arrives once", async () => {
    const { host, provider, slots, send, advance } = await mailHost();
    provider.faults = [{ status: "retry", error: "500 from the provider" }];
    const bookingId = await create(host, slots[0]!);
    await send();
    expect(provider.inbox(ATTENDEE)).toEqual([]);
    const attendeeRow = async () => (await rowsOf(bookingId)).find((row) => row.recipient === "attendee")!;
    const first = await attendeeRow();
    expect(first).toMatchObject({ status: "pending", attempts: 1, lastError: "500 from the provider" });
    provider.faults = [{ status: "retry", error: "429", retryAfterMs: 600_000 }];
    advance(60_000);
    await send();
    const waiting = await attendeeRow();
    expect(waiting.nextAttemptAt - first.nextAttemptAt, "the wait is the provider's Retry-After").toBeGreaterThanOrEqual(600_000 - 60_000);
    advance(600_000);
    await send();
    expect(provider.inbox(ATTENDEE)).toHaveLength(1);
    expect(provider.attempts.filter((key) => key === first.id)).toHaveLength(3);
    expect((await rowsOf(bookingId)).every((row) => row.status === "sent")).toBe(true);
  });

  it("sends a message whose answer was lost once: the retry goes under the same key", async () => {
    const { host, provider, slots, send, advance } = await mailHost();
    provider.faults = ["accept-then-drop"];
    const bookingId = await create(host, slots[0]!);
    await send();
    advance(5 * 60_000);
    await send();
    const attendeeRow = (await rowsOf(bookingId)).find((row) => row.recipient === "attendee")!;
    expect(provider.attempts.filter((key) => key === attendeeRow.id).length).toBeGreaterThanOrEqual(2);
    expect(provider.inbox(ATTENDEE)).toHaveLength(1);
    expect(attendeeRow.status).toBe("sent");
  });

  it("gives up 24 hours after a message fell due, and records why", async () => {
    const { host, provider, slots, send, advance } = await mailHost();
    provider.faults = Array.from({ length: 100 }, () => ({ status: "retry" as const, error: "503 from the provider" }));
    const bookingId = await create(host, slots[0]!);
    for (let elapsed = 0; elapsed <= GIVE_UP_AFTER_MS; elapsed += 60 * 60_000) {
      await send();
      advance(60 * 60_000);
    }
    await send();
    expect((await rowsOf(bookingId)).find((row) => row.recipient === "attendee")).toMatchObject({ status: "failed", lastError: "503 from the provider" });
  });

  it("keeps a cancellation behind its confirmation while the confirmation waits to be retried", async () => {
    const { host, provider, slots, send, advance } = await mailHost();
    provider.faults = [{ status: "retry", error: "500" }];
    const bookingId = await create(host, slots[0]!);
    await send();
    expect((await post(`/api/bookings/${bookingId}/cancel`, {}, { token: host.token })).status).toBe(200);
    await send();
    expect(provider.inbox(ATTENDEE)).toEqual([]);
    advance(60_000);
    await send();
    expect(provider.inbox(ATTENDEE).map((email) => property(icsOf(email), "METHOD"))).toEqual(["REQUEST", "CANCEL"]);
  });

  it("sends a reminder at its time, and none for a booking cancelled before it", async () => {
    const { host, provider, slots, send, advance } = await mailHost({ reminders: [60] });
    const kept = await create(host, slots[0]!);
    const dropped = await create(host, slots[2]!, false, "bob@example.com");
    await send();
    expect((await post(`/api/bookings/${dropped}/cancel`, {}, { token: host.token })).status).toBe(200);
    await send();
    const reminder = (await rowsOf(kept)).find((row) => row.kind === "reminder")!;
    expect(reminder.status).toBe("pending");
    advance(reminder.dueAt - Date.now() + 1_000);
    await send();
    expect((await rowsOf(kept)).find((row) => row.kind === "reminder")!.status).toBe("sent");
    expect((await rowsOf(dropped)).find((row) => row.kind === "reminder")).toMatchObject({ status: "skipped" });
    expect(provider.inbox("bob@example.com")).toHaveLength(2);
  });

  it("sends no more than three messages a day to one address from public bookings, and says so on the rows it skipped", async () => {
    const { host, provider, slots, send } = await mailHost();
    const ids: string[] = [];
    for (const slot of slots.slice(0, 4)) ids.push(await create(host, slot, true, "victim@example.com"));
    await send();
    expect(provider.inbox("victim@example.com")).toHaveLength(3);
    const [skipped] = (await rowsOf(ids[3]!)).filter((row) => row.recipient === "attendee");
    expect(skipped).toMatchObject({ status: "skipped", lastError: "daily limit of messages to this address reached" });
    expect(provider.inbox(HOST_EMAIL)).toHaveLength(4);
  });

  it("counts a booking's own reminder against the day's three: the one written past them is skipped, the confirmation kept", async () => {
    // Slots a week ahead: a reminder a day before is still ahead, so each booking writes two attendee rows.
    const { host, slots } = await mailHost({ reminders: [1440] });
    const first = await create(host, slots[0]!, true, "counted@example.com");
    const second = await create(host, slots[1]!, true, "counted@example.com");
    const statuses = async (bookingId: string) =>
      Object.fromEntries((await rowsOf(bookingId)).filter((row) => row.recipient === "attendee").map((row) => [row.kind, row.status]));
    expect(await statuses(first)).toEqual({ created: "pending", reminder: "pending" });
    expect(await statuses(second)).toEqual({ created: "pending", reminder: "skipped" });
  });

  it("writes nothing while e-mail is off", async () => {
    const host = await seedHost();
    const day = upcoming(2);
    const [slot] = await availableSlots(host, { startDate: day, endDate: day });
    const bookingId = await create(host, slot!);
    expect(await rowsOf(bookingId)).toEqual([]);
  });
});
