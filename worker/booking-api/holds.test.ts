/**
 * Checkout holds over HTTP (design.md "Holds"): what a hold keeps from everyone else, how a create
 * consumes it, who may use it, the per-address cap, and bad input. Time, expiry, the alarm and
 * restarts: host-scheduler/scheduler-holds.test.ts; races: host-scheduler/hold-concurrency.test.ts.
 */
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { bookings, webhookEvents } from "../db/schema";
import { addDays, lastDayOf, monthOf } from "../domain/calendar-days";
import type { CreateBookingResponse } from "../domain/contract";
import { localDateOf } from "../domain/zoned-time";
import {
  availableSlots,
  book,
  bookingBody,
  call,
  db,
  errorOf,
  everyDay,
  post,
  type SeededHost,
  seedAccount,
  seedHost,
  seedToken,
  upcoming,
} from "../test/fixtures";
import { holdRow, holdSlot, postHold, releaseHold, renewHold, storedHoldIds } from "../test/hold-fixtures";

async function hostWithSlots(options: Parameters<typeof seedHost>[0] = {}) {
  const host = await seedHost(options);
  const day = upcoming(1);
  const slots = await availableSlots(host, { startDate: day, endDate: day });
  return { host, day, slots };
}

async function confirmed(host: SeededHost) {
  return db
    .select()
    .from(bookings)
    .where(and(eq(bookings.userId, host.userId), eq(bookings.status, "confirmed")));
}

const WELL_FORMED_UNKNOWN = `hold_${"A".repeat(43)}`;

