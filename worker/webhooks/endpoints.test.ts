/**
 * The webhook endpoint API through the real Worker: endpoints made, listed, read, changed and
 * deleted by an account's own account-wide tokens with webhooks:write; the signing secret shown by
 * a create and a rotation only, replayed only to the caller that asked, and never kept in plain in
 * an idempotency record; every field checked and named when refused. Who may call it, and the
 * other accounts' endpoints out of sight, are in endpoint-access.test.ts.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { idempotencyRecords, users, WEBHOOK_EVENT_TYPES, webhookEndpoints, webhookEvents } from "../db/schema";
import { SCOPES } from "../domain/scopes";
import { call, db, errorOf, get, post, seedAccount, seedHost, seedToken } from "../test/fixtures";
import { attemptsOf, controlDispatcher, deliveryOf, LATER, outboxOf, seedDelivery, storedSecretOf } from "../test/webhook-fixtures";
import type { CreatedWebhookEndpointResource, WebhookEndpointResource } from "./endpoint-store";

interface EndpointPage {
  data: WebhookEndpointResource[];
  nextCursor: string | null;
}

const WHOLE_SECOND = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const SECRET = /^whsec_[A-Za-z0-9+/]{43}=$/;
const HOOK = "https://example.com/hooks/bookora";

/** An account with one host, and an account-wide token holding every scope. */
async function accountWithAdmin() {
  const accountId = await seedAccount();
  const host = await seedHost({ accountId });
  const admin = await seedToken(accountId, [...SCOPES]);
  return { accountId, host, admin };
}

async function createEndpoint(token: string, body: object, key?: string): Promise<CreatedWebhookEndpointResource> {
  const response = await post("/api/webhook-endpoints", body, { token, key });
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as CreatedWebhookEndpointResource;
}

function patch(id: string, body: unknown, token: string, bindings?: Partial<Env>): Promise<Response> {
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  return call(`/api/webhook-endpoints/${id}`, { method: "PATCH", body: typeof body === "string" ? body : JSON.stringify(body), headers, bindings });
}

async function listAll(token: string): Promise<WebhookEndpointResource[]> {
  const response = await get("/api/webhook-endpoints?limit=100", token);
  expect(response.status).toBe(200);
  return ((await response.json()) as EndpointPage).data;
}

function rowOf(id: string) {
  return db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id)).get();
}

