/**
 * A seeded world for requests to every operation of the OpenAPI document (the operations fuzz in
 * fuzz.test.ts, management-bad-input.test.ts): two accounts, each with hosts, booking types,
 * bookings, a webhook endpoint with a delivery, tokens and calendar connections waiting for their
 * OAuth flow, so each path parameter can name a real thing of the caller's account, one of another
 * account, or nothing. Tokens of every kind: all scopes, narrowed to one host, lacking scopes,
 * another account's, revoked; attendees' manage tokens, one of a booking that has started.
 *
 * Webhook messages go to a spy on fetch that answers 200 (nothing leaves the machine, and a
 * delivered message writes nothing to D1); after each test the accounts' endpoints are deleted and
 * their dispatchers forget them before the spy goes, so no dispatcher alarm sends anything later.
 */
import { env } from "cloudflare:workers";
import { eq, inArray } from "drizzle-orm";
import { afterEach, expect, vi } from "vitest";
import { bookings, serviceTokens, webhookEndpoints } from "../db/schema";
import { SCOPES, type Scope } from "../domain/scopes";
import { sha256Hex } from "../lib/crypto";
import { manageTokenFor, manageTokenKey } from "../manage/manage-token";
import { forgetEndpoint } from "../webhooks/dispatcher-client";
import { availableSlots, book, bookingRow, call, db, get, post, type SeededHost, seedAccount, seedHost, seedToken, upcoming } from "./fixtures";
import { holdSlot } from "./hold-fixtures";

export type Owner = "own" | "other";

/** A real value for a path parameter, and whose it is. */
export interface PathValue {
  value: string;
  label: string;
  /** The account it belongs to; none for values that belong to nobody (a date). */
  account?: Owner;
  /** The host it belongs to, for things of one host (a booking, a type, a connection). */
  host?: string;
}

export interface WorldToken {
  label: string;
  secret: string;
  account: Owner;
  /** The username it is narrowed to, or null for the whole account. */
  host: string | null;
  scopes: readonly Scope[];
}

export interface OperationWorld {
  /** The "own" account's token with every scope: what the fuzz mostly calls with. */
  ownToken: string;
  /** Tokens to call with (never the target of a revoke: see `pathValues`). */
  tokens: WorldToken[];
  revokedToken: string;
  /** Attendees' manage tokens; `hasStarted` for one of a booking whose start has passed. */
  manageTokens: { label: string; secret: string; bookingId: string; hasStarted: boolean }[];
  hosts: { username: string; account: Owner; typeRefs: string[] }[];
  /** Real values of path parameters, by `segment/{name}` (see `pathKey`). */
  pathValues: Record<string, PathValue[]>;
  /** States of connections waiting for their OAuth flow (the `state` of /oauth/connect and the callback). */
  states: { label: string; state: string; provider: "google" | "microsoft"; hasReturnUrl: boolean }[];
  /** Monday a week or two ahead (YYYY-MM-DD), where the hosts work; `slots` are its first offered starts. */
  workday: string;
  slots: string[];
}

/** The key of a path parameter in `pathValues`: the segment before it and its name ("bookings/{id}"). */
export function pathKey(template: string, name: string): string {
  const segments = template.split("/");
  const at = segments.indexOf(`{${name}}`);
  return `${segments[at - 1] ?? ""}/{${name}}`;
}

/**
 * `template` with each parameter a real value of the own account (the first there is, else "x"),
 * but `instead` (sent as written) for the parameter it names.
 */
export function realPath(template: string, world: OperationWorld, instead?: { name: string; value: string }): string {
  return template.replaceAll(/\{([^}]+)\}/g, (_whole, name: string) => {
    if (instead?.name === name) return instead.value;
    const own = (world.pathValues[pathKey(template, name)] ?? []).find((v) => v.account !== "other");
    return encodeURIComponent(own?.value ?? "x");
  });
}

const accountsOfThisTest: string[] = [];

