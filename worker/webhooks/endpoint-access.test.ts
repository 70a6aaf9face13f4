/**
 * Who may call the webhook endpoint API: account-wide service tokens with webhooks:write, for reads
 * too. A narrowed token or one without the scope is FORBIDDEN, no token or a manage token is
 * UNAUTHORIZED, and another account's endpoints are NOT_FOUND (never FORBIDDEN) and left unchanged.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { webhookEndpoints, webhookEvents } from "../db/schema";
import { SCOPES } from "../domain/scopes";
import { call, db, errorOf, post, seedAccount, seedHost, seedToken } from "../test/fixtures";
import { inDeliveryLog, seedDelivery } from "../test/webhook-fixtures";
import { deliveries as logged } from "./delivery-log";
import type { CreatedWebhookEndpointResource } from "./endpoint-store";

const HOOK = "https://example.com/hooks/bookora";

/** Every operation on one endpoint (or the collection), as `token` would call it. */
function everyCall(endpointId: string, eventId: string) {
  const base = `/api/webhook-endpoints/${endpointId}`;
  const withToken = (token: string | undefined, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (token) headers.set("authorization", `Bearer ${token}`);
    headers.set("idempotency-key", crypto.randomUUID());
    headers.set("content-type", "application/json");
    return { ...init, headers };
  };
  return [
    (token?: string) => call("/api/webhook-endpoints", withToken(token, { method: "POST", body: JSON.stringify({ url: HOOK }) })),
    (token?: string) => call("/api/webhook-endpoints", withToken(token)),
    (token?: string) => call(base, withToken(token)),
    (token?: string) => call(base, withToken(token, { method: "PATCH", body: JSON.stringify({ status: "disabled" }) })),
    (token?: string) => call(base, withToken(token, { method: "DELETE" })),
    (token?: string) => call(`${base}/rotate-secret`, withToken(token, { method: "POST", body: "{}" })),
    (token?: string) => call(`${base}/test`, withToken(token, { method: "POST", body: "{}" })),
    (token?: string) => call(`${base}/deliveries`, withToken(token)),
    (token?: string) => call(`${base}/deliveries/${eventId}/retry`, withToken(token, { method: "POST", body: "{}" })),
  ];
}

/** An account with an endpoint that has one failed delivery; the endpoint's row as it was made. */
async function accountWithEndpoint() {
  const accountId = await seedAccount();
  const host = await seedHost({ accountId });
  const admin = await seedToken(accountId, [...SCOPES]);
  const response = await post("/api/webhook-endpoints", { url: HOOK }, { token: admin });
  expect(response.status).toBe(201);
  const endpoint = (await response.json()) as CreatedWebhookEndpointResource;
  const eventId = await seedDelivery(endpoint.id, { status: "failed", createdAt: Date.now() });
  const row = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint.id)).get();
  return { accountId, host, admin, endpoint, eventId, row };
}

async function unchanged(endpointId: string, eventId: string) {
  const endpoint = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpointId)).get();
  const deliveries = await inDeliveryLog(endpointId, (log) => log.select().from(logged).all());
  const events = await db
    .select()
    .from(webhookEvents)
    .where(eq(webhookEvents.accountId, endpoint?.accountId ?? ""));
  return { endpoint, deliveries, eventCount: events.length, eventId };
}

describe("who may manage webhook endpoints", () => {
  it("answers 403 FORBIDDEN to a host-narrowed token and to a token without webhooks:write, for every operation", async () => {
    const { accountId, host, endpoint, eventId } = await accountWithEndpoint();
    const before = await unchanged(endpoint.id, eventId);
    const withoutScope = await seedToken(accountId, ["bookings:write", "hosts:write", "tokens:write"]);
    // Neither the API nor the CLI makes one, but a narrowed token holding webhooks:write still gets no say.
    const narrowedWithScope = await seedToken(accountId, ["webhooks:write", "bookings:read"], host.userId);
    for (const token of [host.token, withoutScope, narrowedWithScope]) {
      for (const [index, operation] of everyCall(endpoint.id, eventId).entries()) {
        expect(await errorOf(await operation(token)), `operation ${index}`).toMatchObject({ status: 403, code: "FORBIDDEN" });
      }
    }
    expect(await unchanged(endpoint.id, eventId)).toEqual(before);
  });

  it("answers 401 UNAUTHORIZED without a token and to an attendee's manage token", async () => {
    const { endpoint, eventId } = await accountWithEndpoint();
    for (const token of [undefined, `bkm_${"a".repeat(43)}`]) {
      for (const [index, operation] of everyCall(endpoint.id, eventId).entries()) {
        expect(await errorOf(await operation(token)), `operation ${index}`).toMatchObject({ status: 401, code: "UNAUTHORIZED" });
      }
    }
  });

  it("answers 404 NOT_FOUND to another account for every operation on an endpoint, and lists none of it", async () => {
    const { endpoint, eventId } = await accountWithEndpoint();
    const before = await unchanged(endpoint.id, eventId);
    const stranger = await seedToken(await seedAccount(), [...SCOPES]);
    const [, list, ...onOne] = everyCall(endpoint.id, eventId);
    for (const [index, operation] of onOne.entries()) {
      expect(await errorOf(await operation(stranger)), `operation ${index + 2}`).toMatchObject({ status: 404, code: "NOT_FOUND" });
    }
    expect(await (await list!(stranger)).json()).toEqual({ data: [], nextCursor: null });
    expect(await unchanged(endpoint.id, eventId)).toEqual(before);
  });

  it("answers 404 NOT_FOUND for an unknown or malformed endpoint id, and an unknown or malformed event id", async () => {
    const { admin, endpoint } = await accountWithEndpoint();
    for (const id of ["we_00000000000000000000000000000000", "nope", "we_%2e%2e", `we_${"a".repeat(65)}`]) {
      const [, , ...onOne] = everyCall(id, "msg_0");
      for (const [index, operation] of onOne.entries()) {
        expect(await errorOf(await operation(admin)), `${id}: operation ${index + 2}`).toMatchObject({ status: 404, code: "NOT_FOUND" });
      }
    }
    for (const eventId of ["msg_00000000000000000000000000000000", "evt_1", "msg_"]) {
      const retry = everyCall(endpoint.id, eventId).at(-1)!;
      expect(await errorOf(await retry(admin)), eventId).toMatchObject({ status: 404, code: "NOT_FOUND" });
    }
  });
});
