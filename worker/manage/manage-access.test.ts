import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { bookings, calendarEvents } from "../db/schema";
import type { BookingResponse, CreateBookingResponse } from "../domain/contract";
import { sha256Hex } from "../lib/crypto";
import { availableSlots, book, bookingBody, bookingRow, db, errorOf, get, post, type SeededHost, seedHost, upcoming } from "../test/fixtures";
import { manageTokenFor, manageTokenKey } from "./manage-token";

async function slotsOf(host: SeededHost, count: number) {
  const monday = upcoming(1);
  return (await availableSlots(host, { startDate: monday, endDate: monday })).slice(0, count);
}

async function moved(bookingId: string, newSlot: { start: string; end: string }, token: string): Promise<string> {
  const response = await post(`/api/bookings/${bookingId}/reschedule`, { newSlot }, { token });
  expect(response.status).toBe(200);
  return ((await response.json()) as { newBookingId: string }).newBookingId;
}

describe("what a manage token acts on", () => {
  it("acts on its booking and on every booking it was moved to, through two moves", async () => {
    const host = await seedHost();
    const [first, second, third] = await slotsOf(host, 3);
    const { bookingId, manageToken } = (await book(host, first!, true)) as Required<CreateBookingResponse>;
    const secondId = await moved(bookingId, second!, manageToken);
    const thirdId = await moved(secondId, third!, manageToken);
    for (const id of [bookingId, secondId, thirdId]) expect((await get(`/api/bookings/${id}`, manageToken)).status).toBe(200);
    expect((await post(`/api/bookings/${thirdId}/cancel`, {}, { token: manageToken })).status).toBe(200);
    const current = (await (await get(`/api/bookings/${thirdId}`, manageToken)).json()) as BookingResponse;
    expect(current).toMatchObject({ status: "cancelled", rescheduledFromId: secondId });
  });

  it("acts on nothing else: not another attendee's booking of the same host, nor what that one was moved to, nor a partner's booking", async () => {
    const host = await seedHost();
    const [mine, theirs, theirsLater, partners, free] = await slotsOf(host, 5);
    const own = (await book(host, mine!, true)) as Required<CreateBookingResponse>;
    const other = (await book(host, theirs!, true)) as Required<CreateBookingResponse>;
    const otherMovedId = await moved(other.bookingId, theirsLater!, other.manageToken);
    const partner = await book(host, partners!);

    for (const id of [other.bookingId, otherMovedId, partner.bookingId]) {
      expect(await errorOf(await get(`/api/bookings/${id}`, own.manageToken))).toMatchObject({ status: 404, code: "BOOKING_NOT_FOUND" });
      expect(await errorOf(await post(`/api/bookings/${id}/cancel`, {}, { token: own.manageToken }))).toMatchObject({ status: 404, code: "BOOKING_NOT_FOUND" });
      const reschedule = await post(`/api/bookings/${id}/reschedule`, { newSlot: free }, { token: own.manageToken });
      expect(await errorOf(reschedule)).toMatchObject({ status: 404, code: "BOOKING_NOT_FOUND" });
    }
    // Nothing beyond its booking's own routes: no create, no list.
    expect(await errorOf(await post("/api/bookings", bookingBody(host, free!), { token: own.manageToken }))).toMatchObject({
      status: 401,
      code: "UNAUTHORIZED",
    });
    expect(await errorOf(await get(`/api/bookings?host=${host.username}`, own.manageToken))).toMatchObject({ status: 401, code: "UNAUTHORIZED" });
    // And nothing it was refused changed anything.
    const theirNow = (await (await get(`/api/bookings/${otherMovedId}`, other.manageToken)).json()) as BookingResponse;
    expect(theirNow).toMatchObject({ status: "confirmed", startUtc: theirsLater!.start });
    expect((await get(`/api/bookings/${partner.bookingId}`, host.token)).status).toBe(200);
  });

  it("refuses a token with one character changed, as if the booking did not exist", async () => {
    const host = await seedHost();
    const [slot] = await slotsOf(host, 1);
    const { bookingId, manageToken } = (await book(host, slot!, true)) as Required<CreateBookingResponse>;
    const last = manageToken.at(-1)!;
    const tampered = manageToken.slice(0, -1) + (last === "A" ? "B" : "A");
    const unknown = "00000000-0000-4000-8000-000000000000";
    const refusal = await errorOf(await get(`/api/bookings/${bookingId}`, tampered));
    expect(refusal).toMatchObject({ status: 404, code: "BOOKING_NOT_FOUND" });
    const nothing = await errorOf(await get(`/api/bookings/${unknown}`, tampered));
    expect({ ...nothing, message: nothing.message.replace(unknown, bookingId) }).toEqual(refusal);
  });
});