/**
 * The accounts' webhook endpoints (the seeded ones and any a request created) are deleted and their
 * dispatchers told to forget them, and only then is the spy on fetch taken away: a delivery still
 * waiting would otherwise go out to the network once the test is over.
 */
afterEach(async () => {
  const accounts = accountsOfThisTest.splice(0);
  if (accounts.length > 0) {
    const endpoints = await db.select({ id: webhookEndpoints.id }).from(webhookEndpoints).where(inArray(webhookEndpoints.accountId, accounts));
    await db.delete(webhookEndpoints).where(inArray(webhookEndpoints.accountId, accounts));
    await Promise.all(endpoints.map(({ id }) => forgetEndpoint(env, id)));
  }
  vi.restoreAllMocks();
});

/** Every request the Worker sends out (webhook messages) answered 200, until the test ends. */
function answerOutboundFetch(): void {
  if (vi.isMockFunction(globalThis.fetch)) return;
  vi.spyOn(globalThis, "fetch").mockImplementation(async () => new Response("ok"));
}

export async function seedOperationWorld(): Promise<OperationWorld> {
  answerOutboundFetch();
  const ownAccount = await seedAccount();
  const otherAccount = await seedAccount();
  accountsOfThisTest.push(ownAccount, otherAccount);
  const ownToken = await seedToken(ownAccount, [...SCOPES]);
  const otherToken = await seedToken(otherAccount, [...SCOPES]);
  const first = await seedHost({
    accountId: ownAccount,
    types: [{ durationMinutes: 30 }, { durationMinutes: 60, durationOptions: [60, 90] }, { durationMinutes: 30, isPublic: false }],
  });
  const second = await seedHost({ accountId: ownAccount, timeZone: "America/Sao_Paulo" });
  const foreign = await seedHost({ accountId: otherAccount });

  const ownEndpoint = await createEndpoint(ownToken, "own");
  const otherEndpoint = await createEndpoint(otherToken, "other");

  const workday = upcoming(1);
  const slots = (await availableSlots(first, { startDate: workday, endDate: workday })).slice(0, 8);
  const byToken = await book(first, slots[0]!);
  const byVisitor = await book(first, slots[1]!, true);
  const moved = await book(first, slots[2]!);
  const movedTo = await reschedule(moved.bookingId, slots[3]!, first.token);
  const started = await startedBooking(first);
  const [secondSlot] = await availableSlots(second, { startDate: workday, endDate: workday });
  const ofSecond = await book(second, secondSlot!);
  const [foreignSlot] = await availableSlots(foreign, { startDate: workday, endDate: workday });
  const ofForeign = await book(foreign, foreignSlot!);
  // Checkout holds to renew and release, made with each account's token (an anonymous one is anyone's).
  const [, secondHeld] = await availableSlots(second, { startDate: workday, endDate: workday });
  const ownHold = await holdSlot(second, secondHeld!, { token: ownToken });
  const [foreignHeld] = await availableSlots(foreign, { startDate: workday, endDate: workday });
  const foreignHold = await holdSlot(foreign, foreignHeld!, { token: otherToken });

  const spare = [await seedToken(ownAccount, ["bookings:read"]), await seedToken(ownAccount, ["hosts:read"])];
  const otherSpare = await seedToken(otherAccount, ["bookings:read"]);
  const revokedToken = await seedToken(ownAccount, [...SCOPES]);
  await db
    .update(serviceTokens)
    .set({ revokedAt: Date.now() })
    .where(eq(serviceTokens.tokenHash, await sha256Hex(revokedToken)));

  const dayOff = upcoming(6, "Europe/London", 21);
  expect((await sendJson("PUT", `/api/hosts/${first.username}/overrides/${dayOff}`, ownToken, { intervals: [] })).status).toBe(200);
  const google = await connect(first, ownToken, { provider: "google" });
  const microsoft = await connect(first, ownToken, { provider: "microsoft", returnUrl: "https://bookora.test/settings/calendars" });
  const foreignConnection = await connect(foreign, otherToken, { provider: "google" });

  const host = (seeded: SeededHost, account: Owner) => ({
    username: seeded.username,
    account,
    typeRefs: seeded.types.flatMap((type) => [String(type.id), type.publicId]),
  });
  const ofHost = (seeded: SeededHost, account: Owner) => ({ account, host: seeded.username });
  return {
    ownToken,
    tokens: [
      { label: "own token, every scope", secret: ownToken, account: "own", host: null, scopes: SCOPES },
      { label: "own token narrowed to host 1", secret: first.token, account: "own", host: first.username, scopes: ["bookings:write", "hosts:write"] },
      { label: "own token narrowed to host 2", secret: second.token, account: "own", host: second.username, scopes: ["bookings:write", "hosts:write"] },
      {
        label: "own token, read scopes only",
        secret: await seedToken(ownAccount, ["bookings:read", "hosts:read"]),
        account: "own",
        host: null,
        scopes: ["bookings:read", "hosts:read"],
      },
      {
        label: "own token, webhooks:write only",
        secret: await seedToken(ownAccount, ["webhooks:write"]),
        account: "own",
        host: null,
        scopes: ["webhooks:write"],
      },
      { label: "own token, tokens:write only", secret: await seedToken(ownAccount, ["tokens:write"]), account: "own", host: null, scopes: ["tokens:write"] },
      { label: "other account's token, every scope", secret: otherToken, account: "other", host: null, scopes: SCOPES },
    ],
    revokedToken,
    manageTokens: [
      { label: "manage token of a visitor's booking", secret: byVisitor.manageToken!, bookingId: byVisitor.bookingId, hasStarted: false },
      { label: "manage token of a booking that has started", secret: started.manageToken, bookingId: started.id, hasStarted: true },
    ],
    hosts: [host(first, "own"), host(second, "own"), host(foreign, "other")],
    pathValues: {
      "hosts/{username}": [
        { value: first.username, label: "own host 1", ...ofHost(first, "own") },
        { value: second.username, label: "own host 2", ...ofHost(second, "own") },
        { value: foreign.username, label: "other account's host", ...ofHost(foreign, "other") },
      ],
      "booking-types/{ref}": [
        ...first.types.flatMap((type) => [
          { value: String(type.id), label: "own type, numeric id", ...ofHost(first, "own") },
          { value: type.publicId, label: "own type, bt- id", ...ofHost(first, "own") },
        ]),
        { value: second.types[0]!.publicId, label: "own type of host 2", ...ofHost(second, "own") },
        { value: String(foreign.types[0]!.id), label: "other account's type", ...ofHost(foreign, "other") },
      ],
      "bookings/{id}": [
        { value: byToken.bookingId, label: "own booking", ...ofHost(first, "own") },
        { value: byVisitor.bookingId, label: "own visitor's booking", ...ofHost(first, "own") },
        { value: moved.bookingId, label: "own rescheduled booking", ...ofHost(first, "own") },
        { value: movedTo, label: "own booking it moved to", ...ofHost(first, "own") },
        { value: started.id, label: "own booking that has started", ...ofHost(first, "own") },
        { value: ofSecond.bookingId, label: "own booking of host 2", ...ofHost(second, "own") },
        { value: ofForeign.bookingId, label: "other account's booking", ...ofHost(foreign, "other") },
      ],
      "holds/{holdId}": [
        { value: ownHold.holdId, label: "own token's hold", ...ofHost(second, "own") },
        { value: foreignHold.holdId, label: "other account's hold", ...ofHost(foreign, "other") },
      ],
      "calendar-connections/{id}": [
        { value: google.id, label: "own connection", ...ofHost(first, "own") },
        { value: microsoft.id, label: "own connection with a returnUrl", ...ofHost(first, "own") },
        { value: foreignConnection.id, label: "other account's connection", ...ofHost(foreign, "other") },
      ],
      "webhook-endpoints/{id}": [
        { value: ownEndpoint, label: "own endpoint", account: "own" },
        { value: otherEndpoint, label: "other account's endpoint", account: "other" },
      ],
      "deliveries/{eventId}": [
        { value: await firstEventOf(ownEndpoint, ownToken), label: "own delivery", account: "own" },
        { value: await firstEventOf(otherEndpoint, otherToken), label: "other account's delivery", account: "other" },
      ],
      // Never a token the fuzz calls with: a revoke of it would leave the rest of the run at 401.
      "tokens/{id}": [
        ...(await Promise.all(spare.map(async (secret) => ({ value: await tokenId(secret), label: "own spare token", account: "own" as const })))),
        { value: await tokenId(otherSpare), label: "other account's spare token", account: "other" },
      ],
      "overrides/{date}": [
        { value: dayOff, label: "a day off" },
        { value: upcoming(3, "Europe/London", 28), label: "a working day" },
      ],
    },
    states: [
      { label: "own google state", state: google.state, provider: "google", hasReturnUrl: false },
      { label: "own microsoft state with a returnUrl", state: microsoft.state, provider: "microsoft", hasReturnUrl: true },
      { label: "other account's google state", state: foreignConnection.state, provider: "google", hasReturnUrl: false },
    ],
    workday,
    slots: slots.slice(4).map((slot) => slot.start),
  };

  async function createEndpoint(token: string, account: Owner): Promise<string> {
    const response = await post(
      "/api/webhook-endpoints",
      { url: `https://fuzz-${account}.hooks.test/hook`, events: ["booking.created", "booking.cancelled", "booking.rescheduled"] },
      { token },
    );
    expect(response.status).toBe(201);
    return ((await response.json()) as { id: string }).id;
  }
}

