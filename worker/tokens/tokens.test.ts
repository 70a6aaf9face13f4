/**
 * The token management API through the real Worker: tokens made, listed and revoked by an account's
 * own tokens with tokens:write; a new secret shown once, stored nowhere, replayed only to the caller
 * that asked; what a token may grant bounded by what it holds; other accounts' tokens out of sight.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { idempotencyRecords, serviceTokens, users } from "../db/schema";
import { SCOPES } from "../domain/scopes";
import { TOKEN_CACHE_MS } from "../http/auth";
import { sha256Hex } from "../lib/crypto";
import {
  availableSlots,
  book,
  bookingBody,
  call,
  countingRateLimiters,
  db,
  errorOf,
  get,
  post,
  type SeededHost,
  seedAccount,
  seedHost,
  seedToken,
  upcoming,
} from "../test/fixtures";
import type { TokenResource } from "./token-store";

interface CreatedToken {
  id: string;
  token: string;
  name: string;
  scopes: string[];
  host: string | null;
  createdAt: string;
}

type ListedToken = TokenResource;

interface TokenPage {
  data: ListedToken[];
  nextCursor: string | null;
}

const WHOLE_SECOND = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** An account without hosts, and an account-wide token holding every scope. */
async function accountWithoutHosts() {
  const accountId = await seedAccount();
  return { accountId, admin: await seedToken(accountId, [...SCOPES]) };
}

/** An account with one host (and that host's narrowed token), and an account-wide token holding every scope. */
async function accountWithAdmin() {
  const accountId = await seedAccount();
  const host = await seedHost({ accountId });
  const admin = await seedToken(accountId, [...SCOPES]);
  return { accountId, host, admin };
}

async function createToken(caller: string, body: unknown, key?: string): Promise<CreatedToken> {
  const response = await post("/api/tokens", body, { token: caller, key });
  expect(response.status).toBe(201);
  return (await response.json()) as CreatedToken;
}

async function listAll(caller: string): Promise<ListedToken[]> {
  const response = await get("/api/tokens?limit=100", caller);
  expect(response.status).toBe(200);
  return ((await response.json()) as TokenPage).data;
}

async function firstSlot(host: SeededHost) {
  const monday = upcoming(1);
  const [slot] = await availableSlots(host, { startDate: monday, endDate: monday });
  return slot!;
}

