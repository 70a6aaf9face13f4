/**
 * Bookings in the host's calendar (design-calendars.md "Events in the host's calendar"): an event
 * per booking, written after the answer through the outbox; moved with a reschedule, deleted with a
 * cancel; exactly one whatever fails in between, and none when a cancel overtakes its create.
 */
import { abortAllDurableObjects, createExecutionContext, createScheduledController, runInDurableObject, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import worker from "..";
import { calendarEvents } from "../db/schema";
import type { BookingResponse } from "../domain/contract";
import type { HostScheduler } from "../host-scheduler/host-scheduler";
import { connectCalendar, type FakeCalendars, fakeCalendars, runEventWork } from "../test/calendar-fixtures";
import { book, db, get, post, type SeededHost, seedHost, type TypeSeed, upcoming } from "../test/fixtures";
import { injectD1Faults, schedulerOf, setClock } from "../test/scheduler-control";

const monday = () => upcoming(1);

async function bookingOf(host: SeededHost, id: string): Promise<BookingResponse> {
  return (await (await get(`/api/bookings/${id}`, host.token)).json()) as BookingResponse;
}

/** The host's object runs this far ahead of real time, so its alarm fires only when a test runs it. */
const AHEAD_MS = 10 * 60_000;

async function connectedHost(provider: "google" | "microsoft" = "google", timeZone = "UTC", types?: TypeSeed[]) {
  const fakes = fakeCalendars();
  const host = await seedHost({ timeZone, types });
  await connectCalendar(host, provider, fakes[provider]);
  await setClock(host, Date.now() + AHEAD_MS);
  return { fakes, host, fake: fakes[provider] };
}

/** Moves a booking (with the host's token, or the attendee's manage token); answers the new booking's id. */
async function reschedule(token: string, bookingId: string, start: string, end: string): Promise<string> {
  const moved = await post(`/api/bookings/${bookingId}/reschedule`, { newSlot: { start, end } }, { token });
  expect(moved.status).toBe(200);
  return ((await moved.json()) as { newBookingId: string }).newBookingId;
}

/** The events Bookora wrote (the fake's own busy blocks have no booking id). */
function bookoraEvents(fakes: FakeCalendars, provider: "google" | "microsoft" = "google") {
  return fakes[provider].events().filter((event) => event.bookingId);
}

describe("a new booking's event", () => {
  for (const provider of ["google", "microsoft"] as const) {
    it(`${provider}: is written after the answer, with the title, the instants, the attendee and the booking id`, async () => {
      const { fakes, host } = await connectedHost(provider);
      const day = monday();
      const created = await book(host, { start: `${day}T10:00:00Z`, end: `${day}T10:30:00Z` });
      expect((await bookingOf(host, created.bookingId)).calendarEvent).toMatchObject({ provider, status: "pending" });
      await runEventWork(host);
      const [event, ...others] = bookoraEvents(fakes, provider);
      expect(others).toEqual([]);
      expect(event).toMatchObject({
        bookingId: created.bookingId,
        startMs: Date.parse(`${day}T10:00:00Z`),
        endMs: Date.parse(`${day}T10:30:00Z`),
        title: "Intro call with Ada Lovelace",
      });
      expect(event!.attendees.map((attendee) => attendee.email)).toEqual(["ada@example.com"]);
      expect((await bookingOf(host, created.bookingId)).calendarEvent).toMatchObject({ provider, status: "synced" });
    });
  }

  it("never holds up the booking: with the provider hanging, the create still answers at once", async () => {
    const { fakes, host } = await connectedHost();
    fakes.google.setFault("insert", "hang");
    const started = Date.now();
    const created = await book(host, { start: `${monday()}T11:00:00Z`, end: `${monday()}T11:30:00Z` });
    expect(Date.now() - started).toBeLessThan(1_500);
    expect((await bookingOf(host, created.bookingId)).calendarEvent?.status).toBe("pending");
  });

  it("is written once when the provider created it but its answer was lost, and once when it failed and was retried", async () => {
    for (const fault of ["commit_then_fail", "commit_then_drop", "server_error", "rate_limited"] as const) {
      const { fakes, host } = await connectedHost();
      fakes.google.setFault("insert", fault, 1);
      const created = await book(host, { start: `${monday()}T12:00:00Z`, end: `${monday()}T12:30:00Z` });
      await runEventWork(host);
      expect((await bookingOf(host, created.bookingId)).calendarEvent?.status, fault).toBe("pending");
      await setClock(host, Date.now() + AHEAD_MS + 50 * 60_000); // past any backoff and Retry-After
      await runEventWork(host);
      expect(
        bookoraEvents(fakes).map((event) => event.bookingId),
        fault,
      ).toEqual([created.bookingId]);
      expect((await bookingOf(host, created.bookingId)).calendarEvent?.status, fault).toBe("synced");
    }
  });

  it("microsoft: a create retried after its answer was lost adopts the event instead of writing a second", async () => {
    const { fakes, host } = await connectedHost("microsoft");
    fakes.microsoft.setFault("insert", "commit_then_fail", 1);
    const created = await book(host, { start: `${monday()}T12:00:00Z`, end: `${monday()}T12:30:00Z` });
    await runEventWork(host);
    await setClock(host, Date.now() + AHEAD_MS + 50 * 60_000);
    await runEventWork(host);
    expect(bookoraEvents(fakes, "microsoft").map((event) => event.bookingId)).toEqual([created.bookingId]);
  });

  it("is still written after the host's object restarts with the work pending", async () => {
    const { fakes, host } = await connectedHost();
    const created = await book(host, { start: `${monday()}T13:00:00Z`, end: `${monday()}T13:30:00Z` });
    await abortAllDurableObjects();
    // The fresh object: its alarm, kept in its storage, fires at the time it was set for.
    await setClock(host, Date.now() + AHEAD_MS);
    await runEventWork(host);
    expect(bookoraEvents(fakes).map((event) => event.bookingId)).toEqual([created.bookingId]);
  });

  it("is woken by the hourly sweep when the object lost its alarm and hears no request", async () => {
    const { fakes, host } = await connectedHost();
    const created = await book(host, { start: `${monday()}T14:00:00Z`, end: `${monday()}T14:30:00Z` });
    await runInDurableObject(schedulerOf(host), (_scheduler: HostScheduler, state) => state.storage.deleteAlarm());
    await db
      .update(calendarEvents)
      .set({ nextAttemptAt: Date.now() - 5 * 60_000 })
      .where(eq(calendarEvents.bookingId, created.bookingId))
      .run();
    const ctx = createExecutionContext();
    await worker.scheduled!(createScheduledController(), env, ctx);
    await waitOnExecutionContext(ctx);
    const alarm = await runInDurableObject(schedulerOf(host), (_scheduler: HostScheduler, state) => state.storage.getAlarm());
    expect(alarm).not.toBeNull();
    await runEventWork(host);
    expect(bookoraEvents(fakes).map((event) => event.bookingId)).toEqual([created.bookingId]);
  });
});

describe("cancel and reschedule", () => {
  it("a cancel deletes the event; one the host already deleted (Google answers 410) counts as deleted", async () => {
    for (const deletedByHost of [false, true]) {
      const { fakes, host } = await connectedHost();
      const created = await book(host, { start: `${monday()}T10:00:00Z`, end: `${monday()}T10:30:00Z` });
      await runEventWork(host);
      if (deletedByHost) bookoraEvents(fakes)[0]!.deleted = true;
      expect((await post(`/api/bookings/${created.bookingId}/cancel`, {}, { token: host.token })).status).toBe(200);
      await runEventWork(host);
      expect(bookoraEvents(fakes), String(deletedByHost)).toEqual([]);
      expect(fakes.google.callCount("delete")).toBe(1);
      expect((await bookingOf(host, created.bookingId)).calendarEvent, String(deletedByHost)).toBeNull();
    }
  });

  it("a cancel that overtakes its create leaves no event, and the provider is never asked to create one", async () => {
    const { fakes, host } = await connectedHost();
    const created = await book(host, { start: `${monday()}T10:00:00Z`, end: `${monday()}T10:30:00Z` });
    expect((await post(`/api/bookings/${created.bookingId}/cancel`, {}, { token: host.token })).status).toBe(200);
    await runEventWork(host);
    expect(bookoraEvents(fakes)).toEqual([]);
    expect(fakes.google.callCount("insert")).toBe(0);
  });

  it("a cancel after a create whose answer was lost still finds the event and deletes it", async () => {
    const { fakes, host } = await connectedHost("microsoft");
    fakes.microsoft.setFault("insert", "commit_then_fail", 1);
    const created = await book(host, { start: `${monday()}T10:00:00Z`, end: `${monday()}T10:30:00Z` });
    await runEventWork(host);
    expect(bookoraEvents(fakes, "microsoft")).toHaveLength(1);
    expect((await post(`/api/bookings/${created.bookingId}/cancel`, {}, { token: host.token })).status).toBe(200);
    await runEventWork(host);
    expect(bookoraEvents(fakes, "microsoft")).toEqual([]);
  });

  it("a reschedule moves the same event to the new instants, across a DST change, and the new booking owns it", async () => {
    // A window of two years, as the next change may be more than a year away.
    const { fakes, host } = await connectedHost("google", "Europe/London", [{ bookingWindowDays: 730 }]);
    // The last Monday of March before and the first after, a week ahead at least: London moves from GMT to BST between them.
    const lastSundayOfMarch = (year: number) => new Date(Date.UTC(year, 2, 31 - new Date(Date.UTC(year, 2, 31)).getUTCDay()));
    let lastSunday = lastSundayOfMarch(new Date().getUTCFullYear());
    if (lastSunday.getTime() - 6 * 86_400_000 < Date.now() + 7 * 86_400_000) lastSunday = lastSundayOfMarch(lastSunday.getUTCFullYear() + 1);
    const before = new Date(lastSunday.getTime() - 6 * 86_400_000).toISOString().slice(0, 10);
    const after = new Date(lastSunday.getTime() + 86_400_000).toISOString().slice(0, 10);
    const created = await book(host, { start: `${before}T09:00:00Z`, end: `${before}T09:30:00Z` }); // 09:00 GMT
    await runEventWork(host);
    const [original] = bookoraEvents(fakes);
    const moved = await post(
      `/api/bookings/${created.bookingId}/reschedule`,
      { newSlot: { start: `${after}T08:00:00Z`, end: `${after}T08:30:00Z` } },
      { token: host.token },
    ); // 09:00 BST
    expect(moved.status).toBe(200);
    const { newBookingId } = (await moved.json()) as { newBookingId: string };
    await runEventWork(host);
    const events = bookoraEvents(fakes);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      id: original!.id,
      bookingId: newBookingId,
      startMs: Date.parse(`${after}T08:00:00Z`),
      endMs: Date.parse(`${after}T08:30:00Z`),
    });
    expect((await bookingOf(host, created.bookingId)).calendarEvent).toBeNull();
    expect((await bookingOf(host, newBookingId)).calendarEvent).toMatchObject({ status: "synced" });
  });
});

