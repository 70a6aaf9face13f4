import { describe, expect, it } from "vitest";
import { call } from "../test/fixtures";

describe("GET /manage/:bookingId", () => {
  it("serves the same page for any booking id, booked or not, under the strict CSP, never cached, with no referrer", async () => {
    const pages = await Promise.all(
      ["0b8f3c7e-2a51-4d0e-9d51-7c1a9e4f3b20", "00000000-0000-4000-8000-000000000000", "not-a-uuid"].map((id) => call(`/manage/${id}`)),
    );
    const bodies: string[] = [];
    for (const page of pages) {
      expect(page.status).toBe(200);
      expect(page.headers.get("content-type")).toMatch(/^text\/html/);
      expect(page.headers.get("content-security-policy")).toContain("default-src 'none'");
      expect(page.headers.get("content-security-policy")).not.toContain("unsafe-inline");
      expect(page.headers.get("cache-control")).toBe("no-store");
      expect(page.headers.get("referrer-policy")).toBe("no-referrer");
      bodies.push(await page.text());
    }
    expect(bodies[0]).toContain('<script type="module" src="/manage.js"></script>');
    expect(bodies[0], "its module is fetched with the page's first bytes").toContain('<link rel="modulepreload" href="/manage.js" />');
    expect(bodies[0]).not.toContain("/widget.js");
    expect(bodies[0]).toContain('<bookora-manage booking-id="0b8f3c7e-2a51-4d0e-9d51-7c1a9e4f3b20">');
    // Only the id differs: nothing on the page says whether the booking exists.
    expect(bodies[1]!.replaceAll("00000000-0000-4000-8000-000000000000", "X")).toBe(bodies[0]!.replaceAll("0b8f3c7e-2a51-4d0e-9d51-7c1a9e4f3b20", "X"));
  });

  it("answers 404 pages for addresses that cannot be manage links", async () => {
    for (const path of ["/manage/", "/manage/a/b", `/manage/${"x".repeat(65)}`, "/manage/%3Cscript%3E"]) {
      const page = await call(path);
      expect(page.status, path).toBe(404);
      expect(await page.text()).toContain("Booking page not found");
    }
  });

  it("preloads the strings' chunk of its language beside /manage.js, and none for English, which /manage.js holds", async () => {
    const german = await (await call("/manage/0b8f3c7e-2a51-4d0e-9d51-7c1a9e4f3b20", { headers: { "Accept-Language": "de-DE,de;q=0.9" } })).text();
    expect(german).toMatch(/<link rel="modulepreload" href="\/manage-chunks\/locale-de-[\w-]{6}\.js" \/>/);
    const english = await (await call("/manage/0b8f3c7e-2a51-4d0e-9d51-7c1a9e4f3b20", { headers: { "Accept-Language": "en-GB" } })).text();
    expect(english).not.toContain("/manage-chunks/");
  });

  it("is written in the language Accept-Language asks for", async () => {
    const page = await call("/manage/0b8f3c7e-2a51-4d0e-9d51-7c1a9e4f3b20", { headers: { "Accept-Language": "ja-JP,ja;q=0.9,en;q=0.5" } });
    expect(page.headers.get("vary")).toContain("Accept-Language");
    const body = await page.text();
    expect(body).toContain('<html lang="ja" dir="ltr">');
    expect(body).toContain("<h1>ご予約の管理</h1>");
  });
});
