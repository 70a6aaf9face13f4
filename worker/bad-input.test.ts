/**
 * Malformed, oversized and hostile input: always a 4xx with the error envelope, never a 5xx, and a
 * rejected request changes nothing.
 */
import { count } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { bookings, idempotencyRecords } from "./db/schema";
import { availableSlots, bookingBody, call, db, errorOf, post, seedHost, upcoming } from "./test/fixtures";

async function rowCounts() {
  const [b] = await db.select({ n: count() }).from(bookings);
  const [i] = await db.select({ n: count() }).from(idempotencyRecords);
  return { bookings: b!.n, idempotency: i!.n };
}

describe("bad input", () => {
  it.each([
    ["malformed JSON", "{ not json"],
    ["a JSON array", "[1,2,3]"],
    ["a JSON string", '"hello"'],
    ["null", "null"],
  ])("answers 400 INVALID_REQUEST to %s and stores nothing", async (_label, raw) => {
    const host = await seedHost();
    const before = await rowCounts();
    const error = await errorOf(await post("/api/bookings", raw, { token: host.token }));
    expect(error).toMatchObject({ status: 400, code: "INVALID_REQUEST" });
    expect(await rowCounts()).toEqual(before);
  });

  it.each([
    ["a missing bookingType", { bookingType: undefined }],
    ["a numeric start", { start: 1_700_000_000_000 }],
    ["a start with an offset instead of Z", { start: "2030-01-07T09:00:00+01:00" }],
    ["a date without a time", { start: "2030-01-07" }],
    ["end before start", { end: "2000-01-01T00:00:00Z" }],
    ["an empty name", { name: "   " }],
    ["a 201-character name", { name: "n".repeat(201) }],
    ["a malformed email", { email: "not-an-email" }],
    ["an email over 254 characters", { email: `${"a".repeat(250)}@example.com` }],
    ["notes over 5,000 characters", { notes: "x".repeat(5001) }],
    ["notes of the wrong type", { notes: { $gt: "" } }],
    ["a bookingType with SQL in it", { bookingType: "2; DROP TABLE bookings" }],
  ])("answers 400 INVALID_REQUEST to %s and books nothing", async (_label, override) => {
    const host = await seedHost();
    const monday = upcoming(1);
    const [slot] = await availableSlots(host, { startDate: monday, endDate: monday });
    const before = await rowCounts();
    const response = await post("/api/bookings", { ...bookingBody(host, slot!), ...override }, { token: host.token });
    const error = await errorOf(response);
    expect(error).toMatchObject({ status: 400, code: "INVALID_REQUEST" });
    expect(await rowCounts()).toEqual(before);
    expect(await availableSlots(host, { startDate: monday, endDate: monday })).toContainEqual(slot);
  });

  it("ignores unknown fields", async () => {
    const host = await seedHost();
    const monday = upcoming(1);
    const [slot] = await availableSlots(host, { startDate: monday, endDate: monday });
    const response = await post("/api/bookings", { ...bookingBody(host, slot!), coupon: "FREE", __proto__: { admin: true } }, { token: host.token });
    expect(response.status).toBe(201);
  });

  it("refuses a body over 64 KiB with 413 and the envelope", async () => {
    const host = await seedHost();
    const before = await rowCounts();
    const huge = JSON.stringify({ bookingType: "2", notes: "x".repeat(70 * 1024) });
    const error = await errorOf(await post("/api/bookings", huge, { token: host.token }));
    expect(error).toMatchObject({ status: 413, code: "INVALID_REQUEST" });
    expect(await rowCounts()).toEqual(before);
  });

  it("refuses an oversized body sent without Content-Length (streamed)", async () => {
    const host = await seedHost();
    const chunk = new TextEncoder().encode("x".repeat(16 * 1024));
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 6; i += 1) controller.enqueue(chunk);
        controller.close();
      },
    });
    const response = await call("/api/bookings", {
      method: "POST",
      body: stream,
      headers: { authorization: `Bearer ${host.token}`, "idempotency-key": crypto.randomUUID(), "content-type": "application/json" },
      // @ts-expect-error: workerd needs duplex for a streamed request body
      duplex: "half",
    });
    expect(await errorOf(response)).toMatchObject({ status: 413, code: "INVALID_REQUEST" });
  });

  it("refuses an oversized body whose Content-Length claims it is small", async () => {
    const host = await seedHost();
    const huge = JSON.stringify({ bookingType: "2", notes: "x".repeat(70 * 1024) });
    const response = await post("/api/bookings", huge, { token: host.token, headers: { "content-length": "10" } });
    expect(await errorOf(response)).toMatchObject({ status: 413, code: "INVALID_REQUEST" });
  });

  it("refuses JSON nested thousands of levels deep with 400 (it once overflowed the stack: a 500)", async () => {
    const host = await seedHost();
    const before = await rowCounts();
    const [slot] = await availableSlots(host, { startDate: upcoming(1), endDate: upcoming(1) });
    const deep = JSON.stringify(bookingBody(host, slot!)).replace(/}$/, `,"x":${"[".repeat(3100)}${"]".repeat(3100)}}`);
    const error = await errorOf(await post("/api/bookings", deep, { token: host.token }));
    expect(error).toMatchObject({ status: 400, code: "INVALID_REQUEST" });
    expect(error.message).toContain("nests deeper");
    // Brackets inside strings are text, not nesting.
    const bracketsInNotes = await post("/api/bookings", bookingBody(host, slot!, { notes: "[[[[".repeat(100) + '\\"{{' }), { token: host.token });
    expect(bracketsInNotes.status).toBe(201);
    expect((await rowCounts()).bookings).toBe(before.bookings + 1);
  });

  it("answers invalid UTF-8 with 400", async () => {
    const host = await seedHost();
    const bytes = new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
    const response = await call("/api/bookings", {
      method: "POST",
      body: bytes,
      headers: { authorization: `Bearer ${host.token}`, "idempotency-key": crypto.randomUUID() },
    });
    expect(await errorOf(response)).toMatchObject({ status: 400, code: "INVALID_REQUEST" });
  });

  it("answers unknown /api routes with 404 NOT_FOUND in the envelope, not a page", async () => {
    const response = await call("/api/nope");
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(await errorOf(response)).toMatchObject({ status: 404, code: "NOT_FOUND" });
    expect(await errorOf(await call("/api/bookings", { method: "DELETE" }))).toMatchObject({ status: 404, code: "NOT_FOUND" });
  });

  it("answers broken percent-encoding in the path or query with a 4xx envelope", async () => {
    const host = await seedHost();
    const headers = { authorization: `Bearer ${host.token}` };
    const attempts: [string, RequestInit][] = [
      ["/api/availability?username=%E0%A4%A&slug=2&startDate=2030-01-07&endDate=2030-01-07", {}],
      ["/api/bookings/%ZZ", { headers }],
      ["/api/bookings/%E0%A4%A/cancel", { method: "POST", headers: { ...headers, "idempotency-key": crypto.randomUUID() } }],
    ];
    for (const [path, init] of attempts) {
      const response = await call(path, init);
      expect(response.status, path).toBeGreaterThanOrEqual(400);
      expect(response.status, path).toBeLessThan(500);
      await errorOf(response);
    }
  });

  it("survives hostile strings in the query: quotes, unicode, very long values", async () => {
    const monday = upcoming(1);
    for (const username of ["' OR 1=1 --", "😀".repeat(20), "a".repeat(5000)]) {
      const query = new URLSearchParams({ username, slug: "2", startDate: monday, endDate: monday });
      const response = await call(`/api/availability?${query}`);
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect((await errorOf(response)).code).toMatch(/^(INVALID_REQUEST|NOT_FOUND)$/);
    }
  });
});