describe("event work racing a booking change", () => {
  for (const provider of ["google", "microsoft"] as const) {
    it(`${provider}: a move while the run is out at the provider (fault: delayed) leaves the same event, live, at the final booking's times`, async () => {
      const { fakes, host, fake } = await connectedHost(provider);
      const day = monday();
      const slot = (hour: number) => [`${day}T${String(hour).padStart(2, "0")}:00:00Z`, `${day}T${String(hour).padStart(2, "0")}:30:00Z`] as const;
      const other = await book(host, { start: slot(9)[0], end: slot(9)[1] });
      const moving = await book(host, { start: slot(10)[0], end: slot(10)[1] });
      await runEventWork(host);
      const movingEvent = bookoraEvents(fakes, provider).find((event) => event.bookingId === moving.bookingId)!;
      // Two pending rows, the other booking's first: each booking moved once.
      const otherMoved = await reschedule(host.token, other.bookingId, ...slot(13));
      await setClock(host, Date.now() + AHEAD_MS + 1_000);
      const a = await reschedule(host.token, moving.bookingId, ...slot(14));
      // While the first row's call is out at the provider, A moves on to B.
      let b = "";
      fake.setFault("patch", { fault: "delayed", meanwhile: async () => (b = await reschedule(host.token, a, ...slot(15))) }, 1);
      await runEventWork(host);
      expect(b).not.toBe("");
      await runEventWork(host); // the work B's move asked for
      const events = bookoraEvents(fakes, provider).map((event) => ({ id: event.id, bookingId: event.bookingId, startMs: event.startMs }));
      expect(events).toEqual([
        { id: expect.any(String), bookingId: otherMoved, startMs: Date.parse(slot(13)[0]) },
        { id: movingEvent.id, bookingId: b, startMs: Date.parse(slot(15)[0]) },
      ]);
      expect((await bookingOf(host, b)).calendarEvent).toMatchObject({ status: "synced" });
      // Moved, never deleted and written again.
      expect(fake.callCount("delete")).toBe(0);
      expect(fake.events(undefined, { includeDeleted: true }).filter((event) => event.deleted)).toEqual([]);
    });
  }
});

