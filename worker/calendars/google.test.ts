/**
 * The Google provider against the fake Google (fakes/calendars/fake-google.ts) through an injected fetch:
 * the OAuth flow with PKCE, busy times (a failing calendar is never free), one event per booking
 * whatever retries happen, and how each failure reaches the layers above.
 */
import { describe, expect, it } from "vitest";
import { FakeGoogle } from "../../fakes/calendars/fake-google";
import type { FakeProviderOptions } from "../../fakes/calendars/fake-provider";
import { connect, consent, fakeConfig, providerError, REDIRECT_URI, sampleCalendarEvent } from "../../fakes/calendars/provider-harness";
import { GOOGLE_SCOPES, googleEventId, googleProvider } from "./google";
import { codeChallengeS256, createCodeVerifier } from "./pkce";
import type { CalendarEvent } from "./provider";
import { parseRetryAfter } from "./provider-http";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MONDAY_9 = Date.parse("2026-03-02T09:00:00Z");
const KEY = "0f8fad5b-d9cb-469f-a165-70867728950e";

function setup(options: FakeProviderOptions = {}, timeoutMs = 1000) {
  const fake = new FakeGoogle({ hangLimitMs: 1000, ...options });
  const provider = googleProvider(fakeConfig(fake, timeoutMs));
  return { fake, provider };
}

function calendarEvent(overrides: Partial<CalendarEvent> = {}): CalendarEvent {
  return sampleCalendarEvent({ idempotencyKey: KEY, startMs: MONDAY_9, endMs: MONDAY_9 + HOUR / 2, ...overrides });
}

describe("Google: connecting", () => {
  it("asks for offline access with consent, the three calendar scopes, a state and an S256 challenge", () => {
    const { fake, provider } = setup();
    const url = new URL(provider.authorizationUrl({ state: "st-1", codeChallenge: "c".repeat(43), redirectUri: REDIRECT_URI }));
    expect(`${url.origin}${url.pathname}`).toBe(fake.urls.authUrl);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: fake.clientId,
      redirect_uri: REDIRECT_URI,
      response_type: "code",
      scope: GOOGLE_SCOPES.join(" "),
      access_type: "offline",
      prompt: "consent",
      state: "st-1",
      code_challenge: "c".repeat(43),
      code_challenge_method: "S256",
    });
  });

  it("exchanges the consented code with its verifier for a refresh token and a working access token", async () => {
    const { fake, provider } = setup();
    const tokens = await connect(fake, provider);
    expect(tokens.refreshToken).toMatch(/^fake-refresh-/);
    expect(tokens.expiresAtMs).toBeGreaterThan(Date.now() + 3500_000);
    // No openid scope, so no id_token: the email comes from the primary calendar's id.
    expect(tokens.accountEmail).toBeNull();
    expect(await provider.accountEmail(tokens.accessToken)).toBe(fake.accountEmail);
    expect(fake.callCount("exchange")).toBe(1);
  });

  it("refuses the code with another verifier than the one its challenge was made from", async () => {
    const { fake, provider } = setup();
    const { code } = await consent(fake, provider);
    const error = await providerError(provider.exchangeCode(code, createCodeVerifier(), REDIRECT_URI));
    expect(error.failure).toBe("invalid_grant");
    expect(fake.tokens().accessTokens).toHaveLength(0);
  });

  it("takes the account's email from the id_token when Google sends one", async () => {
    const { fake, provider } = setup();
    const verifier = createCodeVerifier();
    const code = fake.oauth.issueCode({
      redirectUri: REDIRECT_URI,
      scopes: ["openid", "email", ...GOOGLE_SCOPES],
      codeChallenge: await codeChallengeS256(verifier),
      issuesRefreshToken: true,
    });
    const tokens = await provider.exchangeCode(code, verifier, REDIRECT_URI);
    expect(tokens.accountEmail).toBe(fake.accountEmail);
  });

  it("refuses a consent where the host unticked free/busy, which would otherwise read as always free", async () => {
    const { fake, provider } = setup();
    const verifier = createCodeVerifier();
    const authorization = new URL(provider.authorizationUrl({ state: "s", codeChallenge: await codeChallengeS256(verifier), redirectUri: REDIRECT_URI }));
    const approve = new URL(`${fake.urls.authUrl}/approve${authorization.search}`);
    approve.searchParams.set("consent_form", "1");
    for (const scope of GOOGLE_SCOPES.filter((scope) => !scope.endsWith("freebusy"))) approve.searchParams.append("granted_scope", scope);
    const code = new URL((await fake.fetch(new Request(approve))).headers.get("Location") ?? "").searchParams.get("code") ?? "";
    const error = await providerError(provider.exchangeCode(code, verifier, REDIRECT_URI));
    expect(error.failure).toBe("rejected");
    expect(error.message).toContain("calendar.freebusy");
  });

  it("refreshes an expired access token; Google answers no new refresh token and the old one keeps working", async () => {
    let now = Date.now();
    const { fake, provider } = setup({ now: () => now, accessTokenLifetimeSeconds: 60 });
    const tokens = await connect(fake, provider);
    now += 61_000;
    expect((await providerError(provider.listCalendars(tokens.accessToken))).failure).toBe("unauthorized");
    const refreshed = await provider.refresh(tokens.refreshToken ?? "");
    expect(refreshed.refreshToken).toBeNull();
    expect(await provider.listCalendars(refreshed.accessToken)).toHaveLength(2);
    expect((await provider.refresh(tokens.refreshToken ?? "")).accessToken).not.toBe(refreshed.accessToken);
  });

  it("answers invalid_grant for a refresh token Google refuses (revoked, or the fault)", async () => {
    const { fake, provider } = setup();
    const tokens = await connect(fake, provider);
    fake.setFault("refresh", "invalid_grant", 1);
    expect((await providerError(provider.refresh(tokens.refreshToken ?? ""))).failure).toBe("invalid_grant");
    await provider.revoke(tokens.refreshToken ?? "");
    expect(fake.tokens().refreshTokens.every((token) => !token.active)).toBe(true);
    expect((await providerError(provider.refresh(tokens.refreshToken ?? ""))).failure).toBe("invalid_grant");
  });

  it("revokes on a best-effort basis: a failing revoke endpoint throws nothing", async () => {
    const { fake, provider } = setup();
    fake.setFault("revoke", "server_error");
    await expect(provider.revoke("some-token")).resolves.toBeUndefined();
    expect(fake.callCount("revoke")).toBe(1);
  });
});

