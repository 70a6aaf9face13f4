/**
 * Connecting a calendar through the real OAuth flow against the fake providers: the connect page
 * that names the host and the account, its Continue and the cookie that binds the flow to that
 * browser, the single-use state, the code exchange with PKCE, where the host may be sent back, what
 * the API then shows (never a token), choosing calendars, and disconnecting.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { accounts, calendarConnections, users } from "../db/schema";
import { connectCalendar, connectionsOf, type FakeCalendars, fakeCalendars, pressContinue } from "../test/calendar-fixtures";
import { call, countingRateLimiters, db, errorOf, post, type SeededHost, seedHost } from "../test/fixtures";

function send(method: "PATCH" | "DELETE", path: string, token: string, body?: unknown) {
  return call(path, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

const PARTNER = "https://partner.example";

/** A host whose account embeds the widget on PARTNER (a booking type lists it in allowedOrigins). */
function seedPartnerHost(): Promise<SeededHost> {
  return seedHost({ types: [{ allowedOrigins: [PARTNER] }] });
}

async function start(host: SeededHost, body: Record<string, unknown> = { provider: "google" }) {
  const response = await post(`/api/hosts/${host.username}/calendar-connections`, body, { token: host.token });
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as { id: string; status: string; authorizationUrl: string };
}

/** The provider's consent (auto-approved by the fake) for `consentUrl`: our callback's path and query. */
async function consentAt(fakes: FakeCalendars, consentUrl: string): Promise<string> {
  const back = new URL((await fakes.google.fetch(new Request(consentUrl))).headers.get("location")!);
  return `${back.pathname}${back.search}`;
}

function pressContinueFrom(origin: string, state: string, extra: Record<string, string> = {}) {
  return call("/oauth/connect", {
    method: "POST",
    headers: { ...(origin ? { origin } : {}), "content-type": "application/x-www-form-urlencoded", ...extra },
    body: new URLSearchParams({ state }).toString(),
  });
}

async function statusOf(id: string) {
  return (await db.select().from(calendarConnections).where(eq(calendarConnections.id, id)).get())?.status;
}

