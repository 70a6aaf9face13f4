/**
 * Microsoft Graph v1.0 behind the CalendarProvider interface, over plain fetch (no Graph SDK).
 * Wire shapes and errors: research/calendars.md §2. Busy times come from calendarView, which also
 * works for personal accounts (getSchedule does not). Exactly one event per booking: creates carry
 * a transactionId, and the create's key sits on the event as an extended property to look it up by.
 */
import { z } from "zod";
import { authorizationUrlFor, requestTokens } from "./oauth-token";
import type { BusyInterval, CalendarEvent, CalendarProvider, ProviderCalendar, ProviderConfig } from "./provider";
import { ProviderError } from "./provider";
import { callProvider, failureOf, fetchOk, isSuccess, label, type ProviderCall, providerErrorCodes, readAnswer, sameOrigin, sendOk } from "./provider-http";

export const MICROSOFT_SCOPES = ["offline_access", "Calendars.ReadWrite", "User.Read"] as const;

/** Named MAPI properties in a GUID namespace of our own. The booking id moves to the new booking on a reschedule. */
export const BOOKING_ID_PROPERTY = "String {f97db3fd-ed03-4b09-86a4-2607d56ad9cf} Name bookoraBookingId";
/** The idempotency key of the create that made the event: it never changes, so it finds the event. */
export const EVENT_KEY_PROPERTY = "String {f97db3fd-ed03-4b09-86a4-2607d56ad9cf} Name bookoraEventKey";

/** showAs values that block a slot (design: busy, tentative, out-of-office); unknown is not known to be free. */
const BLOCKING_SHOW_AS = new Set(["busy", "tentative", "oof", "unknown"]);
/** Outlook serves at most 4 concurrent requests per mailbox (research §2, throttling). */
const MAX_CONCURRENT_CALENDARS = 4;
const MAX_PAGES = 40;

const dateTimeTimeZone = z.object({ dateTime: z.string(), timeZone: z.string() });
const calendarsPage = z.object({
  value: z.array(z.object({ id: z.string().min(1), name: z.string().optional(), isDefaultCalendar: z.boolean().optional() })),
  "@odata.nextLink": z.string().optional(),
});
const calendarViewPage = z.object({
  value: z.array(z.object({ showAs: z.string().optional(), isCancelled: z.boolean().optional(), start: dateTimeTimeZone, end: dateTimeTimeZone })),
  "@odata.nextLink": z.string().optional(),
});
const me = z.object({ mail: z.string().nullish(), userPrincipalName: z.string().nullish() });
const eventIds = z.object({ value: z.array(z.object({ id: z.string().min(1) })) });
const createdEvent = z.object({ id: z.string().min(1) });

