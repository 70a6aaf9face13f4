/**
 * The Microsoft provider against the fake Microsoft (fakes/calendars/fake-microsoft.ts) through an injected
 * fetch: the OAuth flow with PKCE and rotating refresh tokens, calendarView busy times (what showAs
 * blocks, paging, Graph's offset-less times), one event per booking whatever retries happen, and
 * how each failure reaches the layers above.
 */
import { describe, expect, it } from "vitest";
import { FakeMicrosoft, type FakeMicrosoftOptions } from "../../fakes/calendars/fake-microsoft";
import { connect, consent, fakeConfig, providerError, REDIRECT_URI, sampleCalendarEvent } from "../../fakes/calendars/provider-harness";
import { BOOKING_ID_PROPERTY, EVENT_KEY_PROPERTY, graphInstantMs, MICROSOFT_SCOPES, microsoftProvider } from "./microsoft";
import { createCodeVerifier } from "./pkce";
import type { CalendarEvent } from "./provider";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MONDAY_9 = Date.parse("2026-03-02T09:00:00Z");
const KEY = "0f8fad5bd9cb469fa16570867728950e";
const CALENDAR = "AAMkADfakeCalendar0001AAA=";

function setup(options: FakeMicrosoftOptions = {}, timeoutMs = 1000) {
  const fake = new FakeMicrosoft({ hangLimitMs: 1000, ...options });
  const provider = microsoftProvider(fakeConfig(fake, timeoutMs));
  return { fake, provider };
}

function calendarEvent(overrides: Partial<CalendarEvent> = {}): CalendarEvent {
  return sampleCalendarEvent({ idempotencyKey: KEY, startMs: MONDAY_9, endMs: MONDAY_9 + HOUR / 2, ...overrides });
}

describe("Microsoft: connecting", () => {
  it("asks for offline_access, Calendars.ReadWrite and User.Read, answered by query, with an S256 challenge", () => {
    const { fake, provider } = setup();
    const url = new URL(provider.authorizationUrl({ state: "st-1", codeChallenge: "c".repeat(43), redirectUri: REDIRECT_URI }));
    expect(`${url.origin}${url.pathname}`).toBe(fake.urls.authUrl);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: fake.clientId,
      redirect_uri: REDIRECT_URI,
      response_type: "code",
      response_mode: "query",
      scope: "offline_access Calendars.ReadWrite User.Read",
      state: "st-1",
      code_challenge: "c".repeat(43),
      code_challenge_method: "S256",
    });
    expect(MICROSOFT_SCOPES).toHaveLength(3);
  });

  it("exchanges the consented code with its verifier, and refuses it with another verifier", async () => {
    const { fake, provider } = setup();
    const tokens = await connect(fake, provider);
    expect(tokens.refreshToken).toMatch(/^fake-refresh-/);
    expect(await provider.accountEmail(tokens.accessToken)).toBe(fake.accountEmail);
    const { code } = await consent(fake, provider);
    expect((await providerError(provider.exchangeCode(code, createCodeVerifier(), REDIRECT_URI))).failure).toBe("invalid_grant");
  });

  it("takes the account's email from userPrincipalName when /me has no mail (personal accounts)", async () => {
    const { fake, provider } = setup({ mail: null, accountEmail: "someone@live.test" });
    const tokens = await connect(fake, provider);
    expect(await provider.accountEmail(tokens.accessToken)).toBe("someone@live.test");
  });

  it("refreshes into a new refresh token that replaces the old one, which is then refused", async () => {
    let now = Date.now();
    const { fake, provider } = setup({ now: () => now, accessTokenLifetimeSeconds: 60 });
    const tokens = await connect(fake, provider);
    now += 61_000;
    expect((await providerError(provider.listCalendars(tokens.accessToken))).failure).toBe("unauthorized");
    const refreshed = await provider.refresh(tokens.refreshToken ?? "");
    expect(refreshed.refreshToken).toMatch(/^fake-refresh-/);
    expect(refreshed.refreshToken).not.toBe(tokens.refreshToken);
    expect(await provider.listCalendars(refreshed.accessToken)).toHaveLength(2);
    expect((await providerError(provider.refresh(tokens.refreshToken ?? ""))).failure).toBe("invalid_grant");
    expect((await provider.refresh(refreshed.refreshToken ?? "")).refreshToken).toMatch(/^fake-refresh-/);
  });

  it("answers invalid_grant when the token endpoint refuses the refresh, and revoke calls nothing", async () => {
    const { fake, provider } = setup();
    const tokens = await connect(fake, provider);
    fake.setFault("token", "invalid_grant", 1);
    expect((await providerError(provider.refresh(tokens.refreshToken ?? ""))).failure).toBe("invalid_grant");
    const before = Object.values(fake.calls()).reduce((sum, count) => sum + count, 0);
    await provider.revoke(tokens.refreshToken ?? "");
    expect(Object.values(fake.calls()).reduce((sum, count) => sum + count, 0)).toBe(before);
  });
});

