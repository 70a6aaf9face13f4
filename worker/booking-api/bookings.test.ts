import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { serviceTokens } from "../db/schema";
import type { BookingResponse } from "../domain/contract";
import { TOKEN_CACHE_MS } from "../http/auth";
import { toIsoUtc } from "../lib/instants";
import { availableSlots, book, bookingBody, call, db, errorOf, get, post, type SeededHost, seedHost, upcoming } from "../test/fixtures";

async function firstSlots(host: SeededHost, count = 16) {
  const monday = upcoming(1);
  return (await availableSlots(host, { startDate: monday, endDate: monday })).slice(0, count);
}

describe("POST /api/bookings", () => {
  it("creates a confirmed booking with 201, a Location, and the seed's response shape", async () => {
    const host = await seedHost();
    const [slot] = await firstSlots(host);
    const response = await post("/api/bookings", bookingBody(host, slot!, { notes: "About the roadmap" }), { token: host.token });
    expect(response.status).toBe(201);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toEqual({ bookingId: expect.stringMatching(/^[0-9a-f-]{36}$/), status: "confirmed" });
    expect(response.headers.get("location")).toBe(`/api/bookings/${body.bookingId}`);
  });

  it("books a public type without a token and returns a manage token for the attendee", async () => {
    const host = await seedHost();
    const [slot] = await firstSlots(host);
    const created = await book(host, slot!, true);
    expect(created.manageToken).toMatch(/^bkm_[A-Za-z0-9_-]{43}$/);
    const fetched = await get(`/api/bookings/${created.bookingId}`, created.manageToken);
    expect(fetched.status).toBe(200);
    expect(((await fetched.json()) as BookingResponse).status).toBe("confirmed");
  });

  it("accepts the type's string id as bookingType", async () => {
    const host = await seedHost();
    const [slot] = await firstSlots(host);
    const response = await post("/api/bookings", bookingBody(host, slot!, { bookingType: host.types[0]!.publicId }), { token: host.token });
    expect(response.status).toBe(201);
  });

  it("refuses a second booking of the same slot with 409 SLOT_NOT_AVAILABLE", async () => {
    const host = await seedHost();
    const [slot] = await firstSlots(host);
    await book(host, slot!);
    const error = await errorOf(await post("/api/bookings", bookingBody(host, slot!, { email: "grace@example.com" }), { token: host.token }));
    expect(error).toEqual({ status: 409, code: "SLOT_NOT_AVAILABLE", message: expect.any(String) });
  });

  it.each([
    ["an off-grid start", (s: { start: string; end: string }) => shift(s, 10)],
    ["the wrong length", (s: { start: string; end: string }) => ({ start: s.start, end: toIsoUtc(Date.parse(s.end) + 15 * 60_000) })],
    ["a time in the past", () => ({ start: "2020-01-06T09:00:00Z", end: "2020-01-06T09:30:00Z" })],
    ["a time outside working hours", (s: { start: string; end: string }) => shift(s, -12 * 60)],
    ["a time beyond the booking window", () => ({ start: "2099-01-05T09:00:00Z", end: "2099-01-05T09:30:00Z" })],
  ])("answers 409 SLOT_NOT_AVAILABLE for %s and books nothing", async (_label, pick) => {
    const host = await seedHost();
    const slots = await firstSlots(host);
    const error = await errorOf(await post("/api/bookings", bookingBody(host, pick(slots[0]!)), { token: host.token }));
    expect(error).toMatchObject({ status: 409, code: "SLOT_NOT_AVAILABLE" });
    expect(await firstSlots(host)).toEqual(slots);
  });

  it("refuses to book another host's type with a service token (NOT_FOUND) and unknown types (NOT_FOUND)", async () => {
    const host = await seedHost();
    const other = await seedHost();
    const [slot] = await firstSlots(host);
    expect(await errorOf(await post("/api/bookings", bookingBody(host, slot!), { token: other.token }))).toMatchObject({ status: 404, code: "NOT_FOUND" });
    expect(await errorOf(await post("/api/bookings", bookingBody(host, slot!, { bookingType: "999999" }), { token: host.token }))).toMatchObject({
      status: 404,
      code: "NOT_FOUND",
    });
    expect(await firstSlots(host)).toContainEqual(slot);
  });

  it("keeps a private type bookable by its host's token only", async () => {
    const host = await seedHost({ types: [{ isPublic: false }] });
    const monday = upcoming(1);
    const [slot] = await availableSlots(host, { startDate: monday, endDate: monday }, host.token);
    expect(await errorOf(await post("/api/bookings", bookingBody(host, slot!)))).toMatchObject({ status: 404, code: "NOT_FOUND" });
    expect((await post("/api/bookings", bookingBody(host, slot!), { token: host.token })).status).toBe(201);
  });
});

