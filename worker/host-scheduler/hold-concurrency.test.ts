/**
 * Checkout holds racing each other and creates, through the real Worker, Durable Object and D1:
 * one slot is never held twice, never both held and booked, and never booked twice.
 */
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { bookings, slotHolds } from "../db/schema";
import { availableSlots, bookingBody, db, errorOf, post, type SeededHost, seedHost, upcoming } from "../test/fixtures";
import { postHold, storedHoldIds } from "../test/hold-fixtures";

async function hostWithSlot() {
  const host = await seedHost();
  const day = upcoming(1);
  const [slot] = await availableSlots(host, { startDate: day, endDate: day });
  return { host, slot: slot! };
}

async function confirmedBookings(host: SeededHost) {
  return db
    .select()
    .from(bookings)
    .where(and(eq(bookings.userId, host.userId), eq(bookings.status, "confirmed")));
}

async function holdRowsOf(host: SeededHost) {
  return db.select().from(slotHolds).where(eq(slotHolds.hostId, host.userId));
}

/** Every answer but the winners' is 409 SLOT_NOT_AVAILABLE: a 500 (or anything else) among them fails here. */
async function expectLosersTold(responses: Response[], winners: number) {
  const losers = responses.filter((response) => response.status !== 201);
  expect(responses.length - losers.length).toBe(winners);
  for (const loser of losers) expect(await errorOf(loser)).toMatchObject({ status: 409, code: "SLOT_NOT_AVAILABLE" });
}

describe("holds under concurrency", () => {
  it("lets exactly one of 40 simultaneous holds on one slot win; the rest get 409 SLOT_NOT_AVAILABLE, and D1 holds no booking", async () => {
    const { host, slot } = await hostWithSlot();
    const responses = await Promise.all(Array.from({ length: 40 }, () => postHold(host, slot)));
    await expectLosersTold(responses, 1);
    const winner = (await responses.find((response) => response.status === 201)!.json()) as { holdId: string };
    expect(await storedHoldIds(host)).toEqual([winner.holdId]);
    expect((await holdRowsOf(host)).map((row) => row.id)).toEqual([winner.holdId]);
    expect(await confirmedBookings(host)).toEqual([]);
  });

  it("lets exactly one of 20 holds and 20 creates racing for one slot win, and never both holds and books it", async () => {
    const { host, slot } = await hostWithSlot();
    const requests = Array.from({ length: 40 }, (_, i) =>
      i % 2 === 0 ? postHold(host, slot) : post("/api/bookings", bookingBody(host, slot, { email: `racer${i}@example.com` })),
    );
    const responses = await Promise.all(requests);
    await expectLosersTold(responses, 1);
    const holdWon = responses.findIndex((response) => response.status === 201) % 2 === 0;
    expect(await confirmedBookings(host)).toHaveLength(holdWon ? 0 : 1);
    expect(await storedHoldIds(host)).toHaveLength(holdWon ? 1 : 0);
  });

  it("books a held slot for its holder alone while 40 creates without the hold race it", async () => {
    const { host, slot } = await hostWithSlot();
    const held = (await (await postHold(host, slot)).json()) as { holdId: string };
    const responses = await Promise.all([
      ...Array.from({ length: 20 }, (_, i) => post("/api/bookings", bookingBody(host, slot, { email: `early${i}@example.com` }))),
      post("/api/bookings", bookingBody(host, slot, { holdId: held.holdId })),
      ...Array.from({ length: 20 }, (_, i) => post("/api/bookings", bookingBody(host, slot, { email: `late${i}@example.com` }))),
    ]);
    await expectLosersTold(responses, 1);
    expect(responses[20]!.status).toBe(201);
    const booked = await confirmedBookings(host);
    expect(booked.map((row) => row.attendeeEmail)).toEqual(["ada@example.com"]);
    expect(await storedHoldIds(host)).toEqual([]);
    expect(await holdRowsOf(host)).toEqual([]);
  });

  it("holds once when a retry with the same Idempotency-Key races its first attempt: both answer the same hold", async () => {
    const { host, slot } = await hostWithSlot();
    const key = crypto.randomUUID();
    const ip = "192.0.2.44";
    const responses = await Promise.all(Array.from({ length: 5 }, () => postHold(host, slot, { key, ip })));
    expect(responses.map((response) => response.status)).toEqual(Array(5).fill(201));
    const ids = new Set(await Promise.all(responses.map(async (response) => ((await response.json()) as { holdId: string }).holdId)));
    expect(ids.size).toBe(1);
    expect(await storedHoldIds(host)).toEqual([...ids]);
  });
});