describe("POST /api/holds", () => {
  it("holds an offered slot for 600 seconds by default, answering holdId, start, end and expiresAt", async () => {
    const { host, slots } = await hostWithSlots();
    const before = Date.now();
    const hold = await holdSlot(host, slots[0]!);
    expect(hold.holdId).toMatch(/^hold_[A-Za-z0-9_-]{43}$/);
    expect({ start: hold.start, end: hold.end }).toEqual(slots[0]);
    const lasts = Date.parse(hold.expiresAt) - before;
    expect(lasts).toBeGreaterThanOrEqual(600_000 - 1_000);
    expect(lasts).toBeLessThanOrEqual(601_000 + 1_000);
    expect(hold.expiresAt).toMatch(/:\d\dZ$/);
    expect(await storedHoldIds(host)).toEqual([hold.holdId]);
  });

  it("hides the held slot, and only it, from everyone's availability, the hosted page's first load included", async () => {
    // Hours every day, so the page's block (this month in London, and a day after) has free slots whenever this runs.
    const host = await seedHost({ weekly: everyDay(0, 23 * 60) });
    // Days inside the hosted page's block: the first two free slots there.
    const today = localDateOf("Europe/London", Date.now());
    const slots = await availableSlots(host, { startDate: today, endDate: addDays(lastDayOf(monthOf(today)), 1) });
    expect(slots.length).toBeGreaterThan(1);
    await holdSlot(host, slots[0]!);
    const day = slots[0]!.start.slice(0, 10);
    for (const caller of [undefined, host.token]) {
      const after = await availableSlots(host, { startDate: day, endDate: day }, caller);
      expect(after).not.toContainEqual(slots[0]);
      expect(after).toContainEqual(slots[1]);
    }
    const page = await (await call(`/book/${host.username}/${host.types[0]!.id}`)).text();
    expect(page).toContain(`"start":"${slots[1]!.start}"`);
    expect(page).not.toContain(`"start":"${slots[0]!.start}"`);
  });

  it("refuses creates and reschedules onto any overlapping time without the hold with 409 SLOT_NOT_AVAILABLE", async () => {
    const { host, slots } = await hostWithSlots({ types: [{ durationMinutes: 30 }, { durationMinutes: 60 }] });
    await holdSlot(host, slots[1]!);
    expect(await errorOf(await post("/api/bookings", bookingBody(host, slots[1]!)))).toMatchObject({ status: 409, code: "SLOT_NOT_AVAILABLE" });
    // The 60-minute type's slot starting with slots[0] overlaps the held half hour.
    const long = { start: slots[0]!.start, end: slots[1]!.end };
    const longBody = { ...bookingBody(host, long), bookingType: String(host.types[1]!.id) };
    expect(await errorOf(await post("/api/bookings", longBody, { token: host.token }))).toMatchObject({ status: 409, code: "SLOT_NOT_AVAILABLE" });
    const { bookingId } = await book(host, slots[3]!);
    const move = await post(`/api/bookings/${bookingId}/reschedule`, { newSlot: slots[1] }, { token: host.token });
    expect(await errorOf(move)).toMatchObject({ status: 409, code: "SLOT_NOT_AVAILABLE" });
    // A second hold on it is refused the same way.
    expect(await errorOf(await postHold(host, slots[1]!))).toMatchObject({ status: 409, code: "SLOT_NOT_AVAILABLE" });
    expect((await confirmed(host)).map((row) => row.id)).toEqual([bookingId]);
  });

  it("refuses a slot availability would not offer, as a create would: taken, off the grid, of a wrong length", async () => {
    const { host, slots } = await hostWithSlots();
    await book(host, slots[0]!);
    const offGrid = {
      start: slots[1]!.start.replace(":00:00Z", ":10:00Z").replace(":30:00Z", ":40:00Z"),
      end: slots[1]!.end.replace(":00:00Z", ":10:00Z").replace(":30:00Z", ":40:00Z"),
    };
    const tooLong = { start: slots[1]!.start, end: slots[2]!.end };
    for (const slot of [slots[0]!, offGrid, tooLong]) {
      expect(await errorOf(await postHold(host, slot)), JSON.stringify(slot)).toMatchObject({ status: 409, code: "SLOT_NOT_AVAILABLE" });
    }
    expect(await storedHoldIds(host)).toEqual([]);
  });

  it("holds a private type only with a token of its host; without one the type is not found", async () => {
    const host = await seedHost({ types: [{ isPublic: false }] });
    const day = upcoming(1);
    const [slot] = await availableSlots(host, { startDate: day, endDate: day }, host.token);
    expect(await errorOf(await postHold(host, slot!))).toMatchObject({ status: 404, code: "NOT_FOUND" });
    const other = await seedToken(await seedAccount(), ["bookings:write"]);
    expect(await errorOf(await postHold(host, slot!, { token: other }))).toMatchObject({ status: 404, code: "NOT_FOUND" });
    const reader = await seedToken(host.accountId, ["bookings:read"], host.userId);
    expect(await errorOf(await postHold(host, slot!, { token: reader }))).toMatchObject({ status: 403, code: "FORBIDDEN" });
    await holdSlot(host, slot!, { token: host.token });
  });

  it("answers a retry with the same Idempotency-Key with the same hold, and another request under it with 409 IDEMPOTENCY_CONFLICT", async () => {
    const { host, slots } = await hostWithSlots();
    const key = crypto.randomUUID();
    const ip = "198.51.100.20";
    const first = await holdSlot(host, slots[0]!, { key, ip });
    const retry = await postHold(host, slots[0]!, { key, ip });
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(await retry.json()).toEqual(first);
    expect(await errorOf(await postHold(host, slots[1]!, { key, ip }))).toMatchObject({ status: 409, code: "IDEMPOTENCY_CONFLICT" });
    expect(await storedHoldIds(host)).toEqual([first.holdId]);
  });

  it("sends no webhook event and writes no booking: a hold is not a booking", async () => {
    const { host, slots } = await hostWithSlots();
    const hold = await holdSlot(host, slots[0]!, { token: host.token });
    expect((await renewHold(hold.holdId, {}, { token: host.token })).status).toBe(200);
    expect((await releaseHold(hold.holdId, { token: host.token })).status).toBe(204);
    expect(await db.select().from(webhookEvents).where(eq(webhookEvents.hostId, host.userId))).toEqual([]);
    expect(await confirmed(host)).toEqual([]);
  });
});