describe("origins allowed to embed a public type", () => {
  it("books from an allowed partner page, refuses other sites with NOT_FOUND, and ignores tokens and non-browser calls", async () => {
    const host = await seedHost({ types: [{ allowedOrigins: ["https://partner.example"] }] });
    const monday = upcoming(1);
    const [a, b, c] = await availableSlots(host, { startDate: monday, endDate: monday });
    const from = (origin: string, slot: typeof a, token?: string) => post("/api/bookings", bookingBody(host, slot!), { token, headers: { origin } });
    expect((await from("https://partner.example", a)).status).toBe(201);
    expect(await errorOf(await from("https://elsewhere.example", b))).toMatchObject({ status: 404, code: "NOT_FOUND" });
    const query = `/api/availability?username=${host.username}&slug=${host.types[0]!.id}&startDate=${monday}&endDate=${monday}`;
    expect((await call(query, { headers: { origin: "https://elsewhere.example" } })).status).toBe(404);
    expect((await call(query, { headers: { origin: "https://partner.example" } })).status).toBe(200);
    // The host's own back end and our own hosted pages are not cross-site callers.
    expect((await from("https://elsewhere.example", b, host.token)).status).toBe(201);
    expect((await from("https://bookora.test", c)).status).toBe(201);
  });
});

