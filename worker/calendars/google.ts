/**
 * Google Calendar API v3 behind the CalendarProvider interface, over plain fetch (no googleapis:
 * it is Node-only). Wire shapes and errors: research/calendars.md §1. Exactly one event per booking
 * comes from client-chosen event ids: a retried insert answers 409, and that id is ours. Google
 * keeps a deleted event's id for good, so a booking whose event was deleted goes on to its next id.
 */
import { z } from "zod";
import { authorizationUrlFor, requestTokens } from "./oauth-token";
import type { BusyInterval, CalendarEvent, CalendarProvider, ProviderCalendar, ProviderConfig } from "./provider";
import { ProviderError } from "./provider";
import { callProvider, failureOf, fetchOk, isSuccess, label, type ProviderCall, readAnswer, sendOk } from "./provider-http";

/**
 * The narrowest set that covers what Bookora calls: `calendar.events` writes the booking's event,
 * `calendar.freebusy` reads busy times (calendar.events does not cover freeBusy), and
 * `calendar.calendarlist.readonly` lists the calendars, including the primary entry whose id is the
 * account's email (`calendars/primary` would need calendar.calendars.readonly as well).
 */
export const GOOGLE_SCOPES = [
  "https://www.googleapis.com/auth/calendar.events",
  "https://www.googleapis.com/auth/calendar.freebusy",
  "https://www.googleapis.com/auth/calendar.calendarlist.readonly",
] as const;

/** freeBusy answers at most 90 days per query (cal.com chunks the same way) and 50 calendars. */
const FREE_BUSY_WINDOW_MS = 90 * 24 * 60 * 60 * 1000;
const FREE_BUSY_MAX_CALENDARS = 50;
/** A provider that pages forever is failing; stop long before a Worker's subrequest limit. */
const MAX_PAGES = 40;
/** The ids one booking's event may go through, a new one each time the last was deleted at Google. */
const EVENT_ID_GENERATIONS = 4;

const calendarListEntry = z.object({
  id: z.string().min(1),
  summary: z.string().optional(),
  summaryOverride: z.string().optional(),
  primary: z.boolean().optional(),
});
const calendarListPage = z.object({ items: z.array(calendarListEntry).default([]), nextPageToken: z.string().optional() });
const freeBusyAnswer = z.object({
  calendars: z.record(
    z.string(),
    z.object({
      busy: z.array(z.object({ start: z.string(), end: z.string() })).default([]),
      errors: z.array(z.object({ reason: z.string().optional() })).default([]),
    }),
  ),
});
const createdEvent = z.object({ id: z.string().min(1) });
const eventTime = z.object({ dateTime: z.string().optional() }).optional();
const foundEvent = z.object({
  id: z.string().min(1),
  status: z.string().optional(),
  start: eventTime,
  end: eventTime,
  extendedProperties: z.object({ private: z.record(z.string(), z.string()).optional() }).optional(),
});
type FoundEvent = z.output<typeof foundEvent>;

