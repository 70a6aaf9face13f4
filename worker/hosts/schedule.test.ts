/**
 * The schedule API through the real Worker: weekly hours and date overrides, validated, written all
 * or nothing, seen by the very next availability answer and create, and only by tokens that may.
 */
import { describe, expect, it } from "vitest";
import { addDays } from "../domain/calendar-days";
import { availableSlots, bookingBody, call, errorOf, get, post, type SeededHost, seedAccount, seedHost, seedToken, upcoming } from "../test/fixtures";

const NINE_TO_FIVE = [{ start: "09:00", end: "17:00" }];
const WEEKDAYS_NINE_TO_FIVE = { mon: NINE_TO_FIVE, tue: NINE_TO_FIVE, wed: NINE_TO_FIVE, thu: NINE_TO_FIVE, fri: NINE_TO_FIVE, sat: [], sun: [] };

function send(method: "PUT" | "DELETE", path: string, token: string, body?: unknown) {
  return call(path, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function mondaySlots(host: SeededHost) {
  const monday = upcoming(1);
  return availableSlots(host, { startDate: monday, endDate: monday });
}

describe("weekly hours", () => {
  it("answers a host's hours by weekday in its zone, closed days as []", async () => {
    const host = await seedHost();
    const response = await get(`/api/hosts/${host.username}/schedule`, host.token);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ timeZone: "Europe/London", weekly: WEEKDAYS_NINE_TO_FIVE });
  });

  it("replaces all seven days, and the very next availability answer and create follow the new hours", async () => {
    const host = await seedHost();
    const before = await mondaySlots(host); // the host's object now holds the old hours
    expect(before).toHaveLength(16);
    const weekly = {
      ...WEEKDAYS_NINE_TO_FIVE,
      mon: [
        { start: "13:00", end: "14:00" },
        { start: "14:00", end: "15:00" },
      ],
    };
    const put = await send("PUT", `/api/hosts/${host.username}/schedule`, host.token, { weekly });
    expect(put.status).toBe(200);
    expect(((await put.json()) as { weekly: unknown }).weekly).toEqual(weekly);
    const after = await mondaySlots(host);
    expect(after).toHaveLength(4);
    const morning = await post("/api/bookings", bookingBody(host, before[0]!), { token: host.token });
    expect(await errorOf(morning)).toMatchObject({ status: 409, code: "SLOT_NOT_AVAILABLE" });
    expect((await post("/api/bookings", bookingBody(host, after[0]!), { token: host.token })).status).toBe(201);
  });

  it("refuses a day with overlapping intervals with 400 naming the day and interval, and changes nothing", async () => {
    const host = await seedHost();
    const weekly = {
      ...WEEKDAYS_NINE_TO_FIVE,
      mon: [],
      tue: [
        { start: "09:00", end: "11:30" },
        { start: "11:00", end: "12:00" },
      ],
    };
    const error = await errorOf(await send("PUT", `/api/hosts/${host.username}/schedule`, host.token, { weekly }));
    expect(error).toMatchObject({ status: 400, code: "INVALID_REQUEST" });
    expect(error.message).toContain("weekly.tue.1");
    expect(error.message).toContain("11:00–12:00 overlaps 09:00–11:30");
    expect(await (await get(`/api/hosts/${host.username}/schedule`, host.token)).json()).toMatchObject({ weekly: WEEKDAYS_NINE_TO_FIVE });
    expect(await mondaySlots(host)).toHaveLength(16);
  });

  it("refuses a schedule that leaves out a day", async () => {
    const host = await seedHost();
    const { sun: _sun, ...sixDays } = WEEKDAYS_NINE_TO_FIVE;
    const error = await errorOf(await send("PUT", `/api/hosts/${host.username}/schedule`, host.token, { weekly: sixDays }));
    expect(error).toMatchObject({ status: 400, code: "INVALID_REQUEST" });
    expect(error.message).toContain("weekly.sun");
  });
});