describe("GET /api/bookings/:id", () => {
  it("returns the booking in the seed's shape to its host's token", async () => {
    const host = await seedHost();
    const [slot] = await firstSlots(host);
    const { bookingId } = await book(host, slot!);
    const response = await get(`/api/bookings/${bookingId}`, host.token);
    expect(response.status).toBe(200);
    const booking = (await response.json()) as BookingResponse;
    expect(booking).toMatchObject({
      id: bookingId,
      userId: host.username,
      startUtc: slot!.start,
      endUtc: slot!.end,
      status: "confirmed",
      attendee: { email: "ada@example.com", name: "Ada Lovelace" },
      bookingType: { id: String(host.types[0]!.id), stringId: host.types[0]!.publicId },
    });
  });

  it("treats another tenant's booking, a wrong manage token and a malformed id as BOOKING_NOT_FOUND", async () => {
    const host = await seedHost();
    const other = await seedHost();
    const [slot] = await firstSlots(host);
    const { bookingId, manageToken } = await book(host, slot!, true);
    expect(await errorOf(await get(`/api/bookings/${bookingId}`, other.token))).toMatchObject({ status: 404, code: "BOOKING_NOT_FOUND" });
    expect(await errorOf(await get(`/api/bookings/${bookingId}`, `${manageToken}x`))).toMatchObject({ status: 404, code: "BOOKING_NOT_FOUND" });
    expect(await errorOf(await get(`/api/bookings/not-a-uuid`, host.token))).toMatchObject({ status: 404, code: "BOOKING_NOT_FOUND" });
  });

  it("answers 401 UNAUTHORIZED without a token or with a malformed header", async () => {
    const host = await seedHost();
    const [slot] = await firstSlots(host);
    const { bookingId } = await book(host, slot!);
    expect(await errorOf(await get(`/api/bookings/${bookingId}`))).toMatchObject({ status: 401, code: "UNAUTHORIZED" });
    const basic = await call(`/api/bookings/${bookingId}`, { headers: { authorization: "Basic dXNlcjpwYXNz" } });
    expect(await errorOf(basic)).toMatchObject({ status: 401, code: "UNAUTHORIZED" });
  });

  it("refuses a revoked token with 401, within the token cache's lifetime", async () => {
    const host = await seedHost();
    const [slot] = await firstSlots(host);
    const { bookingId } = await book(host, slot!);
    expect((await get(`/api/bookings/${bookingId}`, host.token)).status).toBe(200);
    await db.update(serviceTokens).set({ revokedAt: Date.now() }).where(eq(serviceTokens.hostId, host.userId));
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(Date.now() + TOKEN_CACHE_MS + 1);
      expect(await errorOf(await get(`/api/bookings/${bookingId}`, host.token))).toMatchObject({ status: 401, code: "UNAUTHORIZED" });
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("POST /api/bookings/:id/cancel", () => {
  it("cancels, frees the slot, and treats a second cancel as a no-op 200", async () => {
    const host = await seedHost();
    const [slot] = await firstSlots(host);
    const { bookingId } = await book(host, slot!);
    const first = await post(`/api/bookings/${bookingId}/cancel`, {}, { token: host.token });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ status: "cancelled" });
    const again = await post(`/api/bookings/${bookingId}/cancel`, {}, { token: host.token });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ status: "cancelled" });
    const booking = (await (await get(`/api/bookings/${bookingId}`, host.token)).json()) as BookingResponse;
    expect(booking.status).toBe("cancelled");
    expect(booking.cancelledAt).toMatch(/Z$/);
    expect(await firstSlots(host)).toContainEqual(slot);
  });

  it("lets the attendee cancel with the manage token, and nobody else", async () => {
    const host = await seedHost();
    const other = await seedHost();
    const [slot] = await firstSlots(host);
    const { bookingId, manageToken } = await book(host, slot!, true);
    expect(await errorOf(await post(`/api/bookings/${bookingId}/cancel`, {}, { token: other.token }))).toMatchObject({
      status: 404,
      code: "BOOKING_NOT_FOUND",
    });
    expect(await errorOf(await post(`/api/bookings/${bookingId}/cancel`, {}))).toMatchObject({ status: 401, code: "UNAUTHORIZED" });
    expect((await post(`/api/bookings/${bookingId}/cancel`, {}, { token: manageToken })).status).toBe(200);
  });
});