describe("connecting a calendar", () => {
  it("answers the URL of our connect page, which names the host, the account and the provider, and cannot be framed", async () => {
    fakeCalendars();
    const host = await seedHost();
    await db.update(users).set({ name: "Jun Hepulou" }).where(eq(users.id, host.userId)).run();
    await db.update(accounts).set({ name: "Harbour Clinic" }).where(eq(accounts.id, host.accountId)).run();
    const body = await start(host);
    expect(body.status).toBe("pending");
    const url = new URL(body.authorizationUrl);
    expect(`${url.origin}${url.pathname}`).toBe("https://bookora.test/oauth/connect");
    const page = await call(`${url.pathname}${url.search}`);
    expect(page.status).toBe(200);
    const text = (await page.text()).replace(/\s+/g, " ");
    expect(text).toContain("Connect a Google calendar to Jun Hepulou");
    expect(text).toContain("<strong>Harbour Clinic</strong> uses Bookora to take bookings for <strong>Jun Hepulou</strong>");
    expect(text).toMatch(/<form method="post" action="\/oauth\/connect">/);
    expect(text).toContain(`name="state" value="${url.searchParams.get("state")}"`);
    expect(text).toContain("Continue to Google");
    const csp = page.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("form-action 'self' https://google.fake;");
    expect(csp).not.toContain("script-src");
    expect(page.headers.get("x-frame-options")).toBe("DENY");
    expect(page.headers.get("cache-control")).toBe("no-store");
    // Showing the page sets nothing and starts nothing: a link preview is harmless.
    expect(page.headers.get("set-cookie")).toBeNull();
  });

  it("Continue sets a short-lived HttpOnly cookie for /oauth and goes on to the provider with the contract's parameters, PKCE and the state", async () => {
    fakeCalendars();
    const host = await seedHost();
    const body = await start(host);
    const state = new URL(body.authorizationUrl).searchParams.get("state")!;
    const pressed = await pressContinueFrom("https://bookora.test", state, { "sec-fetch-site": "same-origin" });
    expect(pressed.status).toBe(303);
    const url = new URL(pressed.headers.get("location")!);
    expect(`${url.origin}${url.pathname}`).toBe("https://google.fake/o/oauth2/v2/auth");
    expect(url.searchParams.get("redirect_uri")).toBe("https://bookora.test/oauth/callback/google");
    expect(url.searchParams.get("response_type")).toBe("code");
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
    expect(url.searchParams.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get("access_type")).toBe("offline");
    expect(url.searchParams.get("state")).toBe(state);
    expect(state.length).toBeGreaterThan(30);
    const [cookie, ...more] = pressed.headers.getSetCookie();
    expect(more).toEqual([]);
    const [pair, ...attributes] = cookie!.split("; ");
    expect(pair).toMatch(new RegExp(`^__Secure-bookora_oauth_${body.id}=[A-Za-z0-9_-]{43}$`));
    // The value is no secret of the flow's: neither the state nor anything stored.
    expect(pair).not.toContain(state);
    const maxAge = Number(attributes.find((attribute) => attribute.startsWith("Max-Age="))?.slice("Max-Age=".length));
    expect(maxAge).toBeGreaterThan(590);
    expect(maxAge).toBeLessThanOrEqual(600);
    expect(attributes).toEqual(expect.arrayContaining(["Path=/oauth", "HttpOnly", "Secure", "SameSite=Lax"]));
    expect(pressed.headers.get("referrer-policy")).toBe("no-referrer");
    // Stored only as its hash: the database cannot replay it.
    const row = await db.select().from(calendarConnections).where(eq(calendarConnections.id, body.id)).get();
    expect(row?.stateHash).not.toContain(state);
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

  it("activates nothing when the provider sends back a browser without the cookie (a consent link passed on), shows why, and uses the state up", async () => {
    const fakes = fakeCalendars();
    const host = await seedPartnerHost();
    const started = await start(host, { provider: "google", returnUrl: `${PARTNER}/done` });
    const { consentUrl, cookie } = await pressContinue(started.authorizationUrl);
    const callback = await consentAt(fakes, consentUrl);
    const stranger = await call(callback);
    // Our page, not the partner's: whoever arrived is not whom returnUrl expects.
    expect(stranger.status).toBe(400);
    expect((await stranger.text()).replace(/\s+/g, " ")).toContain("this browser did not start it");
    expect(fakes.google.callCount("exchange")).toBe(0);
    expect(await statusOf(started.id)).toBe("error");
    expect((await connectionsOf(host))[0]?.lastError).toContain("had not pressed Continue");
    // The code it carried is dead even for the browser that did press Continue.
    const owner = await call(callback, { headers: { cookie } });
    expect(owner.status).toBe(400);
    expect(await owner.text()).toContain("expired or was already used");
    expect(fakes.google.callCount("exchange")).toBe(0);
  });

  it("does not complete a connection with the cookie another connection's Continue set, under its own name or this one's", async () => {
    const fakes = fakeCalendars();
    const host = await seedHost();
    const [first, second, third] = [await start(host), await start(host), await start(host)];
    const firstPressed = await pressContinue(first!.authorizationUrl);
    const [secondPressed, thirdPressed] = [await pressContinue(second!.authorizationUrl), await pressContinue(third!.authorizationUrl)];

    const withOther = await call(await consentAt(fakes, secondPressed.consentUrl), { headers: { cookie: firstPressed.cookie } });
    expect(withOther.status).toBe(400);
    expect(await withOther.text()).toContain("this browser did not start it");

    const firstValue = firstPressed.cookie.split("=")[1];
    const renamed = `__Secure-bookora_oauth_${third!.id}=${firstValue}`;
    const withRenamed = await call(await consentAt(fakes, thirdPressed.consentUrl), { headers: { cookie: renamed } });
    expect(withRenamed.status).toBe(400);
    expect([await statusOf(second!.id), await statusOf(third!.id)]).toEqual(["error", "error"]);
    expect(fakes.google.callCount("exchange")).toBe(0);

    // Its own browser still completes it, and is told to forget the cookie.
    const own = await call(await consentAt(fakes, firstPressed.consentUrl), { headers: { cookie: firstPressed.cookie } });
    expect(own.status).toBe(200);
    expect(own.headers.getSetCookie()).toEqual([expect.stringMatching(new RegExp(`^__Secure-bookora_oauth_${first!.id}=; Max-Age=0; Path=/oauth;`))]);
    expect(await statusOf(first!.id)).toBe("active");
  });

  it("refuses a Continue posted from another site, or without an Origin, setting no cookie", async () => {
    fakeCalendars();
    const host = await seedHost();
    const started = await start(host);
    const state = new URL(started.authorizationUrl).searchParams.get("state")!;
    for (const refused of [
      await pressContinueFrom("https://evil.example", state),
      await pressContinueFrom("null", state),
      await pressContinueFrom("", state),
      await pressContinueFrom("https://bookora.test", state, { "sec-fetch-site": "cross-site" }),
    ]) {
      expect(refused.status).toBe(403);
      expect(refused.headers.get("set-cookie")).toBeNull();
      expect(await refused.text()).toContain("Continue must be pressed on Bookora&#39;s own page");
    }
    expect(await statusOf(started.id)).toBe("pending");
  });

  it("answers a Continue whose body is not the form (unparseable, another type, oversized) with a 400 page, setting no cookie", async () => {
    fakeCalendars();
    const host = await seedHost();
    const started = await start(host);
    const state = new URL(started.authorizationUrl).searchParams.get("state")!;
    const bodies: [string, BodyInit][] = [
      ["multipart/form-data; boundary=x", "garbage"],
      ["application/json", JSON.stringify({ state })],
      ["application/x-www-form-urlencoded", `state=${state}&padding=${"x".repeat(10_000)}`],
    ];
    for (const [contentType, body] of bodies) {
      const refused = await call("/oauth/connect", { method: "POST", headers: { origin: "https://bookora.test", "content-type": contentType }, body });
      expect(refused.status, contentType).toBe(400);
      expect(refused.headers.get("content-type")).toContain("text/html");
      expect(refused.headers.get("set-cookie")).toBeNull();
    }
    expect(await statusOf(started.id)).toBe("pending");
  });

  it("shows a clear page for a connect link that is made up, expired or already used", async () => {
    const fakes = fakeCalendars();
    const host = await seedHost();
    const made = await call("/oauth/connect?state=st_made-up");
    expect(made.status).toBe(400);
    expect(await made.text()).toContain("expired or was already used");
    const expired = await start(host);
    await db
      .update(calendarConnections)
      .set({ stateExpiresAt: Date.now() - 1 })
      .where(eq(calendarConnections.id, expired.id))
      .run();
    const expiredUrl = new URL(expired.authorizationUrl);
    expect((await call(`${expiredUrl.pathname}${expiredUrl.search}`)).status).toBe(400);
    expect((await pressContinueFrom("https://bookora.test", expiredUrl.searchParams.get("state")!)).status).toBe(400);

    const used = await start(host);
    const { consentUrl, cookie } = await pressContinue(used.authorizationUrl);
    expect((await call(await consentAt(fakes, consentUrl), { headers: { cookie } })).status).toBe(200);
    const usedUrl = new URL(used.authorizationUrl);
    const again = await call(`${usedUrl.pathname}${usedUrl.search}`);
    expect(again.status).toBe(400);
    expect(await again.text()).toContain("expired or was already used");
  });

  it("uses a state once: the same callback again activates nothing and says the link is used", async () => {
    const fakes = fakeCalendars();
    const host = await seedHost();
    const started = await start(host);
    const { consentUrl, cookie } = await pressContinue(started.authorizationUrl);
    const back = await consentAt(fakes, consentUrl);
    expect((await call(back, { headers: { cookie } })).status).toBe(200);
    const again = await call(back, { headers: { cookie } });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain("expired or was already used");
    expect(fakes.google.callCount("exchange")).toBe(1);
  });

  it("refuses an expired state, a made-up state and a refusal at the provider, activating nothing", async () => {
    const fakes = fakeCalendars();
    const host = await seedPartnerHost();
    const started = await start(host, { provider: "google", returnUrl: `${PARTNER}/done` });
    expect((await call("/oauth/callback/google?code=x&state=made-up")).status).toBe(400);
    const { consentUrl, cookie } = await pressContinue(started.authorizationUrl);
    await db
      .update(calendarConnections)
      .set({ stateExpiresAt: Date.now() - 1 })
      .where(eq(calendarConnections.id, started.id))
      .run();
    const expired = await call(await consentAt(fakes, consentUrl), { headers: { cookie } });
    expect(expired.status).toBe(400);
    expect(fakes.google.callCount("exchange")).toBe(0);

    const second = await start(host, { provider: "google", returnUrl: `${PARTNER}/done` });
    const secondPressed = await pressContinue(second.authorizationUrl);
    const state = new URL(secondPressed.consentUrl).searchParams.get("state")!;
    const denied = await call(`/oauth/callback/google?error=access_denied&state=${encodeURIComponent(state)}`, { headers: { cookie: secondPressed.cookie } });
    expect(denied.status).toBe(303);
    expect(denied.headers.get("location")).toBe(`${PARTNER}/done?connection=${second.id}&status=error&reason=access_denied`);
    expect((await connectionsOf(host)).every((connection) => connection.status !== "active")).toBe(true);
  });

  it("sends the host back to a returnUrl on an embed origin of the account or on our own origin", async () => {
    const fakes = fakeCalendars();
    const host = await seedPartnerHost();
    for (const returnUrl of [`${PARTNER}/calendar?step=2`, "https://bookora.test/connected"]) {
      const started = await start(host, { provider: "google", returnUrl });
      const { consentUrl, cookie } = await pressContinue(started.authorizationUrl);
      const back = await call(await consentAt(fakes, consentUrl), { headers: { cookie } });
      expect(back.status).toBe(303);
      expect(back.headers.get("location")).toBe(`${returnUrl}${returnUrl.includes("?") ? "&" : "?"}connection=${started.id}&status=active`);
    }
  });

  it("takes a returnUrl on an origin listed for the account itself (a partner with no embed), and no other account's", async () => {
    fakeCalendars();
    const host = await seedHost();
    const other = await seedHost();
    await db
      .update(accounts)
      .set({ allowedOrigins: ["https://app.partner.example"] })
      .where(eq(accounts.id, host.accountId))
      .run();
    const returnUrl = "https://app.partner.example/settings/calendar";
    expect((await post(`/api/hosts/${host.username}/calendar-connections`, { provider: "google", returnUrl }, { token: host.token })).status).toBe(201);
    expect(
      await errorOf(await post(`/api/hosts/${other.username}/calendar-connections`, { provider: "google", returnUrl }, { token: other.token })),
    ).toMatchObject({
      status: 400,
      code: "INVALID_REQUEST",
    });
  });

  it("refuses a returnUrl on an origin the account does not allow with 400 INVALID_REQUEST naming returnUrl, and starts nothing", async () => {
    fakeCalendars();
    const host = await seedPartnerHost();
    // Another account's embed origin is not this account's.
    await seedHost({ types: [{ allowedOrigins: ["https://elsewhere.example"] }] });
    for (const returnUrl of [
      "https://evil.example/done",
      "https://elsewhere.example/done",
      "https://partner.example.evil.example/done",
      "http://partner.example/done",
    ]) {
      const response = await post(`/api/hosts/${host.username}/calendar-connections`, { provider: "google", returnUrl }, { token: host.token });
      expect(response.status, returnUrl).toBe(400);
      const error = await errorOf(response.clone());
      expect(error).toMatchObject({ status: 400, code: "INVALID_REQUEST" });
      expect(error.message).toMatch(/^returnUrl: /);
      const details = ((await response.json()) as { error: { details?: { field: string } } }).error.details;
      expect(details?.field).toBe("returnUrl");
    }
    expect(await connectionsOf(host)).toEqual([]);
  });

  it("says which settings a provider lacks instead of failing later", async () => {
    const host = await seedHost();
    const response = await post(
      `/api/hosts/${host.username}/calendar-connections`,
      { provider: "microsoft" },
      { token: host.token, bindings: { MICROSOFT_CLIENT_ID: undefined } },
    );
    expect(await errorOf(response)).toMatchObject({ status: 400, code: "INVALID_REQUEST" });
    expect((await errorOf(await post(`/api/hosts/${host.username}/calendar-connections`, { provider: "yahoo" }, { token: host.token }))).message).toContain(
      "provider",
    );
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
    const two = await send("PATCH", path, host.token, {
      calendars: [
        { id: work.id, receivesEvents: true },
        { id: fakes.google.accountEmail, receivesEvents: true },
      ],
    });
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

describe("authentication and rate limits of calendar connections", () => {
  it("counts each call once against the token's limit (app.ts checks all of /api/hosts), and answers 401 without a token", async () => {
    const host = await seedHost();
    const { bindings, counted } = countingRateLimiters();
    const path = `/api/hosts/${host.username}/calendar-connections`;
    const calls = [
      await post(path, { provider: "google" }, { token: host.token, bindings }),
      await call(path, { headers: { authorization: `Bearer ${host.token}` }, bindings }),
      await call(`${path}/cal_unknown`, { method: "DELETE", headers: { authorization: `Bearer ${host.token}` }, bindings }),
    ];
    expect(calls.map((response) => response.status)).toEqual([201, 200, 404]);
    expect(counted.filter((key) => key.startsWith("token:"))).toHaveLength(calls.length);
    expect(await errorOf(await call(path))).toMatchObject({ status: 401, code: "UNAUTHORIZED" });
  });
});
