/**
 * The host's Durable Object when D1 fails, answers late, or the object restarts: nothing is lost,
 * nothing happens twice, and its bookings never drift from D1's (checked by comparing its free slots
 * with the engine's answer over D1's confirmed bookings).
 */
import { abortAllDurableObjects } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { CreateBookingResponse } from "../domain/contract";
import { bookings } from "../db/schema";
import { availableSlots, bookingBody, bookingRow, call, db, errorOf, post, seedHost, upcoming, type SeededHost } from "../test/fixtures";
import { confirmedIds, expectNoDrift, gate, healD1, injectD1Faults, setClock, until } from "../test/scheduler-control";

const isWrite = (sql: string[]) => sql.some((statement) => /^(insert|update)/i.test(statement));
const isHostLoad = (sql: string[]) => sql.length > 1 && sql.every((statement) => /^select/i.test(statement));
const connectionLost = () => new Error("D1_ERROR: Network connection lost.");
/**
 * In the test pool a reset object's pending work is not torn down, so the tests reset every object
 * (abortAllDurableObjects: the next request meets a fresh one) and make the old one's D1 call fail.
 */
const objectReset = () => new Error("Durable Object reset because its code was updated.");

async function hostWithSlots(count = 4) {
  const host = await seedHost();
  const day = upcoming(1);
  const slots = (await availableSlots(host, { startDate: day, endDate: day })).slice(0, count);
  return { host, day, slots };
}

function create(host: SeededHost, slot: { start: string; end: string }, key = crypto.randomUUID()) {
  return post("/api/bookings", bookingBody(host, slot), { token: host.token, key });
}

describe("a write D1 fails without a refusal", () => {
  it("answers 500 when nothing committed, frees the slot, and a retry with the same key books it once", async () => {
    const { host, day, slots } = await hostWithSlots();
    await injectD1Faults(host, { batch: async (sql, run) => (isWrite(sql) ? Promise.reject(connectionLost()) : run()) });
    const key = crypto.randomUUID();
    const first = await create(host, slots[0]!, key);
    expect(await errorOf(first)).toMatchObject({ status: 500, code: "INTERNAL" });
    await expectNoDrift(host, day, Date.now());
    expect(await availableSlots(host, { startDate: day, endDate: day })).toContainEqual(slots[0]);

    await healD1(host);
    const retry = await create(host, slots[0]!, key);
    expect(retry.status).toBe(201);
    expect(await confirmedIds(host)).toEqual([((await retry.json()) as CreateBookingResponse).bookingId]);
    await expectNoDrift(host, day, Date.now());
  });

  it("confirms the booking when D1 committed it and then lost the answer", async () => {
    const { host, day, slots } = await hostWithSlots();
    await injectD1Faults(host, {
      batch: async (sql, run) => {
        const results = await run();
        if (isWrite(sql)) throw connectionLost();
        return results;
      },
    });
    const response = await create(host, slots[0]!);
    expect(response.status).toBe(201);
    const { bookingId } = (await response.json()) as CreateBookingResponse;
    expect(await confirmedIds(host)).toEqual([bookingId]);
    await expectNoDrift(host, day, Date.now());
  });

  it("keeps the slot taken while the outcome is unknown, then settles it from D1 before the next write", async () => {
    const { host, day, slots } = await hostWithSlots();
    let readsFail = false;
    await injectD1Faults(host, {
      batch: async (sql, run) => {
        const results = await run();
        if (isWrite(sql)) {
          readsFail = true; // the read-back that would tell fails too
          throw connectionLost();
        }
        return results;
      },
      query: (sql) => {
        if (readsFail && /^select/i.test(sql)) throw connectionLost();
      },
    });
    const key = crypto.randomUUID();
    expect((await create(host, slots[0]!, key)).status).toBe(500);
    await healD1(host);
    // It committed, so the slot stays taken, and the retry is answered with that booking.
    expect(await availableSlots(host, { startDate: day, endDate: day })).not.toContainEqual(slots[0]);
    const retry = await create(host, slots[0]!, key);
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(await confirmedIds(host)).toEqual([((await retry.json()) as CreateBookingResponse).bookingId]);
    await expectNoDrift(host, day, Date.now());
  });

  it("frees a slot held by a write that did not commit once a reload settles it, so the visitor's retry books it", async () => {
    const { host, day, slots } = await hostWithSlots();
    let failing = true;
    await injectD1Faults(host, {
      batch: async (sql, run) => (failing && isWrite(sql) ? Promise.reject(connectionLost()) : run()),
      query: (sql) => {
        if (failing && /^select/i.test(sql)) throw connectionLost();
      },
    });
    const key = crypto.randomUUID();
    expect((await create(host, slots[0]!, key)).status).toBe(500);
    failing = false;
    const retry = await create(host, slots[0]!, key);
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBeNull();
    expect(await confirmedIds(host)).toHaveLength(1);
    await expectNoDrift(host, day, Date.now());
  });

  it("releases a moved booking's new time when the reschedule's write fails, and keeps the old one", async () => {
    const { host, day, slots } = await hostWithSlots();
    const created = (await (await create(host, slots[0]!)).json()) as CreateBookingResponse;
    await injectD1Faults(host, { batch: async (sql, run) => (isWrite(sql) ? Promise.reject(connectionLost()) : run()) });
    const moved = await post(`/api/bookings/${created.bookingId}/reschedule`, { newSlot: slots[2] }, { token: host.token });
    expect(moved.status).toBe(500);
    await healD1(host);
    expect(await confirmedIds(host)).toEqual([created.bookingId]);
    await expectNoDrift(host, day, Date.now());
  });
});

