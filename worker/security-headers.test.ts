import { describe, expect, it } from "vitest";
import { call, post, seedHost } from "./test/fixtures";

/** The headers as the Worker sent them: `no-referrer` for the API, `strict-origin-when-cross-origin` for pages; HTTPS only, for a year. */
function expectSecurityHeaders(response: Response, referrerPolicy: "no-referrer" | "strict-origin-when-cross-origin", what: string) {
  expect(response.headers.get("x-content-type-options"), what).toBe("nosniff");
  expect(response.headers.get("referrer-policy"), what).toBe(referrerPolicy);
  expect(response.headers.get("strict-transport-security"), what).toBe("max-age=31536000; includeSubDomains");
}

describe("security headers on every answer the Worker makes", () => {
  it("sends nosniff, no referrer policy and HSTS on API answers, errors and preflights included", async () => {
    const host = await seedHost();
    const answers: [string, Response][] = [
      ["health", await call("/api/health")],
      ["booking type", await call(`/api/booking-types?username=${host.username}&slug=${host.types[0]!.id}`)],
      ["400 validation", await call(`/api/availability?username=${host.username}`)],
      ["400 malformed JSON", await post("/api/bookings", "{")],
      ["401", await call("/api/bookings/00000000-0000-4000-8000-000000000000")],
      ["404 booking", await call("/api/bookings/00000000-0000-4000-8000-000000000000", { headers: { authorization: `Bearer ${host.token}` } })],
      ["404 route", await call("/api/no-such-route")],
      [
        "preflight",
        await call("/api/bookings", {
          method: "OPTIONS",
          headers: { origin: "https://partner.example", "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
        }),
      ],
    ];
    for (const [what, response] of answers) expectSecurityHeaders(response, "no-referrer", `${what} (${response.status})`);
    expect(answers.map(([, response]) => response.status)).toEqual([200, 200, 400, 400, 401, 404, 404, 204]);
  });

  it("sends nosniff, strict-origin-when-cross-origin and HSTS on hosted pages and their 404 page", async () => {
    const host = await seedHost();
    const page = await call(`/book/${host.username}/${host.types[0]!.id}`);
    expect(page.status).toBe(200);
    expectSecurityHeaders(page, "strict-origin-when-cross-origin", "booking page");
    for (const path of [`/book/${host.username}/999999`, "/book/nobody-here/1", "/book/x"]) {
      const missing = await call(path);
      expect(missing.status, path).toBe(404);
      expectSecurityHeaders(missing, "strict-origin-when-cross-origin", path);
    }
  });

  it("sends HSTS on the manage page and the API reference too", async () => {
    for (const path of ["/manage/00000000-0000-4000-8000-000000000000", "/docs", "/api/openapi.json"]) {
      const response = await call(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get("strict-transport-security"), path).toBe("max-age=31536000; includeSubDomains");
    }
  });
});