describe("POST /api/tokens", () => {
  it("answers the new secret once, and the token works on the Booking API with exactly its scopes", async () => {
    const { host, admin } = await accountWithAdmin();
    const { bookingId } = await book(host, await firstSlot(host));
    const created = await createToken(admin, { name: "CRM reader", scopes: ["bookings:read"] });
    expect(created).toEqual({
      id: expect.stringMatching(/^tok_[0-9a-f]{16}$/),
      token: expect.stringMatching(/^bk_live_[A-Za-z0-9_-]{43}$/),
      name: "CRM reader",
      scopes: ["bookings:read"],
      host: null,
      createdAt: expect.stringMatching(WHOLE_SECOND),
    });
    expect((await get(`/api/bookings/${bookingId}`, created.token)).status).toBe(200);
    const slot = (await availableSlots(host, { startDate: upcoming(1), endDate: upcoming(1) }))[0]!;
    expect(await errorOf(await post("/api/bookings", bookingBody(host, slot), { token: created.token }))).toMatchObject({ status: 403, code: "FORBIDDEN" });
    expect(await errorOf(await get("/api/tokens", created.token))).toMatchObject({ status: 403, code: "FORBIDDEN" });
  });

  it("stores only the secret's SHA-256 and last 4 characters: the secret is nowhere in D1, not even in the idempotency record", async () => {
    const { accountId, admin } = await accountWithAdmin();
    const key = crypto.randomUUID();
    const { id, token } = await createToken(admin, { name: "audit", scopes: ["hosts:read"] }, key);
    const row = await db.select().from(serviceTokens).where(eq(serviceTokens.id, id)).get();
    expect(row).toMatchObject({ accountId, hostId: null, tokenHash: await sha256Hex(token), last4: token.slice(-4) });
    const record = await db.select().from(idempotencyRecords).where(eq(idempotencyRecords.idempotencyKey, key)).get();
    expect(record?.responseStatus).toBe(201);
    const stored = JSON.stringify([await db.select().from(serviceTokens), await db.select().from(idempotencyRecords)]);
    const randomPart = token.slice("bk_live_".length);
    expect(stored).not.toContain(randomPart);
    // Not even a piece of it: the first and second halves of the random part are absent too.
    expect(stored).not.toContain(randomPart.slice(0, 20));
    expect(stored).not.toContain(randomPart.slice(20, 40));
  });

  it("replays the same secret with Idempotent-Replayed for a retry with the same key, and makes one token", async () => {
    const { admin } = await accountWithAdmin();
    const key = crypto.randomUUID();
    const body = { name: "retried", scopes: ["bookings:write"] };
    const first = await post("/api/tokens", body, { token: admin, key });
    const retry = await post("/api/tokens", body, { token: admin, key });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.headers.get("Idempotent-Replayed")).toBe("true");
    const created = (await first.json()) as CreatedToken;
    expect(await retry.json()).toEqual(created);
    expect((await listAll(admin)).filter((token) => token.name === "retried")).toHaveLength(1);
    expect(await errorOf(await post("/api/tokens", { ...body, name: "changed" }, { token: admin, key }))).toMatchObject({
      status: 409,
      code: "IDEMPOTENCY_CONFLICT",
    });
  });

  it("answers two identical requests in flight at once with one token: the later one replays the first's secret", async () => {
    const { admin } = await accountWithAdmin();
    const key = crypto.randomUUID();
    const body = { name: "twins", scopes: ["hosts:read"] };
    const responses = await Promise.all([post("/api/tokens", body, { token: admin, key }), post("/api/tokens", body, { token: admin, key })]);
    expect(responses.map((response) => response.status)).toEqual([201, 201]);
    expect(responses.filter((response) => response.headers.get("Idempotent-Replayed") === "true")).toHaveLength(1);
    const [first, second] = (await Promise.all(responses.map((response) => response.json()))) as CreatedToken[];
    expect(second).toEqual(first);
    expect((await listAll(admin)).filter((token) => token.name === "twins")).toHaveLength(1);
  });

  it("gives another token of the same account using the same key a token of its own, never the first one's secret", async () => {
    const { accountId, admin } = await accountWithAdmin();
    const otherAdmin = await seedToken(accountId, ["tokens:write", "bookings:read"]);
    const key = crypto.randomUUID();
    const body = { name: "same key", scopes: ["bookings:read"] };
    const mine = await createToken(admin, body, key);
    const response = await post("/api/tokens", body, { token: otherAdmin, key });
    expect(response.status).toBe(201);
    expect(response.headers.get("Idempotent-Replayed")).toBeNull();
    const theirs = (await response.json()) as CreatedToken;
    expect(theirs.token).not.toBe(mine.token);
    expect(theirs.id).not.toBe(mine.id);
    expect((await listAll(admin)).filter((token) => token.name === "same key")).toHaveLength(2);
  });

  it("refuses to grant a scope the caller does not hold with 403 naming it; a write scope grants its read", async () => {
    const accountId = await seedAccount();
    const caller = await seedToken(accountId, ["tokens:write", "bookings:write"]);
    expect((await createToken(caller, { name: "reader", scopes: ["bookings:read"] })).scopes).toEqual(["bookings:read"]);
    const refused = await errorOf(await post("/api/tokens", { name: "escalate", scopes: ["bookings:read", "hosts:read"] }, { token: caller }));
    expect(refused).toMatchObject({ status: 403, code: "FORBIDDEN" });
    expect(refused.message).toContain('"hosts:read"');
    expect(await errorOf(await post("/api/tokens", { name: "escalate", scopes: ["webhooks:write"] }, { token: caller }))).toMatchObject({ status: 403 });
    expect((await listAll(caller)).map((token) => token.name).sort()).toEqual(["reader", "test"]);
  });

  it("narrows a token to a host of the account: it books there, and other hosts are NOT_FOUND to it", async () => {
    const { accountId, host, admin } = await accountWithAdmin();
    const sibling = await seedHost({ accountId });
    const created = await createToken(admin, { name: "front desk", scopes: ["bookings:write"], host: host.username });
    expect(created.host).toBe(host.username);
    const row = await db.select().from(serviceTokens).where(eq(serviceTokens.id, created.id)).get();
    expect(row?.hostId).toBe(host.userId);
    expect((await post("/api/bookings", bookingBody(host, await firstSlot(host)), { token: created.token })).status).toBe(201);
    expect(await errorOf(await post("/api/bookings", bookingBody(sibling, await firstSlot(sibling)), { token: created.token }))).toMatchObject({
      status: 404,
      code: "NOT_FOUND",
    });
  });

  it("refuses webhooks:write and tokens:write on a host-narrowed token with 400 naming scopes", async () => {
    const { host, admin } = await accountWithAdmin();
    for (const scope of ["webhooks:write", "tokens:write"]) {
      const error = await errorOf(await post("/api/tokens", { name: "narrow", scopes: ["bookings:read", scope], host: host.username }, { token: admin }));
      expect(error).toMatchObject({ status: 400, code: "INVALID_REQUEST" });
      expect(error.message).toContain("scopes");
      expect(error.message).toContain(scope);
    }
  });

  it("answers 404 NOT_FOUND for a host of another account, an unknown host and a deleted one", async () => {
    const { accountId, admin } = await accountWithAdmin();
    const stranger = await seedHost();
    const deleted = await seedHost({ accountId });
    await db.update(users).set({ deletedAt: Date.now() }).where(eq(users.id, deleted.userId));
    for (const host of [stranger.username, "no-such-host", deleted.username]) {
      expect(await errorOf(await post("/api/tokens", { name: "x", scopes: ["bookings:read"], host }, { token: admin }))).toMatchObject({
        status: 404,
        code: "NOT_FOUND",
      });
    }
    expect((await listAll(admin)).filter((token) => token.name === "x")).toEqual([]);
  });

  it("refuses a bad name or scopes with 400 naming the field, and a POST without Idempotency-Key", async () => {
    const { admin } = await accountWithAdmin();
    const cases: [unknown, string][] = [
      [{ scopes: ["bookings:read"] }, "name"],
      [{ name: "", scopes: ["bookings:read"] }, "name"],
      [{ name: "x".repeat(101), scopes: ["bookings:read"] }, "name"],
      [{ name: "x", scopes: [] }, "scopes"],
      [{ name: "x", scopes: ["bookings:read", "bookings:delete"] }, '"bookings:delete"'],
      [{ name: "x", scopes: ["bookings:read", "bookings:read"] }, "scopes.1"],
      [{ name: "x", scopes: "bookings:read" }, "scopes"],
      [{ name: "x", scopes: [...SCOPES, "bookings:read"] }, "scopes"],
    ];
    for (const [body, named] of cases) {
      const error = await errorOf(await post("/api/tokens", body, { token: admin }));
      expect(error, JSON.stringify(body)).toMatchObject({ status: 400, code: "INVALID_REQUEST" });
      expect(error.message).toContain(named);
    }
    expect((await createToken(admin, { name: "x".repeat(100), scopes: [...SCOPES] })).scopes).toEqual([...SCOPES]);
    const noKey = await post("/api/tokens", { name: "x", scopes: ["bookings:read"] }, { token: admin, headers: { "idempotency-key": "" } });
    expect(await errorOf(noKey)).toMatchObject({ status: 400, code: "INVALID_REQUEST" });
  });
});

