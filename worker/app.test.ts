import { describe, expect, it } from "vitest";
import { call, errorOf, seedHost, upcoming } from "./test/fixtures";

describe("the HTTP surface", () => {
  it("answers /api/health with { ok: true }", async () => {
    const response = await call("/api/health");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });

  it("allows a partner site's preflight for content-type, authorization and idempotency-key", async () => {
    const response = await call("/api/bookings", {
      method: "OPTIONS",
      headers: {
        origin: "https://partner.example",
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type,authorization,idempotency-key",
      },
    });
    expect(response.status).toBeLessThan(300);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    const allowed = response.headers.get("access-control-allow-headers")!.toLowerCase();
    for (const header of ["content-type", "authorization", "idempotency-key"]) expect(allowed).toContain(header);
    expect(response.headers.get("access-control-allow-methods")).toContain("POST");
    expect(response.headers.get("access-control-allow-credentials")).toBeNull();
  });

  it("sends CORS headers on errors too, so a partner's browser can read the envelope", async () => {
    const response = await call("/api/bookings/00000000-0000-4000-8000-000000000000", { headers: { origin: "https://partner.example" } });
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const body = (await response.json()) as { error: { requestId: string } };
    expect(body.error.requestId).toBe(response.headers.get("x-request-id"));
  });
});

describe("rate limits", () => {
  it("answers 429 RATE_LIMITED with Retry-After once an IP passes 120 requests a minute", async () => {
    const host = await seedHost();
    const monday = upcoming(1);
    const ip = `192.0.2.${Math.floor(Math.random() * 250) + 1}`;
    const path = `/api/availability?username=${host.username}&slug=${host.types[0]!.id}&startDate=${monday}&endDate=${monday}`;
    // 250 requests cross at most one window boundary, so at least one window sees more than 120.
    let limited: Response | undefined;
    let succeeded = 0;
    for (let i = 0; i < 250 && !limited; i += 1) {
      const response = await call(path, { ip });
      if (response.status === 429) limited = response;
      else if (response.status === 200) succeeded += 1;
    }
    expect(limited).toBeDefined();
    expect(succeeded).toBeGreaterThanOrEqual(120);
    const retryAfter = Number(limited!.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await errorOf(limited!)).toMatchObject({ status: 429, code: "RATE_LIMITED" });
    // Another IP is not affected.
    expect((await call(path)).status).toBe(200);
  });

  it("counts a service token apart from the IP it calls from", async () => {
    const host = await seedHost();
    const monday = upcoming(1);
    const ip = `198.51.100.${Math.floor(Math.random() * 250) + 1}`;
    const path = `/api/availability?username=${host.username}&slug=${host.types[0]!.id}&startDate=${monday}&endDate=${monday}`;
    let status = 0;
    for (let i = 0; i < 250 && status !== 429; i += 1) status = (await call(path, { ip })).status;
    expect(status).toBe(429);
    const response = await call(path, { ip, headers: { authorization: `Bearer ${host.token}` } });
    expect(response.status).toBe(200);
  }, 30_000); // up to 250 requests in a row: seconds on a busy 2-core machine
});
