/**
 * Which bearer tokens open anything: the demo data's `bk_test_` tokens only where the deployment
 * says DEMO_TOKENS=on (design-management.md "Limits and abuse").
 */
import { describe, expect, it } from "vitest";
import { serviceTokens } from "../db/schema";
import { sha256Hex } from "../lib/crypto";
import { call, db, errorOf, seedAccount, seedHost } from "../test/fixtures";

/** A `bk_test_` token of the host's account, as seed/demo.sql writes them. */
async function demoToken(accountId: string, hostId: number): Promise<string> {
  const token = `bk_test_${crypto.randomUUID().replaceAll("-", "")}`;
  await db.insert(serviceTokens).values({
    id: `tok_demo${crypto.randomUUID().slice(0, 8)}`,
    accountId,
    hostId,
    name: "demo",
    scopes: ["hosts:write"],
    tokenHash: await sha256Hex(token),
    last4: token.slice(-4),
  });
  return token;
}

describe("the demo data's bk_test_ tokens", () => {
  it("are refused with 401 as a deployment has it (DEMO_TOKENS off), even when their row is in the database", async () => {
    const host = await seedHost({ accountId: await seedAccount() });
    const token = await demoToken(host.accountId, host.userId);
    const response = await call(`/api/hosts/${host.username}`, { headers: { authorization: `Bearer ${token}` } });
    expect(await errorOf(response)).toMatchObject({ status: 401, code: "UNAUTHORIZED" });
    // Another deployment setting than "on" is off too.
    const typo = await call(`/api/hosts/${host.username}`, { headers: { authorization: `Bearer ${token}` }, bindings: { DEMO_TOKENS: "yes" } });
    expect(typo.status).toBe(401);
  });

  it("are accepted where DEMO_TOKENS=on (npm start, the e2e and bench servers)", async () => {
    const host = await seedHost({ accountId: await seedAccount() });
    const token = await demoToken(host.accountId, host.userId);
    const response = await call(`/api/hosts/${host.username}`, { headers: { authorization: `Bearer ${token}` }, bindings: { DEMO_TOKENS: "on" } });
    expect(response.status).toBe(200);
  });
});
