/**
 * Busy times of a connected calendar through availability and create (design-calendars.md "Busy
 * times"): never offered, never booked, with the type's buffers; and when the provider fails, the
 * last read for 15 minutes, then no slots; a create answers 503 and books nothing.
 */
import { describe, expect, it, vi } from "vitest";
import { connectCalendar, connectionsOf, fakeCalendars } from "../test/calendar-fixtures";
import { availableSlots, bookingBody, errorOf, post, seedHost, upcoming } from "../test/fixtures";
import { setClock } from "../test/scheduler-control";

const MINUTE = 60_000;
const monday = () => upcoming(1);
const at = (day: string, time: string) => Date.parse(`${day}T${time}:00Z`);

describe("busy times of a connected calendar", () => {
  for (const provider of ["google", "microsoft"] as const) {
    it(`${provider}: a busy block is not offered, nor bookable; tentative counts, free does not`, async () => {
      const fakes = fakeCalendars();
      const host = await seedHost({ timeZone: "UTC" });
      await connectCalendar(host, provider, fakes[provider]);
      const day = monday();
      const before = await availableSlots(host, { startDate: day, endDate: day });
      expect(before).toHaveLength(16);
      fakes[provider].addBusy(undefined, at(day, "10:00"), at(day, "11:00"));
      if (provider === "microsoft") {
        fakes.microsoft.addBusy(undefined, at(day, "13:00"), at(day, "13:30"), "tentative");
        fakes.microsoft.addBusy(undefined, at(day, "15:00"), at(day, "16:00"), "free");
      }
      await setClock(host, Date.now() + 61_000); // past the 60 s an availability answer may reuse
      const after = (await availableSlots(host, { startDate: day, endDate: day })).map((slot) => slot.start.slice(11, 16));
      expect(after).not.toContain("10:00");
      expect(after).not.toContain("10:30");
      expect(after).toContain("11:00");
      if (provider === "microsoft") {
        expect(after).not.toContain("13:00");
        expect(after).toContain("15:00");
      }
      const refused = await post("/api/bookings", bookingBody(host, { start: `${day}T10:30:00Z`, end: `${day}T11:00:00Z` }), { token: host.token });
      expect(await errorOf(refused)).toMatchObject({ status: 409, code: "SLOT_NOT_AVAILABLE" });
    });
  }

  it("keeps the type's buffers around a busy block", async () => {
    const fakes = fakeCalendars();
    const host = await seedHost({ timeZone: "UTC", types: [{ bufferBeforeMinutes: 15, bufferAfterMinutes: 15 }] });
    await connectCalendar(host, "google", fakes.google);
    const day = monday();
    fakes.google.addBusy(undefined, at(day, "12:00"), at(day, "12:30"));
    const starts = (await availableSlots(host, { startDate: day, endDate: day })).map((slot) => slot.start.slice(11, 16));
    // 11:30–12:00 ends where the block begins, but its 15-minute buffer after runs into it.
    expect(starts).not.toContain("11:30");
    expect(starts).not.toContain("12:30");
    expect(starts).toContain("11:00");
    expect(starts).toContain("13:00");
  });

  it("reads the calendar again for a create, so a meeting added seconds ago is respected", async () => {
    const fakes = fakeCalendars();
    const host = await seedHost({ timeZone: "UTC" });
    await connectCalendar(host, "google", fakes.google);
    const day = monday();
    expect((await availableSlots(host, { startDate: day, endDate: day })).map((slot) => slot.start)).toContain(`${day}T14:00:00Z`);
    fakes.google.addBusy(undefined, at(day, "14:00"), at(day, "15:00"));
    await setClock(host, Date.now() + 16_000); // the availability read is 16 s old: a create reads again
    const refused = await post("/api/bookings", bookingBody(host, { start: `${day}T14:00:00Z`, end: `${day}T14:30:00Z` }), { token: host.token });
    expect(await errorOf(refused)).toMatchObject({ status: 409, code: "SLOT_NOT_AVAILABLE" });
  });

  it("stops counting a calendar the moment it is disconnected", async () => {
    const fakes = fakeCalendars();
    const host = await seedHost({ timeZone: "UTC" });
    const id = await connectCalendar(host, "google", fakes.google);
    const day = monday();
    fakes.google.addBusy(undefined, at(day, "09:00"), at(day, "17:00"));
    expect(await availableSlots(host, { startDate: day, endDate: day })).toEqual([]);
    const { call } = await import("../test/fixtures");
    await call(`/api/hosts/${host.username}/calendar-connections/${id}`, { method: "DELETE", headers: { authorization: `Bearer ${host.token}` } });
    expect(await availableSlots(host, { startDate: day, endDate: day })).toHaveLength(16);
  });
});