export function googleProvider(config: ProviderConfig): CalendarProvider {
  const api = config.apiUrl.replace(/\/+$/, "");
  const apiCall = (operation: string, method: ProviderCall["method"], url: string, accessToken: string, json?: unknown): ProviderCall => ({
    provider: "google",
    operation,
    method,
    url,
    accessToken,
    json,
  });
  const eventUrl = (calendarId: string, eventId?: string) =>
    `${api}/calendars/${encodeURIComponent(calendarId)}/events${eventId === undefined ? "" : `/${encodeURIComponent(eventId)}`}`;
  // Google mails the attendees its invitation, update or cancellation only with sendUpdates=all
  // (design-calendars.md: only for bookings made with a service token).
  const writeUrl = (calendarId: string, eventId: string | undefined, mailsAttendee: boolean) =>
    `${eventUrl(calendarId, eventId)}?sendUpdates=${mailsAttendee ? "all" : "none"}`;

  return {
    name: "google",

    authorizationUrl(request) {
      // offline: a refresh token; consent: Google sends one again on a reconnect, not only the first time.
      return authorizationUrlFor(config, request, GOOGLE_SCOPES, { access_type: "offline", prompt: "consent" });
    },

    exchangeCode(code, codeVerifier, redirectUri) {
      return requestTokens(config, {
        provider: "google",
        operation: "token exchange",
        form: { grant_type: "authorization_code", code, code_verifier: codeVerifier, redirect_uri: redirectUri },
        requiredScopes: GOOGLE_SCOPES,
      });
    },

    refresh(refreshToken) {
      return requestTokens(config, {
        provider: "google",
        operation: "token refresh",
        form: { grant_type: "refresh_token", refresh_token: refreshToken },
      });
    },

    async accountEmail(accessToken) {
      const call = apiCall("primary calendar", "GET", `${api}/users/me/calendarList/primary`, accessToken);
      const entry = await fetchOk(config, call, calendarListEntry);
      // The primary calendar's id is the account's address (design-calendars.md "Configuration").
      return entry.id.includes("@") ? entry.id : null;
    },

    async listCalendars(accessToken) {
      const calendars: ProviderCalendar[] = [];
      let pageToken: string | undefined;
      for (let page = 0; page < MAX_PAGES; page += 1) {
        const url = new URL(`${api}/users/me/calendarList`);
        url.searchParams.set("maxResults", "250");
        if (pageToken !== undefined) url.searchParams.set("pageToken", pageToken);
        const answer = await fetchOk(config, apiCall("calendarList", "GET", url.toString(), accessToken), calendarListPage);
        for (const entry of answer.items) {
          calendars.push({ id: entry.id, name: entry.summaryOverride ?? entry.summary ?? entry.id, primary: entry.primary === true });
        }
        pageToken = answer.nextPageToken;
        if (pageToken === undefined) return calendars;
      }
      throw new ProviderError("unavailable", `google calendarList: more than ${MAX_PAGES} pages`);
    },

    async busyTimes(accessToken, calendarIds, fromMs, toMs) {
      const busy: BusyInterval[] = [];
      for (let windowStart = fromMs; windowStart < toMs; windowStart += FREE_BUSY_WINDOW_MS) {
        const windowEnd = Math.min(toMs, windowStart + FREE_BUSY_WINDOW_MS);
        for (let first = 0; first < calendarIds.length; first += FREE_BUSY_MAX_CALENDARS) {
          const ids = calendarIds.slice(first, first + FREE_BUSY_MAX_CALENDARS);
          busy.push(...(await queryFreeBusy(accessToken, ids, windowStart, windowEnd)));
        }
      }
      return busy;
    },

    async createEvent(accessToken, calendarId, event) {
      for (const eventId of await googleEventIds(event.idempotencyKey)) {
        const call = apiCall("event insert", "POST", writeUrl(calendarId, undefined, event.mailsAttendee), accessToken, { id: eventId, ...eventBody(event) });
        const answer = await callProvider(config, call);
        if (isSuccess(answer)) return { eventId: readAnswer(call, answer, createdEvent).id };
        if (answer.status !== 409) throw failureOf(call, answer);
        // 409: an event holds the id. Live, an earlier attempt whose answer was lost made it (maybe for
        // the booking this one was moved from): adopt it at these times. Cancelled, it was deleted, and
        // a deleted event can be neither re-inserted nor updated (research §1): try the next id.
        const existing = await getEvent(accessToken, calendarId, eventId);
        if (existing === null) throw new ProviderError("unavailable", `${label(call)}: 409, but no event holds the id`);
        if (existing.status === "cancelled") continue;
        if (!shows(existing, event)) await patchEvent(accessToken, calendarId, eventId, event);
        return { eventId };
      }
      throw new ProviderError("rejected", `google event insert: all ${EVENT_ID_GENERATIONS} ids of this event were deleted`);
    },

    async findEvent(accessToken, calendarId, idempotencyKey) {
      for (const eventId of await googleEventIds(idempotencyKey)) {
        const existing = await getEvent(accessToken, calendarId, eventId);
        // Ids are used in order: one never used means no later one was either.
        if (existing === null) return null;
        if (existing.status !== "cancelled") return existing.id;
      }
      return null;
    },

    updateEvent: patchEvent,

    async deleteEvent(accessToken, calendarId, eventId, mailsAttendee) {
      const call = apiCall("event delete", "DELETE", writeUrl(calendarId, eventId, mailsAttendee), accessToken);
      const answer = await callProvider(config, call);
      // Already gone is deleted: 410 once deleted, 404 if it never reached this calendar.
      if (answer.status === 404 || answer.status === 410) return;
      if (!isSuccess(answer)) throw failureOf(call, answer);
    },

    async revoke(token) {
      if (config.revokeUrl === undefined) return;
      try {
        await callProvider(config, { provider: "google", operation: "revoke", method: "POST", url: config.revokeUrl, form: { token }, endpoint: "token" });
      } catch {
        // Best effort (design-calendars.md): the tokens are deleted on our side whatever Google says.
      }
    },
  };

  async function patchEvent(accessToken: string, calendarId: string, eventId: string, event: CalendarEvent): Promise<void> {
    await sendOk(config, apiCall("event patch", "PATCH", writeUrl(calendarId, eventId, event.mailsAttendee), accessToken, eventBody(event)));
  }

  /** The event with this id, deleted ones included (status "cancelled"); null when there never was one. */
  async function getEvent(accessToken: string, calendarId: string, eventId: string): Promise<FoundEvent | null> {
    const call = apiCall("event get", "GET", eventUrl(calendarId, eventId), accessToken);
    const answer = await callProvider(config, call);
    if (answer.status === 404) return null;
    // Google answers a deleted event with status "cancelled", or with 410 "deleted": the same fact.
    if (answer.status === 410) return { id: eventId, status: "cancelled" };
    if (!isSuccess(answer)) throw failureOf(call, answer);
    return readAnswer(call, answer, foundEvent);
  }

  async function queryFreeBusy(accessToken: string, ids: readonly string[], fromMs: number, toMs: number): Promise<BusyInterval[]> {
    const body = { timeMin: new Date(fromMs).toISOString(), timeMax: new Date(toMs).toISOString(), items: ids.map((id) => ({ id })) };
    const call = apiCall("freeBusy", "POST", `${api}/freeBusy`, accessToken, body);
    const answer = await fetchOk(config, call, freeBusyAnswer);
    const busy: BusyInterval[] = [];
    for (const id of ids) {
      const calendar = answer.calendars[id];
      // A calendar that failed is failing, not free: Google reports it inside the 200 (research §1).
      if (calendar === undefined) throw new ProviderError("unavailable", `${label(call)}: a calendar is missing from the answer`);
      if (calendar.errors.length > 0) {
        const reason = calendar.errors[0]?.reason ?? "unknown";
        throw new ProviderError("unavailable", `${label(call)}: a calendar could not be read (${safeReason(reason)})`);
      }
      for (const period of calendar.busy) busy.push({ startMs: instantMs(period.start, call), endMs: instantMs(period.end, call) });
    }
    return busy;
  }
}

