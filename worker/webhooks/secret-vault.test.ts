/**
 * Signing secrets at rest (design-management.md "Limits and abuse"): D1 holds them sealed under a
 * key derived from the deployment's MANAGE_TOKEN_KEY, bound to their endpoint, so a copy of the
 * database alone signs nothing. A secret stored in plaintext before sealing still signs, and the
 * hourly sweep seals it in place.
 */

import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { webhookEndpoints } from "../db/schema";
import { SCOPES } from "../domain/scopes";
import { availableSlots, book, db, post, seedHost, seedToken, upcoming } from "../test/fixtures";
import {
  attemptsOf,
  controlDispatcher,
  cronRun,
  dispatcherOf,
  LATER,
  receiver,
  runDeliveries,
  seedEndpoint,
  signedBy,
  storedSecretOf,
} from "../test/webhook-fixtures";
import type { CreatedWebhookEndpointResource } from "./endpoint-store";
import { openSigningSecret } from "./secret-vault";

/** Another deployment's key (32 bytes, base64). */
const OTHER_DEPLOYMENT_KEY = "b3RoZXItZGVwbG95bWVudC1rZXktMzItYnl0ZXMhISE=";

async function hostWithSlots() {
  const host = await seedHost();
  const day = upcoming(4);
  return { host, slots: await availableSlots(host, { startDate: day, endDate: day }) };
}

describe("a created endpoint's secret", () => {
  it("is stored sealed (the row holds no trace of it), and the messages it signs verify with the secret the create answered", async () => {
    const { host, slots } = await hostWithSlots();
    const admin = await seedToken(host.accountId, [...SCOPES]);
    const rx = receiver();
    const response = await post("/api/webhook-endpoints", { url: rx.url }, { token: admin });
    expect(response.status).toBe(201);
    const created = (await response.json()) as CreatedWebhookEndpointResource;
    await controlDispatcher(created.id, { nowMs: LATER });

    const { stored, opened } = await storedSecretOf(created.id);
    expect(stored).toMatch(/^sealed:v1:/);
    const randomPart = created.secret.slice("whsec_".length);
    for (const piece of [randomPart.slice(0, 16), randomPart.slice(16, 32)]) expect(stored).not.toContain(piece);
    expect(opened).toBe(created.secret);

    await book(host, slots[0]!);
    await runDeliveries(created.id);
    expect(rx.received).toHaveLength(1);
    expect(signedBy(created.secret, rx.received[0]!)).toBe(true);
  });

  it("does not open from a copy of the database alone: not under another deployment's key, nor on another endpoint's row", async () => {
    const { host } = await hostWithSlots();
    const endpoint = await seedEndpoint(host.accountId, receiver().url);
    const { stored } = await storedSecretOf(endpoint.id);
    expect(await openSigningSecret(env, endpoint.id, stored)).toBe(endpoint.secret);
    expect(await openSigningSecret({ MANAGE_TOKEN_KEY: OTHER_DEPLOYMENT_KEY }, endpoint.id, stored)).toBeNull();
    expect(await openSigningSecret(env, `we_${"0".repeat(32)}`, stored)).toBeNull();
  });

  it("fault: a sealed secret copied onto another endpoint's row sends nothing from it; the attempt logs why", async () => {
    const { host, slots } = await hostWithSlots();
    const donor = await seedEndpoint(host.accountId, receiver().url, { events: ["booking.cancelled"] });
    const rx = receiver();
    const endpoint = await seedEndpoint(host.accountId, rx.url);
    await db
      .update(webhookEndpoints)
      .set({ secret: (await storedSecretOf(donor.id)).stored })
      .where(eq(webhookEndpoints.id, endpoint.id));
    await book(host, slots[0]!);

    await runDeliveries(endpoint.id);

    expect(rx.received).toHaveLength(0);
    const [attempt] = await attemptsOf(endpoint.id);
    expect(attempt?.error).toMatch(/^not sent: the signing secret does not open/);
  });
});

describe("a secret stored in plaintext before sealing", () => {
  it("still signs; the hourly sweep seals it and the previous one in place, and the same secrets sign after", async () => {
    const { host, slots } = await hostWithSlots();
    const rx = receiver();
    const previous = `whsec_${btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))))}`;
    const endpoint = await seedEndpoint(host.accountId, rx.url, { plaintextSecret: true, previousSecret: previous, previousSecretExpiresAt: LATER + 60_000 });
    expect((await storedSecretOf(endpoint.id)).stored).toBe(endpoint.secret);
    await book(host, slots[0]!);
    await runDeliveries(endpoint.id);
    expect(signedBy(endpoint.secret, rx.received[0]!)).toBe(true);

    await cronRun("23 * * * *");

    expect(await storedSecretOf(endpoint.id)).toMatchObject({
      stored: expect.stringMatching(/^sealed:v1:/),
      opened: endpoint.secret,
      previousStored: expect.stringMatching(/^sealed:v1:/),
      previousOpened: previous,
    });
    // The dispatcher drops its copy of the row, so the next run signs with the sealed secrets.
    await dispatcherOf(endpoint.id).endpointChanged(endpoint.id, false);
    await book(host, slots[2]!);
    await runDeliveries(endpoint.id);
    expect(rx.received).toHaveLength(2);
    expect(signedBy(endpoint.secret, rx.received[1]!)).toBe(true);
    expect(signedBy(previous, rx.received[1]!)).toBe(true);
  });
});
