import { describe, expect, it } from "vitest";
import { call, seedHost } from "../test/fixtures";

describe("hosted booking pages /book/:username/:type", () => {
  it("serves a page that mounts the widget for that host and type, by numeric or string id", async () => {
    const host = await seedHost({ types: [{ title: "Intro call" }] });
    const type = host.types[0]!;
    for (const ref of [String(type.id), type.publicId]) {
      const response = await call(`/book/${host.username}/${ref}`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^text\/html/);
      const page = await response.text();
      expect(page).toContain(`<bookora-widget username="${host.username}" booking-type="${ref}"><script type="application/json" class="bookora-first-load">`);
      expect(page).toContain('<script type="module" src="/widget.js"></script>');
      expect(page).toContain(`<title>Intro call with ${host.username} · Bookora</title>`);
    }
  });

  it("forbids inline script and style on the page; its only inline script element is JSON, which no browser runs", async () => {
    const host = await seedHost();
    const response = await call(`/book/${host.username}/${host.types[0]!.id}`);
    const policy = response.headers.get("content-security-policy") ?? "";
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("style-src 'self'");
    expect(policy).not.toContain("unsafe-inline");
    const page = await response.text();
    expect(page).not.toMatch(/<style|style=|<script>/);
    expect(page.match(/<script[^>]*>/g)).toEqual(['<script type="module" src="/widget.js">', '<script type="application/json" class="bookora-first-load">']);
  });

  it("answers a clear 404 page for an unknown host, an unknown or private type, or a malformed address", async () => {
    const host = await seedHost({ types: [{}, { isPublic: false }] });
    const other = await seedHost();
    for (const path of [
      `/book/nobody-here/${host.types[0]!.id}`,
      `/book/${host.username}/999999`,
      `/book/${host.username}/${host.types[1]!.id}`,
      `/book/${other.username}/${host.types[0]!.id}`,
      `/book/${host.username}/not-an-id`,
      `/book/${host.username}`,
    ]) {
      const response = await call(path);
      expect(response.status, path).toBe(404);
      const page = await response.text();
      expect(page).toContain("<h1>Booking page not found</h1>");
      expect(page).not.toContain("<bookora-widget");
    }
  });

  it("escapes what it echoes, so a crafted address cannot inject markup", async () => {
    const host = await seedHost({ types: [{ title: '<img src=x onerror="alert(1)">' }] });
    const page = await (await call(`/book/${host.username}/${host.types[0]!.id}`)).text();
    expect(page).not.toContain("<img src=x");
    expect(page).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
  });
});
