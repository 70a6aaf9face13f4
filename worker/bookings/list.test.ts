/**
 * GET /api/bookings through the real Worker: bookings in exactly the shape of GET /api/bookings/:id,
 * ordered by start then id, filtered, paged with cursors without gaps or repeats, and only of the
 * hosts the token sees.
 */
import { describe, expect, it } from "vitest";
import { bookings } from "../db/schema";
import type { BookingResponse } from "../domain/contract";
import { availableSlots, book, bookingRow, db, errorOf, get, post, type SeededHost, seedAccount, seedHost, seedToken, upcoming } from "../test/fixtures";

interface ListPage {
  data: BookingResponse[];
  nextCursor: string | null;
}

const HOUR = 3_600_000;
/** 09:00 UTC on the first Monday of the year five years on: far past any booking another test makes. */
const BASE = (() => {
  const newYear = Date.UTC(new Date().getUTCFullYear() + 5, 0, 1, 9);
  return newYear + ((8 - new Date(newYear).getUTCDay()) % 7) * 86_400_000;
})();

/** A booking row of `host` starting `hoursAfterBase` after BASE, 30 minutes long. */
async function insertBooking(host: SeededHost, hoursAfterBase: number, status: "confirmed" | "cancelled" = "confirmed"): Promise<string> {
  const id = crypto.randomUUID();
  const startMs = BASE + hoursAfterBase * HOUR;
  const endMs = startMs + 30 * 60_000;
  await db.insert(bookings).values(
    bookingRow(host, startMs, endMs, {
      id,
      status,
      attendeeName: `Attendee ${hoursAfterBase}`,
      attendeeEmail: "ada@example.com",
      cancelledAt: status === "cancelled" ? Date.now() : null,
    }),
  );
  return id;
}

async function list(query: Record<string, string>, token: string): Promise<ListPage> {
  const response = await get(`/api/bookings?${new URLSearchParams(query)}`, token);
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as ListPage;
}

async function listIds(query: Record<string, string>, token: string): Promise<string[]> {
  return (await list(query, token)).data.map((booking) => booking.id);
}

const at = (hoursAfterBase: number) => new Date(BASE + hoursAfterBase * HOUR).toISOString().replace(".000Z", "Z");

/** Two hosts of one account and a token of the account with bookings:read. */
async function accountWithTwoHosts() {
  const accountId = await seedAccount();
  const first = await seedHost({ accountId });
  const second = await seedHost({ accountId });
  const reader = await seedToken(accountId, ["bookings:read"]);
  return { accountId, first, second, reader };
}

