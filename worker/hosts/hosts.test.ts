/**
 * Hosts through the API: created, listed, renamed and moved to another zone with effect on the very
 * next answer, and deleted so that nobody can book them while their bookings stay in reach.
 */
import { describe, expect, it } from "vitest";
import { availableSlots, book, bookingBody, call, errorOf, get, post, seedAccount, seedHost, seedToken, upcoming } from "../test/fixtures";
import { faultyD1 } from "../test/scheduler-control";

interface HostResource {
  username: string;
  name: string;
  timeZone: string;
  email: string | null;
  createdAt: string;
}

interface HostPage {
  data: HostResource[];
  nextCursor: string | null;
}

function send(method: "PATCH" | "DELETE", path: string, token: string, body?: unknown) {
  return call(path, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

function newUsername(): string {
  return `h-${crypto.randomUUID().slice(0, 12)}`;
}

const monday = () => upcoming(1);

describe("creating and reading hosts", () => {
  it("creates a host in the token's account (201), then reads it alone and in the list", async () => {
    const accountId = await seedAccount();
    const admin = await seedToken(accountId, ["hosts:write"]);
    const username = newUsername();
    const created = await post("/api/hosts", { username, name: "Jun Hepulou", timeZone: "Asia/Tokyo", email: "jun@example.com" }, { token: admin });
    expect(created.status).toBe(201);
    expect(created.headers.get("location")).toBe(`/api/hosts/${username}`);
    const host = (await created.json()) as HostResource;
    expect(host).toEqual({
      username,
      name: "Jun Hepulou",
      timeZone: "Asia/Tokyo",
      email: "jun@example.com",
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
    });
    expect(await (await get(`/api/hosts/${username}`, admin)).json()).toEqual(host);
    expect(((await (await get("/api/hosts", admin)).json()) as HostPage).data).toEqual([host]);
  });

  it("answers email null when none is given, and a seeded host's name falls back to its username", async () => {
    const accountId = await seedAccount();
    const admin = await seedToken(accountId, ["hosts:write"]);
    const username = newUsername();
    const created = (await (await post("/api/hosts", { username, name: "Ada", timeZone: "UTC" }, { token: admin })).json()) as HostResource;
    expect(created.email).toBeNull();
    const seeded = await seedHost({ accountId });
    expect(await (await get(`/api/hosts/${seeded.username}`, admin)).json()).toMatchObject({ username: seeded.username, name: seeded.username, email: null });
  });

  it("replays a retried create with the same Idempotency-Key instead of answering 409", async () => {
    const admin = await seedToken(await seedAccount(), ["hosts:write"]);
    const body = { username: newUsername(), name: "Ada", timeZone: "Europe/Paris" };
    const first = await post("/api/hosts", body, { token: admin, key: "create-ada" });
    const again = await post("/api/hosts", body, { token: admin, key: "create-ada" });
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(await again.json()).toEqual(await first.json());
  });

  it("pages through the account's hosts in creation order with opaque cursors", async () => {
    const accountId = await seedAccount();
    const admin = await seedToken(accountId, ["hosts:read"]);
    const hosts = [await seedHost({ accountId }), await seedHost({ accountId }), await seedHost({ accountId })];
    await seedHost(); // another account's: never listed
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: HostPage = (await (await get(`/api/hosts?limit=2${cursor ? `&cursor=${cursor}` : ""}`, admin)).json()) as HostPage;
      expect(page.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.data.map((host) => host.username));
      cursor = page.nextCursor;
      if (cursor) expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    } while (cursor);
    expect(seen).toEqual(hosts.map((host) => host.username));
    for (const query of ["limit=0", "limit=101", "cursor=12", "cursor=not-ours!"]) {
      const error = await errorOf(await get(`/api/hosts?${query}`, admin));
      expect(error).toMatchObject({ status: 400, code: "INVALID_REQUEST" });
      expect(error.message).toContain(query.split("=")[0]);
    }
  });

  it("refuses bad fields with 400 naming them, and a missing Idempotency-Key; nothing is created", async () => {
    const accountId = await seedAccount();
    const admin = await seedToken(accountId, ["hosts:write"]);
    const valid = { username: newUsername(), name: "Ada", timeZone: "Europe/London" };
    for (const [body, field] of [
      [{ ...valid, username: "ab" }, "username"],
      [{ ...valid, username: "Has_Upper" }, "username"],
      [{ ...valid, username: "x".repeat(41) }, "username"],
      [{ ...valid, name: "" }, "name"],
      [{ ...valid, name: "n".repeat(201) }, "name"],
      [{ ...valid, timeZone: "Mars/Olympus" }, "timeZone"],
      [{ ...valid, email: "not-an-email" }, "email"],
      [{ ...valid, email: `${"a".repeat(250)}@example.com` }, "email"],
      [{ name: "Ada", timeZone: "UTC" }, "username"],
    ] as const) {
      const error = await errorOf(await post("/api/hosts", body, { token: admin }));
      expect(error).toMatchObject({ status: 400, code: "INVALID_REQUEST" });
      expect(error.message).toContain(field);
    }
    const keyless = await call("/api/hosts", {
      method: "POST",
      headers: { authorization: `Bearer ${admin}`, "content-type": "application/json" },
      body: JSON.stringify(valid),
    });
    expect(await errorOf(keyless)).toMatchObject({ status: 400, code: "INVALID_REQUEST" });
    expect(((await (await get("/api/hosts", admin)).json()) as HostPage).data).toEqual([]);
  });

  it("refuses a username another account already uses with 409 ALREADY_EXISTS", async () => {
    const taken = await seedHost();
    const admin = await seedToken(await seedAccount(), ["hosts:write"]);
    const error = await errorOf(await post("/api/hosts", { username: taken.username, name: "Copycat", timeZone: "UTC" }, { token: admin }));
    expect(error).toMatchObject({ status: 409, code: "ALREADY_EXISTS" });
    expect(error.message).toContain("username");
  });

  it("when D1 commits but its answer is lost: the retry with the same key replays the host, not 409 ALREADY_EXISTS", async () => {
    const admin = await seedToken(await seedAccount(), ["hosts:write"]);
    const body = { username: newUsername(), name: "Lost Answer", timeZone: "UTC" };
    const key = crypto.randomUUID();
    const lostAnswer = faultyD1({
      batch: async (_sql, run) => {
        await run();
        throw new Error("D1_ERROR: Network connection lost.");
      },
    });
    expect((await post("/api/hosts", body, { token: admin, key, bindings: { DB: lostAnswer } })).status).toBe(500);
    const retry = await post("/api/hosts", body, { token: admin, key });
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(await retry.json()).toEqual(await (await get(`/api/hosts/${body.username}`, admin)).json());
  });
});

describe("changing a host", () => {
  it("renames a host and clears its email, and the hosted page and lookup show the new name", async () => {
    const host = await seedHost();
    const patched = await send("PATCH", `/api/hosts/${host.username}`, host.token, { name: "Grace Hopper", email: null });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ username: host.username, name: "Grace Hopper", email: null, timeZone: "Europe/London" });
    const lookup = await get(`/api/booking-types?username=${host.username}&slug=${host.types[0]!.id}`);
    expect(await lookup.json()).toMatchObject({ host: { username: host.username, name: "Grace Hopper" } });
    const page = await (await call(`/book/${host.username}/${host.types[0]!.id}`)).text();
    expect(page).toContain("<h1>Intro call with Grace Hopper</h1>");
  });

  it("moves the weekly hours to a new zone for the very next availability answer", async () => {
    const host = await seedHost({ timeZone: "Europe/London" });
    const day = monday();
    const before = await availableSlots(host, { startDate: day, endDate: day, timezone: "Asia/Tokyo" });
    const patched = await send("PATCH", `/api/hosts/${host.username}`, host.token, { timeZone: "Asia/Tokyo" });
    expect(await patched.json()).toMatchObject({ timeZone: "Asia/Tokyo" });
    const after = await availableSlots(host, { startDate: day, endDate: day, timezone: "Asia/Tokyo" });
    expect(after).toHaveLength(16);
    // 09:00 in Tokyo is 00:00Z; before, 09:00 in London was 08:00Z or 09:00Z.
    expect(after[0]!.start).toBe(`${day}T00:00:00Z`);
    expect(before[0]!.start).not.toBe(after[0]!.start);
    expect(await errorOf(await send("PATCH", `/api/hosts/${host.username}`, host.token, { timeZone: "Nowhere/Land" }))).toMatchObject({
      status: 400,
      code: "INVALID_REQUEST",
    });
  });
});

