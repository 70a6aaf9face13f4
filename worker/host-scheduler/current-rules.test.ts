/**
 * A write decides on the host, type and rules as they are when it holds the slot
 * (design-calendars.md "Consistency with changes"): a change answered while a create or reschedule
 * waited on the host's calendar is never bypassed. And the daily cap counts every booking of the
 * host-local day, on the 25-hour day too.
 */

import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { bookings } from "../db/schema";
import { connectCalendar, fakeCalendars } from "../test/calendar-fixtures";
import {
  availableSlots,
  book,
  bookingBody,
  bookingRow,
  call,
  db,
  errorOf,
  post,
  type SeededHost,
  seedAccount,
  seedHost,
  seedToken,
  upcoming,
} from "../test/fixtures";
import { holdFreeBusy } from "../test/free-busy-control";
import { setClock } from "../test/scheduler-control";

const day = () => upcoming(1, "UTC");
const slotAt = (time: string, minutes = 30) => {
  const start = `${day()}T${time}:00Z`;
  return { start, end: new Date(Date.parse(start) + minutes * 60_000).toISOString().replace(".000Z", "Z") };
};

function send(method: "PATCH" | "PUT" | "DELETE", path: string, token: string, body?: unknown): Promise<Response> {
  return call(path, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function rowsOf(host: SeededHost) {
  return db.select().from(bookings).where(eq(bookings.userId, host.userId));
}

/** A host in UTC with a Google calendar connected, and a token of its account that may delete it. */
async function hostWithCalendar() {
  const fakes = fakeCalendars();
  const accountId = await seedAccount();
  const host = await seedHost({ timeZone: "UTC", accountId });
  await connectCalendar(host, "google", fakes.google);
  const admin = await seedToken(accountId, ["hosts:write", "bookings:write"]);
  return { host, admin };
}

describe("a change answered while a create waits on the host's calendar", () => {
  const changes: {
    name: string;
    asPublic: boolean;
    change: (host: SeededHost, admin: string) => Promise<Response>;
    refusal: { status: number; code: string };
  }[] = [
    {
      name: "the type archived",
      asPublic: false,
      change: (host) => send("DELETE", `/api/booking-types/${host.types[0]!.id}`, host.token),
      refusal: { status: 404, code: "NOT_FOUND" },
    },
    {
      name: "the type made private",
      asPublic: true,
      change: (host) => send("PATCH", `/api/booking-types/${host.types[0]!.id}`, host.token, { public: false }),
      refusal: { status: 404, code: "NOT_FOUND" },
    },
    {
      name: "the host deleted",
      asPublic: false,
      change: (host, admin) => send("DELETE", `/api/hosts/${host.username}`, admin),
      refusal: { status: 404, code: "NOT_FOUND" },
    },
    {
      name: "the hours closed that day",
      asPublic: false,
      change: (host) => send("PUT", `/api/hosts/${host.username}/overrides/${day()}`, host.token, { intervals: [] }),
      refusal: { status: 409, code: "SLOT_NOT_AVAILABLE" },
    },
  ];

  for (const { name, asPublic, change, refusal } of changes) {
    it(`is not bypassed: ${name} → ${refusal.status} ${refusal.code}, nothing booked`, async () => {
      const { host, admin } = await hostWithCalendar();
      const freeBusy = holdFreeBusy();
      const creating = post("/api/bookings", bookingBody(host, slotAt("10:00")), { token: asPublic ? undefined : host.token });
      await freeBusy.reached;
      const changed = await change(host, admin);
      expect(changed.status, await changed.clone().text()).toBeLessThan(300);
      freeBusy.release();
      expect(await errorOf(await creating)).toMatchObject(refusal);
      expect(await rowsOf(host)).toEqual([]);
    });
  }

  it("a reschedule waiting on the calendar is refused when the type is archived meanwhile; the booking stays", async () => {
    const { host } = await hostWithCalendar();
    const { bookingId } = await book(host, slotAt("09:00"));
    await setClock(host, Date.now() + 16_000); // the create's read is too old for the next write
    const freeBusy = holdFreeBusy();
    const moving = post(`/api/bookings/${bookingId}/reschedule`, { newSlot: slotAt("11:00") }, { token: host.token });
    await freeBusy.reached;
    expect((await send("DELETE", `/api/booking-types/${host.types[0]!.id}`, host.token)).status).toBe(204);
    freeBusy.release();
    expect(await errorOf(await moving)).toMatchObject({ status: 404, code: "NOT_FOUND" });
    const rows = await rowsOf(host);
    expect(rows.map((row) => [row.id, row.status])).toEqual([[bookingId, "confirmed"]]);
  });

  it("a create that waited books when nothing it depends on changed", async () => {
    const { host } = await hostWithCalendar();
    const freeBusy = holdFreeBusy();
    const creating = post("/api/bookings", bookingBody(host, slotAt("10:00")), { token: host.token });
    await freeBusy.reached;
    freeBusy.release();
    expect((await creating).status).toBe(201);
  });
});

describe("the daily cap on the day the clocks go back (25 hours)", () => {
  it("counts a booking made at 00:00 that day, more than 24 hours before the last slots", async () => {
    // Europe/London leaves summer time at 02:00 on Sunday 2027-10-31: that day lasts 25 hours.
    const host = await seedHost({
      timeZone: "Europe/London",
      weekly: [{ weekday: 7, startMinute: 0, endMinute: 24 * 60 }],
      types: [{ durationMinutes: 15, durationOptions: [15], dailyCap: 1 }],
    });
    // 00:00–00:15 BST, written before the object first reads the host.
    await db.insert(bookings).values(bookingRow(host, Date.parse("2027-10-30T23:00:00Z"), Date.parse("2027-10-30T23:15:00Z")));
    // 23:20 GMT that Sunday: the booking ended 24 hours 5 minutes ago; 23:30 and 23:45 are still ahead.
    await setClock(host, Date.parse("2027-10-31T23:20:00Z"));
    const query = { startDate: "2027-10-31", endDate: "2027-10-31", timezone: "Europe/London" };
    expect(await availableSlots(host, query), "the day's one booking is taken").toEqual([]);
    const refused = await post("/api/bookings", bookingBody(host, { start: "2027-10-31T23:30:00Z", end: "2027-10-31T23:45:00Z" }), { token: host.token });
    expect(await errorOf(refused)).toMatchObject({ status: 409, code: "SLOT_NOT_AVAILABLE" });
  });
});
