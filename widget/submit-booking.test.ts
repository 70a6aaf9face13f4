import { describe, expect, it } from "vitest";
import type { CreateBookingBody, CreateBookingResponse } from "../worker/domain/contract";
import type { ApiCall, ApiFailure, ApiResult } from "./api";
import { newIdempotencyKey } from "./idempotency-key";
import { backoffDelay, MAX_ATTEMPTS } from "./retry-policy";
import { submitBooking } from "./submit-booking";

const body: CreateBookingBody = { bookingType: "2", start: "2026-12-07T09:00:00Z", end: "2026-12-07T09:30:00Z", name: "Ada", email: "ada@example.com" };
const confirmed: ApiResult<CreateBookingResponse> = { ok: true, value: { bookingId: "b-1", status: "confirmed" } };
const failed = (failure: ApiFailure): ApiResult<CreateBookingResponse> => ({ ok: false, failure });
const network = failed({ code: "NETWORK", status: 0, message: "offline" });
const rateLimited = failed({ code: "RATE_LIMITED", status: 429, message: "slow down", retryAfter: 3 });
const taken = failed({ code: "SLOT_NOT_AVAILABLE", status: 409, message: "taken" });

/** A fake API answering each attempt with the next scripted result, remembering what it was asked and the keys it saw. */
function scriptedApi(...answers: ApiResult<CreateBookingResponse>[]) {
  const keys: string[] = [];
  const requests: { path: string; method?: string; body: unknown }[] = [];
  const call = (async (path: string, init?: RequestInit) => {
    requests.push({ path, method: init?.method, body: JSON.parse(String(init?.body)) });
    keys.push(new Headers(init?.headers).get("Idempotency-Key") ?? "");
    return answers[keys.length - 1] ?? confirmed;
  }) as ApiCall;
  return { keys, requests, call };
}

const noWait = { sleep: async () => {}, random: () => 0.5 };

describe("a booking attempt", () => {
  it("retries a lost answer and a 429 with the same Idempotency-Key, then succeeds", async () => {
    const api = scriptedApi(network, rateLimited, confirmed);
    const delays: number[] = [];
    const result = await submitBooking(api.call, body, "key-1", { ...noWait, onRetry: (_f, ms) => delays.push(ms) });
    expect(result).toEqual(confirmed);
    expect(api.requests[0]).toEqual({ path: "/api/bookings", method: "POST", body });
    expect(api.keys).toHaveLength(3);
    expect(api.keys).toEqual(["key-1", "key-1", "key-1"]);
    expect(delays[1]).toBeGreaterThanOrEqual(3000); // honours Retry-After: 3
  });

  it("does not retry a taken slot", async () => {
    const api = scriptedApi(taken);
    expect(await submitBooking(api.call, body, "key-1", noWait)).toEqual(taken);
    expect(api.keys).toHaveLength(1);
  });

  it("shows a 429 that asks for minutes at once instead of keeping the visitor waiting", async () => {
    const hourlyCap = failed({ code: "RATE_LIMITED", status: 429, message: "Too many bookings", retryAfter: 3_400 });
    const api = scriptedApi(hourlyCap, confirmed);
    const delays: number[] = [];
    expect(await submitBooking(api.call, body, "key-1", { ...noWait, onRetry: (_f, ms) => delays.push(ms) })).toEqual(hourlyCap);
    expect(api.keys).toHaveLength(1);
    expect(delays).toEqual([]);
  });

  it("gives up after a bounded number of attempts", async () => {
    const api = scriptedApi(...Array.from({ length: 10 }, () => network));
    expect(await submitBooking(api.call, body, "key-1", noWait)).toEqual(network);
    expect(api.keys).toHaveLength(MAX_ATTEMPTS);
  });
});

describe("idempotency keys", () => {
  it("are random version-4 UUIDs", () => {
    const keys = new Set(Array.from({ length: 50 }, newIdempotencyKey));
    expect(keys.size).toBe(50);
    for (const key of keys) expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe("backoff", () => {
  const failure: ApiFailure = { code: "NETWORK", status: 0, message: "offline" };

  it("grows exponentially, with jitter between half and all of the ceiling", () => {
    expect(backoffDelay(0, failure, () => 0)).toBe(300);
    expect(backoffDelay(0, failure, () => 1)).toBe(600);
    expect(backoffDelay(3, failure, () => 0)).toBe(2400);
    expect(backoffDelay(20, failure, () => 1)).toBe(10_000);
  });
});