describe("Google: calendars and busy times", () => {
  it("lists every calendar across pages, the primary one marked", async () => {
    const { fake, provider } = setup({ pageSize: 1 });
    fake.addCalendar("Holidays");
    const tokens = await connect(fake, provider);
    const calendars = await provider.listCalendars(tokens.accessToken);
    expect(calendars).toEqual([
      { id: fake.accountEmail, name: fake.accountEmail, primary: true },
      { id: "team0fake@group.calendar.google.com", name: "Team", primary: false },
      { id: expect.any(String), name: "Holidays", primary: false },
    ]);
    expect(fake.callCount("calendarList")).toBe(3);
  });

  it("reads busy periods of every asked calendar, leaving out free (transparent) events", async () => {
    const { fake, provider } = setup();
    const tokens = await connect(fake, provider);
    const team = "team0fake@group.calendar.google.com";
    fake.addBusy(fake.accountEmail, MONDAY_9, MONDAY_9 + HOUR);
    fake.addBusy(team, MONDAY_9 + 3 * HOUR, MONDAY_9 + 4 * HOUR);
    fake.addBusy(team, MONDAY_9 + 5 * HOUR, MONDAY_9 + 6 * HOUR, "free");
    const busy = await provider.busyTimes(tokens.accessToken, [fake.accountEmail, team], MONDAY_9 - HOUR, MONDAY_9 + DAY);
    expect(busy).toEqual([
      { startMs: MONDAY_9, endMs: MONDAY_9 + HOUR },
      { startMs: MONDAY_9 + 3 * HOUR, endMs: MONDAY_9 + 4 * HOUR },
    ]);
  });

  it("throws unavailable when one calendar fails inside a 200 freeBusy answer: failing is never free", async () => {
    const { fake, provider } = setup();
    const tokens = await connect(fake, provider);
    fake.setFault("freeBusy", { fault: "calendar_errors", calendarIds: ["team0fake@group.calendar.google.com"] }, 1);
    const error = await providerError(
      provider.busyTimes(tokens.accessToken, [fake.accountEmail, "team0fake@group.calendar.google.com"], MONDAY_9, MONDAY_9 + DAY),
    );
    expect(error.failure).toBe("unavailable");
    expect(error.message).toContain("backendError");
    // A calendar Google does not know is reported the same way, and fails the same way.
    expect((await providerError(provider.busyTimes(tokens.accessToken, ["gone@group.calendar.google.com"], MONDAY_9, MONDAY_9 + DAY))).message).toContain(
      "notFound",
    );
  });

  it("asks in windows of at most 90 days, so a long range still reads the far end", async () => {
    const { fake, provider } = setup();
    const tokens = await connect(fake, provider);
    fake.addBusy("primary", MONDAY_9 + 150 * DAY, MONDAY_9 + 150 * DAY + HOUR);
    const busy = await provider.busyTimes(tokens.accessToken, [fake.accountEmail], MONDAY_9, MONDAY_9 + 200 * DAY);
    expect(busy).toEqual([{ startMs: MONDAY_9 + 150 * DAY, endMs: MONDAY_9 + 150 * DAY + HOUR }]);
    expect(fake.callCount("freeBusy")).toBe(3);
  });
});