describe("deleting a host", () => {
  it("stops all booking at once (availability, create, lookup, hosted page) while its bookings stay readable and cancellable", async () => {
    const host = await seedHost();
    const day = monday();
    // Asked once before, so this isolate remembers the host (findHost): the delete must still bite.
    const [first, second] = await availableSlots(host, { startDate: day, endDate: day });
    const kept = await book(host, first!);
    const moving = await book(host, second!);

    expect((await send("DELETE", `/api/hosts/${host.username}`, host.token)).status).toBe(204);

    const availability = await get(`/api/availability?username=${host.username}&slug=${host.types[0]!.id}&startDate=${day}&endDate=${day}`);
    expect(await errorOf(availability)).toMatchObject({ status: 404, code: "NOT_FOUND" });
    const byTypeAlone = await get(`/api/availability?bookingType=${host.types[0]!.publicId}&startDate=${day}&endDate=${day}`);
    expect(await errorOf(byTypeAlone)).toMatchObject({ status: 404, code: "NOT_FOUND" });
    const [, , third] = await availableSlots(await seedHost(), { startDate: day, endDate: day });
    expect(await errorOf(await post("/api/bookings", bookingBody(host, third!)))).toMatchObject({ status: 404, code: "NOT_FOUND" });
    expect(await errorOf(await post("/api/bookings", bookingBody(host, third!), { token: host.token }))).toMatchObject({ status: 404, code: "NOT_FOUND" });
    expect(await errorOf(await get(`/api/booking-types?username=${host.username}&slug=${host.types[0]!.id}`))).toMatchObject({
      status: 404,
      code: "NOT_FOUND",
    });
    expect((await call(`/book/${host.username}/${host.types[0]!.id}`)).status).toBe(404);

    expect(await (await get(`/api/bookings/${kept.bookingId}`, host.token)).json()).toMatchObject({ status: "confirmed" });
    const cancelled = await post(`/api/bookings/${kept.bookingId}/cancel`, {}, { token: host.token });
    expect(cancelled.status).toBe(200);
    expect(await (await get(`/api/bookings/${kept.bookingId}`, host.token)).json()).toMatchObject({ status: "cancelled" });
    // Moving a booking books a new time, which a deleted host no longer offers.
    const moved = await post(`/api/bookings/${moving.bookingId}/reschedule`, { newSlot: { start: third!.start, end: third!.end } }, { token: host.token });
    expect(await errorOf(moved)).toMatchObject({ status: 404, code: "NOT_FOUND" });
    expect(await (await get(`/api/bookings/${moving.bookingId}`, host.token)).json()).toMatchObject({ status: "confirmed" });
  });

  it("leaves a deleted host out of lists, answers 404 everywhere it is named, and never reuses its username", async () => {
    const accountId = await seedAccount();
    const admin = await seedToken(accountId, ["hosts:write"]);
    const host = await seedHost({ accountId });
    const other = await seedHost({ accountId });
    expect((await send("DELETE", `/api/hosts/${host.username}`, admin)).status).toBe(204);

    expect(((await (await get("/api/hosts", admin)).json()) as HostPage).data.map((h) => h.username)).toEqual([other.username]);
    expect(((await (await get("/api/hosts", host.token)).json()) as HostPage).data).toEqual([]);
    for (const response of [
      await get(`/api/hosts/${host.username}`, admin),
      await send("PATCH", `/api/hosts/${host.username}`, admin, { name: "Back" }),
      await send("DELETE", `/api/hosts/${host.username}`, admin),
      await get(`/api/hosts/${host.username}/schedule`, admin),
      await get(`/api/hosts/${host.username}/booking-types`, admin),
      await post(`/api/hosts/${host.username}/booking-types`, { title: "X", duration: 30 }, { token: admin }),
      await get(`/api/booking-types/${host.types[0]!.id}`, admin),
      await send("PATCH", `/api/booking-types/${host.types[0]!.id}`, admin, { title: "Y" }),
    ]) {
      expect(await errorOf(response)).toMatchObject({ status: 404, code: "NOT_FOUND" });
    }
    for (const token of [admin, await seedToken(await seedAccount(), ["hosts:write"])]) {
      const again = await post("/api/hosts", { username: host.username, name: "Reborn", timeZone: "UTC" }, { token });
      expect(await errorOf(again)).toMatchObject({ status: 409, code: "ALREADY_EXISTS" });
    }
  });
});

