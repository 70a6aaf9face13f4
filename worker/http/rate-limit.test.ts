import { env, exports } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { call, errorOf, seedAccount, seedHost, seedToken, upcoming } from "../test/fixtures";
import { TOKEN_CACHE_MS } from "./auth";

/** Each of these tests sends up to 250 requests. */
const MANY_REQUESTS_TIMEOUT_MS = 30_000;

/** A random group for addresses of this test run, so no two tests (or runs) share a bucket. */
function randomHex(): string {
  return Math.floor(Math.random() * 0xffff + 1).toString(16);
}

function randomIpv4(): string {
  const octet = () => Math.floor(Math.random() * 250) + 1;
  return `198.18.${octet()}.${octet()}`;
}

/**
 * Sends `request(i)` in concurrent rounds of 50 until one answers 429, at most 250 in all: windows
 * are 60 s aligned to the clock, so 250 requests cross at most one boundary and one window sees more
 * than the limit of 120. `answered` counts the requests that were not refused.
 */
async function untilLimited(request: (i: number) => Promise<Response>): Promise<{ limited: Response | undefined; answered: number }> {
  let answered = 0;
  for (let sent = 0; sent < 250; sent += 50) {
    const round = await Promise.all(Array.from({ length: 50 }, (_, i) => request(sent + i)));
    const limited = round.find((response) => response.status === 429);
    answered += round.filter((response) => response.status !== 429).length;
    if (limited) return { limited, answered };
  }
  return { limited: undefined, answered };
}

describe("hosted pages are rate-limited per client IP", () => {
  it(
    "answers an HTML 429 page with Retry-After once an IP passes 120 requests a minute, and shares the count with its API calls",
    async () => {
      const host = await seedHost();
      const ip = randomIpv4();
      const { limited, answered } = await untilLimited(() => call("/book/nobody", { ip }));
      expect(limited).toBeDefined();
      expect(answered).toBeGreaterThanOrEqual(120);
      expect(limited!.headers.get("content-type")).toMatch(/^text\/html/);
      const retryAfter = Number(limited!.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(limited!.headers.get("content-security-policy")).toContain("script-src 'self'");
      expect(limited!.headers.get("x-content-type-options")).toBe("nosniff");
      const page = await limited!.text();
      expect(page).toContain("<h1>Too many requests</h1>");
      expect(page).toContain(`wait ${retryAfter} second`); // "1 second", "2 seconds"

      // The real page and the widget's API calls from the same IP are over the limit too.
      expect((await call(`/book/${host.username}/${host.types[0]!.id}`, { ip })).status).toBe(429);
      expect(await errorOf(await call(`/api/booking-types?username=${host.username}&slug=${host.types[0]!.id}`, { ip }))).toMatchObject({
        status: 429,
        code: "RATE_LIMITED",
      });
      // Another IP is not affected.
      expect((await call(`/book/${host.username}/${host.types[0]!.id}`, { ip: randomIpv4() })).status).toBe(200);
    },
    MANY_REQUESTS_TIMEOUT_MS,
  );
});

describe("the client address behind per-IP limits", () => {
  it(
    "counts an IPv6 client by its /64, so fresh addresses in it share one allowance",
    async () => {
      const host = await seedHost();
      const monday = upcoming(1);
      const path = `/api/availability?username=${host.username}&slug=${host.types[0]!.id}&startDate=${monday}&endDate=${monday}`;
      const prefix = `2001:db8:${randomHex()}:${randomHex()}`;
      // Four addresses of one /64, each written its own way: counted apart, each would get 120.
      const addresses = [`${prefix}::1`, `${prefix}:0:0:0:2`, `${prefix.toUpperCase()}::abcd:3`, `${prefix}:ffff:ffff:ffff:ffff`];
      const { limited } = await untilLimited((i) => call(path, { ip: addresses[i % addresses.length] }));
      expect(limited).toBeDefined();
      expect(await errorOf(limited!)).toMatchObject({ status: 429, code: "RATE_LIMITED" });
      expect((await call(path, { ip: `${prefix}::${randomHex()}:${randomHex()}` })).status).toBe(429);
      // The neighbouring /64 is another client.
      expect((await call(path, { ip: `2001:db8:${randomHex()}:${randomHex()}::1` })).status).toBe(200);
    },
    MANY_REQUESTS_TIMEOUT_MS,
  );

  it(
    "counts an IPv4-mapped IPv6 address as the IPv4 client it carries",
    async () => {
      const host = await seedHost();
      const ip = randomIpv4();
      const { limited } = await untilLimited(() => call("/book/nobody", { ip }));
      expect(limited).toBeDefined();
      const mapped = await call(`/api/booking-types?username=${host.username}&slug=${host.types[0]!.id}`, { ip: `::ffff:${ip}` });
      expect(await errorOf(mapped)).toMatchObject({ status: 429, code: "RATE_LIMITED" });
    },
    MANY_REQUESTS_TIMEOUT_MS,
  );

  it("refuses a request without a client address with 400 instead of counting it in one shared bucket", async () => {
    const host = await seedHost();
    const apiPath = `/api/booking-types?username=${host.username}&slug=${host.types[0]!.id}`;
    // `call` always adds CF-Connecting-IP; this is the same Worker entry without it.
    const withoutHeader = (path: string, headers: Record<string, string> = {}) =>
      exports.default.fetch(new Request(`https://bookora.test${path}`, { headers }));

    for (const response of [
      await withoutHeader(apiPath),
      await withoutHeader(apiPath, { authorization: `Bearer ${host.token}` }),
      await withoutHeader(apiPath, { "x-real-ip": "198.51.100.7", "x-forwarded-for": "198.51.100.7" }),
      await call(apiPath, { headers: { "cf-connecting-ip": "" } }),
      await call(apiPath, { headers: { "cf-connecting-ip": "unknown" } }),
    ]) {
      expect(await errorOf(response)).toMatchObject({ status: 400, code: "INVALID_REQUEST" });
    }

    const page = await withoutHeader(`/book/${host.username}/${host.types[0]!.id}`);
    expect(page.status).toBe(400);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await page.text()).toContain("<h1>Bad request</h1>");

    // What needs no client address still answers: the readiness probe and CORS preflights.
    expect((await withoutHeader("/api/health")).status).toBe(200);
  });
});

