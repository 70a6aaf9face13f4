/**
 * Checkout holds in the host's Durable Object on a frozen clock (design.md "Holds"): expired by the
 * object's alarm at `expiresAt` (not by the next request), kept across the object's restart, renewed
 * up to 60 minutes in all, ended by an archived type, and what a create does with a hold that has
 * expired. Holds over HTTP: booking-api/holds.test.ts.
 */
import { abortAllDurableObjects, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { availableSlots, bookingBody, call, errorOf, post, seedHost, upcoming } from "../test/fixtures";
import { alarmOf, holdRow, holdSlot, postHold, renewHold, storedHoldIds } from "../test/hold-fixtures";
import { confirmedIds, schedulerOf, setClock } from "../test/scheduler-control";
import type { HostScheduler } from "./host-scheduler";

const SECOND = 1_000;
const MINUTE = 60 * SECOND;

/** A host, a day it works, its free slots that day, and "now" on a whole second, the host's clock stopped there. */
async function frozenHost(options: Parameters<typeof seedHost>[0] = {}) {
  const host = await seedHost(options);
  const day = upcoming(1);
  const slots = await availableSlots(host, { startDate: day, endDate: day });
  const now = Math.floor(Date.now() / SECOND) * SECOND;
  await setClock(host, now);
  return { host, day, slots, now };
}

describe("a hold expires on time, by the object's alarm", () => {
  it("sets the alarm for expiresAt; the alarm ringing then ends the hold and frees the slot before any request", async () => {
    const { host, day, slots, now } = await frozenHost();
    const hold = await holdSlot(host, slots[0]!, { ttlSeconds: 60 });
    const expiresAt = Date.parse(hold.expiresAt);
    expect(expiresAt).toBe(now + MINUTE);
    expect(await alarmOf(host)).toBe(expiresAt);

    // Rung a moment early (as for other work): the hold stays, and so does its alarm.
    await setClock(host, expiresAt - 1);
    expect(await runDurableObjectAlarm(schedulerOf(host))).toBe(true);
    expect(await storedHoldIds(host)).toEqual([hold.holdId]);
    expect(await alarmOf(host)).toBe(expiresAt);

    await setClock(host, expiresAt);
    expect(await runDurableObjectAlarm(schedulerOf(host))).toBe(true);
    // Ended by the alarm itself: gone from the object's storage with no request in between.
    expect(await storedHoldIds(host)).toEqual([]);
    expect(await alarmOf(host)).toBeNull();
    expect(await availableSlots(host, { startDate: day, endDate: day })).toContainEqual(slots[0]);
    expect(await errorOf(await renewHold(hold.holdId))).toMatchObject({ status: 404, code: "NOT_FOUND" });
  });

  it("sets the alarm again for the next hold once the first has expired", async () => {
    const { host, slots, now } = await frozenHost();
    const short = await holdSlot(host, slots[0]!, { ttlSeconds: 60 });
    const long = await holdSlot(host, slots[1]!, { ttlSeconds: 300 });
    expect(await alarmOf(host)).toBe(Date.parse(short.expiresAt));
    await setClock(host, now + MINUTE);
    await runDurableObjectAlarm(schedulerOf(host));
    expect(await storedHoldIds(host)).toEqual([long.holdId]);
    expect(await alarmOf(host)).toBe(Date.parse(long.expiresAt));
  });

  it("shares the alarm with calendar and e-mail work: a hold brings it forward, never puts it off", async () => {
    const { host, slots, now } = await frozenHost();
    const setAlarm = (at: number) => runInDurableObject(schedulerOf(host), (_scheduler: HostScheduler, state) => state.storage.setAlarm(at));
    await setAlarm(now + 5 * SECOND); // work due sooner than any hold
    await holdSlot(host, slots[0]!, { ttlSeconds: 600 });
    expect(await alarmOf(host)).toBe(now + 5 * SECOND);
    await setAlarm(now + 2 * 60 * MINUTE); // work due later
    const hold = await holdSlot(host, slots[1]!, { ttlSeconds: 300 });
    expect(await alarmOf(host)).toBe(Date.parse(hold.expiresAt));
  });

  it("treats a hold as ended once expiresAt has passed, even before a late alarm rings", async () => {
    const { host, day, slots, now } = await frozenHost();
    const hold = await holdSlot(host, slots[0]!, { ttlSeconds: 60 });
    await setClock(host, now + MINUTE + SECOND); // expired, and no alarm has rung yet
    expect(await availableSlots(host, { startDate: day, endDate: day })).toContainEqual(slots[0]);
    expect(await errorOf(await renewHold(hold.holdId))).toMatchObject({ status: 404, code: "NOT_FOUND" });
  });
});

describe("a create naming a hold that has expired", () => {
  it("books the slot when it is still free, as an ordinary create", async () => {
    const { host, slots, now } = await frozenHost();
    const hold = await holdSlot(host, slots[0]!, { ttlSeconds: 60 });
    await setClock(host, now + 2 * MINUTE);
    await runDurableObjectAlarm(schedulerOf(host));
    const created = await post("/api/bookings", bookingBody(host, slots[0]!, { holdId: hold.holdId }));
    expect(created.status).toBe(201);
    expect(await confirmedIds(host)).toHaveLength(1);
  });

  it("answers 409 when someone booked the slot after it expired", async () => {
    const { host, slots, now } = await frozenHost();
    const hold = await holdSlot(host, slots[0]!, { ttlSeconds: 60 });
    await setClock(host, now + 2 * MINUTE);
    expect((await post("/api/bookings", bookingBody(host, slots[0]!, { email: "first@example.com" }))).status).toBe(201);
    expect(await errorOf(await post("/api/bookings", bookingBody(host, slots[0]!, { holdId: hold.holdId })))).toMatchObject({
      status: 409,
      code: "SLOT_NOT_AVAILABLE",
    });
  });

  it("judges minimum notice as when the slot was held: a visitor who paid slowly still gets it", async () => {
    const host = await seedHost({ types: [{ minimumNoticeMinutes: 120 }] });
    const day = upcoming(1);
    const [, slot] = await availableSlots(host, { startDate: day, endDate: day });
    const heldAt = Date.parse(slot!.start) - 121 * MINUTE;
    await setClock(host, heldAt);
    const hold = await holdSlot(host, slot!, { ttlSeconds: 1_800 });
    await setClock(host, heldAt + 20 * MINUTE); // inside the notice now
    expect((await post("/api/bookings", bookingBody(host, slot!, { holdId: hold.holdId }))).status).toBe(201);
  });
});

describe("a hold lives at most 60 minutes in all", () => {
  it("renews up to 60 minutes after it was made, and refuses past that with 400 naming ttlSeconds, changing nothing", async () => {
    const { host, slots, now } = await frozenHost();
    const hold = await holdSlot(host, slots[0]!, { ttlSeconds: 1_800 });
    await setClock(host, now + 28 * MINUTE);
    const first = await renewHold(hold.holdId, { ttlSeconds: 1_800 });
    expect(((await first.json()) as { expiresAt: string }).expiresAt).toBe(new Date(now + 58 * MINUTE).toISOString().replace(".000Z", "Z"));

    // The alarm set for the first expiry rings (it is only ever brought forward): the renewed hold stays.
    await setClock(host, now + 50 * MINUTE);
    await runDurableObjectAlarm(schedulerOf(host));
    expect(await storedHoldIds(host)).toEqual([hold.holdId]);
    const key = crypto.randomUUID();
    const past = await renewHold(hold.holdId, { ttlSeconds: 1_800 }, { key });
    const error = (await past.json()) as { error: { code: string; message: string; details: { field: string } } };
    expect([past.status, error.error.code, error.error.details.field]).toEqual([400, "INVALID_REQUEST", "ttlSeconds"]);
    expect(error.error.message).toContain(new Date(now + 60 * MINUTE).toISOString().replace(".000Z", "Z"));
    expect(error.error.message).toContain("at most 600");
    expect((await holdRow(hold.holdId))?.expiresAt).toBe(now + 58 * MINUTE);
    expect(await alarmOf(host)).toBe(now + 58 * MINUTE);

    // The refusal was not recorded under its key: the corrected request may reuse it, and reaches the limit exactly.
    const last = await renewHold(hold.holdId, { ttlSeconds: 600 }, { key });
    expect(last.status).toBe(200);
    await setClock(host, now + 58 * MINUTE);
    await runDurableObjectAlarm(schedulerOf(host));
    expect(await alarmOf(host)).toBe(now + 60 * MINUTE);
    await setClock(host, now + 59 * MINUTE + 30 * SECOND);
    const tooLate = await errorOf(await renewHold(hold.holdId, { ttlSeconds: 60 }));
    expect(tooLate).toMatchObject({ status: 400, code: "INVALID_REQUEST" });
    expect(tooLate.message).toContain("can no longer be renewed");
  });
});

describe("the object restarts with holds live", () => {
  it("keeps them from its storage: the slot stays hidden and refused, the alarm stays set, and the hold still books", async () => {
    const { host, day, slots, now } = await frozenHost();
    const hold = await holdSlot(host, slots[0]!, { ttlSeconds: 600 });
    const tokenHold = await holdSlot(host, slots[1]!, { token: host.token });
    await abortAllDurableObjects();
    await setClock(host, now + MINUTE); // the fresh object, on the same frozen time
    expect(await storedHoldIds(host)).toEqual([hold.holdId, tokenHold.holdId].sort());
    expect(await alarmOf(host)).toBe(Date.parse(hold.expiresAt));
    const offered = await availableSlots(host, { startDate: day, endDate: day });
    expect(offered).not.toContainEqual(slots[0]);
    expect(offered).not.toContainEqual(slots[1]);
    expect(await errorOf(await post("/api/bookings", bookingBody(host, slots[0]!)))).toMatchObject({ status: 409, code: "SLOT_NOT_AVAILABLE" });
    // A token's hold is still only its account's.
    expect(await errorOf(await renewHold(tokenHold.holdId))).toMatchObject({ status: 404, code: "NOT_FOUND" });
    expect((await post("/api/bookings", bookingBody(host, slots[0]!, { holdId: hold.holdId }))).status).toBe(201);
    expect((await post("/api/bookings", bookingBody(host, slots[1]!, { holdId: tokenHold.holdId }), { token: host.token })).status).toBe(201);
    expect(await storedHoldIds(host)).toEqual([]);
  });

  it("ends a hold that expired while the object was away when its alarm rings", async () => {
    const { host, day, slots, now } = await frozenHost();
    const hold = await holdSlot(host, slots[0]!, { ttlSeconds: 60 });
    await abortAllDurableObjects();
    await setClock(host, Date.parse(hold.expiresAt) + 5 * MINUTE);
    expect(await runDurableObjectAlarm(schedulerOf(host))).toBe(true);
    expect(await storedHoldIds(host)).toEqual([]);
    expect(await availableSlots(host, { startDate: day, endDate: day })).toContainEqual(slots[0]);
    expect(now).toBeLessThan(Date.parse(hold.expiresAt));
  });
});

describe("a hold on a type that is archived meanwhile", () => {
  it("ends: the create naming it and its renewal are 404, and the time is offered again for the host's other types", async () => {
    const { host, day, slots } = await frozenHost({ types: [{ durationMinutes: 30 }, { durationMinutes: 30 }] });
    const hold = await holdSlot(host, slots[0]!);
    const other = String(host.types[1]!.id);
    expect(await availableSlots(host, { startDate: day, endDate: day, slug: other })).not.toContainEqual(slots[0]);
    const archived = await call(`/api/booking-types/${host.types[0]!.id}`, { method: "DELETE", headers: { authorization: `Bearer ${host.token}` } });
    expect(archived.status).toBe(204);
    expect(await errorOf(await post("/api/bookings", bookingBody(host, slots[0]!, { holdId: hold.holdId })))).toMatchObject({
      status: 404,
      code: "NOT_FOUND",
    });
    expect(await errorOf(await renewHold(hold.holdId))).toMatchObject({ status: 404, code: "NOT_FOUND" });
    expect(await availableSlots(host, { startDate: day, endDate: day, slug: other })).toContainEqual(slots[0]);
    expect(await storedHoldIds(host)).toEqual([]);
    expect(await errorOf(await postHold(host, slots[1]!))).toMatchObject({ status: 404, code: "NOT_FOUND" });
    expect(await confirmedIds(host)).toEqual([]);
  });
});