describe('whom the host\'s account mails (design-notifications.md "Abuse")', () => {
  for (const provider of ["google", "microsoft"] as const) {
    it(`${provider}: a public booking's attendee is never mailed by the host's account, through create, move and cancel`, async () => {
      const { fakes, host, fake } = await connectedHost(provider);
      const day = monday();
      const created = await book(host, { start: `${day}T10:00:00Z`, end: `${day}T10:30:00Z` }, true);
      const manageToken = created.manageToken!;
      await runEventWork(host);
      const [event] = bookoraEvents(fakes, provider);
      const writes = [event!.sendUpdates];
      const moved = await reschedule(manageToken, created.bookingId, `${day}T11:00:00Z`, `${day}T11:30:00Z`);
      await runEventWork(host);
      writes.push(event!.sendUpdates);
      if (provider === "google") expect(event!.attendees.map((attendee) => attendee.email)).toEqual(["ada@example.com"]);
      else expect(event).toMatchObject({ attendees: [], description: "Attendee: Ada Lovelace <ada@example.com>" });
      expect((await post(`/api/bookings/${moved}/cancel`, {}, { token: manageToken })).status).toBe(200);
      await runEventWork(host);
      writes.push(event!.sendUpdates);
      expect(event!.deleted).toBe(true);
      if (provider === "google") expect(writes).toEqual(["none", "none", "none"]);
      expect(fake.sentMail()).toEqual([]);
    });

    it(`${provider}: a service token's booking gets the provider's own invitation, update and cancellation`, async () => {
      const { host, fake } = await connectedHost(provider);
      const day = monday();
      const created = await book(host, { start: `${day}T10:00:00Z`, end: `${day}T10:30:00Z` });
      await runEventWork(host);
      const moved = await reschedule(host.token, created.bookingId, `${day}T11:00:00Z`, `${day}T11:30:00Z`);
      await runEventWork(host);
      expect((await post(`/api/bookings/${moved}/cancel`, {}, { token: host.token })).status).toBe(200);
      await runEventWork(host);
      expect(fake.sentMail().map((mail) => `${mail.kind} to ${mail.to}`)).toEqual([
        "invitation to ada@example.com",
        "update to ada@example.com",
        "cancellation to ada@example.com",
      ]);
    });
  }
});