export function microsoftProvider(config: ProviderConfig): CalendarProvider {
  const api = config.apiUrl.replace(/\/+$/, "");
  const apiCall = (operation: string, method: ProviderCall["method"], url: string, accessToken: string, json?: unknown): ProviderCall => ({
    provider: "microsoft",
    operation,
    method,
    url,
    accessToken,
    json,
  });
  const calendarPath = (calendarId: string) => `${api}/me/calendars/${encodeURIComponent(calendarId)}`;
  const eventPath = (eventId: string) => `${api}/me/events/${encodeURIComponent(eventId)}`;

  return {
    name: "microsoft",

    authorizationUrl(request) {
      return authorizationUrlFor(config, request, MICROSOFT_SCOPES, { response_mode: "query" });
    },

    exchangeCode(code, codeVerifier, redirectUri) {
      return requestTokens(config, {
        provider: "microsoft",
        operation: "token exchange",
        form: { grant_type: "authorization_code", code, code_verifier: codeVerifier, redirect_uri: redirectUri, scope: MICROSOFT_SCOPES.join(" ") },
      });
    },

    refresh(refreshToken) {
      // The answer carries a new refresh token that replaces this one (design-calendars.md "Connecting").
      return requestTokens(config, {
        provider: "microsoft",
        operation: "token refresh",
        form: { grant_type: "refresh_token", refresh_token: refreshToken, scope: MICROSOFT_SCOPES.join(" ") },
      });
    },

    async accountEmail(accessToken) {
      const answer = await fetchOk(config, apiCall("me", "GET", `${api}/me?$select=mail,userPrincipalName`, accessToken), me);
      // Personal accounts often have no `mail`; their sign-in name is their address.
      return answer.mail || answer.userPrincipalName || null;
    },

    async listCalendars(accessToken) {
      const calendars: ProviderCalendar[] = [];
      const first = `${api}/me/calendars?$select=id,name,isDefaultCalendar&$top=100`;
      for await (const page of pages(apiCall("calendars", "GET", first, accessToken), calendarsPage)) {
        for (const calendar of page.value) {
          calendars.push({ id: calendar.id, name: calendar.name ?? calendar.id, primary: calendar.isDefaultCalendar === true });
        }
      }
      return calendars;
    },

    async busyTimes(accessToken, calendarIds, fromMs, toMs) {
      if (fromMs >= toMs) return [];
      const busy: BusyInterval[] = [];
      for (let first = 0; first < calendarIds.length; first += MAX_CONCURRENT_CALENDARS) {
        const batch = calendarIds.slice(first, first + MAX_CONCURRENT_CALENDARS);
        const results = await Promise.all(batch.map((id) => calendarBusy(accessToken, id, fromMs, toMs)));
        for (const intervals of results) busy.push(...intervals);
      }
      return busy;
    },

    async createEvent(accessToken, calendarId, event) {
      // An earlier attempt may have created it and lost the answer: look before creating again.
      const existing = await findByEventKey(accessToken, calendarId, event.idempotencyKey);
      if (existing !== null) return adopt(accessToken, existing, event);
      const body = {
        ...eventBody(event),
        transactionId: event.idempotencyKey,
        singleValueExtendedProperties: [...bookingIdProperty(event), { id: EVENT_KEY_PROPERTY, value: event.idempotencyKey }],
      };
      const call = apiCall("event create", "POST", `${calendarPath(calendarId)}/events`, accessToken, body);
      const answer = await callProvider(config, call);
      if (answer.status === 409 || providerErrorCodes(answer.json).includes("ErrorDuplicateTransactionId")) {
        // Another attempt with this transactionId got there first (one running at the same time).
        const adopted = await findByEventKey(accessToken, calendarId, event.idempotencyKey);
        if (adopted !== null) return adopt(accessToken, adopted, event);
        throw new ProviderError("unavailable", `${label(call)}: duplicate transactionId, but no event holds its key yet`);
      }
      if (!isSuccess(answer)) throw failureOf(call, answer);
      return { eventId: readAnswer(call, answer, createdEvent).id };
    },

    findEvent(accessToken, calendarId, idempotencyKey) {
      return findByEventKey(accessToken, calendarId, idempotencyKey);
    },

    async updateEvent(accessToken, _calendarId, eventId, event) {
      await patchEvent(accessToken, eventId, event);
    },

    // Graph mails a cancellation to the event's attendees, if it has any; a public booking's event has
    // none (eventBody), so `mailsAttendee` needs no flag here.
    async deleteEvent(accessToken, _calendarId, eventId) {
      const call = apiCall("event delete", "DELETE", eventPath(eventId), accessToken);
      const answer = await callProvider(config, call);
      if (answer.status === 404 || answer.status === 410) return;
      if (!isSuccess(answer)) throw failureOf(call, answer);
    },

    async revoke() {
      // Graph has no endpoint that revokes one app's grant; the user removes it in their account.
    },
  };

  async function calendarBusy(accessToken: string, calendarId: string, fromMs: number, toMs: number): Promise<BusyInterval[]> {
    const url = new URL(`${calendarPath(calendarId)}/calendarView`);
    url.searchParams.set("startDateTime", new Date(fromMs).toISOString());
    url.searchParams.set("endDateTime", new Date(toMs).toISOString());
    url.searchParams.set("$select", "showAs,start,end,isCancelled");
    url.searchParams.set("$top", "500");
    const call = { ...apiCall("calendarView", "GET", url.toString(), accessToken), headers: { Prefer: 'outlook.timezone="UTC"' } };
    const busy: BusyInterval[] = [];
    for await (const page of pages(call, calendarViewPage)) {
      for (const event of page.value) {
        if (event.isCancelled === true || !BLOCKING_SHOW_AS.has(event.showAs ?? "busy")) continue;
        busy.push({ startMs: graphInstantMs(event.start, call), endMs: graphInstantMs(event.end, call) });
      }
    }
    return busy;
  }

  async function patchEvent(accessToken: string, eventId: string, event: CalendarEvent): Promise<void> {
    // transactionId is immutable after the create, so it is not sent again.
    await sendOk(config, apiCall("event update", "PATCH", eventPath(eventId), accessToken, eventBody(event)));
  }

  /**
   * An event an earlier attempt created, brought to this one's times and booking: the create whose
   * answer was lost may have been for the booking this one was moved from.
   */
  async function adopt(accessToken: string, eventId: string, event: CalendarEvent): Promise<{ eventId: string }> {
    await patchEvent(accessToken, eventId, event);
    return { eventId };
  }

  async function findByEventKey(accessToken: string, calendarId: string, idempotencyKey: string): Promise<string | null> {
    const quoted = (text: string) => `'${text.replace(/'/g, "''")}'`;
    const url = new URL(`${calendarPath(calendarId)}/events`);
    url.searchParams.set("$filter", `singleValueExtendedProperties/Any(ep: ep/id eq ${quoted(EVENT_KEY_PROPERTY)} and ep/value eq ${quoted(idempotencyKey)})`);
    url.searchParams.set("$select", "id");
    url.searchParams.set("$top", "1");
    const answer = await fetchOk(config, apiCall("event lookup", "GET", url.toString(), accessToken), eventIds);
    return answer.value[0]?.id ?? null;
  }

  /** Follows @odata.nextLink, which must stay on the Graph origin (the token goes along). */
  async function* pages<Page extends { "@odata.nextLink"?: string | undefined }>(first: ProviderCall, schema: z.ZodType<Page>): AsyncGenerator<Page> {
    let call: ProviderCall = first;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const answer = await fetchOk(config, call, schema);
      yield answer;
      const next = answer["@odata.nextLink"];
      if (next === undefined) return;
      if (!sameOrigin(next, api)) throw new ProviderError("unavailable", `${label(call)}: nextLink leaves the Graph origin`);
      call = { ...call, url: next };
    }
    throw new ProviderError("unavailable", `${label(first)}: more than ${MAX_PAGES} pages`);
  }
}

