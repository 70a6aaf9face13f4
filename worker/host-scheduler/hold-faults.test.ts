/**
 * Checkout holds when D1 fails under the host's object (design.md "Holds"): a hold whose commit D1
 * refuses, one whose commit went through but whose answer was lost, and one whose commit failed
 * while D1 could not even be asked whether it went through. The visitor's retry with the
 * same Idempotency-Key ends with one hold, never two, and never with the visitor refused by a hold
 * of their own.
 */
import { describe, expect, it } from "vitest";
import { availableSlots } from "../test/fixtures";
import { postHold, storedHoldIds } from "../test/hold-fixtures";
import { cutOffD1, healD1, hostWithSlots, injectD1Faults, writeAnswersLost, writesRefused } from "../test/scheduler-control";

describe("a hold when D1 fails", () => {
  it("holds nothing when D1 refuses its commit, and the retry with the same key holds the slot once", async () => {
    const { host, day, slots } = await hostWithSlots();
    await injectD1Faults(host, writesRefused);
    const key = crypto.randomUUID();
    expect((await postHold(host, slots[0]!, { key })).status).toBe(500);
    expect(await storedHoldIds(host)).toEqual([]);
    expect(await availableSlots(host, { startDate: day, endDate: day })).toContainEqual(slots[0]);

    await healD1(host);
    const retry = await postHold(host, slots[0]!, { key });
    expect(retry.status, await retry.clone().text()).toBe(201);
    expect(await storedHoldIds(host)).toEqual([((await retry.json()) as { holdId: string }).holdId]);
  });

  it("keeps the hold whose commit went through though its answer was lost, and the retry with the same key answers that hold", async () => {
    const { host, day, slots } = await hostWithSlots();
    await injectD1Faults(host, writeAnswersLost);
    const key = crypto.randomUUID();
    expect((await postHold(host, slots[0]!, { key })).status).toBe(201);
    await healD1(host);
    const [held] = await storedHoldIds(host);
    expect(held).toBeDefined();
    expect(await availableSlots(host, { startDate: day, endDate: day })).not.toContainEqual(slots[0]);

    const retry = await postHold(host, slots[0]!, { key });
    expect(retry.status).toBe(201);
    expect(((await retry.json()) as { holdId: string }).holdId).toBe(held);
    expect(await storedHoldIds(host)).toEqual([held]);
  });

  it("settles a hold whose outcome was unknown when the same key comes back: never committed, it is the retry's to place, not a hold against the visitor", async () => {
    const { host, day, slots } = await hostWithSlots();
    const bringD1Back = await cutOffD1(host);
    const key = crypto.randomUUID();
    expect((await postHold(host, slots[0]!, { key })).status).toBe(500);
    // Kept meanwhile: it might have committed.
    const [kept] = await storedHoldIds(host);
    expect(kept).toBeDefined();
    bringD1Back();
    expect(await availableSlots(host, { startDate: day, endDate: day })).not.toContainEqual(slots[0]);

    const retry = await postHold(host, slots[0]!, { key });
    expect(retry.status, await retry.clone().text()).toBe(201);
    const { holdId } = (await retry.json()) as { holdId: string };
    expect(holdId).not.toBe(kept);
    expect(await storedHoldIds(host)).toEqual([holdId]);
  });
});