describe("GET /api/tokens", () => {
  it("lists the account's tokens, revoked ones too, without secrets, with when each was last used", async () => {
    const { admin } = await accountWithoutHosts();
    const kept = await createToken(admin, { name: "kept", scopes: ["bookings:read"] });
    const gone = await createToken(admin, { name: "gone", scopes: ["hosts:read"] });
    expect((await post(`/api/tokens/${gone.id}/revoke`, {}, { token: admin })).status).toBe(200);
    const listed = await listAll(admin);
    expect(listed.map((token) => token.name)).toEqual(["test", "kept", "gone"]);
    expect(listed[1]).toEqual({
      id: kept.id,
      name: "kept",
      scopes: ["bookings:read"],
      host: null,
      last4: kept.token.slice(-4),
      createdAt: kept.createdAt,
      lastUsedAt: null,
      revokedAt: null,
    });
    expect(listed[2]?.revokedAt).toMatch(WHOLE_SECOND);
    expect(listed[0]?.lastUsedAt).toMatch(WHOLE_SECOND); // the admin token, which made these calls
    expect(JSON.stringify(listed)).not.toContain(kept.token.slice(8));
  });

  it("walks every token one at a time with limit=1, in a stable order, through opaque cursors", async () => {
    const { admin } = await accountWithoutHosts();
    for (const name of ["a", "b", "c"]) await createToken(admin, { name, scopes: ["bookings:read"] });
    const all = await listAll(admin);
    expect(all).toHaveLength(4);
    const walked: string[] = [];
    let cursor: string | null = null;
    do {
      const response = await get(`/api/tokens?limit=1${cursor ? `&cursor=${cursor}` : ""}`, admin);
      expect(response.status).toBe(200);
      const page = (await response.json()) as TokenPage;
      expect(page.data).toHaveLength(1);
      walked.push(page.data[0]!.id);
      cursor = page.nextCursor;
      if (cursor) {
        expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
        expect(cursor).not.toContain("tok_");
      }
    } while (cursor);
    expect(walked).toEqual(all.map((token) => token.id));
    const page = (await (await get("/api/tokens", admin)).json()) as TokenPage;
    expect(page).toEqual({ data: all, nextCursor: null });
  });

  it("refuses a malformed cursor and a limit outside 1–100 with 400", async () => {
    const { admin } = await accountWithAdmin();
    for (const query of ["cursor=not-a-cursor!", "cursor=abc", `cursor=${btoa('["x","tok_1"]')}`, "limit=0", "limit=101", "limit=ten"]) {
      const error = await errorOf(await get(`/api/tokens?${query}`, admin));
      expect(error, query).toMatchObject({ status: 400, code: "INVALID_REQUEST" });
      expect(error.message).toContain(query.split("=")[0]!);
    }
  });
});

