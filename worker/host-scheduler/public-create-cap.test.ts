/**
 * design-notifications.md "Abuse": at most 10 public bookings an hour per client address per host,
 * through the real create route and D1. Only bookings that commit count.
 */
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { bookings, publicCreates } from "../db/schema";
import { availableSlots, book, bookingBody, db, errorOf, post, type SeededHost, seedHost, upcoming } from "../test/fixtures";

function randomIpv4(): string {
  const octet = () => Math.floor(Math.random() * 250) + 1;
  return `198.19.${octet()}.${octet()}`;
}

async function slotsOf(host: SeededHost) {
  const monday = upcoming(1);
  return availableSlots(host, { startDate: monday, endDate: monday });
}

describe("public creates an hour per client address per host", () => {
  it("refuses an 11th public create from one address within the hour with 429 RATE_LIMITED and a Retry-After of up to an hour, for that host only", async () => {
    const host = await seedHost();
    const otherHost = await seedHost();
    const slots = await slotsOf(host);
    const ip = randomIpv4();
    for (const slot of slots.slice(0, 10)) {
      expect((await post("/api/bookings", bookingBody(host, slot), { ip })).status).toBe(201);
    }
    const refused = await post("/api/bookings", bookingBody(host, slots[10]!), { ip });
    expect(await errorOf(refused)).toMatchObject({ status: 429, code: "RATE_LIMITED" });
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(3_500);
    expect(retryAfter).toBeLessThanOrEqual(3_600);
    expect(await confirmedCount(host)).toBe(10);

    // Another address, another host from the same address, and the host's own token are not affected.
    expect((await post("/api/bookings", bookingBody(host, slots[11]!), { ip: randomIpv4() })).status).toBe(201);
    expect((await post("/api/bookings", bookingBody(otherHost, (await slotsOf(otherHost))[0]!), { ip })).status).toBe(201);
    expect((await post("/api/bookings", bookingBody(host, slots[12]!), { ip, token: host.token })).status).toBe(201);
  });

  it("replays the 10th booking to a retry with its key, manage link and all, though the hour's are used up", async () => {
    const host = await seedHost();
    const slots = await slotsOf(host);
    const ip = randomIpv4();
    for (const slot of slots.slice(0, 9)) expect((await post("/api/bookings", bookingBody(host, slot), { ip })).status).toBe(201);
    const key = crypto.randomUUID();
    const tenth = await post("/api/bookings", bookingBody(host, slots[9]!), { ip, key });
    expect(tenth.status).toBe(201);
    const first = (await tenth.json()) as { bookingId: string; manageUrl: string };
    // The answer was lost on the way: the visitor's widget retries with the same key.
    const retried = await post("/api/bookings", bookingBody(host, slots[9]!), { ip, key });
    expect(retried.status).toBe(201);
    expect(retried.headers.get("idempotent-replayed")).toBe("true");
    expect(await retried.json()).toMatchObject({ bookingId: first.bookingId, manageUrl: first.manageUrl });
  });

  it("counts nothing for a create that books nothing: a slot already taken, ten times over, leaves all ten places", async () => {
    const host = await seedHost();
    const slots = await slotsOf(host);
    await book(host, slots[0]!);
    const ip = randomIpv4();
    for (let attempt = 0; attempt < 10; attempt += 1) {
      expect(await errorOf(await post("/api/bookings", bookingBody(host, slots[0]!), { ip }))).toMatchObject({ status: 409, code: "SLOT_NOT_AVAILABLE" });
    }
    expect(await db.select().from(publicCreates).where(eq(publicCreates.address, ip))).toEqual([]);
    for (const slot of slots.slice(1, 11)) expect((await post("/api/bookings", bookingBody(host, slot), { ip })).status).toBe(201);
  });

  it("counts only the last hour: creates more than an hour old leave room", async () => {
    const host = await seedHost();
    const slots = await slotsOf(host);
    const ip = randomIpv4();
    const longAgo = Date.now() - 61 * 60_000;
    await db.insert(publicCreates).values(Array.from({ length: 10 }, () => ({ hostId: host.userId, address: ip, createdAt: longAgo })));
    expect((await post("/api/bookings", bookingBody(host, slots[0]!), { ip })).status).toBe(201);
  });

  it("is off with RATE_LIMITS=off", async () => {
    const host = await seedHost();
    const slots = await slotsOf(host);
    const ip = randomIpv4();
    for (const slot of slots.slice(0, 11)) {
      expect((await post("/api/bookings", bookingBody(host, slot), { ip, bindings: { RATE_LIMITS: "off" } })).status).toBe(201);
    }
  });
});

async function confirmedCount(host: SeededHost): Promise<number> {
  const rows = await db
    .select({ id: bookings.id })
    .from(bookings)
    .where(and(eq(bookings.userId, host.userId), eq(bookings.status, "confirmed")));
  return rows.length;
}
