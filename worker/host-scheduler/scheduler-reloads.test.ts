/**
 * The host's Durable Object when it loads or re-reads D1 while writes go on, or restarts with a
 * write in flight: nothing is lost, nothing happens twice, and its bookings never drift from D1's.
 * Failed and late D1 writes: scheduler-faults.test.ts.
 */
import { abortAllDurableObjects } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { CreateBookingResponse } from "../domain/contract";
import { availableSlots, call, post } from "../test/fixtures";
import {
  confirmedIds,
  expectNoDrift,
  gate,
  healD1,
  hostWithSlots,
  injectD1Faults,
  isHostLoad,
  isWrite,
  postBooking,
  setClock,
  until,
} from "../test/scheduler-control";

/**
 * In the test pool a reset object's pending work is not torn down, so the tests reset every object
 * (abortAllDurableObjects: the next request meets a fresh one) and make the old one's D1 call fail.
 */
const objectReset = () => new Error("Durable Object reset because its code was updated.");

describe("the object loads or reloads while writes go on", () => {
  it("frees a slot cancelled while the object was first loading", async () => {
    const { host, day, slots } = await hostWithSlots();
    const created = (await (await postBooking(host, slots[0]!)).json()) as CreateBookingResponse;
    await abortAllDurableObjects(); // a fresh object, which must load the host again
    const loadRead = gate();
    let loads = 0;
    await injectD1Faults(host, {
      batch: async (sql, run) => {
        if (!isHostLoad(sql)) return run();
        loads += 1;
        const results = await run(); // the load reads the booking as confirmed…
        await loadRead.opened; // …and installs it only after the cancel below has been sent
        return results;
      },
    });
    const slotsDuringLoad = availableSlots(host, { startDate: day, endDate: day });
    await until(() => loads === 1, "the load has read D1");
    const cancel = post(`/api/bookings/${created.bookingId}/cancel`, {}, { token: host.token });
    await new Promise((resolve) => setTimeout(resolve, 50));
    loadRead.open();
    expect((await cancel).status).toBe(200);
    await slotsDuringLoad;
    expect(await availableSlots(host, { startDate: day, endDate: day })).toContainEqual(slots[0]);
    await expectNoDrift(host, day, Date.now());
  });

  it("keeps a booking that committed while a reload was reading D1", async () => {
    const { host, day, slots } = await hostWithSlots();
    await postBooking(host, slots[3]!); // the object is loaded
    const write = gate();
    const reload = gate();
    let writing = false;
    let reloading = false;
    await injectD1Faults(host, {
      batch: async (sql, run) => {
        if (isWrite(sql)) {
          writing = true;
          await write.opened;
          return run();
        }
        if (isHostLoad(sql)) {
          reloading = true;
          const results = await run(); // read before the write commits
          await reload.opened;
          return results;
        }
        return run();
      },
    });
    const booking = postBooking(host, slots[0]!);
    await until(() => writing, "the create is committing");
    // Past the object's configuration age: this availability call starts a reload in the background.
    await setClock(host, Date.now() + 61_000);
    await availableSlots(host, { startDate: day, endDate: day });
    await until(() => reloading, "the reload has read D1");
    write.open();
    expect((await booking).status).toBe(201);
    reload.open();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await healD1(host);
    expect(await availableSlots(host, { startDate: day, endDate: day })).not.toContainEqual(slots[0]);
  });
});

describe("a change of hours while the object is re-reading D1", () => {
  it("is seen by the next answer, which waits for a read that began after the change", async () => {
    const { host, day, slots } = await hostWithSlots();
    const loadRead = gate();
    let loads = 0;
    await abortAllDurableObjects(); // a fresh object, whose first load we hold
    await injectD1Faults(host, {
      batch: async (sql, run) => {
        if (!isHostLoad(sql)) return run();
        const results = await run(); // this read sees the old hours…
        loads += 1;
        if (loads === 1) await loadRead.opened; // …and lands only after the change below
        return results;
      },
    });
    const during = availableSlots(host, { startDate: day, endDate: day });
    await until(() => loads === 1, "the first load has read D1");
    // The day is closed through the API, which tells the object once its write has committed.
    const closed = await call(`/api/hosts/${host.username}/overrides/${day}`, {
      method: "PUT",
      headers: { authorization: `Bearer ${host.token}`, "content-type": "application/json" },
      body: JSON.stringify({ intervals: [] }),
    });
    expect(closed.status).toBe(200);
    const after = availableSlots(host, { startDate: day, endDate: day });
    await new Promise((resolve) => setTimeout(resolve, 50)); // the second question reaches the object
    loadRead.open();
    expect(await during).toContainEqual(slots[0]); // asked before the change: the old hours are a fair answer
    expect(await after).toEqual([]);
  });
});

describe("the object restarts with a write in flight", () => {
  it("books once when the object restarts before the write commits and the client retries with its key", async () => {
    const { host, day, slots } = await hostWithSlots();
    await postBooking(host, slots[3]!);
    const restart = gate();
    let writing = false;
    await injectD1Faults(host, {
      batch: async (sql, run) => {
        if (!isWrite(sql)) return run();
        writing = true;
        await restart.opened;
        throw objectReset(); // the old object dies before its write reaches D1
      },
    });
    const key = crypto.randomUUID();
    const first = postBooking(host, slots[0]!, key);
    await until(() => writing, "the create is committing");
    await abortAllDurableObjects();
    restart.open();
    expect((await first).status).toBe(500);
    const retry = await postBooking(host, slots[0]!, key);
    expect(retry.status).toBe(201);
    expect(await confirmedIds(host)).toHaveLength(2);
    await expectNoDrift(host, day, Date.now());
  });

  it("replays the committed booking when the object restarts after the commit but before the answer", async () => {
    const { host, day, slots } = await hostWithSlots();
    await postBooking(host, slots[3]!);
    const restart = gate();
    let committed = false;
    await injectD1Faults(host, {
      batch: async (sql, run) => {
        if (!isWrite(sql)) return run();
        await run();
        committed = true;
        await restart.opened;
        throw objectReset(); // the old object dies before it can answer
      },
      query: (sql) => {
        if (committed && /^select/i.test(sql)) throw objectReset(); // and can ask D1 nothing more
      },
    });
    const key = crypto.randomUUID();
    const first = postBooking(host, slots[0]!, key);
    await until(() => committed, "the create has committed");
    await abortAllDurableObjects();
    restart.open();
    expect((await first).status).toBe(500);
    const retry = await postBooking(host, slots[0]!, key);
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    const { bookingId } = (await retry.json()) as CreateBookingResponse;
    expect(await confirmedIds(host)).toContain(bookingId);
    expect(await confirmedIds(host)).toHaveLength(2);
    await expectNoDrift(host, day, Date.now());
  });
});