describe("GET /api/bookings", () => {
  it("lists the account's bookings by start (then id), each exactly as GET /api/bookings/:id answers it but for its notifications", async () => {
    const { first, second, reader } = await accountWithTwoHosts();
    const late = await insertBooking(first, 30);
    const early = await insertBooking(second, 2, "cancelled");
    const tieA = await insertBooking(first, 10);
    const tieB = await insertBooking(second, 10);
    // And one made and cancelled through the API, as a partner would.
    const monday = upcoming(1);
    const [slot] = await availableSlots(first, { startDate: monday, endDate: monday });
    const { bookingId: real } = await book(first, slot!);
    expect((await post(`/api/bookings/${real}/cancel`, {}, { token: first.token })).status).toBe(200);

    const page = await list({}, reader);
    const ties = [tieA, tieB].sort();
    expect(page.data.map((b) => b.id)).toEqual([real, early, ...ties, late]);
    expect(page.nextCursor).toBeNull();
    for (const item of page.data) {
      // The e-mail log is GET's alone: the list leaves it out.
      const { notifications, ...asListed } = (await (await get(`/api/bookings/${item.id}`, reader)).json()) as BookingResponse;
      expect(notifications).toEqual([]);
      expect(item).toEqual(asListed);
    }
    // Naming the host takes another path (a batch with the host's lookup): the same shape.
    expect((await list({ host: first.username }, reader)).data).toEqual(page.data.filter((b) => b.userId === first.username));
    expect(page.data.map((b) => b.userId)).toEqual([first.username, second.username, expect.any(String), expect.any(String), first.username]);
    expect(page.data[0]).toMatchObject({ status: "cancelled", startUtc: slot!.start, bookingType: { id: String(first.types[0]!.id) } });
  });

  it("filters by host, by status, and by start: from included, to excluded", async () => {
    const { first, second, reader } = await accountWithTwoHosts();
    const a = await insertBooking(first, 1);
    const b = await insertBooking(first, 2, "cancelled");
    const c = await insertBooking(second, 3);
    const d = await insertBooking(first, 4);

    expect(await listIds({ host: first.username }, reader)).toEqual([a, b, d]);
    expect(await listIds({ host: second.username }, reader)).toEqual([c]);
    expect(await listIds({ status: "confirmed" }, reader)).toEqual([a, c, d]);
    expect(await listIds({ status: "cancelled" }, reader)).toEqual([b]);
    expect(await listIds({ host: first.username, status: "confirmed" }, reader)).toEqual([a, d]);
    expect(await listIds({ from: at(2), to: at(4) }, reader)).toEqual([b, c]);
    expect(await listIds({ from: at(2) }, reader)).toEqual([b, c, d]);
    expect(await listIds({ to: at(2) }, reader)).toEqual([a]);
    expect(await listIds({ from: at(2), to: at(2) }, reader)).toEqual([]);
    // Instants with fractions of a second bound exactly too.
    expect(await listIds({ from: new Date(BASE + 2 * HOUR + 1).toISOString() }, reader)).toEqual([c, d]);
  });

  it("walks five bookings two at a time with cursors: no repeats, no gaps, nextCursor null at the end", async () => {
    const { first, second, reader } = await accountWithTwoHosts();
    const ids = [
      await insertBooking(first, 1),
      await insertBooking(second, 1),
      await insertBooking(first, 2),
      await insertBooking(second, 3),
      await insertBooking(first, 3),
    ];
    const everything = await listIds({}, reader);
    expect([...everything].sort()).toEqual([...ids].sort());

    const pages: string[][] = [];
    let cursor: string | null = null;
    do {
      const page: ListPage = await list(cursor ? { limit: "2", cursor } : { limit: "2" }, reader);
      pages.push(page.data.map((b) => b.id));
      cursor = page.nextCursor;
      if (cursor) expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    } while (cursor && pages.length < 10);
    expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
    expect(pages.flat()).toEqual(everything);
  });

  it("ends on a full last page with nextCursor null, and answers 50 by default", async () => {
    const host = await seedHost();
    const reader = await seedToken(host.accountId, ["bookings:read"]);
    for (let i = 0; i < 51; i += 1) await insertBooking(host, i);
    const firstPage = await list({}, reader);
    expect(firstPage.data).toHaveLength(50);
    const rest = await list({ cursor: firstPage.nextCursor! }, reader);
    expect(rest).toMatchObject({ data: [expect.objectContaining({ startUtc: at(50) })], nextCursor: null });
    expect((await list({ limit: "51" }, reader)).nextCursor).toBeNull();
    expect((await list({ limit: "100" }, reader)).data).toHaveLength(51);
  });

  it("shows an account-wide token both hosts, a narrowed token only its own, another account's token none", async () => {
    const { accountId, first, second, reader } = await accountWithTwoHosts();
    const mine = await insertBooking(first, 1);
    const sibling = await insertBooking(second, 2);
    const stranger = await seedHost();
    await insertBooking(stranger, 1);

    expect(await listIds({}, reader)).toEqual([mine, sibling]);
    expect(await listIds({}, first.token)).toEqual([mine]); // narrowed to `first`
    expect(await listIds({ host: first.username }, first.token)).toEqual([mine]);
    const narrowedReader = await seedToken(accountId, ["bookings:read"], second.userId);
    expect(await listIds({}, narrowedReader)).toEqual([sibling]);
    expect(await listIds({}, stranger.token)).not.toContain(mine);
    expect(await listIds({}, stranger.token)).not.toContain(sibling);
    const strangersReader = await seedToken(stranger.accountId, ["bookings:read"]);
    expect(await listIds({ host: stranger.username }, strangersReader)).toHaveLength(1);
  });

  it("answers 404 NOT_FOUND for a host the token cannot see or that does not exist", async () => {
    const { first, second, reader } = await accountWithTwoHosts();
    const stranger = await seedHost();
    for (const [host, token] of [
      [stranger.username, reader],
      [first.username, stranger.token],
      [second.username, first.token], // same account, but the token is narrowed to `first`
      ["nobody-by-this-name", reader],
    ] as const) {
      expect(await errorOf(await get(`/api/bookings?host=${host}`, token))).toMatchObject({ status: 404, code: "NOT_FOUND" });
    }
  });

  it("needs bookings:read (bookings:write implies it): 403 FORBIDDEN without it, but 404 still comes first", async () => {
    const { accountId, first } = await accountWithTwoHosts();
    const hostsOnly = await seedToken(accountId, ["hosts:write"]);
    expect(await errorOf(await get("/api/bookings", hostsOnly))).toMatchObject({ status: 403, code: "FORBIDDEN" });
    expect(await errorOf(await get(`/api/bookings?host=${first.username}`, hostsOnly))).toMatchObject({ status: 403, code: "FORBIDDEN" });
    const stranger = await seedHost();
    expect(await errorOf(await get(`/api/bookings?host=${stranger.username}`, hostsOnly))).toMatchObject({ status: 404, code: "NOT_FOUND" });
    const writer = await seedToken(accountId, ["bookings:write"]);
    expect((await get("/api/bookings", writer)).status).toBe(200);
  });

  it("answers 401 UNAUTHORIZED without a token and to an attendee's manage token", async () => {
    const host = await seedHost();
    expect(await errorOf(await get("/api/bookings"))).toMatchObject({ status: 401, code: "UNAUTHORIZED" });
    const monday = upcoming(1);
    const [slot] = await availableSlots(host, { startDate: monday, endDate: monday });
    const { manageToken } = await book(host, slot!, true);
    expect(await errorOf(await get("/api/bookings", manageToken!))).toMatchObject({ status: 401, code: "UNAUTHORIZED" });
    expect(await errorOf(await get("/api/bookings", "bk_live_unknown"))).toMatchObject({ status: 401, code: "UNAUTHORIZED" });
  });

  it.each([
    ["status=pending", "status"],
    ["status=", "status"],
    ["from=2031-01-06", "from"],
    ["from=2031-01-06T09:00:00%2B01:00", "from"],
    ["to=yesterday", "to"],
    [`from=2031-01-06T10:00:00Z&to=2031-01-06T09:00:00Z`, "to"],
    ["limit=0", "limit"],
    ["limit=101", "limit"],
    ["limit=abc", "limit"],
    ["limit=1.5", "limit"],
    ["limit=", "limit"],
    ["cursor=garbage!", "cursor"],
    ["cursor=bm90IGpzb24", "cursor"], // base64url of "not json"
    [`cursor=${btoa(JSON.stringify({ s: "1", i: "x" }))}`, "cursor"],
    ["cursor=", "cursor"],
    ["host=", "host"],
    ["status=confirmed&status=cancelled", "status"],
  ])("refuses %s with 400 INVALID_REQUEST naming %s", async (query, parameter) => {
    const host = await seedHost();
    const error = await errorOf(await get(`/api/bookings?${query}`, host.token));
    expect(error).toMatchObject({ status: 400, code: "INVALID_REQUEST" });
    expect(error.message.startsWith(`${parameter}: `), error.message).toBe(true);
  });

  it("still answers one booking at /api/bookings/:id and takes creates at /api/bookings", async () => {
    const host = await seedHost();
    const monday = upcoming(1);
    const [slot] = await availableSlots(host, { startDate: monday, endDate: monday });
    const { bookingId } = await book(host, slot!);
    expect(await (await get(`/api/bookings/${bookingId}`, host.token)).json()).toMatchObject({ id: bookingId, status: "confirmed" });
    expect(await listIds({}, host.token)).toEqual([bookingId]);
  });
});