describe("who may manage hosts", () => {
  it("hides another account's hosts (404) and answers a token without hosts:write 403 on changes", async () => {
    const accountId = await seedAccount();
    const host = await seedHost({ accountId });
    const stranger = await seedToken(await seedAccount(), ["hosts:write"]);
    const reader = await seedToken(accountId, ["hosts:read"]);
    const bookingsOnly = await seedToken(accountId, ["bookings:write"]);
    for (const response of [
      await get(`/api/hosts/${host.username}`, stranger),
      await send("PATCH", `/api/hosts/${host.username}`, stranger, { name: "Mine" }),
      await send("DELETE", `/api/hosts/${host.username}`, stranger),
    ]) {
      expect(await errorOf(response)).toMatchObject({ status: 404, code: "NOT_FOUND" });
    }
    expect(((await (await get("/api/hosts", stranger)).json()) as HostPage).data).toEqual([]);
    expect((await get(`/api/hosts/${host.username}`, reader)).status).toBe(200);
    for (const response of [
      await send("PATCH", `/api/hosts/${host.username}`, reader, { name: "Renamed" }),
      await send("DELETE", `/api/hosts/${host.username}`, reader),
      await post("/api/hosts", { username: newUsername(), name: "New", timeZone: "UTC" }, { token: reader }),
      await get(`/api/hosts/${host.username}`, bookingsOnly),
      await get("/api/hosts", bookingsOnly),
    ]) {
      expect(await errorOf(response)).toMatchObject({ status: 403, code: "FORBIDDEN" });
    }
    expect(await (await get(`/api/hosts/${host.username}`, reader)).json()).toMatchObject({ name: host.username });
  });

  it("lets a host-narrowed token see only its own host and never create one (403)", async () => {
    const accountId = await seedAccount();
    const host = await seedHost({ accountId });
    const sibling = await seedHost({ accountId });
    expect(((await (await get("/api/hosts", host.token)).json()) as HostPage).data.map((h) => h.username)).toEqual([host.username]);
    expect(await errorOf(await get(`/api/hosts/${sibling.username}`, host.token))).toMatchObject({ status: 404, code: "NOT_FOUND" });
    expect(await errorOf(await send("DELETE", `/api/hosts/${sibling.username}`, host.token))).toMatchObject({ status: 404, code: "NOT_FOUND" });
    const created = await post("/api/hosts", { username: newUsername(), name: "New", timeZone: "UTC" }, { token: host.token });
    expect(await errorOf(created)).toMatchObject({ status: 403, code: "FORBIDDEN" });
  });

  it("needs a service token: no token is 401", async () => {
    expect((await get("/api/hosts")).status).toBe(401);
  });
});