describe("Microsoft: calendars and busy times", () => {
  it("lists every calendar across nextLink pages, the default one as primary", async () => {
    const { fake, provider } = setup({ pageSize: 1 });
    fake.addCalendar("Holidays", "AAMkADholidays=");
    const tokens = await connect(fake, provider);
    expect(await provider.listCalendars(tokens.accessToken)).toEqual([
      { id: CALENDAR, name: "Calendar", primary: true },
      { id: "AAMkADfakeCalendar0002AAA=", name: "Team", primary: false },
      { id: "AAMkADholidays=", name: "Holidays", primary: false },
    ]);
    expect(fake.callCount("calendarList")).toBe(3);
  });

  it("counts busy, tentative, out-of-office (and unknown) as busy; free and working elsewhere not", async () => {
    const { fake, provider } = setup();
    const tokens = await connect(fake, provider);
    const at = (hour: number) => MONDAY_9 + hour * HOUR;
    fake.addBusy(CALENDAR, at(0), at(1), "busy");
    fake.addBusy(CALENDAR, at(1), at(2), "free");
    fake.addBusy(CALENDAR, at(2), at(3), "tentative");
    fake.addBusy(CALENDAR, at(3), at(4), "workingElsewhere");
    fake.addBusy("AAMkADfakeCalendar0002AAA=", at(4), at(5), "oof");
    const busy = await provider.busyTimes(tokens.accessToken, [CALENDAR, "AAMkADfakeCalendar0002AAA="], MONDAY_9 - DAY, MONDAY_9 + DAY);
    expect(busy).toEqual([
      { startMs: at(0), endMs: at(1) },
      { startMs: at(2), endMs: at(3) },
      { startMs: at(4), endMs: at(5) },
    ]);
  });

  it("follows calendarView's nextLink pages and asks for UTC times", async () => {
    const { fake, provider } = setup({ pageSize: 2 });
    const tokens = await connect(fake, provider);
    for (let day = 0; day < 5; day += 1) fake.addBusy(CALENDAR, MONDAY_9 + day * DAY, MONDAY_9 + day * DAY + HOUR);
    const busy = await provider.busyTimes(tokens.accessToken, [CALENDAR], MONDAY_9, MONDAY_9 + 7 * DAY);
    expect(busy.map((interval) => interval.startMs)).toEqual([0, 1, 2, 3, 4].map((day) => MONDAY_9 + day * DAY));
    expect(fake.callCount("calendarView")).toBe(3);
  });

  it("reads Graph's offset-less, seven-digit times as UTC, and refuses a time in any other zone", () => {
    const call = { provider: "microsoft" as const, operation: "calendarView" };
    expect(graphInstantMs({ dateTime: "2026-03-02T09:00:00.1234567", timeZone: "UTC" }, call)).toBe(MONDAY_9 + 123);
    expect(graphInstantMs({ dateTime: "2026-03-02T09:00:00", timeZone: "UTC" }, call)).toBe(MONDAY_9);
    expect(() => graphInstantMs({ dateTime: "2026-03-02T09:00:00.0000000", timeZone: "Pacific Standard Time" }, call)).toThrow(/not in UTC/);
  });

  it("fails the whole read when one calendar's view fails: a failing calendar is never free", async () => {
    const { fake, provider } = setup();
    const tokens = await connect(fake, provider);
    fake.addBusy(CALENDAR, MONDAY_9, MONDAY_9 + HOUR);
    fake.setFault("calendarView", "server_error", 1);
    const error = await providerError(provider.busyTimes(tokens.accessToken, [CALENDAR, "AAMkADfakeCalendar0002AAA="], MONDAY_9, MONDAY_9 + DAY));
    expect(error.failure).toBe("unavailable");
  });
});

