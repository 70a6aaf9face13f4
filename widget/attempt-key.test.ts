import { describe, expect, it } from "vitest";
import type { ApiFailure } from "./api";
import { isDefinite, keyFor, unfinishedAfter } from "./attempt-key";

const failure = (code: ApiFailure["code"], status: number): ApiFailure => ({ code, status, message: code });
const attempt = { fingerprint: '{"start":"2026-12-07T09:00:00Z"}', idempotencyKey: "key-1" };

describe("which key a second Confirm sends", () => {
  it("the same key after any answer that may hide a booking: a 500, a 502–504, a lost answer, a 408, a 429, a first try still running", () => {
    for (const open of [
      failure("INTERNAL", 500),
      failure("INTERNAL", 502),
      failure("INTERNAL", 503),
      failure("INTERNAL", 504),
      failure("NETWORK", 0),
      failure("INTERNAL", 408),
      failure("RATE_LIMITED", 429),
      failure("UNAUTHORIZED", 401),
      failure("IDEMPOTENCY_CONFLICT", 409),
    ]) {
      expect(isDefinite(open), `${open.status} ${open.code}`).toBe(false);
      expect(keyFor(attempt.fingerprint, unfinishedAfter({ ok: false, failure: open }, attempt)), `${open.status} ${open.code}`).toBe("key-1");
    }
  });

  it("a new key after a definite answer: booked, just taken, refused as sent, not found", () => {
    expect(unfinishedAfter({ ok: true, value: {} }, attempt)).toBeNull();
    for (const definite of [failure("SLOT_NOT_AVAILABLE", 409), failure("INVALID_REQUEST", 400), failure("INVALID_REQUEST", 413), failure("NOT_FOUND", 404)]) {
      expect(isDefinite(definite), `${definite.status} ${definite.code}`).toBe(true);
      expect(keyFor(attempt.fingerprint, unfinishedAfter({ ok: false, failure: definite }, attempt))).not.toBe("key-1");
    }
  });

  it("a new key when the visitor changed the time or their details, even after a 500", () => {
    const open = unfinishedAfter({ ok: false, failure: failure("INTERNAL", 500) }, attempt);
    expect(keyFor('{"start":"2026-12-07T09:30:00Z"}', open)).not.toBe("key-1");
    expect(keyFor(attempt.fingerprint, null)).toMatch(/^[0-9a-f-]{36}$/);
  });
});