describe("POST /api/bookings/:id/reschedule", () => {
  it("moves a booking: new one confirmed, old one cancelled and linked, slots swapped", async () => {
    const host = await seedHost();
    const [from, to] = await firstSlots(host, 2);
    const { bookingId } = await book(host, from!);
    const response = await post(`/api/bookings/${bookingId}/reschedule`, { newSlot: to }, { token: host.token });
    expect(response.status).toBe(200);
    const moved = (await response.json()) as { oldBookingId: string; newBookingId: string; status: string };
    expect(moved).toEqual({ oldBookingId: bookingId, newBookingId: expect.any(String), status: "rescheduled" });
    const old = (await (await get(`/api/bookings/${bookingId}`, host.token)).json()) as BookingResponse;
    const fresh = (await (await get(`/api/bookings/${moved.newBookingId}`, host.token)).json()) as BookingResponse;
    expect(old).toMatchObject({ status: "cancelled", rescheduledToId: moved.newBookingId });
    expect(fresh).toMatchObject({ status: "confirmed", startUtc: to!.start, rescheduledFromId: bookingId, attendee: old.attendee });
    const slots = await firstSlots(host);
    expect(slots).toContainEqual(from);
    expect(slots).not.toContainEqual(to);
  });

  it("may move a booking onto a time that overlaps its own old time", async () => {
    const host = await seedHost({ types: [{ durationMinutes: 60, slotIntervalMinutes: 30 }] });
    const [first, second] = await firstSlots(host, 2);
    const { bookingId } = await book(host, first!);
    const response = await post(`/api/bookings/${bookingId}/reschedule`, { newSlot: second }, { token: host.token });
    expect(response.status).toBe(200);
  });

  it("leaves the old booking confirmed when the new slot is taken", async () => {
    const host = await seedHost();
    const [from, taken] = await firstSlots(host, 2);
    const { bookingId } = await book(host, from!);
    await book(host, taken!);
    const error = await errorOf(await post(`/api/bookings/${bookingId}/reschedule`, { newSlot: taken }, { token: host.token }));
    expect(error).toMatchObject({ status: 409, code: "SLOT_NOT_AVAILABLE" });
    const old = (await (await get(`/api/bookings/${bookingId}`, host.token)).json()) as BookingResponse;
    expect(old).toMatchObject({ status: "confirmed", rescheduledToId: null });
  });

  it("lets the attendee reschedule with the manage token, which then manages the new booking", async () => {
    const host = await seedHost();
    const [from, to] = await firstSlots(host, 2);
    const { bookingId, manageToken } = await book(host, from!, true);
    const response = await post(`/api/bookings/${bookingId}/reschedule`, { newSlot: to }, { token: manageToken });
    expect(response.status).toBe(200);
    const { newBookingId } = (await response.json()) as { newBookingId: string };
    expect((await get(`/api/bookings/${newBookingId}`, manageToken)).status).toBe(200);
  });

  it("refuses to reschedule a cancelled booking with 400 INVALID_REQUEST", async () => {
    const host = await seedHost();
    const [from, to] = await firstSlots(host, 2);
    const { bookingId } = await book(host, from!);
    await post(`/api/bookings/${bookingId}/cancel`, {}, { token: host.token });
    expect(await errorOf(await post(`/api/bookings/${bookingId}/reschedule`, { newSlot: to }, { token: host.token }))).toMatchObject({
      status: 400,
      code: "INVALID_REQUEST",
    });
    expect(await firstSlots(host)).toContainEqual(to);
  });
});

describe("a booking that was rescheduled is history", () => {
  for (const caller of ["service token", "manage token"] as const) {
    it(`answers 409 BOOKING_RESCHEDULED naming the new booking when its ${caller} cancels or moves the old one, and the meeting stands`, async () => {
      const host = await seedHost();
      const [from, to, later] = await firstSlots(host, 3);
      const created = await book(host, from!, caller === "manage token");
      const token = caller === "manage token" ? created.manageToken! : host.token;
      const moved = await post(`/api/bookings/${created.bookingId}/reschedule`, { newSlot: to }, { token });
      const { newBookingId } = (await moved.json()) as { newBookingId: string };

      const cancel = await post(`/api/bookings/${created.bookingId}/cancel`, {}, { token });
      expect(cancel.status).toBe(409);
      expect(((await cancel.json()) as { error: unknown }).error).toMatchObject({ code: "BOOKING_RESCHEDULED", details: { rescheduledToId: newBookingId } });
      const again = await post(`/api/bookings/${created.bookingId}/reschedule`, { newSlot: later }, { token });
      expect(again.status).toBe(409);
      expect(((await again.json()) as { error: unknown }).error).toMatchObject({ code: "BOOKING_RESCHEDULED", details: { rescheduledToId: newBookingId } });

      const current = (await (await get(`/api/bookings/${newBookingId}`, token)).json()) as BookingResponse;
      expect(current).toMatchObject({ status: "confirmed", startUtc: to!.start });
      const slots = await firstSlots(host);
      expect(slots).not.toContainEqual(to);
      expect(slots).toContainEqual(later);
    });
  }
});

function shift(slot: { start: string; end: string }, minutes: number) {
  return { start: toIsoUtc(Date.parse(slot.start) + minutes * 60_000), end: toIsoUtc(Date.parse(slot.end) + minutes * 60_000) };
}