describe("Microsoft: the booking's event", () => {
  it("creates the event with its transactionId, the booking id and key as extended properties, exact UTC times and the attendee", async () => {
    const { fake, provider } = setup();
    const tokens = await connect(fake, provider);
    const { eventId } = await provider.createEvent(tokens.accessToken, CALENDAR, calendarEvent({ mailsAttendee: true }));
    expect(fake.events(CALENDAR)).toEqual([
      expect.objectContaining({
        id: eventId,
        title: "Intro call with Ada Lovelace",
        description: "About the engine",
        startMs: MONDAY_9,
        endMs: MONDAY_9 + HOUR / 2,
        attendees: [{ email: "ada@example.com", name: "Ada Lovelace" }],
        transactionId: KEY,
        bookingId: "bkg_1",
        properties: { [BOOKING_ID_PROPERTY]: "bkg_1", [EVENT_KEY_PROPERTY]: KEY },
      }),
    ]);
    expect(fake.sentMail()).toEqual([{ to: "ada@example.com", kind: "invitation", eventId }]);
  });

  it("puts a public booking's attendee in the body, never in attendees, so Graph mails nobody on create, move or delete", async () => {
    const { fake, provider } = setup();
    const tokens = await connect(fake, provider);
    const { eventId } = await provider.createEvent(tokens.accessToken, CALENDAR, calendarEvent());
    expect(fake.events()).toEqual([expect.objectContaining({ attendees: [], description: "Attendee: Ada Lovelace <ada@example.com>\n\nAbout the engine" })]);
    await provider.updateEvent(
      tokens.accessToken,
      CALENDAR,
      eventId,
      calendarEvent({ description: null, startMs: MONDAY_9 + DAY, endMs: MONDAY_9 + DAY + HOUR }),
    );
    expect(fake.events()).toEqual([
      expect.objectContaining({ attendees: [], description: "Attendee: Ada Lovelace <ada@example.com>", startMs: MONDAY_9 + DAY }),
    ]);
    await provider.deleteEvent(tokens.accessToken, CALENDAR, eventId, false);
    expect(fake.sentMail()).toEqual([]);
  });

  it("mails a service booking's attendee through Graph's own invitation, update and cancellation", async () => {
    const { fake, provider } = setup();
    const tokens = await connect(fake, provider);
    const { eventId } = await provider.createEvent(tokens.accessToken, CALENDAR, calendarEvent({ mailsAttendee: true }));
    await provider.updateEvent(
      tokens.accessToken,
      CALENDAR,
      eventId,
      calendarEvent({ mailsAttendee: true, startMs: MONDAY_9 + DAY, endMs: MONDAY_9 + DAY + HOUR }),
    );
    await provider.deleteEvent(tokens.accessToken, CALENDAR, eventId, true);
    expect(fake.sentMail().map((mail) => mail.kind)).toEqual(["invitation", "update", "cancellation"]);
  });

  it("creates exactly one event when the first answer is lost after the commit: the retry finds it by its key", async () => {
    const { fake, provider } = setup();
    const tokens = await connect(fake, provider);
    fake.setFault("insert", "commit_then_fail", 1);
    expect((await providerError(provider.createEvent(tokens.accessToken, CALENDAR, calendarEvent()))).failure).toBe("unavailable");
    const { eventId } = await provider.createEvent(tokens.accessToken, CALENDAR, calendarEvent());
    expect(fake.events()).toEqual([expect.objectContaining({ id: eventId })]);
    expect(fake.callCount("insert")).toBe(1);
  });

  it("adopts the event a lost create made, at the times of the booking it was since moved to", async () => {
    const { fake, provider } = setup();
    const tokens = await connect(fake, provider);
    fake.setFault("insert", "commit_then_fail", 1);
    await providerError(provider.createEvent(tokens.accessToken, CALENDAR, calendarEvent()));
    const { eventId } = await provider.createEvent(
      tokens.accessToken,
      CALENDAR,
      calendarEvent({ bookingId: "bkg_2", startMs: MONDAY_9 + DAY, endMs: MONDAY_9 + DAY + HOUR }),
    );
    expect(fake.events()).toEqual([expect.objectContaining({ id: eventId, bookingId: "bkg_2", startMs: MONDAY_9 + DAY, endMs: MONDAY_9 + DAY + HOUR })]);
  });

  it("adopts the event another attempt created at the same time, when Graph answers the duplicate transactionId", async () => {
    const { fake, provider } = setup();
    const tokens = await connect(fake, provider);
    const [first, second] = await Promise.all([
      provider.createEvent(tokens.accessToken, CALENDAR, calendarEvent()),
      provider.createEvent(tokens.accessToken, CALENDAR, calendarEvent()),
    ]);
    expect(second.eventId).toBe(first.eventId);
    expect(fake.events()).toHaveLength(1);
    // Both looked first and found nothing, both posted: the second POST met the duplicate transactionId.
    expect(fake.callCount("insert")).toBe(2);
  });

  it("moves the event and hands it to the new booking, keeping the key that finds it", async () => {
    const { fake, provider } = setup();
    const tokens = await connect(fake, provider);
    const { eventId } = await provider.createEvent(tokens.accessToken, CALENDAR, calendarEvent());
    await provider.updateEvent(
      tokens.accessToken,
      CALENDAR,
      eventId,
      calendarEvent({ bookingId: "bkg_2", startMs: MONDAY_9 + DAY, endMs: MONDAY_9 + DAY + HOUR }),
    );
    expect(fake.events()).toEqual([expect.objectContaining({ id: eventId, bookingId: "bkg_2", startMs: MONDAY_9 + DAY, endMs: MONDAY_9 + DAY + HOUR })]);
    expect(await provider.findEvent(tokens.accessToken, CALENDAR, KEY)).toBe(eventId);
  });

  it("deletes the event, and counts one already gone (404, 410) as deleted", async () => {
    const { fake, provider } = setup();
    const tokens = await connect(fake, provider);
    const { eventId } = await provider.createEvent(tokens.accessToken, CALENDAR, calendarEvent());
    await provider.deleteEvent(tokens.accessToken, CALENDAR, eventId, false);
    expect(fake.events()).toHaveLength(0);
    await provider.deleteEvent(tokens.accessToken, CALENDAR, eventId, false);
    fake.setFault("delete", "gone", 1);
    await provider.deleteEvent(tokens.accessToken, CALENDAR, eventId, false);
    expect(await provider.findEvent(tokens.accessToken, CALENDAR, KEY)).toBeNull();
    fake.setFault("delete", "unavailable", 1);
    expect((await providerError(provider.deleteEvent(tokens.accessToken, CALENDAR, eventId, false))).failure).toBe("unavailable");
  });
});

