/**
 * "No double booking, ever": simultaneous requests through the real Worker, Durable Object and D1,
 * and the database trigger on its own.
 */
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { BOOKING_TYPE_LIMITS } from "../booking-types/schemas";
import { d1ErrorMentions, isOverlapRefusal } from "../db/client";
import { bookings } from "../db/schema";
import { availableSlots, book, bookingBody, db, errorOf, post, type SeededHost, seedHost, upcoming } from "../test/fixtures";

async function confirmedBookings(host: SeededHost) {
  return db
    .select()
    .from(bookings)
    .where(and(eq(bookings.userId, host.userId), eq(bookings.status, "confirmed")));
}

describe("no double booking under concurrency", () => {
  it("lets exactly one of 40 simultaneous creates on one slot win; the rest get 409 SLOT_NOT_AVAILABLE", async () => {
    const host = await seedHost();
    const monday = upcoming(1);
    const [slot] = await availableSlots(host, { startDate: monday, endDate: monday });
    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, i) => post("/api/bookings", bookingBody(host, slot!, { email: `visitor${i}@example.com` }))),
    );
    const losers = responses.filter((r) => r.status !== 201);
    expect(responses.length - losers.length).toBe(1);
    // Every loser was told the slot is taken: a 500 (or anything else) among them fails here.
    for (const loser of losers) expect(await errorOf(loser)).toMatchObject({ status: 409, code: "SLOT_NOT_AVAILABLE" });
    expect(await confirmedBookings(host)).toHaveLength(1);
  });

  it("refuses overlapping slots of different lengths across booking types of the same host", async () => {
    const host = await seedHost({ types: [{ durationMinutes: 30 }, { durationMinutes: 60 }] });
    const monday = upcoming(1);
    const [short] = await availableSlots(host, { startDate: monday, endDate: monday, slug: String(host.types[0]!.id) });
    const [long] = await availableSlots(host, { startDate: monday, endDate: monday, slug: String(host.types[1]!.id) });
    expect(long!.start).toBe(short!.start);
    const attempts = Array.from({ length: 20 }, (_, i) => {
      const type = host.types[i % 2]!;
      const slot = i % 2 === 0 ? short! : long!;
      return post("/api/bookings", { ...bookingBody(host, slot), bookingType: String(type.id) });
    });
    const statuses = (await Promise.all(attempts)).map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(await confirmedBookings(host)).toHaveLength(1);
  });

  it("never double-books when a reschedule races creates for the same target slot", async () => {
    const host = await seedHost();
    const monday = upcoming(1);
    const [from, target] = await availableSlots(host, { startDate: monday, endDate: monday });
    const { bookingId } = await book(host, from!);
    const race = await Promise.all([
      post(`/api/bookings/${bookingId}/reschedule`, { newSlot: target }, { token: host.token }),
      ...Array.from({ length: 10 }, (_, i) => post("/api/bookings", bookingBody(host, target!, { email: `racer${i}@example.com` }))),
    ]);
    const winners = race.filter((r) => r.status === 200 || r.status === 201);
    expect(winners).toHaveLength(1);
    const confirmed = await confirmedBookings(host);
    const onTarget = confirmed.filter((b) => b.startMs === Date.parse(target!.start));
    expect(onTarget).toHaveLength(1);
    // Whatever won, the booking being moved is either moved or still where it was: never lost.
    if (race[0]!.status === 200) {
      expect(confirmed).toHaveLength(1);
      expect(confirmed[0]!.rescheduledFromId).toBe(bookingId);
    } else {
      expect(race[0]!.status).toBe(409);
      expect(confirmed.map((b) => b.id)).toContain(bookingId);
      expect(confirmed).toHaveLength(2);
    }
  });

  it("confirms 30 simultaneous creates on 30 distinct slots, committed together", async () => {
    const host = await seedHost({ types: [{ durationMinutes: 15 }] });
    const monday = upcoming(1);
    const slots = (await availableSlots(host, { startDate: monday, endDate: monday })).slice(0, 30);
    const responses = await Promise.all(slots.map((slot) => post("/api/bookings", bookingBody(host, slot), { token: host.token })));
    expect(responses.map((r) => r.status)).toEqual(Array(30).fill(201));
    expect(await confirmedBookings(host)).toHaveLength(30);
    expect(await availableSlots(host, { startDate: monday, endDate: monday })).toHaveLength(32 - 30);
  });

  it("refuses only the write D1 rejects when a committed group contains one, and keeps the others", async () => {
    const host = await seedHost();
    const monday = upcoming(1);
    const slots = (await availableSlots(host, { startDate: monday, endDate: monday })).slice(0, 6);
    // A booking written behind the Durable Object's back: only D1's trigger knows the slot is taken.
    const taken = slots[2]!;
    await db.insert(bookings).values({
      id: crypto.randomUUID(),
      userId: host.userId,
      bookingTypeId: host.types[0]!.id,
      startMs: Date.parse(taken.start),
      endMs: Date.parse(taken.end),
      blockStartMs: Date.parse(taken.start),
      blockEndMs: Date.parse(taken.end),
      status: "confirmed",
      attendeeName: "Elsewhere",
      attendeeEmail: "x@example.com",
      createdAt: Date.now(),
    });
    const responses = await Promise.all(slots.map((slot) => post("/api/bookings", bookingBody(host, slot), { token: host.token })));
    expect(responses.map((r) => r.status)).toEqual([201, 201, 409, 201, 201, 201]);
    expect(await errorOf(responses[2]!)).toMatchObject({ code: "SLOT_NOT_AVAILABLE" });
    expect(await confirmedBookings(host)).toHaveLength(6);
  });

  it("has D1 refuse an overlapping insert even when the Durable Object is bypassed", async () => {
    const host = await seedHost();
    const start = Date.parse(`${upcoming(1)}T10:00:00Z`);
    const row = (id: string, startMs: number, minutes: number) => ({
      id,
      userId: host.userId,
      bookingTypeId: host.types[0]!.id,
      startMs,
      endMs: startMs + minutes * 60_000,
      blockStartMs: startMs,
      blockEndMs: startMs + minutes * 60_000,
      status: "confirmed" as const,
      attendeeName: "A",
      attendeeEmail: "a@example.com",
      createdAt: Date.now(),
    });
    await db.insert(bookings).values(row(crypto.randomUUID(), start, 30));
    const overlapping = db.insert(bookings).values(row(crypto.randomUUID(), start + 15 * 60_000, 60));
    await expect(overlapping).rejects.toSatisfy(isOverlapRefusal);
    // Back-to-back is not an overlap.
    await db.insert(bookings).values(row(crypto.randomUUID(), start + 30 * 60_000, 30));
    expect(await confirmedBookings(host)).toHaveLength(2);
  });

  it("has D1 refuse an overlap with the longest blocked range there can be (a 12-hour meeting, 12-hour buffers), reaching from 35 hours back", async () => {
    const host = await seedHost();
    const start = Date.parse(`${upcoming(3)}T10:00:00Z`);
    const hour = 60 * 60_000;
    // The longest the booking type limits allow; migration 0011's look-back must cover it.
    const { minutes, bufferMinutes } = BOOKING_TYPE_LIMITS;
    expect((minutes.max + 2 * bufferMinutes.max) * 60_000).toBe(36 * hour);
    const base = {
      userId: host.userId,
      bookingTypeId: host.types[0]!.id,
      status: "confirmed" as const,
      attendeeName: "A",
      attendeeEmail: "a@example.com",
      createdAt: Date.now(),
    };
    await db
      .insert(bookings)
      .values({ ...base, id: crypto.randomUUID(), startMs: start, endMs: start + 12 * hour, blockStartMs: start - 12 * hour, blockEndMs: start + 24 * hour });
    // Its after-buffer ends 36 hours after its blocked range begins: a meeting in its last hour is refused.
    const late = db.insert(bookings).values({
      ...base,
      id: crypto.randomUUID(),
      startMs: start + 23 * hour,
      endMs: start + 23.5 * hour,
      blockStartMs: start + 23 * hour,
      blockEndMs: start + 23.5 * hour,
    });
    await expect(late).rejects.toSatisfy(isOverlapRefusal);
    await db.insert(bookings).values({
      ...base,
      id: crypto.randomUUID(),
      startMs: start + 24 * hour,
      endMs: start + 24.5 * hour,
      blockStartMs: start + 24 * hour,
      blockEndMs: start + 24.5 * hour,
    });
    expect(await confirmedBookings(host)).toHaveLength(2);
  });

  it("has D1 refuse a booking whose blocked range is longer than 36 hours, so the overlap guard's look-back always covers it", async () => {
    const host = await seedHost();
    const start = Date.parse(`${upcoming(3)}T10:00:00Z`);
    const hour = 60 * 60_000;
    const tooLong = db.insert(bookings).values({
      id: crypto.randomUUID(),
      userId: host.userId,
      bookingTypeId: host.types[0]!.id,
      startMs: start,
      endMs: start + hour,
      blockStartMs: start - 36 * hour,
      blockEndMs: start + hour,
      status: "cancelled",
      attendeeName: "A",
      attendeeEmail: "a@example.com",
      createdAt: Date.now(),
    });
    await expect(tooLong).rejects.toSatisfy((error: unknown) => d1ErrorMentions(error, "BOOKING_BLOCK_TOO_LONG"));
    expect(await confirmedBookings(host)).toHaveLength(0);
  });

  it("has D1 refuse a booking that sits inside another's buffer", async () => {
    const host = await seedHost();
    const start = Date.parse(`${upcoming(1)}T10:00:00Z`);
    const base = {
      userId: host.userId,
      bookingTypeId: host.types[0]!.id,
      status: "confirmed" as const,
      attendeeName: "A",
      attendeeEmail: "a@example.com",
      createdAt: Date.now(),
    };
    // 10:00–10:30 with a 15-minute buffer after: blocked until 10:45.
    await db
      .insert(bookings)
      .values({ ...base, id: crypto.randomUUID(), startMs: start, endMs: start + 30 * 60_000, blockStartMs: start, blockEndMs: start + 45 * 60_000 });
    const inBuffer = db.insert(bookings).values({
      ...base,
      id: crypto.randomUUID(),
      startMs: start + 30 * 60_000,
      endMs: start + 60 * 60_000,
      blockStartMs: start + 30 * 60_000,
      blockEndMs: start + 60 * 60_000,
    });
    await expect(inBuffer).rejects.toSatisfy(isOverlapRefusal);
  });
});
