/**
 * Accounts and scoped tokens on the Booking API (design-management.md): a token sees its account's
 * hosts, or one host when narrowed; what it cannot see is NOT_FOUND, what it sees without the scope
 * is 403 FORBIDDEN.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { serviceTokens } from "../db/schema";
import type { CreateBookingResponse } from "../domain/contract";
import { availableSlots, book, bookingBody, db, errorOf, get, post, type SeededHost, seedAccount, seedHost, seedToken, upcoming } from "../test/fixtures";

async function twoHostsOfOneAccount() {
  const accountId = await seedAccount();
  const first = await seedHost({ accountId, types: [{}, { isPublic: false, title: "Private" }] });
  const second = await seedHost({ accountId });
  return { accountId, first, second };
}

async function firstSlot(host: SeededHost, typeIndex = 0, token?: string) {
  const monday = upcoming(1);
  const [slot] = await availableSlots(host, { startDate: monday, endDate: monday, slug: String(host.types[typeIndex]!.id) }, token);
  return slot!;
}

const availabilityOf = (host: SeededHost, typeIndex = 0) =>
  `/api/availability?username=${host.username}&slug=${host.types[typeIndex]!.id}&startDate=${upcoming(1)}&endDate=${upcoming(1)}`;

describe("a token of the whole account", () => {
  it("books, reads and cancels on every host of its account", async () => {
    const { accountId, first, second } = await twoHostsOfOneAccount();
    const token = await seedToken(accountId, ["bookings:write"]);
    for (const host of [first, second]) {
      const created = await post("/api/bookings", bookingBody(host, await firstSlot(host)), { token });
      expect(created.status).toBe(201);
      const { bookingId } = (await created.json()) as CreateBookingResponse;
      expect((await get(`/api/bookings/${bookingId}`, token)).status).toBe(200);
      expect((await post(`/api/bookings/${bookingId}/cancel`, {}, { token })).status).toBe(200);
    }
  });

  it("sees another account's hosts, types and bookings as NOT_FOUND, whatever its scopes", async () => {
    const { first } = await twoHostsOfOneAccount();
    const stranger = await seedToken(await seedAccount(), ["bookings:write", "hosts:write", "tokens:write"]);
    const { bookingId } = await book(first, await firstSlot(first));
    expect(await errorOf(await get(availabilityOf(first), stranger))).toMatchObject({ status: 404, code: "NOT_FOUND" });
    expect(await errorOf(await get(`/api/booking-types?username=${first.username}&slug=${first.types[0]!.id}`, stranger))).toMatchObject({
      status: 404,
      code: "NOT_FOUND",
    });
    const slot = await firstSlot(first);
    expect(await errorOf(await post("/api/bookings", bookingBody(first, slot), { token: stranger }))).toMatchObject({ status: 404, code: "NOT_FOUND" });
    expect(await errorOf(await get(`/api/bookings/${bookingId}`, stranger))).toMatchObject({ status: 404, code: "BOOKING_NOT_FOUND" });
    expect(await errorOf(await post(`/api/bookings/${bookingId}/cancel`, {}, { token: stranger }))).toMatchObject({ status: 404, code: "BOOKING_NOT_FOUND" });
  });
});

describe("a token narrowed to one host", () => {
  it("sees the other hosts of its own account as NOT_FOUND", async () => {
    const { first, second } = await twoHostsOfOneAccount();
    const { bookingId } = await book(second, await firstSlot(second));
    expect(await errorOf(await get(availabilityOf(second), first.token))).toMatchObject({ status: 404, code: "NOT_FOUND" });
    expect(await errorOf(await post("/api/bookings", bookingBody(second, await firstSlot(second)), { token: first.token }))).toMatchObject({
      status: 404,
      code: "NOT_FOUND",
    });
    expect(await errorOf(await get(`/api/bookings/${bookingId}`, first.token))).toMatchObject({ status: 404, code: "BOOKING_NOT_FOUND" });
    expect(await errorOf(await post(`/api/bookings/${bookingId}/reschedule`, { newSlot: await firstSlot(second) }, { token: first.token }))).toMatchObject({
      status: 404,
      code: "BOOKING_NOT_FOUND",
    });
  });
});

describe("scopes", () => {
  it("lets bookings:read read a booking and a private type's slots, and answers 403 FORBIDDEN to a create, cancel or reschedule", async () => {
    const { accountId, first } = await twoHostsOfOneAccount();
    const reader = await seedToken(accountId, ["bookings:read"], first.userId);
    const { bookingId } = await book(first, await firstSlot(first));
    expect((await get(`/api/bookings/${bookingId}`, reader)).status).toBe(200);
    expect((await get(availabilityOf(first, 1), reader)).status).toBe(200);
    const forbidden = { status: 403, code: "FORBIDDEN" };
    expect(await errorOf(await post("/api/bookings", bookingBody(first, await firstSlot(first)), { token: reader }))).toMatchObject(forbidden);
    expect(await errorOf(await post(`/api/bookings/${bookingId}/cancel`, {}, { token: reader }))).toMatchObject(forbidden);
    expect(await errorOf(await post(`/api/bookings/${bookingId}/reschedule`, { newSlot: await firstSlot(first) }, { token: reader }))).toMatchObject(forbidden);
    // Refused writes changed nothing.
    const booking = (await (await get(`/api/bookings/${bookingId}`, reader)).json()) as { status: string };
    expect(booking.status).toBe("confirmed");
  });

  it("answers a token without a bookings scope 403 on a booking it can see, and hides private types from it", async () => {
    const { accountId, first } = await twoHostsOfOneAccount();
    const hostsOnly = await seedToken(accountId, ["hosts:read"]);
    const { bookingId } = await book(first, await firstSlot(first));
    expect(await errorOf(await get(`/api/bookings/${bookingId}`, hostsOnly))).toMatchObject({ status: 403, code: "FORBIDDEN" });
    expect(await errorOf(await get(availabilityOf(first, 1), hostsOnly))).toMatchObject({ status: 404, code: "NOT_FOUND" });
    expect((await get(availabilityOf(first, 0), hostsOnly)).status).toBe(200);
  });
});

describe("token bookkeeping", () => {
  it("records when a token was last used, to the minute", async () => {
    const { accountId, first } = await twoHostsOfOneAccount();
    const token = await seedToken(accountId, ["bookings:read"]);
    const before = Date.now();
    expect((await get(availabilityOf(first), token)).status).toBe(200);
    const rows = await db
      .select({ lastUsedAt: serviceTokens.lastUsedAt, hash: serviceTokens.tokenHash })
      .from(serviceTokens)
      .where(eq(serviceTokens.accountId, accountId));
    const used = rows.filter((row) => row.lastUsedAt !== null);
    expect(used).toHaveLength(1);
    expect(used[0]!.lastUsedAt).toBeGreaterThanOrEqual(before);
  });
});

describe("visibility before permission on account resources", () => {
  it("answers another account's webhook endpoint and token NOT_FOUND to a token without the scope, and its own account's FORBIDDEN", async () => {
    const [ours, theirs] = await Promise.all([seedAccount(), seedAccount()]);
    const setUp = async (accountId: string) => {
      const admin = await seedToken(accountId, ["webhooks:write", "tokens:write"]);
      const created = await post("/api/webhook-endpoints", { url: "https://hooks.example.com/bookora" }, { token: admin });
      expect(created.status).toBe(201);
      const endpointId = ((await created.json()) as { id: string }).id;
      const [token] = await db.select({ id: serviceTokens.id }).from(serviceTokens).where(eq(serviceTokens.accountId, accountId));
      return { endpointId, tokenId: token!.id };
    };
    const [own, other] = await Promise.all([setUp(ours), setUp(theirs)]);
    const reader = await seedToken(ours, ["bookings:read"]);
    const endpoint = (id: string) => get(`/api/webhook-endpoints/${id}`, reader);
    const revoke = (id: string) => post(`/api/tokens/${id}/revoke`, {}, { token: reader });

    expect(await errorOf(await endpoint(other.endpointId))).toMatchObject({ status: 404, code: "NOT_FOUND" });
    expect(await errorOf(await revoke(other.tokenId))).toMatchObject({ status: 404, code: "NOT_FOUND" });
    expect(await errorOf(await endpoint(own.endpointId))).toMatchObject({ status: 403, code: "FORBIDDEN" });
    expect(await errorOf(await revoke(own.tokenId))).toMatchObject({ status: 403, code: "FORBIDDEN" });
  });
});
