/**
 * Checkout holds in tests (design.md "Holds"), driven over HTTP like everything else: place, renew
 * and release a hold as the widget (no token) or a partner's server (a token) would, and look at
 * what the host's object keeps of them in its storage and alarm.
 */
import { runInDurableObject } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { expect } from "vitest";
import { slotHolds } from "../db/schema";
import type { HoldResponse } from "../domain/contract";
import type { HostScheduler } from "../host-scheduler/host-scheduler";
import { call, db, post, type SeededHost } from "./fixtures";
import { schedulerOf } from "./scheduler-control";

export interface HoldOptions {
  token?: string;
  ip?: string;
  key?: string;
  ttlSeconds?: number;
  bookingType?: string;
  bindings?: Partial<Env>;
}

/** POST /api/holds on `host`'s first type (or `bookingType`). */
export function postHold(host: SeededHost, slot: { start: string; end: string }, options: HoldOptions = {}): Promise<Response> {
  const body: Record<string, unknown> = { bookingType: options.bookingType ?? String(host.types[0]!.id), start: slot.start, end: slot.end };
  if (options.ttlSeconds !== undefined) body.ttlSeconds = options.ttlSeconds;
  return post("/api/holds", body, { token: options.token, ip: options.ip, key: options.key, bindings: options.bindings });
}

/** Holds `slot`; expects 201 and answers the hold. */
export async function holdSlot(host: SeededHost, slot: { start: string; end: string }, options: HoldOptions = {}): Promise<HoldResponse> {
  const response = await postHold(host, slot, options);
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as HoldResponse;
}

export function renewHold(holdId: string, body: Record<string, unknown> = {}, options: { token?: string; ip?: string; key?: string } = {}) {
  return post(`/api/holds/${holdId}/renew`, body, options);
}

export function releaseHold(holdId: string, options: { token?: string; ip?: string } = {}) {
  const headers: Record<string, string> = options.token ? { authorization: `Bearer ${options.token}` } : {};
  return call(`/api/holds/${holdId}`, { method: "DELETE", headers, ip: options.ip });
}

/** The holds the host's object keeps in its storage, by id. */
export async function storedHoldIds(host: SeededHost): Promise<string[]> {
  return runInDurableObject(schedulerOf(host), async (_scheduler: HostScheduler, state) => {
    const stored = await state.storage.list({ prefix: "hold:" });
    return [...stored.keys()].map((key) => key.slice("hold:".length)).sort();
  });
}

/** When the host's object's alarm is set for (null: none). */
export function alarmOf(host: SeededHost): Promise<number | null> {
  return runInDurableObject(schedulerOf(host), (_scheduler: HostScheduler, state) => state.storage.getAlarm());
}

/** The hold's D1 row (its host and the per-address cap), if any. */
export function holdRow(holdId: string) {
  return db.select().from(slotHolds).where(eq(slotHolds.id, holdId)).get();
}