describe("POST /api/webhook-endpoints", () => {
  it("answers 201 with every event type when none are listed, and the secret, which no read shows again", async () => {
    const { admin } = await accountWithAdmin();
    const response = await post("/api/webhook-endpoints", { url: HOOK }, { token: admin });
    expect(response.status).toBe(201);
    const created = (await response.json()) as CreatedWebhookEndpointResource;
    expect(created).toEqual({
      id: expect.stringMatching(/^we_[0-9a-f]{32}$/),
      url: HOOK,
      events: [...WEBHOOK_EVENT_TYPES],
      host: null,
      description: null,
      status: "enabled",
      disabledReason: null,
      secret: expect.stringMatching(SECRET),
      createdAt: expect.stringMatching(WHOLE_SECOND),
    });
    expect(response.headers.get("Location")).toBe(`/api/webhook-endpoints/${created.id}`);
    const { secret, ...shown } = created;
    const read = await get(`/api/webhook-endpoints/${created.id}`, admin);
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual(shown);
    expect(await listAll(admin)).toEqual([shown]);
    // The dispatcher signs with it: the row keeps it sealed under the deployment's key (secret-vault.test.ts).
    expect(await storedSecretOf(created.id)).toMatchObject({ stored: expect.stringMatching(/^sealed:v1:/), opened: secret });
  });

  it("narrows to a host of the account and to some event types, answered in the contract's order", async () => {
    const { host, admin } = await accountWithAdmin();
    const created = await createEndpoint(admin, { url: HOOK, events: ["booking.cancelled", "booking.created"], host: host.username, description: "CRM" });
    expect(created).toMatchObject({ events: ["booking.created", "booking.cancelled"], host: host.username, description: "CRM" });
    expect(await rowOf(created.id)).toMatchObject({ hostId: host.userId, events: ["booking.created", "booking.cancelled"], description: "CRM" });
  });

  it("replays the same secret for a retry with the same key, makes one endpoint, and records the secret only sealed", async () => {
    const { admin } = await accountWithAdmin();
    const key = crypto.randomUUID();
    const first = await post("/api/webhook-endpoints", { url: HOOK }, { token: admin, key });
    const retry = await post("/api/webhook-endpoints", { url: HOOK }, { token: admin, key });
    expect([first.status, retry.status]).toEqual([201, 201]);
    expect(retry.headers.get("Idempotent-Replayed")).toBe("true");
    const created = (await first.json()) as CreatedWebhookEndpointResource;
    expect(await retry.json()).toEqual(created);
    expect(await listAll(admin)).toHaveLength(1);
    const record = await db.select().from(idempotencyRecords).where(eq(idempotencyRecords.idempotencyKey, key)).get();
    expect(record?.responseStatus).toBe(201);
    expect(record?.responseBody).toContain('"secret":"sealed:v1:');
    const randomPart = created.secret.slice("whsec_".length);
    expect(record?.responseBody).not.toContain(randomPart.slice(0, 20));
    expect(record?.responseBody).not.toContain(randomPart.slice(20, 40));
    expect(await errorOf(await post("/api/webhook-endpoints", { url: `${HOOK}/other` }, { token: admin, key }))).toMatchObject({
      status: 409,
      code: "IDEMPOTENCY_CONFLICT",
    });
  });

  it("refuses http:// with 400 naming url unless WEBHOOKS_ALLOW_HTTP=on, for a create and a change", async () => {
    const { admin } = await accountWithAdmin();
    const local = "http://127.0.0.1:9000/hook";
    const refused = await errorOf(await post("/api/webhook-endpoints", { url: local }, { token: admin }));
    expect(refused).toMatchObject({ status: 400, code: "INVALID_REQUEST" });
    expect(refused.message).toMatch(/^url: must be https:\/\//);
    expect(await listAll(admin)).toEqual([]);
    const allowed = await post("/api/webhook-endpoints", { url: local }, { token: admin, bindings: { WEBHOOKS_ALLOW_HTTP: "on" } });
    expect(allowed.status).toBe(201);
    const { id } = (await allowed.json()) as CreatedWebhookEndpointResource;
    const https = await createEndpoint(admin, { url: HOOK });
    expect(await errorOf(await patch(https.id, { url: local }, admin))).toMatchObject({ status: 400, code: "INVALID_REQUEST" });
    expect((await patch(https.id, { url: local }, admin, { WEBHOOKS_ALLOW_HTTP: "on" })).status).toBe(200);
    expect((await rowOf(id))?.url).toBe(local);
  });

  it("refuses a bad url, events, host or description with 400 naming the field, and creates nothing", async () => {
    const { accountId, admin } = await accountWithAdmin();
    const stranger = await seedHost();
    const deleted = await seedHost({ accountId });
    await db.update(users).set({ deletedAt: Date.now() }).where(eq(users.id, deleted.userId));
    const cases: [unknown, string][] = [
      [{}, "url"],
      [{ url: "example.com/hook" }, "url"],
      [{ url: "ftp://example.com/hook" }, "url"],
      [{ url: "https://user:pass@example.com/hook" }, "url: must not contain a username or password"],
      [{ url: "https://user@example.com/hook" }, "url: must not contain"],
      [{ url: `https://example.com/${"a".repeat(2049 - "https://example.com/".length)}` }, "url"],
      [{ url: HOOK, events: [] }, "events"],
      [{ url: HOOK, events: ["booking.created", "booking.deleted"] }, '"booking.deleted" is not an event type'],
      [{ url: HOOK, events: ["booking.created", "booking.created"] }, "events.1"],
      [{ url: HOOK, events: "booking.created" }, "events"],
      [{ url: HOOK, events: ["webhook.test"] }, "events.0"],
      [{ url: HOOK, host: "no-such-host" }, "host"],
      [{ url: HOOK, host: stranger.username }, "host"],
      [{ url: HOOK, host: deleted.username }, "host"],
      [{ url: HOOK, host: 7 }, "host"],
      [{ url: HOOK, description: "x".repeat(501) }, "description"],
    ];
    for (const [body, named] of cases) {
      const error = await errorOf(await post("/api/webhook-endpoints", body, { token: admin }));
      expect(error, JSON.stringify(body).slice(0, 100)).toMatchObject({ status: 400, code: "INVALID_REQUEST" });
      expect(error.message).toContain(named);
    }
    expect(await listAll(admin)).toEqual([]);
    const longest = `https://example.com/${"a".repeat(2048 - "https://example.com/".length)}`;
    expect(await createEndpoint(admin, { url: longest, description: "x".repeat(500), host: null })).toMatchObject({ url: longest, host: null });
  });

  it("refuses a 21st endpoint with 400 saying so, even to two creates racing for the 20th place, and has room again after a delete", async () => {
    const { admin } = await accountWithAdmin();
    const made: CreatedWebhookEndpointResource[] = [];
    for (let n = 1; n <= 19; n += 1) made.push(await createEndpoint(admin, { url: `${HOOK}/${n}` }));
    const key = crypto.randomUUID();
    const racing = await Promise.all([
      post("/api/webhook-endpoints", { url: `${HOOK}/20` }, { token: admin, key }),
      post("/api/webhook-endpoints", { url: `${HOOK}/20b` }, { token: admin }),
    ]);
    expect(racing.map((response) => response.status).sort()).toEqual([201, 400]);
    const refused = await errorOf(racing.find((response) => response.status === 400)!.clone());
    expect(refused).toMatchObject({ code: "INVALID_REQUEST", message: expect.stringContaining("at most 20 webhook endpoints") });
    expect(await listAll(admin)).toHaveLength(20);
    // At the limit, a retry of either outcome answers it again.
    const retry = await post("/api/webhook-endpoints", { url: `${HOOK}/20` }, { token: admin, key });
    expect(retry.status).toBe(racing[0]!.status);
    expect(await retry.json()).toEqual(await racing[0]!.json());
    expect(await errorOf(await post("/api/webhook-endpoints", { url: `${HOOK}/21` }, { token: admin }))).toMatchObject({
      status: 400,
      code: "INVALID_REQUEST",
    });
    expect((await call(`/api/webhook-endpoints/${made[0]!.id}`, { method: "DELETE", headers: { authorization: `Bearer ${admin}` } })).status).toBe(204);
    expect((await createEndpoint(admin, { url: `${HOOK}/21` })).url).toBe(`${HOOK}/21`);
  });
});

describe("GET /api/webhook-endpoints", () => {
  it("walks the account's endpoints newest first, one at a time, through opaque cursors", async () => {
    const { admin } = await accountWithAdmin();
    const ids: string[] = [];
    for (const n of [1, 2, 3]) ids.push((await createEndpoint(admin, { url: `${HOOK}/${n}` })).id);
    // Two made in the same millisecond still have one order: by id after time.
    await db.update(webhookEndpoints).set({ createdAt: 1_800_000_000_000 }).where(eq(webhookEndpoints.id, ids[2]!));
    await db.update(webhookEndpoints).set({ createdAt: 1_800_000_000_000 }).where(eq(webhookEndpoints.id, ids[1]!));
    const all = await listAll(admin);
    expect(all.map((endpoint) => endpoint.id)).toEqual([...[ids[1]!, ids[2]!].sort().reverse(), ids[0]]);
    const walked: string[] = [];
    let cursor: string | null = null;
    do {
      const response = await get(`/api/webhook-endpoints?limit=1${cursor ? `&cursor=${cursor}` : ""}`, admin);
      const page = (await response.json()) as EndpointPage;
      expect(page.data).toHaveLength(1);
      walked.push(page.data[0]!.id);
      cursor = page.nextCursor;
      if (cursor) expect(cursor).not.toContain("we_");
    } while (cursor);
    expect(walked).toEqual(all.map((endpoint) => endpoint.id));
  });

  it("refuses a malformed cursor and a limit outside 1–100 with 400 naming it", async () => {
    const { admin } = await accountWithAdmin();
    for (const query of ["cursor=not-a-cursor!", `cursor=${btoa('["x","we_1"]')}`, "limit=0", "limit=101"]) {
      const error = await errorOf(await get(`/api/webhook-endpoints?${query}`, admin));
      expect(error, query).toMatchObject({ status: 400, code: "INVALID_REQUEST" });
      expect(error.message).toContain(query.split("=")[0]!);
    }
  });
});

describe("PATCH /api/webhook-endpoints/:id", () => {
  it("changes url, events, host and description; null clears host and description; reads agree", async () => {
    const { accountId, host, admin } = await accountWithAdmin();
    const other = await seedHost({ accountId });
    const created = await createEndpoint(admin, { url: HOOK, host: host.username, description: "old" });
    const changed = await patch(created.id, { url: `${HOOK}/v2`, events: ["booking.rescheduled"], host: other.username, description: "new" }, admin);
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({
      id: created.id,
      url: `${HOOK}/v2`,
      events: ["booking.rescheduled"],
      host: other.username,
      description: "new",
      status: "enabled",
    });
    expect((await rowOf(created.id))?.hostId).toBe(other.userId);
    const cleared = (await (await patch(created.id, { host: null, description: null }, admin)).json()) as WebhookEndpointResource;
    expect(cleared).toMatchObject({ url: `${HOOK}/v2`, host: null, description: null, events: ["booking.rescheduled"] });
    expect(await (await get(`/api/webhook-endpoints/${created.id}`, admin)).json()).toEqual(cleared);
    expect((await storedSecretOf(created.id)).opened).toBe(created.secret);
  });

  it("disables with reason manual and enables again, clearing the reason and the failure streak", async () => {
    const { admin } = await accountWithAdmin();
    const created = await createEndpoint(admin, { url: HOOK });
    await db
      .update(webhookEndpoints)
      .set({ failingSince: Date.now() - 3_600_000 })
      .where(eq(webhookEndpoints.id, created.id));
    // Re-enabling an enabled endpoint must not restart the 5-day count of a failing one.
    expect((await patch(created.id, { status: "enabled" }, admin)).status).toBe(200);
    expect((await rowOf(created.id))?.failingSince).not.toBeNull();
    expect(await (await patch(created.id, { status: "disabled" }, admin)).json()).toMatchObject({ status: "disabled", disabledReason: "manual" });
    expect(await (await patch(created.id, { status: "enabled" }, admin)).json()).toMatchObject({ status: "enabled", disabledReason: null });
    expect(await rowOf(created.id)).toMatchObject({ status: "enabled", disabledReason: null, failingSince: null });
  });

  it("keeps the reason of an endpoint the dispatcher disabled when it is disabled again by hand", async () => {
    const { admin } = await accountWithAdmin();
    const created = await createEndpoint(admin, { url: HOOK });
    await db.update(webhookEndpoints).set({ status: "disabled", disabledReason: "gone" }).where(eq(webhookEndpoints.id, created.id));
    expect(await (await patch(created.id, { status: "disabled", description: "paused" }, admin)).json()).toMatchObject({
      status: "disabled",
      disabledReason: "gone",
    });
  });

  it("refuses an empty change, an unknown status, a bad field and an unknown host with 400, changing nothing", async () => {
    const { admin } = await accountWithAdmin();
    const created = await createEndpoint(admin, { url: HOOK });
    const cases: [unknown, string][] = [
      ["", "send at least one of"],
      [{}, "send at least one of"],
      [{ enabled: false }, "send at least one of"],
      [{ status: "paused" }, "status"],
      [{ url: null }, "url"],
      [{ events: [] }, "events"],
      [{ host: "no-such-host", description: "x" }, "host"],
    ];
    for (const [body, named] of cases) {
      const error = await errorOf(await patch(created.id, body, admin));
      expect(error, JSON.stringify(body)).toMatchObject({ status: 400, code: "INVALID_REQUEST" });
      expect(error.message).toContain(named);
    }
    expect(await rowOf(created.id)).toMatchObject({ url: HOOK, description: null, status: "enabled" });
  });
});

describe("DELETE /api/webhook-endpoints/:id", () => {
  it("answers 204, takes its deliveries and their log with it, is skipped by the handover of events waiting for it, and is NOT_FOUND after", async () => {
    const { accountId, admin } = await accountWithAdmin();
    const created = await createEndpoint(admin, { url: HOOK });
    const kept = await createEndpoint(admin, { url: `${HOOK}/kept` });
    // Only the test runs the kept one's dispatcher (it does not).
    await controlDispatcher(kept.id, { nowMs: LATER });
    const nowMs = Date.now();
    const failedOnce = {
      status: "pending" as const,
      createdAt: nowMs,
      nextAttemptAt: LATER,
      attempts: [{ at: nowMs, statusCode: 500, durationMs: 3, response: null, error: "HTTP 500" }],
    };
    const logged = { [created.id]: await seedDelivery(created.id, failedOnce), [kept.id]: await seedDelivery(kept.id, failedOnce) };
    // And an event committed for both, not yet handed to their dispatchers.
    const queued = `msg_${crypto.randomUUID().replaceAll("-", "")}`;
    await db
      .insert(webhookEvents)
      .values({ id: queued, accountId, hostId: null, type: "booking.created", body: "{}", createdAt: nowMs, endpointIds: [created.id, kept.id] });
    const remove = () => call(`/api/webhook-endpoints/${created.id}`, { method: "DELETE", headers: { authorization: `Bearer ${admin}` } });
    const response = await remove();
    expect(response.status).toBe(204);
    expect(await response.text()).toBe("");
    expect(await rowOf(created.id)).toBeUndefined();
    // deliveryOf hands the waiting event over first: to the kept endpoint only, and it waits no more.
    expect(await deliveryOf(kept.id, queued)).toMatchObject({ status: "pending" });
    expect(await outboxOf(kept.id)).toEqual([]);
    expect(await deliveryOf(created.id, queued)).toBeUndefined();
    expect(await deliveryOf(created.id, logged[created.id]!)).toBeUndefined();
    expect(await attemptsOf(created.id)).toEqual([]);
    expect(await deliveryOf(kept.id, logged[kept.id]!)).toMatchObject({ status: "pending" });
    expect(await attemptsOf(kept.id)).toHaveLength(1);
    expect(await errorOf(await get(`/api/webhook-endpoints/${created.id}`, admin))).toMatchObject({ status: 404, code: "NOT_FOUND" });
    expect(await errorOf(await remove())).toMatchObject({ status: 404, code: "NOT_FOUND" });
    expect((await listAll(admin)).map((endpoint) => endpoint.id)).toEqual([kept.id]);
  });
});

describe("POST /api/webhook-endpoints/:id/rotate-secret", () => {
  it("answers a new secret; the previous one keeps signing for 24 hours; a retry with the same key answers the same secret", async () => {
    const { admin } = await accountWithAdmin();
    const created = await createEndpoint(admin, { url: HOOK });
    const key = crypto.randomUUID();
    const before = Date.now();
    const response = await post(`/api/webhook-endpoints/${created.id}/rotate-secret`, {}, { token: admin, key });
    expect(response.status).toBe(200);
    const rotated = (await response.json()) as { secret: string };
    expect(rotated).toEqual({ secret: expect.stringMatching(SECRET) });
    expect(rotated.secret).not.toBe(created.secret);
    const row = await rowOf(created.id);
    expect(await storedSecretOf(created.id)).toMatchObject({ opened: rotated.secret, previousOpened: created.secret });
    expect(row?.previousSecretExpiresAt).toBeGreaterThanOrEqual(before + 24 * 3_600_000);
    expect(row?.previousSecretExpiresAt).toBeLessThanOrEqual(Date.now() + 24 * 3_600_000);
    const retry = await post(`/api/webhook-endpoints/${created.id}/rotate-secret`, {}, { token: admin, key });
    expect(retry.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await retry.json()).toEqual(rotated);
    expect((await storedSecretOf(created.id)).opened).toBe(rotated.secret);
    const record = await db.select().from(idempotencyRecords).where(eq(idempotencyRecords.idempotencyKey, key)).get();
    expect(record?.responseBody).not.toContain(rotated.secret.slice("whsec_".length, 30));
    expect(JSON.stringify(await (await get(`/api/webhook-endpoints/${created.id}`, admin)).json())).not.toContain("whsec_");
  });

  it("keeps only the secret it replaced: a second rotation drops the first secret", async () => {
    const { admin } = await accountWithAdmin();
    const created = await createEndpoint(admin, { url: HOOK });
    const rotate = async () =>
      ((await (await post(`/api/webhook-endpoints/${created.id}/rotate-secret`, {}, { token: admin })).json()) as { secret: string }).secret;
    const second = await rotate();
    const third = await rotate();
    expect(await storedSecretOf(created.id)).toMatchObject({ opened: third, previousOpened: second });
  });
});