describe("Google: the booking's event", () => {
  it("creates the event under the key as its id, with the booking id, times, zone and attendee, inviting them", async () => {
    const { fake, provider } = setup();
    const tokens = await connect(fake, provider);
    const { eventId } = await provider.createEvent(tokens.accessToken, fake.accountEmail, calendarEvent({ mailsAttendee: true }));
    expect(eventId).toBe(KEY.replace(/-/g, ""));
    const [event] = fake.events(fake.accountEmail);
    expect(event).toMatchObject({
      id: eventId,
      title: "Intro call with Ada Lovelace",
      description: "About the engine",
      startMs: MONDAY_9,
      endMs: MONDAY_9 + HOUR / 2,
      timeZone: "Europe/London",
      attendees: [{ email: "ada@example.com", name: "Ada Lovelace" }],
      bookingId: "bkg_1",
      sendUpdates: "all",
    });
    expect(fake.sentMail()).toEqual([{ to: "ada@example.com", kind: "invitation", eventId }]);
  });

  it("mails a service booking's attendee through Google on create, move and delete; a public booking's never (sendUpdates=none)", async () => {
    for (const mailsAttendee of [true, false]) {
      const { fake, provider } = setup();
      const tokens = await connect(fake, provider);
      const sent: Array<string | null> = [];
      const { eventId } = await provider.createEvent(tokens.accessToken, "primary", calendarEvent({ mailsAttendee }));
      sent.push(fake.events()[0]!.sendUpdates);
      await provider.updateEvent(
        tokens.accessToken,
        "primary",
        eventId,
        calendarEvent({ mailsAttendee, startMs: MONDAY_9 + DAY, endMs: MONDAY_9 + DAY + HOUR }),
      );
      sent.push(fake.events()[0]!.sendUpdates);
      await provider.deleteEvent(tokens.accessToken, "primary", eventId, mailsAttendee);
      sent.push(fake.events(undefined, { includeDeleted: true })[0]!.sendUpdates);
      const expected = mailsAttendee ? "all" : "none";
      expect(sent, String(mailsAttendee)).toEqual([expected, expected, expected]);
      expect(
        fake.sentMail().map((mail) => `${mail.kind} to ${mail.to}`),
        String(mailsAttendee),
      ).toEqual(mailsAttendee ? ["invitation to ada@example.com", "update to ada@example.com", "cancellation to ada@example.com"] : []);
      // The attendee is still on the event, for the host to see; Google was told to mail nobody.
      expect(fake.events(undefined, { includeDeleted: true })[0]!.attendees).toEqual([{ email: "ada@example.com", name: "Ada Lovelace" }]);
    }
  });

  it("creates exactly one event when the first answer is lost after the commit: the retry's 409 answers the same id", async () => {
    const { fake, provider } = setup();
    const tokens = await connect(fake, provider);
    fake.setFault("insert", "commit_then_fail", 1);
    expect((await providerError(provider.createEvent(tokens.accessToken, "primary", calendarEvent()))).failure).toBe("unavailable");
    fake.setFault("insert", "commit_then_drop", 1);
    expect((await providerError(provider.createEvent(tokens.accessToken, "primary", calendarEvent()))).failure).toBe("unavailable");
    const { eventId } = await provider.createEvent(tokens.accessToken, "primary", calendarEvent());
    expect(eventId).toBe(KEY.replace(/-/g, ""));
    expect(fake.events()).toHaveLength(1);
    expect(fake.callCount("insert")).toBe(3);
  });

  it("adopts the event a lost create made, at the times of the booking it was since moved to", async () => {
    const { fake, provider } = setup();
    const tokens = await connect(fake, provider);
    fake.setFault("insert", "commit_then_fail", 1);
    await providerError(provider.createEvent(tokens.accessToken, "primary", calendarEvent()));
    const moved = calendarEvent({ bookingId: "bkg_2", startMs: MONDAY_9 + DAY, endMs: MONDAY_9 + DAY + HOUR });
    const { eventId } = await provider.createEvent(tokens.accessToken, "primary", moved);
    expect(eventId).toBe(KEY.replace(/-/g, ""));
    expect(fake.events()).toEqual([expect.objectContaining({ id: eventId, bookingId: "bkg_2", startMs: MONDAY_9 + DAY, endMs: MONDAY_9 + DAY + HOUR })]);
    // The same booking again: the event already shows it, so nothing is patched.
    await provider.createEvent(tokens.accessToken, "primary", moved);
    expect(fake.callCount("patch")).toBe(1);
  });

  it("never adopts a deleted event: a 409 for an id Google keeps as cancelled goes on to the booking's next id", async () => {
    const { fake, provider } = setup();
    const tokens = await connect(fake, provider);
    const first = await provider.createEvent(tokens.accessToken, "primary", calendarEvent());
    await provider.deleteEvent(tokens.accessToken, "primary", first.eventId, false);
    // Google keeps the deleted event's id: inserting it again is refused, and so is patching it.
    expect(fake.events(undefined, { includeDeleted: true })).toEqual([expect.objectContaining({ id: first.eventId, deleted: true })]);
    expect((await providerError(provider.updateEvent(tokens.accessToken, "primary", first.eventId, calendarEvent()))).failure).toBe("rejected");
    const later = calendarEvent({ bookingId: "bkg_2", startMs: MONDAY_9 + DAY, endMs: MONDAY_9 + DAY + HOUR });
    // Google may also answer the deleted event's GET with 410 "deleted": the same fact.
    fake.setFault("get", "gone", 1);
    const second = await provider.createEvent(tokens.accessToken, "primary", later);
    expect(second.eventId).not.toBe(first.eventId);
    expect(fake.events()).toEqual([expect.objectContaining({ id: second.eventId, bookingId: "bkg_2", startMs: MONDAY_9 + DAY, deleted: false })]);
    expect(await provider.findEvent(tokens.accessToken, "primary", KEY)).toBe(second.eventId);
    // Retried (its answer lost), the create walks the same ids and adopts the live one.
    expect(await provider.createEvent(tokens.accessToken, "primary", later)).toEqual(second);
    expect(fake.events()).toHaveLength(1);
  });

  it("turns any idempotency key into one valid base32hex event id, the same every time", async () => {
    expect(await googleEventId("0F8FAD5B-D9CB-469F-A165-70867728950E")).toBe("0f8fad5bd9cb469fa16570867728950e");
    const hashed = await googleEventId("booking:42/create");
    expect(hashed).toMatch(/^[0-9a-f]{64}$/);
    expect(await googleEventId("booking:42/create")).toBe(hashed);
  });

  it("moves the event to the new times and hands it to the new booking", async () => {
    const { fake, provider } = setup();
    const tokens = await connect(fake, provider);
    const { eventId } = await provider.createEvent(tokens.accessToken, "primary", calendarEvent());
    await provider.updateEvent(
      tokens.accessToken,
      "primary",
      eventId,
      calendarEvent({ bookingId: "bkg_2", startMs: MONDAY_9 + DAY, endMs: MONDAY_9 + DAY + HOUR }),
    );
    expect(fake.events()).toEqual([expect.objectContaining({ id: eventId, bookingId: "bkg_2", startMs: MONDAY_9 + DAY, endMs: MONDAY_9 + DAY + HOUR })]);
  });

  it("deletes the event, and counts one already gone (410) or never there (404) as deleted", async () => {
    const { fake, provider } = setup();
    const tokens = await connect(fake, provider);
    const { eventId } = await provider.createEvent(tokens.accessToken, "primary", calendarEvent());
    expect(await provider.findEvent(tokens.accessToken, "primary", KEY)).toBe(eventId);
    await provider.deleteEvent(tokens.accessToken, "primary", eventId, false);
    expect(fake.events()).toHaveLength(0);
    await provider.deleteEvent(tokens.accessToken, "primary", eventId, false);
    await provider.deleteEvent(tokens.accessToken, "primary", "neverthere1", false);
    expect(await provider.findEvent(tokens.accessToken, "primary", KEY)).toBeNull();
    fake.setFault("delete", "server_error", 1);
    expect((await providerError(provider.deleteEvent(tokens.accessToken, "primary", eventId, false))).failure).toBe("unavailable");
  });
});