/**
 * Graph mails every attendee of an event it creates, updates or deletes, with no flag to stop it
 * (research §2). So a public booking's attendee goes in the body, never in `attendees`
 * (design-calendars.md): the host's mailbox must not mail an address nobody verified.
 */
function eventBody(event: CalendarEvent) {
  const attendeeLine = `Attendee: ${event.attendee.name} <${event.attendee.email}>`;
  const content = event.mailsAttendee ? (event.description ?? "") : [attendeeLine, event.description].filter(Boolean).join("\n\n");
  return {
    subject: event.title,
    body: { contentType: "text", content },
    // UTC wall time with timeZone "UTC": the instant is exact whatever zone the mailbox shows it in.
    start: { dateTime: graphDateTime(event.startMs), timeZone: "UTC" },
    end: { dateTime: graphDateTime(event.endMs), timeZone: "UTC" },
    ...(event.mailsAttendee ? { attendees: [{ emailAddress: { address: event.attendee.email, name: event.attendee.name }, type: "required" }] } : {}),
    // A PATCH sets the properties it names and leaves the others (the event key) as they are.
    singleValueExtendedProperties: bookingIdProperty(event),
  };
}

function bookingIdProperty(event: CalendarEvent) {
  return [{ id: BOOKING_ID_PROPERTY, value: event.bookingId }];
}

/** "2026-03-02T09:00:00.000": Graph's dateTime has no offset; the zone travels beside it. */
function graphDateTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, -1);
}

/**
 * Graph answers "2026-03-02T09:00:00.0000000" (no offset, 7 fractional digits) in the zone the
 * Prefer header asked for: UTC here. Any other zone would be a misread header; failing beats guessing.
 */
export function graphInstantMs(value: { dateTime: string; timeZone: string }, call: Pick<ProviderCall, "provider" | "operation">): number {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,7}))?(Z|[+-]\d{2}:\d{2})?$/.exec(value.dateTime);
  const isUtc = /^(UTC|Etc\/UTC|Coordinated Universal Time)$/i.test(value.timeZone);
  if (match === null || (match[3] === undefined && !isUtc)) {
    throw new ProviderError("unavailable", `${label(call)}: an event time is not in UTC`);
  }
  const millis = (match[2] ?? "").padEnd(3, "0").slice(0, 3);
  return Date.parse(`${match[1]}.${millis}${match[3] ?? "Z"}`);
}
