/**
 * The sealed secret of a token creation's idempotency record: it opens only for the same caller
 * secret, Idempotency-Key and request, and holds nothing of the secret in the clear.
 */
import { describe, expect, it } from "vitest";
import type { IdempotencyTicket } from "../domain/idempotency";
import { randomToken } from "../lib/crypto";
import { sealSecret, unsealSecret } from "./sealed-secret";

const ticket: IdempotencyTicket = { scope: "token:tok_1", method: "POST", path: "/api/tokens", idempotencyKey: "key-1", fingerprint: "f1" };
const sealer = { callerSecret: "bk_live_caller", ticket };

describe("sealed secrets", () => {
  it("opens for the caller that sealed it, with the same key and request", async () => {
    const secret = randomToken("bk_live_");
    const sealed = await sealSecret(secret, sealer);
    expect(sealed).toMatch(/^sealed:v1:[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain(secret.slice("bk_live_".length, "bk_live_".length + 8));
    expect(await unsealSecret(sealed, sealer)).toBe(secret);
  });

  it("stays shut for another caller secret, another key, another request body, or tampered bytes", async () => {
    const sealed = await sealSecret("bk_live_secret", sealer);
    expect(await unsealSecret(sealed, { ...sealer, callerSecret: "bk_live_other" })).toBeNull();
    expect(await unsealSecret(sealed, { ...sealer, ticket: { ...ticket, idempotencyKey: "key-2" } })).toBeNull();
    expect(await unsealSecret(sealed, { ...sealer, ticket: { ...ticket, fingerprint: "f2" } })).toBeNull();
    const last = sealed.at(-2) === "A" ? "B" : "A";
    expect(await unsealSecret(`${sealed.slice(0, -2)}${last}${sealed.at(-1)}`, sealer)).toBeNull();
    expect(await unsealSecret("sealed:v1:short", sealer)).toBeNull();
    expect(await unsealSecret("bk_live_secret", sealer)).toBeNull();
  });
});