describe("service tokens are limited per account too", () => {
  it("refuses an account's tokens together once they pass 3,000 requests a minute, though each is far below its own 1,200", async () => {
    const accountId = await seedAccount();
    // Six tokens: even if the test crosses a window boundary (6,000 requests at most), none sends 1,200.
    const tokens = await Promise.all(Array.from({ length: 6 }, () => seedToken(accountId, ["hosts:read"])));
    const otherAccountToken = await seedToken(await seedAccount(), ["hosts:read"]);
    // Authenticated and counted, then refused by validation: no D1 read or Durable Object per request.
    const request = (token: string) => call("/api/availability?startDate=nonsense", { headers: { authorization: `Bearer ${token}` } });
    let limited: Response | undefined;
    let sent = 0;
    while (!limited && sent < 6_000) {
      const round = await Promise.all(Array.from({ length: 60 }, (_, i) => request(tokens[i % tokens.length]!)));
      sent += round.length;
      limited = round.find((response) => response.status === 429);
    }
    expect(limited, "no 429 within 6,000 requests").toBeDefined();
    expect(sent).toBeGreaterThan(3_000);
    expect(sent / tokens.length).toBeLessThan(1_200);
    expect(await errorOf(limited!)).toMatchObject({ status: 429, code: "RATE_LIMITED" });
    expect(Number(limited!.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    // A token of another account is not affected.
    expect((await request(otherAccountToken)).status).toBe(400);
  }, 120_000);
});

describe("guessed tokens from an address over its limit", () => {
  /** The Worker's D1 binding, counting the statements sent through it. */
  function countingDatabase() {
    let statements = 0;
    const counted = new Proxy(env.DB, {
      get(target, property) {
        if (property === "prepare" || property === "batch" || property === "exec") statements += 1;
        const value = Reflect.get(target, property) as unknown;
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    return { DB: counted, statements: () => statements };
  }

  it(
    "answers an unknown token 429 without a D1 read once its address is refused for guessing",
    async () => {
      const ip = randomIpv4();
      const guess = () => ({ authorization: `Bearer bk_live_${crypto.randomUUID().replaceAll("-", "")}` });
      const before = countingDatabase();
      expect((await call("/api/hosts", { ip, headers: guess(), bindings: { DB: before.DB } })).status).toBe(401);
      expect(before.statements(), "a guess from an address within its limit is looked up").toBeGreaterThan(0);

      const { limited } = await untilLimited(() => call("/api/hosts", { ip, headers: guess() }));
      expect(await errorOf(limited!)).toMatchObject({ status: 429, code: "RATE_LIMITED" });
      const after = countingDatabase();
      const refused = await call("/api/hosts", { ip, headers: guess(), bindings: { DB: after.DB } });
      expect(await errorOf(refused)).toMatchObject({ status: 429, code: "RATE_LIMITED" });
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect(after.statements()).toBe(0);
    },
    MANY_REQUESTS_TIMEOUT_MS,
  );

  it(
    "still looks up a real token, verified before, whose address is refused for guessing (a shared NAT), once its cache entry has expired",
    async () => {
      // The clock 5 s into a minute: the address stays refused for 55 s, past the 10 s the token is cached.
      vi.useFakeTimers({ toFake: ["Date"] });
      try {
        vi.setSystemTime(Math.ceil(Date.now() / 60_000) * 60_000 + 5_000);
        const ip = randomIpv4();
        const token = await seedToken(await seedAccount(), ["hosts:read"]);
        const withToken = () => call("/api/hosts", { ip, headers: { authorization: `Bearer ${token}` } });
        expect((await withToken()).status).toBe(200);
        const guess = () => call("/api/hosts", { ip, headers: { authorization: `Bearer bk_live_${crypto.randomUUID().replaceAll("-", "")}` } });
        expect((await untilLimited(guess)).limited?.status).toBe(429);
        vi.setSystemTime(Date.now() + TOKEN_CACHE_MS + 1);
        expect((await withToken()).status, "the partner's own token").toBe(200);
        const counted = countingDatabase();
        const refused = await call("/api/hosts", {
          ip,
          headers: { authorization: `Bearer bk_live_${crypto.randomUUID().replaceAll("-", "")}` },
          bindings: { DB: counted.DB },
        });
        expect(refused.status, "a new guess from the address is still refused").toBe(429);
        expect(counted.statements()).toBe(0);
      } finally {
        vi.useRealTimers();
      }
    },
    MANY_REQUESTS_TIMEOUT_MS,
  );
});