describe("when the provider fails", () => {
  it("a create answers 503 CALENDAR_UNAVAILABLE with Retry-After, books nothing, and its retry with the same key runs again", async () => {
    const fakes = fakeCalendars();
    const host = await seedHost({ timeZone: "UTC" });
    await connectCalendar(host, "google", fakes.google);
    const day = monday();
    const slot = { start: `${day}T09:00:00Z`, end: `${day}T09:30:00Z` };
    for (const fault of ["server_error", "rate_limited", "calendar_errors"] as const) {
      fakes.google.setFault("freeBusy", fault, 1);
      const key = crypto.randomUUID();
      const failed = await post("/api/bookings", bookingBody(host, slot), { token: host.token, key });
      expect(await errorOf(failed), fault).toMatchObject({ status: 503, code: "CALENDAR_UNAVAILABLE" });
      expect(failed.headers.get("retry-after")).toMatch(/^\d+$/);
      if (fault === "calendar_errors") {
        // Google said 200 with errors for the calendar: that is failing, never free.
        const retried = await post("/api/bookings", bookingBody(host, slot), { token: host.token, key });
        expect(retried.status).toBe(201);
        expect(retried.headers.get("idempotent-replayed")).toBeNull();
      }
    }
    expect(fakes.google.callCount("freeBusy")).toBeGreaterThanOrEqual(4);
  });

  it("availability keeps the last read for 15 minutes, then offers nothing and the connection shows the error", async () => {
    const fakes = fakeCalendars();
    const host = await seedHost({ timeZone: "UTC" });
    await connectCalendar(host, "google", fakes.google);
    const day = monday();
    fakes.google.addBusy(undefined, at(day, "09:00"), at(day, "10:00"));
    const startMs = Date.now();
    expect(await availableSlots(host, { startDate: day, endDate: day })).toHaveLength(14);
    fakes.google.setFault("freeBusy", "server_error");
    await setClock(host, startMs + 14 * MINUTE);
    expect(await availableSlots(host, { startDate: day, endDate: day }), "the 14-minute-old read still answers").toHaveLength(14);
    await setClock(host, startMs + 16 * MINUTE);
    expect(await availableSlots(host, { startDate: day, endDate: day }), "failing open would book over real meetings").toEqual([]);
    const [connection] = await connectionsOf(host);
    expect(connection).toMatchObject({ status: "error" });
    expect(connection!.lastError).toContain("unavailable");
    fakes.google.clearFaults();
    await setClock(host, startMs + 17 * MINUTE);
    expect(await availableSlots(host, { startDate: day, endDate: day })).toHaveLength(14);
    expect((await connectionsOf(host))[0]).toMatchObject({ status: "active", lastError: null });
  });

  it("a refresh refused with invalid_grant shows needs_reauth and closes the host's slots", async () => {
    const fakes = fakeCalendars();
    const host = await seedHost({ timeZone: "UTC" });
    await connectCalendar(host, "google", fakes.google);
    const day = monday();
    fakes.google.setFault("refresh", "invalid_grant");
    // Two hours on, the access token has expired: the object must refresh, and is refused.
    await setClock(host, Date.now() + 2 * 60 * MINUTE);
    expect(await availableSlots(host, { startDate: day, endDate: day })).toEqual([]);
    expect((await connectionsOf(host))[0]).toMatchObject({ status: "needs_reauth" });
    const refused = await post("/api/bookings", bookingBody(host, { start: `${day}T09:00:00Z`, end: `${day}T09:30:00Z` }), { token: host.token });
    expect(await errorOf(refused)).toMatchObject({ status: 503, code: "CALENDAR_UNAVAILABLE" });
  });

  it("a provider that hangs is given up on after 3 seconds: a 503, not a request left hanging", async () => {
    const fakes = fakeCalendars();
    const host = await seedHost({ timeZone: "UTC" });
    await connectCalendar(host, "google", fakes.google);
    fakes.google.setFault("freeBusy", "hang", 1);
    const day = monday();
    const started = Date.now();
    const hung = await post("/api/bookings", bookingBody(host, { start: `${day}T09:00:00Z`, end: `${day}T09:30:00Z` }), { token: host.token });
    expect(await errorOf(hung)).toMatchObject({ status: 503, code: "CALENDAR_UNAVAILABLE" });
    expect(Date.now() - started).toBeLessThan(6_000);
  });
});

describe("the provider's tokens", () => {
  it("microsoft: each refresh's new refresh token replaces the old one (the old is refused from then on)", async () => {
    const fakes = fakeCalendars();
    const host = await seedHost({ timeZone: "UTC" });
    await connectCalendar(host, "microsoft", fakes.microsoft);
    const day = monday();
    const start = Date.now();
    // Two hours apart, twice: each read finds its access token expired and must refresh.
    for (const hoursOn of [2, 4]) {
      await setClock(host, start + hoursOn * 60 * MINUTE);
      expect(await availableSlots(host, { startDate: day, endDate: day }), `${hoursOn} hours on`).toHaveLength(16);
    }
    expect(fakes.microsoft.callCount("refresh")).toBeGreaterThanOrEqual(2);
    expect((await connectionsOf(host))[0]).toMatchObject({ status: "active" });
  });

  it("never writes a token to a log, even when every call fails", async () => {
    const fakes = fakeCalendars();
    const logged: string[] = [];
    const capture = (...args: unknown[]) => void logged.push(args.map(String).join(" "));
    vi.spyOn(console, "error").mockImplementation(capture);
    vi.spyOn(console, "log").mockImplementation(capture);
    const host = await seedHost({ timeZone: "UTC" });
    await connectCalendar(host, "google", fakes.google);
    fakes.google.setFault("freeBusy", "unauthorized");
    fakes.google.setFault("refresh", "server_error");
    await setClock(host, Date.now() + 2 * MINUTE);
    const day = monday();
    await availableSlots(host, { startDate: day, endDate: day });
    await post("/api/bookings", bookingBody(host, { start: `${day}T09:00:00Z`, end: `${day}T09:30:00Z` }), { token: host.token });
    expect(logged.length).toBeGreaterThan(0);
    const { accessTokens, refreshTokens } = fakes.google.tokens();
    for (const token of [...accessTokens, ...refreshTokens]) expect(logged.join("\n")).not.toContain(token.token);
  });
});
