import { describe, expect, it } from "vitest";
import type { BookingTypeDetails } from "../domain/contract";
import { call, errorOf, get, seedHost } from "../test/fixtures";

describe("GET /api/booking-types", () => {
  it("tells a visitor the type's title, durations and the host's time zone, by numeric or string id", async () => {
    const host = await seedHost({ timeZone: "America/Sao_Paulo", types: [{ title: "Session", durationMinutes: 45, durationOptions: [60, 45, 30] }] });
    const type = host.types[0]!;
    const expected: BookingTypeDetails = {
      id: String(type.id),
      stringId: type.publicId,
      title: "Session",
      duration: 45,
      durations: [30, 45, 60],
      host: { username: host.username, name: host.username, timeZone: "America/Sao_Paulo" },
      questions: [],
    };
    for (const slug of [String(type.id), type.publicId]) {
      const response = await get(`/api/booking-types?username=${host.username}&slug=${slug}`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual(expected);
    }
  });

  it("answers 404 NOT_FOUND for an unknown host, another host's type, or a private type asked for publicly", async () => {
    const host = await seedHost({ types: [{}, { isPublic: false }] });
    const other = await seedHost();
    const [publicType, privateType] = host.types;
    for (const path of [
      `/api/booking-types?username=nobody-here&slug=${publicType!.id}`,
      `/api/booking-types?username=${other.username}&slug=${publicType!.id}`,
      `/api/booking-types?username=${host.username}&slug=${privateType!.id}`,
    ]) {
      expect(await errorOf(await get(path))).toMatchObject({ status: 404, code: "NOT_FOUND" });
    }
    // The host's own token sees its private type.
    expect((await get(`/api/booking-types?username=${host.username}&slug=${privateType!.publicId}`, host.token)).status).toBe(200);
  });

  it("refuses a malformed reference with 400 INVALID_REQUEST", async () => {
    // "intro" would be a slug; these are no reference at all.
    expect(await errorOf(await get("/api/booking-types?username=x&slug=bt-x"))).toMatchObject({ status: 400, code: "INVALID_REQUEST" });
    expect(await errorOf(await get("/api/booking-types?username=x&slug=Not%20An%20Id"))).toMatchObject({ status: 400, code: "INVALID_REQUEST" });
    expect(await errorOf(await get("/api/booking-types?slug=2"))).toMatchObject({ status: 400, code: "INVALID_REQUEST" });
  });

  it("hides a type from a site its host has not allowed", async () => {
    const host = await seedHost({ types: [{ allowedOrigins: ["https://partner.example"] }] });
    const path = `/api/booking-types?username=${host.username}&slug=${host.types[0]!.id}`;
    expect((await call(path, { headers: { origin: "https://partner.example" } })).status).toBe(200);
    expect((await call(path, { headers: { origin: "https://elsewhere.example" } })).status).toBe(404);
  });
});
