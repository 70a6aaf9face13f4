import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import worker from "..";
import { bookings, idempotencyRecords } from "../db/schema";
import { IDEMPOTENCY_TTL_MS } from "../domain/idempotency";
import { availableSlots, book, bookingBody, db, errorOf, post, type SeededHost, seedHost, upcoming } from "../test/fixtures";

async function slotsOf(host: SeededHost) {
  const monday = upcoming(1);
  return availableSlots(host, { startDate: monday, endDate: monday });
}

async function bookingCount(host: SeededHost): Promise<number> {
  const [row] = await db.select({ n: count() }).from(bookings).where(eq(bookings.userId, host.userId));
  return row!.n;
}

describe("Idempotency-Key on POST", () => {
  it("refuses a POST without Idempotency-Key with 400 INVALID_REQUEST and books nothing", async () => {
    const host = await seedHost();
    const [slot] = await slotsOf(host);
    const response = await post("/api/bookings", bookingBody(host, slot!), { token: host.token, key: "" });
    expect(await errorOf(response)).toMatchObject({ status: 400, code: "INVALID_REQUEST", message: expect.stringContaining("Idempotency-Key") });
    expect(await bookingCount(host)).toBe(0);
  });

  it("refuses a public create whose key is not a UUID with 400 INVALID_REQUEST, since a guessable key would replay a stranger's manage token", async () => {
    const host = await seedHost();
    const [slot] = await slotsOf(host);
    for (const key of ["booking-1", "1", "00000000000000000000000000000000", `${crypto.randomUUID()}x`]) {
      const response = await post("/api/bookings", bookingBody(host, slot!), { key });
      expect(await errorOf(response)).toMatchObject({ status: 400, code: "INVALID_REQUEST", message: expect.stringContaining("UUID") });
    }
    expect(await bookingCount(host)).toBe(0);
    expect((await post("/api/bookings", bookingBody(host, slot!), { key: crypto.randomUUID().toUpperCase() })).status).toBe(201);
    // A token's keys are its own: any printable key will do.
    const [second] = (await slotsOf(host)).slice(0, 1);
    expect((await post("/api/bookings", bookingBody(host, second!), { token: host.token, key: "booking-1" })).status).toBe(201);
  });

  it("refuses a key longer than 255 characters", async () => {
    const host = await seedHost();
    const [slot] = await slotsOf(host);
    const response = await post("/api/bookings", bookingBody(host, slot!), { token: host.token, key: "k".repeat(256) });
    expect(await errorOf(response)).toMatchObject({ status: 400, code: "INVALID_REQUEST" });
  });

  it("replays the first response for a retry of the same request, with Idempotent-Replayed: true", async () => {
    const host = await seedHost();
    const [slot] = await slotsOf(host);
    const key = crypto.randomUUID();
    const first = await post("/api/bookings", bookingBody(host, slot!), { token: host.token, key });
    // Same request with keys in another order: the canonical body is the same.
    const reordered = JSON.stringify({
      email: "ada@example.com",
      name: "Ada Lovelace",
      end: slot!.end,
      start: slot!.start,
      bookingType: String(host.types[0]!.id),
    });
    const retry = await post("/api/bookings", reordered, { token: host.token, key });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    expect(await retry.json()).toEqual(await first.json());
    expect(await bookingCount(host)).toBe(1);
  });

  it("replays a SLOT_NOT_AVAILABLE outcome too, even after the slot frees up", async () => {
    const host = await seedHost();
    const [slot] = await slotsOf(host);
    const { bookingId } = await book(host, slot!);
    const key = crypto.randomUUID();
    const refused = await post("/api/bookings", bookingBody(host, slot!, { name: "Grace" }), { token: host.token, key });
    expect(refused.status).toBe(409);
    await post(`/api/bookings/${bookingId}/cancel`, {}, { token: host.token });
    const retry = await post("/api/bookings", bookingBody(host, slot!, { name: "Grace" }), { token: host.token, key });
    expect(retry.status).toBe(409);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(await bookingCount(host)).toBe(1);
  });

  it("answers 409 IDEMPOTENCY_CONFLICT when the same key comes with a different request", async () => {
    const host = await seedHost();
    const [first, second] = await slotsOf(host);
    const key = crypto.randomUUID();
    expect((await post("/api/bookings", bookingBody(host, first!), { token: host.token, key })).status).toBe(201);
    const error = await errorOf(await post("/api/bookings", bookingBody(host, second!), { token: host.token, key }));
    expect(error).toMatchObject({ status: 409, code: "IDEMPOTENCY_CONFLICT" });
    expect(await bookingCount(host)).toBe(1);
  });

  it("runs concurrent identical requests once: the others wait for it and get its response replayed", async () => {
    const host = await seedHost();
    const [slot] = await slotsOf(host);
    const key = crypto.randomUUID();
    const responses = await Promise.all(Array.from({ length: 10 }, () => post("/api/bookings", bookingBody(host, slot!), { token: host.token, key })));
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(201));
    const bodies = await Promise.all(responses.map((r) => r.json()));
    expect(new Set(bodies.map((b) => (b as { bookingId: string }).bookingId)).size).toBe(1);
    expect(responses.filter((r) => r.headers.get("idempotent-replayed") === "true")).toHaveLength(9);
    expect(await bookingCount(host)).toBe(1);
  });

  it("runs a key once even when its retry races a different request for the same slot", async () => {
    const host = await seedHost();
    const [slot] = await slotsOf(host);
    const key = crypto.randomUUID();
    const [first, retry, other] = await Promise.all([
      post("/api/bookings", bookingBody(host, slot!), { token: host.token, key }),
      post("/api/bookings", bookingBody(host, slot!), { token: host.token, key }),
      post("/api/bookings", bookingBody(host, slot!, { email: "other@example.com" }), { token: host.token }),
    ]);
    expect(retry!.status).toBe(first!.status);
    expect(await retry!.json()).toEqual(await first!.json());
    expect([first!.status, other!.status].sort()).toEqual([201, 409]);
    expect(await bookingCount(host)).toBe(1);
  });

  it("replays a reschedule retried after it succeeded, instead of refusing the now-cancelled booking", async () => {
    const host = await seedHost();
    const [from, to] = await slotsOf(host);
    const { bookingId } = await book(host, from!);
    const key = crypto.randomUUID();
    const first = await post(`/api/bookings/${bookingId}/reschedule`, { newSlot: to }, { token: host.token, key });
    const retry = await post(
      `/api/bookings/${bookingId}/reschedule`,
      { newSlot: to },
      { token: host.token, key, headers: { origin: "https://partner.example" } },
    );
    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(retry.headers.get("access-control-allow-origin")).toBe("*");
    expect(await retry.json()).toEqual(await first.json());
    expect(await bookingCount(host)).toBe(2);
  });

  it("replays a cancel retried with its key", async () => {
    const host = await seedHost();
    const [slot] = await slotsOf(host);
    const { bookingId } = await book(host, slot!);
    const key = crypto.randomUUID();
    expect((await post(`/api/bookings/${bookingId}/cancel`, {}, { token: host.token, key })).status).toBe(200);
    const retry = await post(`/api/bookings/${bookingId}/cancel`, {}, { token: host.token, key });
    expect(retry.status).toBe(200);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    const other = await errorOf(await post(`/api/bookings/${bookingId}/cancel`, { reason: "changed" }, { token: host.token, key }));
    expect(other).toMatchObject({ status: 409, code: "IDEMPOTENCY_CONFLICT" });
  });

  it("does not store a 401, so a retry with a valid token runs", async () => {
    const host = await seedHost();
    const [slot] = await slotsOf(host);
    const key = crypto.randomUUID();
    expect((await post("/api/bookings", bookingBody(host, slot!), { token: "bk_live_wrong", key })).status).toBe(401);
    const retry = await post("/api/bookings", bookingBody(host, slot!), { token: host.token, key });
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBeNull();
  });

  it("scopes keys by caller: two hosts may use the same key", async () => {
    const host = await seedHost();
    const other = await seedHost();
    const [slot] = await slotsOf(host);
    const [otherSlot] = await slotsOf(other);
    const key = crypto.randomUUID();
    expect((await post("/api/bookings", bookingBody(host, slot!), { token: host.token, key })).status).toBe(201);
    const second = await post("/api/bookings", bookingBody(other, otherSlot!), { token: other.token, key });
    expect(second.status).toBe(201);
    expect(second.headers.get("idempotent-replayed")).toBeNull();
  });

  it("keeps records for 24 hours, then the scheduled sweep removes them", async () => {
    const host = await seedHost();
    const [slot] = await slotsOf(host);
    const key = crypto.randomUUID();
    await post("/api/bookings", bookingBody(host, slot!), { token: host.token, key });
    const sweep = async () => {
      const ctx = createExecutionContext();
      await worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: "23 * * * *" }), env, ctx);
      await waitOnExecutionContext(ctx);
    };
    await sweep();
    expect(await db.select().from(idempotencyRecords).where(eq(idempotencyRecords.idempotencyKey, key))).toHaveLength(1);
    await db
      .update(idempotencyRecords)
      .set({ createdAt: Date.now() - IDEMPOTENCY_TTL_MS - 1000 })
      .where(eq(idempotencyRecords.idempotencyKey, key));
    await sweep();
    expect(await db.select().from(idempotencyRecords).where(eq(idempotencyRecords.idempotencyKey, key))).toHaveLength(0);
  });
});