describe("POST /api/tokens/:id/revoke", () => {
  it("revokes with 200 and the token's listing; a second revoke is a no-op; the token answers 401 once the cache window has passed", async () => {
    const { host, admin } = await accountWithAdmin();
    const { bookingId } = await book(host, await firstSlot(host));
    const created = await createToken(admin, { name: "short-lived", scopes: ["bookings:read"] });
    expect((await get(`/api/bookings/${bookingId}`, created.token)).status).toBe(200); // now cached as valid
    const revoked = await post(`/api/tokens/${created.id}/revoke`, {}, { token: admin });
    expect(revoked.status).toBe(200);
    const listing = (await revoked.json()) as ListedToken;
    expect(listing).toMatchObject({ id: created.id, name: "short-lived", host: null, revokedAt: expect.stringMatching(WHOLE_SECOND) });
    const again = await post(`/api/tokens/${created.id}/revoke`, {}, { token: admin });
    expect(again.status).toBe(200);
    expect(((await again.json()) as ListedToken).revokedAt).toBe(listing.revokedAt);
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(Date.now() + TOKEN_CACHE_MS + 1);
      expect(await errorOf(await get(`/api/bookings/${bookingId}`, created.token))).toMatchObject({ status: 401, code: "UNAUTHORIZED" });
    } finally {
      vi.useRealTimers();
    }
  });

  it("answers 404 NOT_FOUND for an unknown id and a malformed one", async () => {
    const { admin } = await accountWithAdmin();
    for (const id of ["tok_0000000000000000", "nope"]) {
      expect(await errorOf(await post(`/api/tokens/${id}/revoke`, {}, { token: admin }))).toMatchObject({ status: 404, code: "NOT_FOUND" });
    }
  });
});

describe("who may manage tokens", () => {
  it("keeps an account's tokens out of another account's sight: not listed, and revoking them is NOT_FOUND", async () => {
    const { admin } = await accountWithAdmin();
    const created = await createToken(admin, { name: "ours", scopes: ["bookings:read"] });
    const strangerAdmin = await seedToken(await seedAccount(), [...SCOPES]);
    const theirs = await listAll(strangerAdmin);
    expect(theirs.map((token) => token.id)).not.toContain(created.id);
    expect(theirs).toHaveLength(1); // only the stranger's own token
    expect(await errorOf(await post(`/api/tokens/${created.id}/revoke`, {}, { token: strangerAdmin }))).toMatchObject({ status: 404, code: "NOT_FOUND" });
    expect((await listAll(admin)).find((token) => token.id === created.id)?.revokedAt).toBeNull();
  });

  it("answers 403 FORBIDDEN to a host-narrowed token and to a token without tokens:write, for create, list and revoke", async () => {
    const { accountId, host, admin } = await accountWithAdmin();
    const target = await createToken(admin, { name: "target", scopes: ["bookings:read"] });
    const withoutScope = await seedToken(accountId, ["bookings:write", "hosts:write"]);
    // Neither the API nor the CLI makes one, but a narrowed token holding tokens:write still gets no say.
    const narrowedWithScope = await seedToken(accountId, ["tokens:write", "bookings:read"], host.userId);
    for (const token of [host.token, withoutScope, narrowedWithScope]) {
      expect(await errorOf(await post("/api/tokens", { name: "x", scopes: ["bookings:read"] }, { token }))).toMatchObject({ status: 403, code: "FORBIDDEN" });
      expect(await errorOf(await get("/api/tokens", token))).toMatchObject({ status: 403, code: "FORBIDDEN" });
      expect(await errorOf(await post(`/api/tokens/${target.id}/revoke`, {}, { token }))).toMatchObject({ status: 403, code: "FORBIDDEN" });
    }
    expect(await errorOf(await get("/api/tokens"))).toMatchObject({ status: 401, code: "UNAUTHORIZED" });
    expect((await listAll(admin)).find((token) => token.id === target.id)?.revokedAt).toBeNull();
  });
});

