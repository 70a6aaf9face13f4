/**
 * Security headers as a browser receives them from `wrangler dev`: static assets get theirs from
 * public/_headers (Workers Static Assets), the Worker's own answers from worker/app.ts, and neither
 * adds to the other. Also: local requests carry a client address (wrangler dev sets CF-Connecting-IP
 * from the socket), so the Worker, which refuses requests without one, serves them.
 */
import { HOST } from "./support/origins";
import { expect, test } from "./support/test";

/** HTTPS only, for a year, subdomains too: what every answer, asset or Worker's, says. */
const HSTS = "max-age=31536000; includeSubDomains";

test("static assets (front page, widget, stylesheet, icon) are sent with nosniff, strict-origin-when-cross-origin and HSTS", async ({ request }) => {
  for (const path of ["/", "/widget.js", "/manage.js", "/site.css", "/favicon.svg"]) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(200);
    expect(response.headers()["x-content-type-options"], path).toBe("nosniff");
    expect(response.headers()["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
    expect(response.headers()["strict-transport-security"], path).toBe(HSTS);
  }
  // The rules for single paths still apply beside the one for every path.
  expect((await request.get("/widget.js")).headers()["access-control-allow-origin"]).toBe("*");
  expect((await request.get("/")).headers()["content-security-policy"]).toContain("script-src 'self'");
});

test("the Worker's answers carry their own policy, untouched by _headers: no-referrer for the API, strict-origin-when-cross-origin for pages, HSTS on both", async ({
  request,
}) => {
  const api = await request.get(`/api/booking-types?username=${HOST.username}&slug=${HOST.introType}`);
  // 200, not 400: wrangler dev gave the request a client address.
  expect(api.status()).toBe(200);
  expect(api.headers()["x-content-type-options"]).toBe("nosniff");
  expect(api.headers()["referrer-policy"]).toBe("no-referrer");
  expect(api.headers()["strict-transport-security"]).toBe(HSTS);

  for (const path of [`/book/${HOST.username}/${HOST.introType}`, "/book/nobody-here/1", "/manage/00000000-0000-4000-8000-000000000000"]) {
    const page = await request.get(path);
    expect(page.headers()["content-type"], path).toMatch(/^text\/html/);
    expect(page.headers()["x-content-type-options"], path).toBe("nosniff");
    expect(page.headers()["strict-transport-security"], path).toBe(HSTS);
  }
  for (const path of [`/book/${HOST.username}/${HOST.introType}`, "/book/nobody-here/1"]) {
    expect((await request.get(path)).headers()["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
  }
});