function sendJson(method: string, path: string, token: string, body: unknown): Promise<Response> {
  return call(path, { method, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify(body) });
}

async function reschedule(bookingId: string, newSlot: { start: string; end: string }, token: string): Promise<string> {
  const response = await post(`/api/bookings/${bookingId}/reschedule`, { newSlot }, { token });
  expect(response.status).toBe(200);
  return ((await response.json()) as { newBookingId: string }).newBookingId;
}

/** A visitor's booking that began half an hour ago, written behind the API's back (the API books no past slot). */
async function startedBooking(host: SeededHost): Promise<{ id: string; manageToken: string }> {
  const startMs = Math.floor((Date.now() - 30 * 60_000) / 60_000) * 60_000;
  const id = crypto.randomUUID();
  const manageToken = await manageTokenFor(id, await manageTokenKey(env.MANAGE_TOKEN_KEY));
  await db.insert(bookings).values(bookingRow(host, startMs, startMs + 30 * 60_000, { id, manageTokenHash: await sha256Hex(manageToken) }));
  return { id, manageToken };
}

async function connect(host: SeededHost, token: string, body: { provider: string; returnUrl?: string }): Promise<{ id: string; state: string }> {
  const response = await post(`/api/hosts/${host.username}/calendar-connections`, body, { token });
  expect(response.status).toBe(201);
  const { id, authorizationUrl } = (await response.json()) as { id: string; authorizationUrl: string };
  return { id, state: new URL(authorizationUrl).searchParams.get("state")! };
}

async function firstEventOf(endpointId: string, token: string): Promise<string> {
  const response = await get(`/api/webhook-endpoints/${endpointId}/deliveries`, token);
  expect(response.status).toBe(200);
  const { data } = (await response.json()) as { data: { eventId: string }[] };
  expect(data.length).toBeGreaterThan(0);
  return data[0]!.eventId;
}

async function tokenId(secret: string): Promise<string> {
  const row = await db
    .select({ id: serviceTokens.id })
    .from(serviceTokens)
    .where(eq(serviceTokens.tokenHash, await sha256Hex(secret)))
    .get();
  return row!.id;
}
