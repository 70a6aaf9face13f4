/**
 * The host's Durable Object when D1 fails a write or answers it late: nothing is lost, nothing
 * happens twice, and its bookings never drift from D1's (checked by comparing its free slots with
 * the engine's answer over D1's confirmed bookings). Loads, reloads and restarts: scheduler-reloads.test.ts.
 */
import { describe, expect, it } from "vitest";
import { bookings } from "../db/schema";
import type { CreateBookingResponse } from "../domain/contract";
import { availableSlots, bookingRow, db, errorOf, post } from "../test/fixtures";
import {
  confirmedIds,
  connectionLost,
  cutOffD1,
  expectNoDrift,
  gate,
  healD1,
  hostWithSlots,
  injectD1Faults,
  isWrite,
  postBooking,
  until,
  writeAnswersLost,
  writesRefused,
} from "../test/scheduler-control";

describe("a write D1 fails without a refusal", () => {
  it("answers 500 when nothing committed, frees the slot, and a retry with the same key books it once", async () => {
    const { host, day, slots } = await hostWithSlots();
    await injectD1Faults(host, writesRefused);
    const key = crypto.randomUUID();
    const first = await postBooking(host, slots[0]!, key);
    expect(await errorOf(first)).toMatchObject({ status: 500, code: "INTERNAL" });
    await expectNoDrift(host, day, Date.now());
    expect(await availableSlots(host, { startDate: day, endDate: day })).toContainEqual(slots[0]);

    await healD1(host);
    const retry = await postBooking(host, slots[0]!, key);
    expect(retry.status).toBe(201);
    expect(await confirmedIds(host)).toEqual([((await retry.json()) as CreateBookingResponse).bookingId]);
    await expectNoDrift(host, day, Date.now());
  });

  it("confirms the booking when D1 committed it and then lost the answer", async () => {
    const { host, day, slots } = await hostWithSlots();
    await injectD1Faults(host, writeAnswersLost);
    const response = await postBooking(host, slots[0]!);
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
    expect((await postBooking(host, slots[0]!, key)).status).toBe(500);
    await healD1(host);
    // It committed, so the slot stays taken, and the retry is answered with that booking.
    expect(await availableSlots(host, { startDate: day, endDate: day })).not.toContainEqual(slots[0]);
    const retry = await postBooking(host, slots[0]!, key);
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(await confirmedIds(host)).toEqual([((await retry.json()) as CreateBookingResponse).bookingId]);
    await expectNoDrift(host, day, Date.now());
  });

  it("frees a slot held by a write that did not commit once a reload settles it, so the visitor's retry books it", async () => {
    const { host, day, slots } = await hostWithSlots();
    const bringD1Back = await cutOffD1(host);
    const key = crypto.randomUUID();
    expect((await postBooking(host, slots[0]!, key)).status).toBe(500);
    bringD1Back();
    const retry = await postBooking(host, slots[0]!, key);
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBeNull();
    expect(await confirmedIds(host)).toHaveLength(1);
    await expectNoDrift(host, day, Date.now());
  });

  it("releases a moved booking's new time when the reschedule's write fails, and keeps the old one", async () => {
    const { host, day, slots } = await hostWithSlots();
    const created = (await (await postBooking(host, slots[0]!)).json()) as CreateBookingResponse;
    await injectD1Faults(host, writesRefused);
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
    const responses = [postBooking(host, slots[0]!)];
    await until(() => writes === 1, "the first write is in flight");
    responses.push(postBooking(host, slots[1]!), postBooking(host, slots[2]!), postBooking(host, slots[3]!));
    await new Promise((resolve) => setTimeout(resolve, 250)); // the three reach the object and wait for the group (time enough on a busy machine)
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
    const responses = [postBooking(host, slots[0]!)];
    await until(() => writes === 1, "the first write is in flight");
    responses.push(postBooking(host, slots[1]!), postBooking(host, slots[2]!), postBooking(host, slots[3]!));
    await new Promise((resolve) => setTimeout(resolve, 250)); // the three reach the object and wait for the group
    first.open();
    const answers = await Promise.all(responses);
    expect(answers.map((response) => response.status)).toEqual([201, 201, 201, 201]);
    const ids = await Promise.all(answers.map(async (response) => ((await response.json()) as CreateBookingResponse).bookingId));
    expect(await confirmedIds(host)).toEqual(ids.sort());
    await expectNoDrift(host, day, Date.now());
  });
});
