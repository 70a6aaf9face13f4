/**
 * The host's object memoises its availability answers (slot-answers.ts): every change that moves a
 * slot must show in the very next answer, never a remembered one. Each test asks twice first, so the
 * answer it then checks would come from the memo if the memo ignored the change.
 */
import { describe, expect, it } from "vitest";
import { addDays } from "../domain/calendar-days";
import { firstInstantAtOrAfter } from "../domain/zoned-time";
import { connectCalendar, fakeCalendars } from "../test/calendar-fixtures";
import { availableSlots, book, call, everyDay, post, type SeededHost, seedHost, upcoming } from "../test/fixtures";
import { setClock } from "../test/scheduler-control";

const at = (day: string, time: string) => Date.parse(`${day}T${time}:00Z`);
const slotAt = (day: string, time: string, minutes = 30) => ({
  start: `${day}T${time}:00Z`,
  end: new Date(at(day, time) + minutes * 60_000).toISOString().replace(".000Z", "Z"),
});

function send(method: "PATCH" | "PUT", path: string, token: string, body: unknown): Promise<Response> {
  return call(path, { method, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify(body) });
}

/**
 * The starts (HH:MM, UTC; full instants over several days) of the host's free slots, asked twice:
 * the first answer after a change must already follow it, and the second (from the memo) agree.
 */
async function startsOn(host: SeededHost, day: string, lastDay = day): Promise<string[]> {
  const ask = async () => {
    const slots = await availableSlots(host, { startDate: day, endDate: lastDay, timezone: "UTC" });
    return slots.map((slot) => (day === lastDay ? slot.start.slice(11, 16) : slot.start));
  };
  const first = await ask();
  expect(await ask(), "the same question asked again").toEqual(first);
  return first;
}

describe("availability answers the host's object remembers", () => {
  it("follow a booking made and cancelled", async () => {
    const host = await seedHost({ timeZone: "UTC" });
    const day = upcoming(1, "UTC");
    expect(await startsOn(host, day)).toContain("10:00");
    const { bookingId } = await book(host, slotAt(day, "10:00"));
    expect(await startsOn(host, day)).not.toContain("10:00");
    expect((await post(`/api/bookings/${bookingId}/cancel`, {}, { token: host.token })).status).toBe(200);
    expect(await startsOn(host, day)).toContain("10:00");
  });

  it("follow the host's hours changed", async () => {
    const host = await seedHost({ timeZone: "UTC" });
    const day = upcoming(1, "UTC");
    expect(await startsOn(host, day)).toContain("16:30");
    const mornings = [{ start: "09:00", end: "12:00" }];
    const changed = await send("PUT", `/api/hosts/${host.username}/schedule`, host.token, {
      weekly: { mon: mornings, tue: mornings, wed: mornings, thu: mornings, fri: mornings, sat: [], sun: [] },
    });
    expect(changed.status).toBe(200);
    expect(await startsOn(host, day)).toEqual(["09:00", "09:30", "10:00", "10:30", "11:00", "11:30"]);
  });

  it("follow the booking type changed", async () => {
    const host = await seedHost({ timeZone: "UTC" });
    const day = upcoming(1, "UTC");
    await book(host, slotAt(day, "10:00"));
    expect(await startsOn(host, day)).toContain("09:00");
    const changed = await send("PATCH", `/api/booking-types/${host.types[0]!.id}`, host.token, { dailyLimit: 1 });
    expect(changed.status).toBe(200);
    expect(await startsOn(host, day), "the day holds its one booking a day").toEqual([]);
  });

  it("follow a newer read of the calendar's busy times", async () => {
    const fakes = fakeCalendars();
    const host = await seedHost({ timeZone: "UTC" });
    await connectCalendar(host, "google", fakes.google);
    const day = upcoming(1, "UTC");
    await setClock(host, Date.now());
    expect(await startsOn(host, day)).toContain("14:00");
    fakes.google.addBusy(undefined, at(day, "14:00"), at(day, "15:00"));
    // A wider range needs a read of its own, which takes the place of the first one (calendar-busy.ts).
    expect(await startsOn(host, addDays(day, -3), addDays(day, 30))).not.toContain(`${day}T14:00:00Z`);
    const starts = await startsOn(host, day);
    expect(starts).not.toContain("14:00");
    expect(starts).not.toContain("14:30");
    expect(starts).toContain("15:00");
  });

  it("are each host's own: hosts with other hours or overrides never share slots, hosts with the same hours agree", async () => {
    const mornings = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, startMinute: 540, endMinute: 720 }));
    const day = upcoming(1, "UTC");
    const office = await seedHost({ timeZone: "UTC" });
    const sameAsOffice = await seedHost({ timeZone: "UTC" });
    const morning = await seedHost({ timeZone: "UTC", weekly: mornings });
    const london = await seedHost({ timeZone: "Europe/London", weekly: mornings });
    const closed = await seedHost({ timeZone: "UTC" });
    expect((await send("PUT", `/api/hosts/${closed.username}/overrides/${day}`, closed.token, { intervals: [] })).status).toBe(200);
    const officeStarts = await startsOn(office, day);
    expect(officeStarts).toHaveLength(16);
    expect(await startsOn(sameAsOffice, day)).toEqual(officeStarts);
    expect(await startsOn(morning, day)).toEqual(["09:00", "09:30", "10:00", "10:30", "11:00", "11:30"]);
    // The same wall hours as the morning host, in London's instants (an hour earlier in summer).
    const londonStarts = await startsOn(london, day);
    expect(londonStarts).toHaveLength(6);
    expect(londonStarts[0]).toBe(new Date(firstInstantAtOrAfter("Europe/London", day, 540)).toISOString().slice(11, 16));
    expect(await startsOn(closed, day)).toEqual([]);
  });

  // Steps under a minute: a longer one has the object re-read the host (CONFIG_MAX_AGE_MS), which
  // starts its answers afresh anyway.
  it("drop the slots that time passing brings inside the minimum notice, and take them back if the clock goes back", async () => {
    const host = await seedHost({ timeZone: "UTC", types: [{ minimumNoticeMinutes: 60 }] });
    const day = upcoming(1, "UTC");
    const early = at(day, "08:29") + 50_000;
    const late = early + 20_000;
    await setClock(host, late);
    expect((await startsOn(host, day)).slice(0, 2)).toEqual(["10:00", "10:30"]);
    await setClock(host, early);
    expect((await startsOn(host, day)).slice(0, 2)).toEqual(["09:30", "10:00"]);
    await setClock(host, late);
    expect((await startsOn(host, day)).slice(0, 2)).toEqual(["10:00", "10:30"]);
  });

  it("take in the slots that time passing brings inside the booking window", async () => {
    const host = await seedHost({ timeZone: "UTC", weekly: everyDay(540, 1020), types: [{ bookingWindowDays: 7 }] });
    const day = upcoming(1, "UTC");
    const lastStart = async () => (await startsOn(host, day, addDays(day, 9))).at(-1);
    await setClock(host, at(day, "11:59") + 50_000);
    expect(await lastStart()).toBe(`${addDays(day, 7)}T11:30:00Z`);
    await setClock(host, at(day, "12:00") + 10_000);
    expect(await lastStart()).toBe(`${addDays(day, 7)}T12:00:00Z`);
  });
});