describe("Microsoft: failures as the layers above see them", () => {
  it("answers rate_limited with Retry-After's seconds for a 429", async () => {
    const { fake, provider } = setup();
    const tokens = await connect(fake, provider);
    fake.setFault("busy", { fault: "rate_limited", retryAfter: 9 }, 1);
    const error = await providerError(provider.busyTimes(tokens.accessToken, [CALENDAR], MONDAY_9, MONDAY_9 + DAY));
    expect([error.failure, error.retryAfterSeconds]).toEqual(["rate_limited", 9]);
  });

  it("gives up on a provider that does not answer after timeoutMs, as unavailable", async () => {
    const { fake, provider } = setup({}, 50);
    const tokens = await connect(fake, provider);
    fake.setFault("me", "hang", 1);
    const error = await providerError(provider.accountEmail(tokens.accessToken));
    expect([error.failure, error.message]).toEqual(["unavailable", "microsoft me: no answer within 50 ms"]);
  });

  it("answers unavailable for 5xx and for a dropped connection, unauthorized for 401, rejected for other 4xx", async () => {
    const { fake, provider } = setup();
    const tokens = await connect(fake, provider);
    fake.setFault("calendarList", { fault: "server_error", status: 504 }, 1);
    expect((await providerError(provider.listCalendars(tokens.accessToken))).failure).toBe("unavailable");
    fake.setFault("calendarList", "commit_then_drop", 1);
    expect((await providerError(provider.listCalendars(tokens.accessToken))).failure).toBe("unavailable");
    fake.setFault("calendarList", "unauthorized", 1);
    const unauthorized = await providerError(provider.listCalendars(tokens.accessToken));
    expect([unauthorized.failure, unauthorized.message]).toEqual(["unauthorized", "microsoft calendars: HTTP 401 InvalidAuthenticationToken"]);
    expect((await providerError(provider.createEvent(tokens.accessToken, "AAMkADnosuchcalendar=", calendarEvent()))).failure).toBe("rejected");
  });

  it("never puts a token, a code or the client secret in an error message", async () => {
    const { fake, provider } = setup();
    const { code, verifier } = await consent(fake, provider);
    const tokens = await provider.exchangeCode(code, verifier, REDIRECT_URI);
    fake.setFault("any", "server_error");
    const messages = [
      (await providerError(provider.exchangeCode(code, verifier, REDIRECT_URI))).message,
      (await providerError(provider.refresh(tokens.refreshToken ?? ""))).message,
      (await providerError(provider.createEvent(tokens.accessToken, CALENDAR, calendarEvent()))).message,
    ];
    for (const secret of [tokens.accessToken, tokens.refreshToken ?? "", code, verifier, fake.clientSecret]) {
      for (const message of messages) expect(message).not.toContain(secret);
    }
  });
});