describe("a create naming a hold", () => {
  it("books the held slot and ends the hold in the same commit", async () => {
    const { host, day, slots } = await hostWithSlots();
    const hold = await holdSlot(host, slots[0]!);
    const created = await post("/api/bookings", bookingBody(host, slots[0]!, { holdId: hold.holdId }));
    expect(created.status).toBe(201);
    const { bookingId } = (await created.json()) as CreateBookingResponse;
    expect((await confirmed(host)).map((row) => row.id)).toEqual([bookingId]);
    expect(await holdRow(hold.holdId)).toBeUndefined();
    expect(await storedHoldIds(host)).toEqual([]);
    expect(await errorOf(await renewHold(hold.holdId))).toMatchObject({ status: 404, code: "NOT_FOUND" });
    expect(await availableSlots(host, { startDate: day, endDate: day })).not.toContainEqual(slots[0]);
  });

  it("lets a partner's server book, with its token, the hold its page made without one", async () => {
    const { host, slots } = await hostWithSlots();
    const hold = await holdSlot(host, slots[0]!);
    expect((await post("/api/bookings", bookingBody(host, slots[0]!, { holdId: hold.holdId }), { token: host.token })).status).toBe(201);
  });

  it("refuses a hold of another slot, type or host with 400 naming holdId, and books nothing", async () => {
    const { host, slots } = await hostWithSlots({ types: [{ durationMinutes: 30 }, { durationMinutes: 30 }] });
    const other = await hostWithSlots();
    const hold = await holdSlot(host, slots[0]!);
    const foreignHold = await holdSlot(other.host, other.slots[2]!);
    const attempts = [
      bookingBody(host, slots[2]!, { holdId: hold.holdId }),
      { ...bookingBody(host, slots[0]!, { holdId: hold.holdId }), bookingType: String(host.types[1]!.id) },
      bookingBody(host, slots[2]!, { holdId: foreignHold.holdId }),
    ];
    for (const body of attempts) {
      const response = await post("/api/bookings", body);
      const error = (await response.json()) as { error: { code: string; details: { field: string } } };
      expect([response.status, error.error.code, error.error.details.field], JSON.stringify(body)).toEqual([400, "INVALID_REQUEST", "holdId"]);
    }
    expect(await confirmed(host)).toEqual([]);
    expect(await storedHoldIds(host)).toEqual([hold.holdId]);
  });

  it("counts a hold released before it as none: books the slot if still free, else 409", async () => {
    const { host, slots } = await hostWithSlots();
    const released = await holdSlot(host, slots[0]!);
    expect((await releaseHold(released.holdId)).status).toBe(204);
    expect((await post("/api/bookings", bookingBody(host, slots[0]!, { holdId: released.holdId }))).status).toBe(201);
    const lost = await holdSlot(host, slots[1]!);
    expect((await releaseHold(lost.holdId)).status).toBe(204);
    await holdSlot(host, slots[1]!); // someone else holds it now
    expect(await errorOf(await post("/api/bookings", bookingBody(host, slots[1]!, { holdId: lost.holdId })))).toMatchObject({
      status: 409,
      code: "SLOT_NOT_AVAILABLE",
    });
  });

  it("refuses a malformed holdId with 400 before anything else", async () => {
    const { host, slots } = await hostWithSlots();
    for (const holdId of ["hold_short", "x".repeat(48), 42, `hold_${"A".repeat(42)}!`]) {
      const response = await post("/api/bookings", bookingBody(host, slots[0]!, { holdId }));
      expect(await errorOf(response), String(holdId)).toMatchObject({ status: 400, code: "INVALID_REQUEST" });
    }
    expect(await confirmed(host)).toEqual([]);
  });
});