describe("Google: failures as the layers above see them", () => {
  it("answers rate_limited with Retry-After's seconds, for a 429 or a 403 rate-limit reason", async () => {
    const { fake, provider } = setup();
    const tokens = await connect(fake, provider);
    fake.setFault("freeBusy", { fault: "rate_limited", retryAfter: 17 }, 1);
    const limited = await providerError(provider.busyTimes(tokens.accessToken, [fake.accountEmail], MONDAY_9, MONDAY_9 + DAY));
    expect([limited.failure, limited.retryAfterSeconds]).toEqual(["rate_limited", 17]);
    fake.setFault("insert", "rate_limited_403", 1);
    expect((await providerError(provider.createEvent(tokens.accessToken, "primary", calendarEvent()))).failure).toBe("rate_limited");
  });

  it("reads Retry-After as seconds or as an HTTP date", () => {
    const now = Date.parse("2026-03-02T09:00:00Z");
    expect(parseRetryAfter("120", now)).toBe(120);
    expect(parseRetryAfter("Mon, 02 Mar 2026 09:00:30 GMT", now)).toBe(30);
    expect(parseRetryAfter("soon", now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });

  it("gives up on a provider that does not answer after timeoutMs, as unavailable", async () => {
    const { fake, provider } = setup({}, 50);
    const tokens = await connect(fake, provider);
    fake.setFault("calendarList", "hang", 1);
    const error = await providerError(provider.listCalendars(tokens.accessToken));
    expect(error.failure).toBe("unavailable");
    expect(error.message).toBe("google calendarList: no answer within 50 ms");
  });

  it("answers unavailable for 5xx (with Retry-After when given) and for a body that is not the API's", async () => {
    const { fake, provider } = setup();
    const tokens = await connect(fake, provider);
    fake.setFault("calendarList", { fault: "unavailable", retryAfter: 5 }, 1);
    const unavailable = await providerError(provider.listCalendars(tokens.accessToken));
    expect([unavailable.failure, unavailable.retryAfterSeconds]).toEqual(["unavailable", 5]);
    fake.setFault("calendarList", { fault: "server_error", status: 502 }, 1);
    expect((await providerError(provider.listCalendars(tokens.accessToken))).failure).toBe("unavailable");
    fake.setFault("calendarList", "malformed", 1);
    expect((await providerError(provider.listCalendars(tokens.accessToken))).failure).toBe("unavailable");
  });

  it("answers unauthorized for a refused access token and rejected for a request Google refuses", async () => {
    const { fake, provider } = setup();
    const tokens = await connect(fake, provider);
    expect((await providerError(provider.listCalendars("not-a-token"))).failure).toBe("unauthorized");
    expect((await providerError(provider.createEvent(tokens.accessToken, "nobody@group.calendar.google.com", calendarEvent()))).failure).toBe("rejected");
  });

  it("never puts a token, a code or the client secret in an error message", async () => {
    const { fake, provider } = setup();
    const { code, verifier } = await consent(fake, provider);
    const tokens = await provider.exchangeCode(code, verifier, REDIRECT_URI);
    fake.setFault("any", "unauthorized");
    const messages = [
      (await providerError(provider.exchangeCode(code, verifier, REDIRECT_URI))).message,
      (await providerError(provider.refresh(tokens.refreshToken ?? ""))).message,
      (await providerError(provider.listCalendars(tokens.accessToken))).message,
      (await providerError(provider.busyTimes(tokens.accessToken, [fake.accountEmail], MONDAY_9, MONDAY_9 + DAY))).message,
    ];
    expect(messages[2]).toBe("google calendarList: HTTP 401 authError");
    for (const secret of [tokens.accessToken, tokens.refreshToken ?? "", code, verifier, fake.clientSecret]) {
      for (const message of messages) expect(message).not.toContain(secret);
    }
  });
});
