/**
 * What the host's object asks the calendar provider, and which answers it keeps
 * (design-calendars.md "Busy times" and "Consistency with changes"): a read that began before the
 * calendars changed is never used after the change; the provider is asked only about times that
 * can be booked; a few recent ranges are kept.
 */
import { describe, expect, it } from "vitest";
import { addDays } from "../domain/calendar-days";
import { connectCalendar, fakeCalendars } from "../test/calendar-fixtures";
import { availableSlots, bookingBody, call, errorOf, post, seedHost, upcoming } from "../test/fixtures";
import { holdFreeBusy, recordFreeBusy } from "../test/free-busy-control";

const DAY_MS = 24 * 60 * 60_000;
const at = (day: string, time: string) => Date.parse(`${day}T${time}:00Z`);

function send(method: "PATCH" | "DELETE", path: string, token: string, body?: unknown): Promise<Response> {
  return call(path, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

describe("a busy-time read that began before the calendars changed", () => {
  it("is not used after another calendar is checked: a create over that calendar's meeting is refused", async () => {
    const fakes = fakeCalendars();
    const work = fakes.google.addCalendar("Work");
    const host = await seedHost({ timeZone: "UTC" });
    const connectionId = await connectCalendar(host, "google", fakes.google);
    const day = upcoming(1, "UTC");
    fakes.google.addBusy(work.id, at(day, "10:00"), at(day, "11:00"));
    const freeBusy = holdFreeBusy();
    // Fault: the read of the primary calendar alone is held until the Work calendar is checked.
    const listing = availableSlots(host, { startDate: day, endDate: day });
    await freeBusy.reached;
    const checked = await send("PATCH", `/api/hosts/${host.username}/calendar-connections/${connectionId}`, host.token, {
      calendars: [{ id: work.id, checkForConflicts: true }],
    });
    expect(checked.status).toBe(200);
    freeBusy.release();
    expect(
      (await listing).map((slot) => slot.start),
      "answered with both calendars",
    ).not.toContain(`${day}T10:00:00Z`);
    const refused = await post("/api/bookings", bookingBody(host, { start: `${day}T10:00:00Z`, end: `${day}T10:30:00Z` }), { token: host.token });
    expect(await errorOf(refused)).toMatchObject({ status: 409, code: "SLOT_NOT_AVAILABLE" });
  });

  it("is not used after its connection is deleted: the deleted calendar's meetings stop counting at once", async () => {
    const fakes = fakeCalendars();
    const host = await seedHost({ timeZone: "UTC" });
    const googleId = await connectCalendar(host, "google", fakes.google);
    await connectCalendar(host, "microsoft", fakes.microsoft);
    const day = upcoming(1, "UTC");
    fakes.google.addBusy(undefined, at(day, "10:00"), at(day, "11:00"));
    // Revoking the grant is best effort; when it fails, the held read below still succeeds.
    fakes.google.setFault("revoke", "server_error");
    const freeBusy = holdFreeBusy();
    // Fault: Google's read is held until its connection is gone.
    const listing = availableSlots(host, { startDate: day, endDate: day });
    await freeBusy.reached;
    expect((await send("DELETE", `/api/hosts/${host.username}/calendar-connections/${googleId}`, host.token)).status).toBe(204);
    freeBusy.release();
    expect(
      (await listing).map((slot) => slot.start),
      "the answer that waited on the deleted calendar",
    ).toContain(`${day}T10:00:00Z`);
    const starts = (await availableSlots(host, { startDate: day, endDate: day })).map((slot) => slot.start);
    expect(starts).toContain(`${day}T10:00:00Z`);
  });
});

describe("what the provider is asked", () => {
  it("only times that can be booked: nothing for a range before now or past the booking window, the window's edge for one across it", async () => {
    const fakes = fakeCalendars();
    const host = await seedHost({ timeZone: "UTC", types: [{ bookingWindowDays: 30 }] });
    await connectCalendar(host, "google", fakes.google);
    const requests = recordFreeBusy();
    const today = new Date().toISOString().slice(0, 10);
    expect(await availableSlots(host, { startDate: "2099-01-01", endDate: "2099-01-31" })).toEqual([]);
    expect(await availableSlots(host, { startDate: "2001-01-01", endDate: "2001-01-31" })).toEqual([]);
    expect(requests, "no read for times nobody can book").toEqual([]);
    const startedMs = Date.now();
    await availableSlots(host, { startDate: addDays(today, 20), endDate: addDays(today, 50) });
    expect(requests.length).toBeGreaterThan(0);
    for (const request of requests) {
      // The window's end, plus a day for the longest duration and buffer after a last slot.
      expect(Date.parse(request.timeMax)).toBeLessThanOrEqual(Date.now() + 31 * DAY_MS);
      expect(Date.parse(request.timeMin)).toBeGreaterThanOrEqual(startedMs - DAY_MS / 2);
    }
  });

  it("keeps a few recent ranges: paging back and forth between two months reads each once", async () => {
    const fakes = fakeCalendars();
    const host = await seedHost({ timeZone: "UTC" });
    await connectCalendar(host, "google", fakes.google);
    const requests = recordFreeBusy();
    const first = upcoming(1, "UTC");
    const later = addDays(first, 42);
    for (const start of [first, later, first, later]) await availableSlots(host, { startDate: start, endDate: addDays(start, 6) });
    expect(requests).toHaveLength(2);
  });
});
