import { describe, expect, it } from "vitest";
import { INTL_WARMUP_HASH, INTL_WARMUP_SCRIPT } from "../http/html-pages";
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
      expect(page).toContain(
        `<bookora-widget username="${host.username}" booking-type="${ref}" locale="en" hide-header><script type="application/json" class="bookora-first-load">`,
      );
      expect(page).toContain('<script type="module" src="/widget.js"></script>');
      expect(page).toContain(`<title>Intro call with ${host.username} · Bookora</title>`);
    }
  });

  it("forbids inline script and style on the page, but for the Intl warm-up the CSP allows by its hash and the JSON block no browser runs", async () => {
    const host = await seedHost();
    const response = await call(`/book/${host.username}/${host.types[0]!.id}`);
    const policy = response.headers.get("content-security-policy") ?? "";
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(INTL_WARMUP_SCRIPT));
    const hash = `sha256-${btoa(String.fromCharCode(...new Uint8Array(digest)))}`;
    expect(INTL_WARMUP_HASH, "the hash in the CSP is the warm-up's own").toBe(hash);
    expect(policy).toContain(`script-src 'self' '${hash}';`);
    expect(policy).toContain("style-src 'self'");
    expect(policy).not.toContain("unsafe-inline");
    const page = await response.text();
    expect(page).not.toMatch(/<style|style=/);
    expect(page.match(/<script[^>]*>[^<]*/g)).toEqual([
      `<script>${INTL_WARMUP_SCRIPT}`,
      '<script type="module" src="/widget.js">',
      expect.stringMatching(/^<script type="application\/json" class="bookora-first-load">\{/),
    ]);
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

  it("is written in the language Accept-Language asks for, and the widget is told that language", async () => {
    const host = await seedHost({ types: [{ title: "Erstgespräch" }] });
    const response = await call(`/book/${host.username}/${host.types[0]!.id}`, { headers: { "Accept-Language": "en;q=0.5, de-AT, fr;q=0.8" } });
    expect(response.headers.get("vary")).toContain("Accept-Language");
    const page = await response.text();
    expect(page).toContain('<html lang="de" dir="ltr">');
    expect(page).toContain(`<title>Erstgespräch mit ${host.username} · Bookora</title>`);
    expect(page).toContain('<p class="eyebrow">Termin buchen</p>');
    expect(page).toContain(`booking-type="${host.types[0]!.id}" locale="de-AT" hide-header>`);
    // The widget's header (title, length, host) is hidden under the page's: the length is the page's to say.
    expect(page).toContain('<p class="lead">30 Min.</p>');
    expect(page).toContain("<noscript><p>Für die Buchung wird JavaScript benötigt.");
    expect(page).toContain('<footer class="site-footer">Terminplanung mit <a href="/">Bookora</a></footer>');
  });

  it("says the length under its heading only for a type of one length: with several, the widget's choice of length shows it", async () => {
    const host = await seedHost({ types: [{ title: "Intro" }, { title: "Consultation", durationMinutes: 60, durationOptions: [60, 90] }] });
    const [single, several] = await Promise.all(host.types.map((type) => call(`/book/${host.username}/${type.id}`).then((r) => r.text())));
    expect(single).toContain('<p class="lead">30 min</p>');
    expect(several).not.toContain('<p class="lead">');
  });

  it("is right to left in Arabic, and says there is no such page in the visitor's language", async () => {
    const host = await seedHost();
    const arabic = await (await call(`/book/${host.username}/${host.types[0]!.id}`, { headers: { "Accept-Language": "ar-EG,ar;q=0.9" } })).text();
    expect(arabic).toContain('<html lang="ar" dir="rtl">');
    const missing = await call(`/book/${host.username}/999999`, { headers: { "Accept-Language": "fr-FR" } });
    expect(missing.status).toBe(404);
    const page = await missing.text();
    expect(page).toContain('<html lang="fr" dir="ltr">');
    expect(page).toContain("<h1>Page de réservation introuvable</h1>");
  });
});