describe("authentication and rate limits under /api/tokens", () => {
  it("counts each call once against the token's and the account's limits, create, list, revoke and an unknown path alike", async () => {
    const { admin } = await accountWithoutHosts();
    const { bindings, counted } = countingRateLimiters();
    const created = await post("/api/tokens", { name: "counted", scopes: ["bookings:read"] }, { token: admin, bindings });
    const { id } = (await created.json()) as CreatedToken;
    const calls = [
      created,
      await call("/api/tokens", { headers: { authorization: `Bearer ${admin}` }, bindings }),
      await post(`/api/tokens/${id}/revoke`, {}, { token: admin, bindings }),
      await call("/api/tokens/unknown", { headers: { authorization: `Bearer ${admin}` }, bindings }),
    ];
    expect(calls.map((response) => response.status)).toEqual([201, 200, 200, 404]);
    expect(counted.filter((key) => key.startsWith("token:"))).toHaveLength(calls.length);
    expect(counted.filter((key) => key.startsWith("account:"))).toHaveLength(calls.length);
  });

  it("answers 401 UNAUTHORIZED to create, list and revoke without a token", async () => {
    for (const response of [
      await post("/api/tokens", { name: "x", scopes: ["bookings:read"] }),
      await get("/api/tokens"),
      await post("/api/tokens/tok_unknown/revoke", {}),
    ]) {
      expect(await errorOf(response)).toMatchObject({ status: 401, code: "UNAUTHORIZED" });
    }
  });
});

describe("how many tokens an account may hold", () => {
  /** Fills the account up to `count` live tokens behind the API's back (the admin's own counts). */
  async function fillTo(accountId: string, count: number, alreadyLive: number) {
    const rows = Array.from({ length: count - alreadyLive }, (_, i) => ({
      id: `tok_fill${i}${crypto.randomUUID().slice(0, 8)}`,
      accountId,
      name: `filler ${i}`,
      scopes: ["bookings:read"],
      tokenHash: crypto.randomUUID(),
      last4: "fill",
    }));
    // D1 binds at most 100 parameters a statement: a few rows at a time.
    for (let i = 0; i < rows.length; i += 10) await db.insert(serviceTokens).values(rows.slice(i, i + 10));
  }

  it("refuses a 101st live token with 400 INVALID_REQUEST naming the limit, and lets exactly one of two racing creates take the last place", async () => {
    const { accountId, admin } = await accountWithoutHosts();
    await fillTo(accountId, 99, 1);
    const racing = await Promise.all([1, 2].map((i) => post("/api/tokens", { name: `racer ${i}`, scopes: ["bookings:read"] }, { token: admin })));
    expect(racing.map((response) => response.status).sort()).toEqual([201, 400]);
    const refusal = await errorOf(racing.find((response) => response.status === 400)!);
    expect(refusal).toMatchObject({ code: "INVALID_REQUEST" });
    expect(refusal.message).toContain("at most 100 live");
    const live = await db.select().from(serviceTokens).where(eq(serviceTokens.accountId, accountId));
    expect(live.filter((token) => token.revokedAt === null)).toHaveLength(100);

    // A revoked token frees its place.
    const racer = live.find((token) => token.name.startsWith("racer"))!;
    expect((await post(`/api/tokens/${racer.id}/revoke`, {}, { token: admin })).status).toBe(200);
    await createToken(admin, { name: "after a revoke", scopes: ["bookings:read"] });
    expect(await errorOf(await post("/api/tokens", { name: "one too many", scopes: ["bookings:read"] }, { token: admin }))).toMatchObject({
      status: 400,
      code: "INVALID_REQUEST",
    });
  });

  it("replays a create's answer to its retry even once the account is full", async () => {
    const { accountId, admin } = await accountWithoutHosts();
    await fillTo(accountId, 99, 1);
    const key = crypto.randomUUID();
    const first = await createToken(admin, { name: "the last place", scopes: ["bookings:read"] }, key);
    const retry = await post("/api/tokens", { name: "the last place", scopes: ["bookings:read"] }, { token: admin, key });
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(((await retry.json()) as CreatedToken).token).toBe(first.token);
  });
});