describe("renew and release", () => {
  it("releases at once: DELETE answers 204, the slot is offered and bookable again, and a second DELETE is 404", async () => {
    const { host, day, slots } = await hostWithSlots();
    const hold = await holdSlot(host, slots[0]!);
    expect((await releaseHold(hold.holdId)).status).toBe(204);
    expect(await availableSlots(host, { startDate: day, endDate: day })).toContainEqual(slots[0]);
    expect(await holdRow(hold.holdId)).toBeUndefined();
    expect(await storedHoldIds(host)).toEqual([]);
    expect(await errorOf(await releaseHold(hold.holdId))).toMatchObject({ status: 404, code: "NOT_FOUND" });
    await book(host, slots[0]!, true);
  });

  it("renews for 600 seconds by default, or ttlSeconds, from now", async () => {
    const { host, slots } = await hostWithSlots();
    const hold = await holdSlot(host, slots[0]!, { ttlSeconds: 60 });
    const renewed = await renewHold(hold.holdId, { ttlSeconds: 1_800 });
    expect(renewed.status).toBe(200);
    const body = (await renewed.json()) as typeof hold;
    expect({ ...body, expiresAt: undefined }).toEqual({ ...hold, expiresAt: undefined });
    expect(Date.parse(body.expiresAt) - Date.parse(hold.expiresAt)).toBeGreaterThanOrEqual(1_740_000 - 2_000);
    const again = (await (await renewHold(hold.holdId)).json()) as typeof hold;
    expect(Date.parse(again.expiresAt) - Date.now()).toBeGreaterThan(590_000);
    expect((await holdRow(hold.holdId))?.expiresAt).toBe(Date.parse(again.expiresAt));
  });

  it("lets only the account whose token made a hold renew, release or book it; anyone else is told it does not exist", async () => {
    const { host, slots } = await hostWithSlots();
    const hold = await holdSlot(host, slots[0]!, { token: host.token });
    const otherAccount = await seedToken(await seedAccount(), ["bookings:write"]);
    const sameAccountOtherHost = await seedToken(host.accountId, ["bookings:write"], (await seedHost({ accountId: host.accountId })).userId);
    for (const token of [undefined, otherAccount, sameAccountOtherHost]) {
      expect(await errorOf(await renewHold(hold.holdId, {}, { token })), String(token)).toMatchObject({ status: 404, code: "NOT_FOUND" });
      expect(await errorOf(await releaseHold(hold.holdId, { token })), String(token)).toMatchObject({ status: 404, code: "NOT_FOUND" });
    }
    // Without the hold the slot is taken, whoever asks.
    expect(await errorOf(await post("/api/bookings", bookingBody(host, slots[0]!, { holdId: hold.holdId })))).toMatchObject({
      status: 409,
      code: "SLOT_NOT_AVAILABLE",
    });
    const reader = await seedToken(host.accountId, ["bookings:read"]);
    expect(await errorOf(await releaseHold(hold.holdId, { token: reader }))).toMatchObject({ status: 403, code: "FORBIDDEN" });
    // Another token of the same account may.
    const colleague = await seedToken(host.accountId, ["bookings:write"]);
    expect((await renewHold(hold.holdId, {}, { token: colleague })).status).toBe(200);
    expect((await post("/api/bookings", bookingBody(host, slots[0]!, { holdId: hold.holdId }), { token: colleague })).status).toBe(201);
  });

  it("answers 404 NOT_FOUND for an unknown or malformed hold id", async () => {
    for (const id of [WELL_FORMED_UNKNOWN, "hold_x", "nothing", "%F0%9F%92%A5", "a".repeat(300)]) {
      expect(await errorOf(await renewHold(id)), id).toMatchObject({ status: 404, code: "NOT_FOUND" });
      expect(await errorOf(await releaseHold(id)), id).toMatchObject({ status: 404, code: "NOT_FOUND" });
    }
  });
});

