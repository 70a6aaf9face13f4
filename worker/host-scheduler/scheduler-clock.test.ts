/**
 * The host's Durable Object on a frozen clock, driven over HTTP: minimum notice, the booking window
 * and the re-read of hours and types are decided by its clock, not the machine's.
 */
import { describe, expect, it } from "vitest";
import { dateOverrides } from "../db/schema";
import { addDays } from "../domain/calendar-days";
import { firstInstantAtOrAfter } from "../domain/zoned-time";
import { availableSlots, bookingBody, db, errorOf, post, seedHost, upcoming } from "../test/fixtures";
import { setClock } from "../test/scheduler-control";
import { CONFIG_MAX_AGE_MS } from "./host-freshness";

const londonTime = (day: string, hhmm: string) => firstInstantAtOrAfter("Europe/London", day, Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5)));
const slotAt = (startMs: number, minutes = 30) => ({
  start: new Date(startMs).toISOString().replace(".000Z", "Z"),
  end: new Date(startMs + minutes * 60_000).toISOString().replace(".000Z", "Z"),
});

describe("the host's clock decides notice, window and freshness", () => {
  it("offers nothing inside the two hours' notice and refuses a booking there, but books the first slot after it", async () => {
    const host = await seedHost({ types: [{ minimumNoticeMinutes: 120 }] });
    const monday = upcoming(1);
    await setClock(host, londonTime(monday, "08:30"));
    const slots = await availableSlots(host, { startDate: monday, endDate: monday });
    expect(slots[0]).toEqual(slotAt(londonTime(monday, "10:30")));
    const tooSoon = await post("/api/bookings", bookingBody(host, slotAt(londonTime(monday, "10:00"))), { token: host.token });
    expect(await errorOf(tooSoon)).toMatchObject({ status: 409, code: "SLOT_NOT_AVAILABLE" });
    expect((await post("/api/bookings", bookingBody(host, slotAt(londonTime(monday, "10:30"))), { token: host.token })).status).toBe(201);
  });

  it("offers and books nothing past the booking window, measured from the host's now", async () => {
    const host = await seedHost({ types: [{ bookingWindowDays: 7 }] });
    const monday = upcoming(1);
    const nextMonday = addDays(monday, 7);
    const now = londonTime(monday, "12:00");
    await setClock(host, now);
    // Seven days of 24 hours: noon next Monday, or 11:00 or 13:00 when London's clocks change in between.
    const edge = now + 7 * 24 * 60 * 60_000;
    const slots = await availableSlots(host, { startDate: nextMonday, endDate: nextMonday });
    expect(slots.at(-1)).toEqual(slotAt(edge - 30 * 60_000));
    const beyond = await post("/api/bookings", bookingBody(host, slotAt(edge)), { token: host.token });
    expect(await errorOf(beyond)).toMatchObject({ status: 409, code: "SLOT_NOT_AVAILABLE" });
    expect((await post("/api/bookings", bookingBody(host, slotAt(edge - 30 * 60_000)), { token: host.token })).status).toBe(201);
  });

  it("never books on hours older than the refresh period: a day closed in D1 refuses the next create once that period has passed", async () => {
    const host = await seedHost();
    const monday = upcoming(1);
    const start = Date.now();
    await setClock(host, start);
    const [slot] = await availableSlots(host, { startDate: monday, endDate: monday });
    // The host closes Monday behind the object's back (as the seed or a CLI would).
    await db.insert(dateOverrides).values({ userId: host.userId, date: monday, startMinute: 0, endMinute: 0 });
    await setClock(host, start + CONFIG_MAX_AGE_MS - 1_000);
    expect(await availableSlots(host, { startDate: monday, endDate: monday })).toContainEqual(slot);
    // A long idle later, the first request is a create: it must wait for the fresh hours.
    await setClock(host, start + CONFIG_MAX_AGE_MS + 1);
    const create = await post("/api/bookings", bookingBody(host, slot!), { token: host.token });
    expect(await errorOf(create)).toMatchObject({ status: 409, code: "SLOT_NOT_AVAILABLE" });
    expect(await availableSlots(host, { startDate: monday, endDate: monday })).toEqual([]);
  });
});