describe("date overrides", () => {
  it("closes a day at once, lists it, and opens it again when deleted", async () => {
    const host = await seedHost();
    const monday = upcoming(1);
    expect(await mondaySlots(host)).toHaveLength(16);
    const put = await send("PUT", `/api/hosts/${host.username}/overrides/${monday}`, host.token, { intervals: [] });
    expect(put.status).toBe(200);
    expect(await put.json()).toEqual({ date: monday, intervals: [] });
    expect(await mondaySlots(host)).toEqual([]);
    const listed = await get(`/api/hosts/${host.username}/overrides?from=${monday}&to=${addDays(monday, 7)}`, host.token);
    expect(await listed.json()).toEqual({ data: [{ date: monday, intervals: [] }] });
    expect((await send("DELETE", `/api/hosts/${host.username}/overrides/${monday}`, host.token)).status).toBe(204);
    expect(await mondaySlots(host)).toHaveLength(16);
  });

  it("opens a normally closed Saturday with extra hours", async () => {
    const host = await seedHost();
    const saturday = upcoming(6);
    await send("PUT", `/api/hosts/${host.username}/overrides/${saturday}`, host.token, { intervals: [{ start: "10:00", end: "12:00" }] });
    expect(await availableSlots(host, { startDate: saturday, endDate: saturday })).toHaveLength(4);
  });

  it("refuses a past date and a malformed one with 400", async () => {
    const host = await seedHost();
    const past = await errorOf(await send("PUT", `/api/hosts/${host.username}/overrides/2020-01-06`, host.token, { intervals: [] }));
    expect(past).toMatchObject({ status: 400, code: "INVALID_REQUEST" });
    expect(past.message).toContain("in the past");
    expect(await errorOf(await send("PUT", `/api/hosts/${host.username}/overrides/2026-02-30`, host.token, { intervals: [] }))).toMatchObject({ status: 400 });
    expect(await errorOf(await get(`/api/hosts/${host.username}/overrides?from=2026-01-10&to=2026-01-01`, host.token))).toMatchObject({ status: 400 });
  });
});

describe("who may read and change hours", () => {
  it("hides a host from another account's token and from a token narrowed to another host (404), whatever the call", async () => {
    const accountId = await seedAccount();
    const host = await seedHost({ accountId });
    const sibling = await seedHost({ accountId });
    const stranger = await seedToken(await seedAccount(), ["hosts:write"]);
    for (const token of [stranger, sibling.token]) {
      expect(await errorOf(await get(`/api/hosts/${host.username}/schedule`, token))).toMatchObject({ status: 404, code: "NOT_FOUND" });
      expect(await errorOf(await send("PUT", `/api/hosts/${host.username}/schedule`, token, { weekly: WEEKDAYS_NINE_TO_FIVE }))).toMatchObject({ status: 404 });
      expect(await errorOf(await send("PUT", `/api/hosts/${host.username}/overrides/${upcoming(1)}`, token, { intervals: [] }))).toMatchObject({ status: 404 });
      expect(await errorOf(await send("DELETE", `/api/hosts/${host.username}/overrides/${upcoming(1)}`, token))).toMatchObject({ status: 404 });
    }
    expect(await mondaySlots(host)).toHaveLength(16);
  });

  it("lets hosts:read read but not write (403), and a bookings-only token neither", async () => {
    const host = await seedHost();
    const reader = await seedToken(host.accountId, ["hosts:read"]);
    const booker = await seedToken(host.accountId, ["bookings:write"]);
    expect((await get(`/api/hosts/${host.username}/schedule`, reader)).status).toBe(200);
    expect(await errorOf(await send("PUT", `/api/hosts/${host.username}/overrides/${upcoming(1)}`, reader, { intervals: [] }))).toMatchObject({
      status: 403,
      code: "FORBIDDEN",
    });
    expect(await errorOf(await get(`/api/hosts/${host.username}/schedule`, booker))).toMatchObject({ status: 403, code: "FORBIDDEN" });
    expect(await errorOf(await call(`/api/hosts/${host.username}/schedule`))).toMatchObject({ status: 401, code: "UNAUTHORIZED" });
    expect(await mondaySlots(host)).toHaveLength(16);
  });
});