describe("bad input changes nothing", () => {
  it("refuses ttlSeconds out of 60–1,800 or not a whole number, a malformed slot, an unknown type, a missing key and a body over 64 KiB", async () => {
    const { host, day, slots } = await hostWithSlots();
    const slot = slots[0]!;
    const type = String(host.types[0]!.id);
    const refused: [unknown, number, string][] = [
      [{ bookingType: type, ...slot, ttlSeconds: 59 }, 400, "INVALID_REQUEST"],
      [{ bookingType: type, ...slot, ttlSeconds: 1_801 }, 400, "INVALID_REQUEST"],
      [{ bookingType: type, ...slot, ttlSeconds: 600.5 }, 400, "INVALID_REQUEST"],
      [{ bookingType: type, ...slot, ttlSeconds: "600" }, 400, "INVALID_REQUEST"],
      [{ bookingType: type, start: slot.end, end: slot.start }, 400, "INVALID_REQUEST"],
      [{ bookingType: type, start: "tomorrow", end: slot.end }, 400, "INVALID_REQUEST"],
      [{ start: slot.start, end: slot.end }, 400, "INVALID_REQUEST"],
      [{ bookingType: "999999999", ...slot }, 404, "NOT_FOUND"],
      ["[1,2", 400, "INVALID_REQUEST"],
      [{ bookingType: type, ...slot, padding: "x".repeat(70_000) }, 413, "INVALID_REQUEST"],
    ];
    for (const [body, status, code] of refused) {
      expect(await errorOf(await post("/api/holds", body)), JSON.stringify(body).slice(0, 80)).toMatchObject({ status, code });
    }
    const noKey = await call("/api/holds", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ bookingType: type, ...slot }),
    });
    expect(await errorOf(noKey)).toMatchObject({ status: 400, code: "INVALID_REQUEST" });
    const hold = await holdSlot(host, slot);
    for (const ttlSeconds of [0, 1_801, -5, null]) {
      expect(await errorOf(await renewHold(hold.holdId, { ttlSeconds })), String(ttlSeconds)).toMatchObject({ status: 400, code: "INVALID_REQUEST" });
    }
    expect(await storedHoldIds(host)).toEqual([hold.holdId]);
    expect(await availableSlots(host, { startDate: day, endDate: day })).toEqual(slots.slice(1));
  });
});

describe("at most 3 live anonymous holds per client address", () => {
  it("refuses a 4th from one address, across hosts, with 429 and Retry-After, and takes it once one is released", async () => {
    const ip = "203.0.113.77";
    const first = await hostWithSlots();
    const second = await hostWithSlots();
    const holds = [
      await holdSlot(first.host, first.slots[0]!, { ip }),
      await holdSlot(first.host, first.slots[1]!, { ip }),
      await holdSlot(second.host, second.slots[0]!, { ip }),
    ];
    const fourth = await postHold(second.host, second.slots[1]!, { ip });
    expect(await errorOf(fourth.clone())).toMatchObject({ status: 429, code: "RATE_LIMITED" });
    const retryAfter = Number(fourth.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(500);
    expect(retryAfter).toBeLessThanOrEqual(601);
    // Another address, and a token's holds, are not counted against it.
    await holdSlot(second.host, second.slots[1]!, { ip: "203.0.113.78" });
    await holdSlot(second.host, second.slots[2]!, { token: second.host.token, ip });
    expect((await releaseHold(holds[0]!.holdId)).status).toBe(204);
    await holdSlot(second.host, second.slots[3]!, { ip });
    expect(await storedHoldIds(second.host)).toHaveLength(4);
  });

  it("counts nothing with RATE_LIMITS=off, like every other per-address limit", async () => {
    const { host, slots } = await hostWithSlots();
    const ip = "203.0.113.90";
    for (const slot of slots.slice(0, 5)) await holdSlot(host, slot, { ip, bindings: { RATE_LIMITS: "off" } });
    expect(await storedHoldIds(host)).toHaveLength(5);
  });
});