describe("retrying event work", () => {
  it("waits at least the provider's Retry-After before trying again", async () => {
    const { fakes, host } = await connectedHost();
    fakes.google.setFault("insert", { fault: "rate_limited", retryAfter: 120 }, 1);
    const created = await book(host, { start: `${monday()}T15:00:00Z`, end: `${monday()}T15:30:00Z` });
    const ranAt = Date.now() + AHEAD_MS;
    await setClock(host, ranAt);
    await runEventWork(host);
    const [row] = await db.select().from(calendarEvents).where(eq(calendarEvents.bookingId, created.bookingId));
    expect(row!.attempts).toBe(1);
    expect(row!.nextAttemptAt).toBeGreaterThanOrEqual(ranAt + 120_000);
    // Due only then: a run before it changes nothing, a run after it writes the event.
    await setClock(host, ranAt + 60_000);
    await runEventWork(host);
    expect(fakes.google.callCount("insert")).toBe(1);
    await setClock(host, ranAt + 121_000);
    await runEventWork(host);
    expect(bookoraEvents(fakes).map((event) => event.bookingId)).toEqual([created.bookingId]);
  });
});

describe("when D1 fails under the event work", () => {
  it("an event written whose record then failed to save is adopted on the next run, not written twice", async () => {
    const { fakes, host } = await connectedHost();
    const created = await book(host, { start: `${monday()}T16:00:00Z`, end: `${monday()}T16:30:00Z` });
    let failNext = true;
    await injectD1Faults(host, {
      batch: async (sql, run) => {
        if (failNext && sql.some((statement) => /update "calendar_events" set "event_id"/i.test(statement))) {
          failNext = false;
          throw new Error("D1_ERROR: Network connection lost.");
        }
        return run();
      },
    });
    await expect(runEventWork(host)).rejects.toThrow(/Network connection lost/);
    expect(bookoraEvents(fakes)).toHaveLength(1); // written at the provider, not yet recorded here
    expect((await bookingOf(host, created.bookingId)).calendarEvent?.status).toBe("pending");
    await runEventWork(host); // the runtime retries a failed alarm
    expect(bookoraEvents(fakes).map((event) => event.bookingId)).toEqual([created.bookingId]);
    expect((await bookingOf(host, created.bookingId)).calendarEvent?.status).toBe("synced");
  });
});