describe("a booking that has started", () => {
  /** A public booking of `host` that began `minutesAgo` minutes ago, written behind the API's back (the API books no past slot), and its manage token. */
  async function startedBooking(host: SeededHost, minutesAgo: number) {
    const startMs = Math.floor((Date.now() - minutesAgo * 60_000) / 60_000) * 60_000;
    const id = crypto.randomUUID();
    const manageToken = await manageTokenFor(id, await manageTokenKey(env.MANAGE_TOKEN_KEY));
    await db.insert(bookings).values(bookingRow(host, startMs, startMs + 30 * 60_000, { id, manageTokenHash: await sha256Hex(manageToken) }));
    return { id, manageToken };
  }

  it("refuses the attendee's cancel and reschedule with 409 BOOKING_STARTED and changes nothing; the attendee can still read it, and the host's token can still cancel it", async () => {
    const host = await seedHost();
    const [free] = await slotsOf(host, 1);
    for (const minutesAgo of [1, 120]) {
      const { id, manageToken } = await startedBooking(host, minutesAgo);
      expect(await errorOf(await post(`/api/bookings/${id}/cancel`, {}, { token: manageToken }))).toMatchObject({ status: 409, code: "BOOKING_STARTED" });
      expect(await errorOf(await post(`/api/bookings/${id}/reschedule`, { newSlot: free }, { token: manageToken }))).toMatchObject({
        status: 409,
        code: "BOOKING_STARTED",
      });
      const seen = await get(`/api/bookings/${id}`, manageToken);
      expect(((await seen.json()) as BookingResponse).status).toBe("confirmed");
      expect((await db.select().from(bookings).where(eq(bookings.id, id)).get())?.status).toBe("confirmed");
      expect((await post(`/api/bookings/${id}/cancel`, {}, { token: host.token })).status).toBe(200);
    }
  });

  it("still lets the attendee cancel a booking that has not started", async () => {
    const host = await seedHost();
    const { bookingId, manageToken } = (await book(host, (await slotsOf(host, 1))[0]!, true)) as Required<CreateBookingResponse>;
    expect((await post(`/api/bookings/${bookingId}/cancel`, {}, { token: manageToken })).status).toBe(200);
  });
});

describe("what a manage token sees", () => {
  it("sees the booking's calendar event without the host's calendar id, which the host's token still sees", async () => {
    const host = await seedHost();
    const { bookingId, manageToken } = (await book(host, (await slotsOf(host, 1))[0]!, true)) as Required<CreateBookingResponse>;
    const nowMs = Date.now();
    await db.insert(calendarEvents).values({
      eventKey: bookingId,
      hostId: host.userId,
      bookingId,
      connectionId: "conn_test",
      provider: "google",
      calendarId: "jun.hepulou@example.com",
      eventId: "evt_1",
      status: "synced",
      nextAttemptAt: nowMs,
      requestedAt: nowMs,
    });
    const asAttendee = await get(`/api/bookings/${bookingId}`, manageToken);
    const attendeeText = await asAttendee.text();
    expect((JSON.parse(attendeeText) as BookingResponse).calendarEvent).toEqual({ provider: "google", status: "synced" });
    expect(attendeeText).not.toContain("jun.hepulou@example.com");
    const asHost = (await (await get(`/api/bookings/${bookingId}`, host.token)).json()) as BookingResponse;
    expect(asHost.calendarEvent).toEqual({ provider: "google", calendarId: "jun.hepulou@example.com", status: "synced" });
  });
});
