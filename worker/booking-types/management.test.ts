/**
 * Booking types through the API: created with human slugs that work wherever the host is known,
 * changed and archived with effect on the very next answer, and only by tokens that may.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { availableSlots, call, errorOf, get, post, type SeededHost, seedAccount, seedHost, seedToken, upcoming } from "../test/fixtures";
import { faultyD1 } from "../test/scheduler-control";

interface TypeResource {
  id: string;
  stringId: string;
  slug: string | null;
  host: string;
  duration: number;
  durations: number[];
  archived: boolean;
}

function send(method: "PATCH" | "DELETE", path: string, token: string, body?: unknown) {
  return call(path, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function createType(host: SeededHost, body: Record<string, unknown>, token = host.token) {
  return post(`/api/hosts/${host.username}/booking-types`, body, { token });
}

const monday = () => upcoming(1);

describe("creating a booking type", () => {
  it("answers 201 with the contract's shape, and its slug works in availability, the lookup and the hosted page", async () => {
    const host = await seedHost();
    const response = await createType(host, { title: "Deep dive", durations: [60, 90], slug: "deep-dive", minimumNotice: 0, bookingWindowDays: 365 });
    expect(response.status).toBe(201);
    const type = (await response.json()) as TypeResource;
    expect(type).toMatchObject({
      slug: "deep-dive",
      host: host.username,
      duration: 60,
      durations: [60, 90],
      archived: false,
      stringId: expect.stringMatching(/^bt-[0-9a-z]{8}$/),
    });
    const bySlug = await availableSlots(host, { slug: "deep-dive", startDate: monday(), endDate: monday() });
    expect(bySlug).toHaveLength(8);
    expect(await availableSlots(host, { slug: type.id, startDate: monday(), endDate: monday() })).toEqual(bySlug);
    expect((await get(`/api/booking-types?username=${host.username}&slug=deep-dive`)).status).toBe(200);
    expect((await call(`/book/${host.username}/deep-dive`)).status).toBe(200);
    const booked = await post("/api/bookings", { bookingType: type.id, ...bySlug[0], name: "Ada", email: "ada@example.com" });
    expect(booked.status).toBe(201);
  });

  it("finds a type by its string id alone, without the host's username (the seed's form)", async () => {
    const host = await seedHost();
    const slots = await availableSlots(host, { startDate: monday(), endDate: monday() });
    const response = await get(`/api/availability?bookingType=${host.types[0]!.publicId}&startDate=${monday()}&endDate=${monday()}`);
    expect(((await response.json()) as { slots: unknown[] }).slots).toEqual(slots);
  });

  it("refuses a slug the host already uses with 409 ALREADY_EXISTS, and bad fields with 400 naming them; nothing is created", async () => {
    const host = await seedHost();
    expect((await createType(host, { title: "Intro", duration: 30, slug: "intro" })).status).toBe(201);
    expect(await errorOf(await createType(host, { title: "Other", duration: 45, slug: "intro" }))).toMatchObject({ status: 409, code: "ALREADY_EXISTS" });
    for (const [body, field] of [
      [{ title: "", duration: 30 }, "title"],
      [{ title: "X", durations: [30, 60], duration: 45 }, "duration"],
      [{ title: "X", duration: 30, slug: "123" }, "slug"],
      [{ title: "X", duration: 30, allowedOrigins: ["https://example.com/path"] }, "allowedOrigins"],
    ] as const) {
      const error = await errorOf(await createType(host, body));
      expect(error).toMatchObject({ status: 400, code: "INVALID_REQUEST" });
      expect(error.message).toContain(field);
    }
    const list = (await (await get(`/api/hosts/${host.username}/booking-types`, host.token)).json()) as { data: TypeResource[] };
    expect(list.data.map((type) => type.slug)).toEqual([null, "intro"]);
  });
});

describe("changing and archiving", () => {
  it("changes the durations, and the very next availability answer follows", async () => {
    const host = await seedHost();
    expect(await availableSlots(host, { startDate: monday(), endDate: monday() })).toHaveLength(16);
    const patched = await send("PATCH", `/api/booking-types/${host.types[0]!.id}`, host.token, { durations: [60], duration: 60 });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ duration: 60, durations: [60] });
    expect(await availableSlots(host, { startDate: monday(), endDate: monday() })).toHaveLength(8);
  });

  it("refuses new durations that leave out the default, naming duration, and changes nothing", async () => {
    const host = await seedHost();
    const error = await errorOf(await send("PATCH", `/api/booking-types/${host.types[0]!.publicId}`, host.token, { durations: [45, 60] }));
    expect(error).toMatchObject({ status: 400, code: "INVALID_REQUEST" });
    expect(error.message).toMatch(/^duration/);
    expect(await availableSlots(host, { startDate: monday(), endDate: monday() })).toHaveLength(16);
  });

  it("archives a type: no longer offered at once, left out of lists, existing bookings untouched", async () => {
    const host = await seedHost();
    const [slot] = await availableSlots(host, { startDate: monday(), endDate: monday() });
    const booking = (await (
      await post("/api/bookings", { bookingType: String(host.types[0]!.id), ...slot, name: "Ada", email: "ada@example.com" }, { token: host.token })
    ).json()) as { bookingId: string };
    expect((await send("DELETE", `/api/booking-types/${host.types[0]!.id}`, host.token)).status).toBe(204);
    const slots = await get(`/api/availability?username=${host.username}&slug=${host.types[0]!.id}&startDate=${monday()}&endDate=${monday()}`);
    expect(await errorOf(slots)).toMatchObject({ status: 404, code: "NOT_FOUND" });
    expect(((await (await get(`/api/hosts/${host.username}/booking-types`, host.token)).json()) as { data: unknown[] }).data).toEqual([]);
    const all = (await (await get(`/api/hosts/${host.username}/booking-types?archived=true`, host.token)).json()) as { data: TypeResource[] };
    expect(all.data).toMatchObject([{ archived: true }]);
    expect(await (await get(`/api/bookings/${booking.bookingId}`, host.token)).json()).toMatchObject({ status: "confirmed" });
  });

  it("pages through a host's types with opaque cursors", async () => {
    const host = await seedHost({ types: [{}, {}, {}] });
    const seen: string[] = [];
    let path = `/api/hosts/${host.username}/booking-types?limit=1`;
    for (;;) {
      const page = (await (await get(path, host.token)).json()) as { data: TypeResource[]; nextCursor: string | null };
      seen.push(...page.data.map((type) => type.id));
      if (!page.nextCursor) break;
      path = `/api/hosts/${host.username}/booking-types?limit=1&cursor=${page.nextCursor}`;
    }
    expect(seen).toEqual(host.types.map((type) => String(type.id)));
  });
});

describe("who may manage booking types", () => {
  it("hides another account's and another host's types (404), and answers hosts:read a 403 on changes", async () => {
    const accountId = await seedAccount();
    const host = await seedHost({ accountId });
    const sibling = await seedHost({ accountId });
    const stranger = await seedToken(await seedAccount(), ["hosts:write"]);
    const reader = await seedToken(accountId, ["hosts:read"]);
    const ref = `/api/booking-types/${host.types[0]!.id}`;
    for (const token of [stranger, sibling.token]) {
      expect(await errorOf(await get(ref, token))).toMatchObject({ status: 404, code: "NOT_FOUND" });
      expect(await errorOf(await send("PATCH", ref, token, { title: "Mine now" }))).toMatchObject({ status: 404 });
      expect(await errorOf(await createType(host, { title: "X", duration: 30 }, token))).toMatchObject({ status: 404 });
    }
    expect((await get(ref, reader)).status).toBe(200);
    expect(await errorOf(await send("PATCH", ref, reader, { title: "Renamed" }))).toMatchObject({ status: 403, code: "FORBIDDEN" });
    expect(await errorOf(await send("DELETE", ref, reader))).toMatchObject({ status: 403, code: "FORBIDDEN" });
    expect(await availableSlots(host, { startDate: monday(), endDate: monday() })).toHaveLength(16);
  });
});

describe("a create whose answer is lost", () => {
  const body = { title: "Walk-in", duration: 20, slug: "walk-in" };
  const walkIns = async (host: SeededHost) => {
    const list = (await (await get(`/api/hosts/${host.username}/booking-types`, host.token)).json()) as { data: TypeResource[] };
    return list.data.filter((type) => type.slug === "walk-in");
  };

  it("when the host's object cannot be told: still answers the committed create, and a retry with the same key replays it", async () => {
    const host = await seedHost();
    // The Worker's view of the objects: every call to one fails, as when it is being reset.
    const unreachable = Object.create(env.HOST_SCHEDULER, {
      idFromName: { value: (name: string) => env.HOST_SCHEDULER.idFromName(name) },
      get: { value: () => ({ configChanged: () => Promise.reject(new Error("Durable Object reset because its code was updated.")) }) },
    });
    const key = crypto.randomUUID();
    const first = await post(`/api/hosts/${host.username}/booking-types`, body, { token: host.token, key, bindings: { HOST_SCHEDULER: unreachable } });
    expect(first.status).toBe(201);
    const again = await post(`/api/hosts/${host.username}/booking-types`, body, { token: host.token, key, bindings: { HOST_SCHEDULER: unreachable } });
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await again.json()).toEqual(await first.json());
    expect(await walkIns(host)).toHaveLength(1);
  });

  it("when D1 commits but its answer is lost: a 500, and the retry with the same key replays the type instead of creating a second", async () => {
    const host = await seedHost();
    const key = crypto.randomUUID();
    const lostAnswer = faultyD1({
      batch: async (_sql, run) => {
        await run();
        throw new Error("D1_ERROR: Network connection lost.");
      },
    });
    const first = await post(`/api/hosts/${host.username}/booking-types`, body, { token: host.token, key, bindings: { DB: lostAnswer } });
    expect(first.status).toBe(500);
    const retry = await post(`/api/hosts/${host.username}/booking-types`, body, { token: host.token, key });
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    const [stored] = await walkIns(host);
    expect(await retry.json()).toEqual(stored);
    expect(await walkIns(host)).toHaveLength(1);
  });

  it("when D1 fails before committing: nothing is created, and the retry creates the type once", async () => {
    const host = await seedHost();
    const key = crypto.randomUUID();
    const down = faultyD1({ batch: () => Promise.reject(new Error("D1_ERROR: Network connection lost.")) });
    expect((await post(`/api/hosts/${host.username}/booking-types`, body, { token: host.token, key, bindings: { DB: down } })).status).toBe(500);
    expect(await walkIns(host)).toHaveLength(0);
    const retry = await post(`/api/hosts/${host.username}/booking-types`, body, { token: host.token, key });
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBeNull();
    expect(await walkIns(host)).toHaveLength(1);
  });
});