/**
 * Google's event id from the idempotency key: base32hex (a–v, 0–9), 5 to 1024 characters. A
 * dash-less lowercase UUID already is one; any other key is hashed to hex (also base32hex), so
 * every retry of that key still sends the same id.
 */
export async function googleEventId(idempotencyKey: string): Promise<string> {
  const normalised = idempotencyKey.toLowerCase().replace(/-/g, "");
  if (/^[a-v0-9]{5,1024}$/.test(normalised)) return normalised;
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(idempotencyKey));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

/**
 * The ids a booking's event may have, in the order they are used: the key's own, then ones derived
 * from it, so every retry walks the same ones.
 */
async function googleEventIds(idempotencyKey: string): Promise<string[]> {
  const keys = Array.from({ length: EVENT_ID_GENERATIONS }, (_, generation) => (generation === 0 ? idempotencyKey : `${idempotencyKey}.${generation}`));
  return Promise.all(keys.map(googleEventId));
}

/** Does the event already show this booking at its times (an adopted event needs no patch, and mails no update)? */
function shows(existing: FoundEvent, event: CalendarEvent): boolean {
  const at = (time: { dateTime?: string | undefined } | undefined) => Date.parse(time?.dateTime ?? "");
  return at(existing.start) === event.startMs && at(existing.end) === event.endMs && existing.extendedProperties?.private?.bookoraBookingId === event.bookingId;
}

/** The fields Bookora owns on the event; a patch with them moves it and hands it to the new booking. */
function eventBody(event: CalendarEvent) {
  return {
    summary: event.title,
    description: event.description ?? "",
    // An instant with Z, plus the host's zone for how Google shows it (research §1, EventDateTime).
    start: { dateTime: new Date(event.startMs).toISOString(), timeZone: event.timeZone },
    end: { dateTime: new Date(event.endMs).toISOString(), timeZone: event.timeZone },
    attendees: [{ email: event.attendee.email, displayName: event.attendee.name }],
    extendedProperties: { private: { bookoraBookingId: event.bookingId } },
  };
}

function instantMs(text: string, call: ProviderCall): number {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new ProviderError("unavailable", `${label(call)}: a busy period has no readable time`);
  return ms;
}

function safeReason(reason: string): string {
  return /^[A-Za-z0-9_.-]{1,64}$/.test(reason) ? reason : "unknown";
}
