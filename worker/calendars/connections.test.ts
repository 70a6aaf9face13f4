/**
 * Connecting a calendar through the real OAuth flow against the fake providers: the authorization
 * URL, the single-use state, the code exchange with PKCE, what the API then shows (never a token),
 * choosing calendars, and disconnecting.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { calendarConnections } from "../db/schema";
import { connectCalendar, connectionsOf, fakeCalendars } from "../test/calendar-fixtures";
import { call, db, errorOf, post, seedHost } from "../test/fixtures";

function send(method: "PATCH" | "DELETE", path: string, token: string, body?: unknown) {
  return call(path, { method, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
}

describe("connecting a calendar", () => {
  it("answers an authorization URL with the contract's parameters, PKCE and a state", async () => {
    fakeCalendars();
    const host = await seedHost();
    const response = await post(`/api/hosts/${host.username}/calendar-connections`, { provider: "google" }, { token: host.token });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { id: string; status: string; authorizationUrl: string };
    expect(body.status).toBe("pending");
    const url = new URL(body.authorizationUrl);
    expect(`${url.origin}${url.pathname}`).toBe("https://google.fake/o/oauth2/v2/auth");
    expect(url.searchParams.get("redirect_uri")).toBe("https://bookora.test/oauth/callback/google");
    expect(url.searchParams.get("response_type")).toBe("code");
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
    expect(url.searchParams.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get("access_type")).toBe("offline");
    expect(url.searchParams.get("state")!.length).toBeGreaterThan(30);
    // Stored only as its hash: the database cannot replay it.
    const row = await db.select().from(calendarConnections).where(eq(calendarConnections.id, body.id)).get();
    expect(row?.stateHash).not.toContain(url.searchParams.get("state"));
  });

  for (const provider of ["google", "microsoft"] as const) {
    it(`${provider}: activates with the primary calendar checked and receiving events, and never shows a token`, async () => {
      const fakes = fakeCalendars();
      const host = await seedHost();
      const id = await connectCalendar(host, provider, fakes[provider]);
      const [connection] = await connectionsOf(host);
      expect(connection).toMatchObject({ id, provider, status: "active", accountEmail: fakes[provider].accountEmail, lastError: null });
      const primary = connection!.calendars.find((calendar) => calendar.primary);
      expect(primary).toMatchObject({ checkForConflicts: true, receivesEvents: true });
      const listing = JSON.stringify(connection);
      for (const token of [...fakes[provider].tokens().accessTokens, ...fakes[provider].tokens().refreshTokens]) expect(listing).not.toContain(token.token);
      // At rest too: the row holds them sealed, not in the clear.
      const row = await db.select().from(calendarConnections).where(eq(calendarConnections.id, id)).get();
      for (const token of fakes[provider].tokens().accessTokens) expect(row!.tokensSealed).not.toContain(token.token);
    });
  }

  it("uses a state once: the same callback again activates nothing and says the link is used", async () => {
    const fakes = fakeCalendars();
    const host = await seedHost();
    const started = (await (await post(`/api/hosts/${host.username}/calendar-connections`, { provider: "google" }, { token: host.token })).json()) as { authorizationUrl: string };
    const back = new URL((await fakes.google.fetch(new Request(started.authorizationUrl))).headers.get("location")!);
    expect((await call(`${back.pathname}${back.search}`)).status).toBe(200);
    const again = await call(`${back.pathname}${back.search}`);
    expect(again.status).toBe(400);
    expect(await again.text()).toContain("expired or was already used");
    expect(fakes.google.callCount("exchange")).toBe(1);
  });

  it("refuses an expired state, a made-up state and a refusal at the provider, activating nothing", async () => {
    const fakes = fakeCalendars();
    const host = await seedHost();
    const started = (await (await post(`/api/hosts/${host.username}/calendar-connections`, { provider: "google", returnUrl: "https://partner.example/done" }, { token: host.token })).json()) as {
      id: string;
      authorizationUrl: string;
    };
    expect((await call("/oauth/callback/google?code=x&state=made-up")).status).toBe(400);
    await db.update(calendarConnections).set({ stateExpiresAt: Date.now() - 1 }).where(eq(calendarConnections.id, started.id)).run();
    const back = new URL((await fakes.google.fetch(new Request(started.authorizationUrl))).headers.get("location")!);
    const expired = await call(`${back.pathname}${back.search}`);
    expect(expired.status).toBe(400);
    expect(fakes.google.callCount("exchange")).toBe(0);

    const second = (await (await post(`/api/hosts/${host.username}/calendar-connections`, { provider: "google", returnUrl: "https://partner.example/done" }, { token: host.token })).json()) as {
      id: string;
      authorizationUrl: string;
    };
    const state = new URL(second.authorizationUrl).searchParams.get("state")!;
    const denied = await call(`/oauth/callback/google?error=access_denied&state=${encodeURIComponent(state)}`);
    expect(denied.status).toBe(303);
    expect(denied.headers.get("location")).toBe(`https://partner.example/done?connection=${second.id}&status=error&reason=access_denied`);
    expect((await connectionsOf(host)).every((connection) => connection.status !== "active")).toBe(true);
  });

  it("says which settings a provider lacks instead of failing later", async () => {
    const host = await seedHost();
    const response = await post(`/api/hosts/${host.username}/calendar-connections`, { provider: "microsoft" }, { token: host.token, bindings: { MICROSOFT_CLIENT_ID: undefined } });
    expect(await errorOf(response)).toMatchObject({ status: 400, code: "INVALID_REQUEST" });
    expect((await errorOf(await post(`/api/hosts/${host.username}/calendar-connections`, { provider: "yahoo" }, { token: host.token }))).message).toContain("provider");
  });
});

describe("choosing calendars and disconnecting", () => {
  it("moves event delivery to another calendar (one per host), and refuses calendars of no connection", async () => {
    const fakes = fakeCalendars();
    const work = fakes.google.addCalendar("Work");
    const host = await seedHost();
    const id = await connectCalendar(host, "google", fakes.google);
    const path = `/api/hosts/${host.username}/calendar-connections/${id}`;
    const changed = await send("PATCH", path, host.token, { calendars: [{ id: work.id, checkForConflicts: true, receivesEvents: true }] });
    expect(changed.status).toBe(200);
    const calendars = ((await changed.json()) as { calendars: { id: string; receivesEvents: boolean; checkForConflicts: boolean }[] }).calendars;
    expect(calendars.filter((calendar) => calendar.receivesEvents).map((calendar) => calendar.id)).toEqual([work.id]);
    expect(calendars.filter((calendar) => calendar.checkForConflicts)).toHaveLength(2);
    const unknown = await send("PATCH", path, host.token, { calendars: [{ id: "nobody@else", receivesEvents: true }] });
    expect(await errorOf(unknown)).toMatchObject({ status: 400, code: "INVALID_REQUEST" });
    const two = await send("PATCH", path, host.token, { calendars: [{ id: work.id, receivesEvents: true }, { id: fakes.google.accountEmail, receivesEvents: true }] });
    expect((await errorOf(two)).message).toContain("at most one calendar receives events");
  });

  it("disconnects: 204, gone from the list, the grant revoked at Google; another host's token sees nothing", async () => {
    const fakes = fakeCalendars();
    const host = await seedHost();
    const stranger = await seedHost();
    const id = await connectCalendar(host, "google", fakes.google);
    const path = `/api/hosts/${host.username}/calendar-connections/${id}`;
    expect(await errorOf(await send("DELETE", path, stranger.token))).toMatchObject({ status: 404, code: "NOT_FOUND" });
    expect((await send("DELETE", path, host.token)).status).toBe(204);
    expect(await connectionsOf(host)).toEqual([]);
    expect(fakes.google.callCount("revoke")).toBe(1);
    expect(await errorOf(await send("DELETE", path, host.token))).toMatchObject({ status: 404, code: "NOT_FOUND" });
  });
});
