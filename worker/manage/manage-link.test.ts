import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { bookings, idempotencyRecords } from "../db/schema";
import type { CreateBookingResponse } from "../domain/contract";
import { sha256Hex } from "../lib/crypto";
import { availableSlots, bookingBody, call, db, errorOf, post, type SeededHost, seedHost, upcoming } from "../test/fixtures";
import { manageTokenFor, manageTokenKey } from "./manage-token";

async function slotsOf(host: SeededHost, count: number) {
  const monday = upcoming(1);
  return (await availableSlots(host, { startDate: monday, endDate: monday })).slice(0, count);
}

describe("the manage link of a public create", () => {
  it("answers a manageUrl on our origin whose fragment is the manage token, and the token is the HMAC of the booking id under MANAGE_TOKEN_KEY", async () => {
    const host = await seedHost();
    const [slot] = await slotsOf(host, 1);
    const response = await post("/api/bookings", bookingBody(host, slot!));
    expect(response.status).toBe(201);
    const created = (await response.json()) as CreateBookingResponse;
    expect(created).toEqual({
      bookingId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      status: "confirmed",
      manageToken: expect.stringMatching(/^bkm_[A-Za-z0-9_-]{43}$/),
      manageUrl: `https://bookora.test/manage/${created.bookingId}#${created.manageToken}`,
    });
    expect(created.manageToken).toBe(await manageTokenFor(created.bookingId, await manageTokenKey(env.MANAGE_TOKEN_KEY)));
    // Another deployment's key makes another token: the key, not the id alone, makes it.
    const otherKey = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));
    expect(await manageTokenFor(created.bookingId, await manageTokenKey(otherKey))).not.toBe(created.manageToken);
  });

  it("answers the same token and link to a replay, while neither the record nor the booking holds anything but the token's hash", async () => {
    const host = await seedHost();
    const [slot] = await slotsOf(host, 1);
    const key = crypto.randomUUID();
    const first = await post("/api/bookings", bookingBody(host, slot!), { key });
    const replay = await post("/api/bookings", bookingBody(host, slot!), { key });
    expect(replay.status).toBe(201);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    const created = (await first.json()) as CreateBookingResponse;
    expect(await replay.json()).toEqual(created);

    const records = await db.select().from(idempotencyRecords).where(eq(idempotencyRecords.idempotencyKey, key));
    expect(records).toHaveLength(1);
    expect(JSON.parse(records[0]!.responseBody)).toEqual({ bookingId: created.bookingId, status: "confirmed" });
    const row = await db.select().from(bookings).where(eq(bookings.id, created.bookingId)).get();
    expect(row!.manageTokenHash).toBe(await sha256Hex(created.manageToken!));
    const stored = JSON.stringify([records, row]);
    const secret = created.manageToken!.slice(4);
    expect(stored).not.toContain(secret);
  });

  it("gives a partner's service-token create neither token nor link", async () => {
    const host = await seedHost();
    const [slot] = await slotsOf(host, 1);
    const response = await post("/api/bookings", bookingBody(host, slot!), { token: host.token });
    const created = (await response.json()) as CreateBookingResponse;
    expect(created).toEqual({ bookingId: created.bookingId, status: "confirmed" });
    const row = await db.select().from(bookings).where(eq(bookings.id, created.bookingId)).get();
    expect(row!.manageTokenHash).toBeNull();
  });

  it("uses PUBLIC_URL for the link where the deployment sets it", async () => {
    const host = await seedHost();
    const [slot] = await slotsOf(host, 1);
    const response = await post("/api/bookings", bookingBody(host, slot!), { bindings: { PUBLIC_URL: "https://book.example.com/" } });
    const created = (await response.json()) as CreateBookingResponse;
    expect(created.manageUrl).toBe(`https://book.example.com/manage/${created.bookingId}#${created.manageToken}`);
  });
});

describe("a deployment without MANAGE_TOKEN_KEY", () => {
  it("refuses public creates with a 500 that logs what to set, books nothing, and still takes partners' creates; readiness fails too", async () => {
    const host = await seedHost();
    const [slot] = await slotsOf(host, 1);
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      for (const broken of [undefined, "too-short", btoa("sixteen bytes!!!")]) {
        const response = await post("/api/bookings", bookingBody(host, slot!), { bindings: { MANAGE_TOKEN_KEY: broken } });
        expect(await errorOf(response)).toMatchObject({ status: 500, code: "INTERNAL" });
      }
      expect(logged.mock.calls.flat().join(" ")).toContain("MANAGE_TOKEN_KEY must be set to the base64 of 32 random bytes");
      expect(await slotsOf(host, 16)).toContainEqual(slot);
      // Readiness is checked once per isolate, and no test of this file asked before this one.
      const health = await call("/api/health", { bindings: { MANAGE_TOKEN_KEY: undefined } });
      expect(await errorOf(health)).toMatchObject({ status: 500, code: "INTERNAL", message: expect.stringContaining("MANAGE_TOKEN_KEY") });
    } finally {
      logged.mockRestore();
    }
    expect((await call("/api/health")).status).toBe(200);
    expect((await post("/api/bookings", bookingBody(host, slot!), { token: host.token, bindings: { MANAGE_TOKEN_KEY: undefined } })).status).toBe(201);
  });
});