describe("writes grouped into one transaction", () => {
  it("commits a real group with one write D1 refuses: the others are booked, that one gets 409", async () => {
    const { host, day, slots } = await hostWithSlots(4);
    const first = gate();
    let writes = 0;
    await injectD1Faults(host, {
      batch: async (sql, run) => {
        if (isWrite(sql) && ++writes === 1) await first.opened; // the next writes pile up behind this one
        return run();
      },
    });
    // A booking behind the object's back: only D1's trigger knows slots[2] is taken.
    await db.insert(bookings).values(bookingRow(host, Date.parse(slots[2]!.start), Date.parse(slots[2]!.end)));
    const responses = [create(host, slots[0]!)];
    await until(() => writes === 1, "the first write is in flight");
    responses.push(create(host, slots[1]!), create(host, slots[2]!), create(host, slots[3]!));
    await new Promise((resolve) => setTimeout(resolve, 50)); // the three reach the object and wait for the group
    first.open();
    const statuses = (await Promise.all(responses)).map((response) => response.status);
    expect(statuses).toEqual([201, 201, 409, 201]);
    // 1 alone, then the group of 3 (refused), then each of the 3 alone.
    expect(writes).toBe(5);
    expect(await confirmedIds(host)).toHaveLength(4);
    await expectNoDrift(host, day, Date.now());
  });

  it("keeps every booking of a group that committed and lost its answer, though the retries are refused by their own rows", async () => {
    const { host, day, slots } = await hostWithSlots(4);
    const first = gate();
    let writes = 0;
    await injectD1Faults(host, {
      batch: async (sql, run) => {
        if (!isWrite(sql)) return run();
        writes += 1;
        if (writes === 1) await first.opened;
        const results = await run();
        if (writes === 2) throw connectionLost(); // the group committed, its answer is lost
        return results;
      },
    });
    const responses = [create(host, slots[0]!)];
    await until(() => writes === 1, "the first write is in flight");
    responses.push(create(host, slots[1]!), create(host, slots[2]!), create(host, slots[3]!));
    await new Promise((resolve) => setTimeout(resolve, 50));
    first.open();
    const answers = await Promise.all(responses);
    expect(answers.map((response) => response.status)).toEqual([201, 201, 201, 201]);
    const ids = await Promise.all(answers.map(async (response) => ((await response.json()) as CreateBookingResponse).bookingId));
    expect(await confirmedIds(host)).toEqual(ids.sort());
    await expectNoDrift(host, day, Date.now());
  });
});

describe("the object loads or reloads while writes go on", () => {
  it("frees a slot cancelled while the object was first loading", async () => {
    const { host, day, slots } = await hostWithSlots();
    const created = (await (await create(host, slots[0]!)).json()) as CreateBookingResponse;
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
    await create(host, slots[3]!); // the object is loaded
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
    const booking = create(host, slots[0]!);
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
    await create(host, slots[3]!);
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
    const first = create(host, slots[0]!, key);
    await until(() => writing, "the create is committing");
    await abortAllDurableObjects();
    restart.open();
    expect((await first).status).toBe(500);
    const retry = await create(host, slots[0]!, key);
    expect(retry.status).toBe(201);
    expect(await confirmedIds(host)).toHaveLength(2);
    await expectNoDrift(host, day, Date.now());
  });

  it("replays the committed booking when the object restarts after the commit but before the answer", async () => {
    const { host, day, slots } = await hostWithSlots();
    await create(host, slots[3]!);
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
    const first = create(host, slots[0]!, key);
    await until(() => committed, "the create has committed");
    await abortAllDurableObjects();
    restart.open();
    expect((await first).status).toBe(500);
    const retry = await create(host, slots[0]!, key);
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    const { bookingId } = (await retry.json()) as CreateBookingResponse;
    expect(await confirmedIds(host)).toContain(bookingId);
    expect(await confirmedIds(host)).toHaveLength(2);
    await expectNoDrift(host, day, Date.now());
  });
});
