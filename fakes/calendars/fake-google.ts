/**
 * A fake Google (OAuth + Calendar API v3) speaking the real wire shapes of the endpoints Bookora
 * uses (research/calendars.md §1): authorize, token, revoke, calendarList, freeBusy and events
 * insert/list/get/patch/delete, with Google's error envelope, its scope checks and the mail to guests
 * that sendUpdates asks for (read with `sentMail()`). Faults: see
 * fake-faults.ts; endpoint kinds: GOOGLE_ENDPOINTS.
 *
 *   const google = new FakeGoogle({ baseUrl: "https://google.fake" });
 *   const config = { ...google.urls, clientId: google.clientId, clientSecret: google.clientSecret,
 *     fetch: (input, init) => google.fetch(new Request(input, init)), timeoutMs: 3000 };
 */
import type { FakeCalendar, FakeEvent } from "./fake-calendar-store";
import { newEvent } from "./fake-calendar-store";
import type { FaultSpec } from "./fake-faults";
import { retryAfterHeader } from "./fake-faults";
import { bearerToken, emptyAnswer, isRecord, jsonAnswer, parseInstant, randomBase32Hex, readJsonObject } from "./fake-http";
import { FakeProvider, type FakeProviderOptions, grantEndpoint, type Route, type RouteContext, route } from "./fake-provider";

export const GOOGLE_ENDPOINTS = [
  "authorize",
  "exchange",
  "refresh",
  "revoke",
  "calendarList",
  "calendarListEntry",
  "calendarGet",
  "freeBusy",
  "insert",
  "list",
  "get",
  "patch",
  "delete",
] as const;

const scope = (name: string) => `https://www.googleapis.com/auth/${name}`;
/** Which scopes each method accepts (Calendar API reference, "Authorization" of each method). */
const SCOPES = {
  calendarList: [scope("calendar"), scope("calendar.readonly"), scope("calendar.calendarlist"), scope("calendar.calendarlist.readonly")],
  calendars: [scope("calendar"), scope("calendar.readonly"), scope("calendar.calendars"), scope("calendar.calendars.readonly")],
  freeBusy: [scope("calendar"), scope("calendar.readonly"), scope("calendar.freebusy"), scope("calendar.events.freebusy")],
  eventsWrite: [scope("calendar"), scope("calendar.events"), scope("calendar.events.owned")],
  eventsRead: [scope("calendar"), scope("calendar.readonly"), scope("calendar.events"), scope("calendar.events.readonly"), scope("calendar.events.owned")],
};

const STATUS_NAMES: Record<number, string> = {
  400: "INVALID_ARGUMENT",
  401: "UNAUTHENTICATED",
  403: "PERMISSION_DENIED",
  404: "NOT_FOUND",
  429: "RESOURCE_EXHAUSTED",
  500: "INTERNAL",
  503: "UNAVAILABLE",
};

export class FakeGoogle extends FakeProvider {
  readonly urls: { authUrl: string; tokenUrl: string; apiUrl: string; revokeUrl: string };

  constructor(options: FakeProviderOptions = {}) {
    super(
      options,
      { baseUrl: "https://google.fake", clientId: "fake-google-client-id", accountEmail: "host@gmail.test" },
      {
        endpoints: GOOGLE_ENDPOINTS,
        faultGroups: { exchange: ["token"], refresh: ["token"], freeBusy: ["busy"] },
        defaultCalendars: (email) => [
          { id: email, name: email, primary: true },
          { id: "team0fake@group.calendar.google.com", name: "Team", primary: false },
        ],
        authorizePath: "/o/oauth2/v2/auth",
        oauth: {
          title: "Fake Google",
          rotatesRefreshTokens: false,
          issuesRefreshToken: (params) => params.get("access_type") === "offline",
          refreshNeedsScope: false,
          granularConsent: true,
          checkAuthorize: (params) => {
            const unknown = (params.get("scope") ?? "")
              .split(/\s+/)
              .filter((name) => name && !/^(openid|email|profile)$/.test(name) && !name.startsWith(scope("")));
            if (unknown.length > 0) return "Some requested scopes are not Google scopes.";
            if (!["offline", "online", null].includes(params.get("access_type"))) return "access_type must be online or offline.";
            return null;
          },
          normaliseScope: (name) => name,
          extraTokenFields: () => ({}),
        },
      },
    );
    this.urls = {
      authUrl: `${this.baseUrl}/o/oauth2/v2/auth`,
      tokenUrl: `${this.baseUrl}/token`,
      apiUrl: `${this.baseUrl}/calendar/v3`,
      revokeUrl: `${this.baseUrl}/revoke`,
    };
  }

  protected readonly routes: Route[] = [
    route("GET", "/o/oauth2/v2/auth", "authorize", ({ url }) => this.oauth.authorize(url), true),
    route("GET", "/o/oauth2/v2/auth/approve", "authorize", ({ url }) => this.oauth.approve(url), true),
    route("GET", "/o/oauth2/v2/auth/deny", "authorize", ({ url }) => this.oauth.deny(url), true),
    route("POST", "/token", "exchange", ({ request }) => this.oauth.token(request), true, grantEndpoint),
    route("POST", "/revoke", "revoke", ({ request }) => this.oauth.revoke(request), true),
    route(
      "GET",
      "/calendar/v3/users/me/calendarList",
      "calendarList",
      this.#api(SCOPES.calendarList, (context) => this.#calendarList(context)),
    ),
    route(
      "GET",
      "/calendar/v3/users/me/calendarList/:calendarId",
      "calendarListEntry",
      this.#api(SCOPES.calendarList, (context) => this.#calendarListEntry(context)),
    ),
    route(
      "GET",
      "/calendar/v3/calendars/:calendarId",
      "calendarGet",
      this.#api(SCOPES.calendars, (context) => this.#calendarGet(context)),
    ),
    route(
      "POST",
      "/calendar/v3/freeBusy",
      "freeBusy",
      this.#api(SCOPES.freeBusy, (context) => this.#freeBusy(context)),
    ),
    route(
      "POST",
      "/calendar/v3/calendars/:calendarId/events",
      "insert",
      this.#api(SCOPES.eventsWrite, (context) => this.#insert(context)),
    ),
    route(
      "GET",
      "/calendar/v3/calendars/:calendarId/events",
      "list",
      this.#api(SCOPES.eventsRead, (context) => this.#list(context)),
    ),
    route(
      "GET",
      "/calendar/v3/calendars/:calendarId/events/:eventId",
      "get",
      this.#api(SCOPES.eventsRead, (context) => this.#get(context)),
    ),
    route(
      "PATCH",
      "/calendar/v3/calendars/:calendarId/events/:eventId",
      "patch",
      this.#api(SCOPES.eventsWrite, (context) => this.#patch(context)),
    ),
    route(
      "DELETE",
      "/calendar/v3/calendars/:calendarId/events/:eventId",
      "delete",
      this.#api(SCOPES.eventsWrite, (context) => this.#delete(context)),
    ),
  ];

  protected readonly apiFaultAnswer = (fault: FaultSpec): Response => {
    switch (fault.fault) {
      case "unauthorized":
        return googleError(401, "authError", "Invalid Credentials");
      case "invalid_grant":
        return jsonAnswer({ error: "invalid_grant", error_description: "Token has been expired or revoked." }, 400);
      case "rate_limited":
        return googleError(429, "rateLimitExceeded", "Rate Limit Exceeded", retryAfterHeader(fault, "30"), "usageLimits");
      case "rate_limited_403":
        return googleError(403, "userRateLimitExceeded", "User Rate Limit Exceeded", retryAfterHeader(fault, null), "usageLimits");
      case "unavailable":
        return googleError(503, "backendError", "Backend Error", retryAfterHeader(fault, null));
      case "duplicate":
        return googleError(409, "duplicate", "The requested identifier already exists.");
      case "gone":
        return googleError(410, "deleted", "Resource has been deleted");
      case "not_found":
        return googleError(404, "notFound", "Not Found");
      default:
        return googleError(fault.status ?? 500, "backendError", "Backend Error");
    }
  };

  protected notFound(): Response {
    return googleError(404, "notFound", "Not Found");
  }

  protected newEventId(): string {
    return randomBase32Hex(26);
  }

  #api(scopes: readonly string[], handler: (context: RouteContext) => Promise<Response> | Response): Route["handle"] {
    return (context) => {
      const verdict = this.oauth.check(bearerToken(context.request), scopes);
      if (verdict === "unauthorized")
        return googleError(401, "authError", "Invalid Credentials", { "WWW-Authenticate": 'Bearer realm="https://accounts.google.com/"' });
      if (verdict === "insufficient_scope") return googleError(403, "insufficientPermissions", "Request had insufficient authentication scopes.");
      return handler(context);
    };
  }

  #calendarList({ url }: RouteContext): Response {
    const calendars = this.store.calendars();
    const size = Math.min(Number(url.searchParams.get("maxResults") ?? 100) || 100, 250, this.pageSize);
    const token = url.searchParams.get("pageToken");
    const offset = token === null ? 0 : Number(/^page-(\d+)$/.exec(token)?.[1] ?? Number.NaN);
    if (Number.isNaN(offset)) return googleError(400, "invalid", "Invalid page token value.");
    const page = calendars.slice(offset, offset + size);
    const more = offset + size < calendars.length;
    return jsonAnswer({
      kind: "calendar#calendarList",
      etag: `"p${offset}"`,
      ...(more ? { nextPageToken: `page-${offset + size}` } : { nextSyncToken: "fake-sync" }),
      items: page.map((calendar) => this.#calendarListEntryResource(calendar)),
    });
  }

  #calendarListEntry({ params }: RouteContext): Response {
    const calendar = this.calendarFor(params[0] ?? "");
    return calendar === null ? googleError(404, "notFound", "Not Found") : jsonAnswer(this.#calendarListEntryResource(calendar));
  }

  #calendarGet({ params }: RouteContext): Response {
    const calendar = this.calendarFor(params[0] ?? "");
    if (calendar === null) return googleError(404, "notFound", "Not Found");
    return jsonAnswer({ kind: "calendar#calendar", etag: '"c1"', id: calendar.id, summary: calendar.name, timeZone: "UTC" });
  }

  async #freeBusy({ request, fault }: RouteContext): Promise<Response> {
    const body = await readJsonObject(request);
    if (body === null) return googleError(400, "parseError", "Parse Error");
    const fromMs = parseInstant(body.timeMin);
    const toMs = parseInstant(body.timeMax);
    if (fromMs === null || toMs === null) return googleError(400, "invalid", "Invalid or missing timeMin / timeMax.");
    if (fromMs >= toMs) return googleError(400, "timeRangeEmpty", "The specified time range is empty.");
    const calendars: Record<string, unknown> = {};
    for (const item of Array.isArray(body.items) ? body.items : []) {
      const id = isRecord(item) && typeof item.id === "string" ? item.id : null;
      if (id === null) continue;
      const calendar = this.calendarFor(id);
      // Google answers 200 even when a calendar failed; the failure sits in its `errors`.
      if (fault !== null && (fault.calendarIds === undefined || fault.calendarIds.includes(id))) {
        calendars[id] = { errors: [{ domain: "global", reason: fault.reason ?? "backendError" }], busy: [] };
      } else if (calendar === null) {
        calendars[id] = { errors: [{ domain: "global", reason: "notFound" }], busy: [] };
      } else {
        calendars[id] = { busy: mergedBusy(this.store.overlapping(calendar.id, fromMs, toMs), fromMs, toMs) };
      }
    }
    return jsonAnswer({ kind: "calendar#freeBusy", timeMin: rfc3339(fromMs), timeMax: rfc3339(toMs), calendars });
  }

  async #insert({ request, url, params }: RouteContext): Promise<Response> {
    const calendar = this.calendarFor(params[0] ?? "");
    if (calendar === null) return googleError(404, "notFound", "Not Found");
    const body = await readJsonObject(request);
    if (body === null) return googleError(400, "parseError", "Parse Error");
    const id = body.id === undefined ? this.newEventId() : body.id;
    if (typeof id !== "string" || !/^[a-v0-9]{5,1024}$/.test(id)) return googleError(400, "invalid", "Invalid resource id value.");
    // Deleted events keep their id (status "cancelled"): inserting it again is still a duplicate.
    if (this.store.event(id, calendar.id) !== null) return googleError(409, "duplicate", "The requested identifier already exists.");
    const fields = readEventFields(body, true);
    if (typeof fields === "string") return googleError(400, "invalid", fields);
    const { properties: changes, ...rest } = fields;
    const properties = mergeProperties({}, changes ?? {});
    const event = this.store.insert(
      newEvent(
        {
          id,
          calendarId: calendar.id,
          startMs: 0,
          endMs: 0,
          ...rest,
          properties,
          bookingId: properties.bookoraBookingId ?? null,
          sendUpdates: url.searchParams.get("sendUpdates"),
        },
        this.now(),
      ),
    );
    this.#mailAttendees(event, "invitation", url);
    return jsonAnswer(this.#eventResource(event));
  }

  #list({ url, params }: RouteContext): Response {
    const calendar = this.calendarFor(params[0] ?? "");
    if (calendar === null) return googleError(404, "notFound", "Not Found");
    // privateExtendedProperty=key=value, repeatable: every one must match.
    const wanted = url.searchParams.getAll("privateExtendedProperty").map((pair) => pair.split("=") as [string, string?]);
    const items = this.store
      .events(calendar.id, { includeDeleted: url.searchParams.get("showDeleted") === "true" })
      .filter((event) => wanted.every(([key, value]) => event.properties[key] === value));
    return jsonAnswer({
      kind: "calendar#events",
      etag: '"l1"',
      summary: calendar.name,
      timeZone: "UTC",
      accessRole: "owner",
      items: items.map((event) => this.#eventResource(event)),
    });
  }

  #get({ params }: RouteContext): Response {
    const event = this.#eventIn(params);
    return event === null ? googleError(404, "notFound", "Not Found") : jsonAnswer(this.#eventResource(event));
  }

  async #patch({ request, url, params }: RouteContext): Promise<Response> {
    const event = this.#eventIn(params);
    if (event === null) return googleError(404, "notFound", "Not Found");
    // A deleted event cannot be updated back to life: Google answers 403 (research §1, "update 403").
    if (event.deleted) return googleError(403, "forbidden", "Forbidden");
    const body = await readJsonObject(request);
    if (body === null) return googleError(400, "parseError", "Parse Error");
    const fields = readEventFields(body, false);
    if (typeof fields === "string") return googleError(400, "invalid", fields);
    const { properties: changes, ...rest } = fields;
    if ((rest.endMs ?? event.endMs) <= (rest.startMs ?? event.startMs)) return googleError(400, "timeRangeEmpty", "The specified time range is empty.");
    // Patch semantics: extendedProperties.private merges key by key (null removes one).
    const properties = mergeProperties(event.properties, changes ?? {});
    Object.assign(event, rest, {
      properties,
      bookingId: properties.bookoraBookingId ?? null,
      updatedAtMs: this.now(),
      sendUpdates: url.searchParams.get("sendUpdates"),
    });
    this.#mailAttendees(event, "update", url);
    return jsonAnswer(this.#eventResource(event));
  }

  #delete({ url, params }: RouteContext): Response {
    const event = this.#eventIn(params);
    if (event === null) return googleError(404, "notFound", "Not Found");
    if (event.deleted) return googleError(410, "deleted", "Resource has been deleted");
    Object.assign(event, { deleted: true, updatedAtMs: this.now(), sendUpdates: url.searchParams.get("sendUpdates") });
    this.#mailAttendees(event, "cancellation", url);
    return emptyAnswer(204);
  }

  /**
   * Google mails the guests about a write only when its sendUpdates says so: "all", or
   * "externalOnly" for guests outside the account's domain; "none" or no parameter mails nobody.
   */
  #mailAttendees(event: FakeEvent, kind: "invitation" | "update" | "cancellation", url: URL): void {
    const sendUpdates = url.searchParams.get("sendUpdates");
    if (sendUpdates === "all") this.store.mailAttendees(event, kind, this.accountEmail);
    if (sendUpdates === "externalOnly") {
      const domain = this.accountEmail.split("@")[1];
      this.store.mailAttendees({ ...event, attendees: event.attendees.filter((attendee) => attendee.email.split("@")[1] !== domain) }, kind, this.accountEmail);
    }
  }

  #eventIn(params: string[]): FakeEvent | null {
    const calendar = this.calendarFor(params[0] ?? "");
    return calendar === null ? null : this.store.event(params[1] ?? "", calendar.id);
  }

  #calendarListEntryResource(calendar: FakeCalendar) {
    return {
      kind: "calendar#calendarListEntry",
      etag: `"e-${calendar.id}"`,
      id: calendar.id,
      summary: calendar.name,
      timeZone: "UTC",
      colorId: "1",
      backgroundColor: "#9fe1e7",
      foregroundColor: "#000000",
      selected: true,
      accessRole: "owner",
      defaultReminders: [],
      ...(calendar.primary ? { primary: true } : {}),
    };
  }

  #eventResource(event: FakeEvent) {
    return {
      kind: "calendar#event",
      etag: `"${event.updatedAtMs}"`,
      id: event.id,
      status: event.deleted ? "cancelled" : "confirmed",
      htmlLink: `${this.baseUrl}/calendar/event?eid=${event.id}`,
      created: new Date(event.createdAtMs).toISOString(),
      updated: new Date(event.updatedAtMs).toISOString(),
      summary: event.title,
      description: event.description,
      creator: { email: this.accountEmail, self: true },
      organizer: { email: event.calendarId, self: true },
      start: { dateTime: rfc3339(event.startMs), timeZone: event.timeZone },
      end: { dateTime: rfc3339(event.endMs), timeZone: event.timeZone },
      ...(event.showAs === "free" ? { transparency: "transparent" } : {}),
      iCalUID: `${event.id}@google.com`,
      sequence: 0,
      attendees: event.attendees.map((attendee) => ({ email: attendee.email, displayName: attendee.name, responseStatus: "needsAction" })),
      extendedProperties: { private: event.properties },
      reminders: { useDefault: true },
      eventType: "default",
    };
  }
}

/** Google's error envelope: `{ error: { code, message, errors: [{ domain, reason, message }], status } }`. */
export function googleError(status: number, reason: string, message: string, headers: Record<string, string> = {}, domain = "global"): Response {
  const statusName = STATUS_NAMES[status];
  return jsonAnswer(
    { error: { code: status, message, errors: [{ domain, reason, message }], ...(statusName ? { status: statusName } : {}) } },
    status,
    headers,
  );
}

type EventFields = Partial<Pick<FakeEvent, "title" | "description" | "startMs" | "endMs" | "timeZone" | "attendees" | "showAs">> & {
  properties?: Record<string, string | null>;
};

/** The writable fields of an Event body; a message when one is malformed. */
function readEventFields(body: Record<string, unknown>, isInsert: boolean): EventFields | string {
  const fields: EventFields = {};
  if (typeof body.summary === "string") fields.title = body.summary;
  if (typeof body.description === "string") fields.description = body.description;
  for (const edge of ["start", "end"] as const) {
    const value = body[edge];
    if (value === undefined && !isInsert) continue;
    if (!isRecord(value)) return `Missing ${edge} time.`;
    // This fake reads only instants with an offset (Bookora sends Z), plus the zone beside them.
    const ms = parseInstant(value.dateTime);
    if (ms === null) return `Invalid ${edge} time.`;
    fields[edge === "start" ? "startMs" : "endMs"] = ms;
    if (typeof value.timeZone === "string") fields.timeZone = value.timeZone;
  }
  if (isInsert && (fields.endMs ?? 0) <= (fields.startMs ?? 0)) return "The specified time range is empty.";
  if (body.attendees !== undefined) {
    if (!Array.isArray(body.attendees)) return "Invalid attendees.";
    const attendees: Array<{ email: string; name: string }> = [];
    for (const attendee of body.attendees) {
      if (!isRecord(attendee) || typeof attendee.email !== "string" || !attendee.email.includes("@")) return "Invalid attendee email.";
      attendees.push({ email: attendee.email, name: typeof attendee.displayName === "string" ? attendee.displayName : "" });
    }
    fields.attendees = attendees;
  }
  if (body.transparency === "transparent") fields.showAs = "free";
  if (body.transparency === "opaque") fields.showAs = "busy";
  const extended = body.extendedProperties;
  if (isRecord(extended) && isRecord(extended.private)) {
    const properties: Record<string, string | null> = {};
    for (const [key, value] of Object.entries(extended.private)) {
      if (typeof value !== "string" && value !== null) return "Invalid extended property value.";
      properties[key] = value;
    }
    fields.properties = properties;
  }
  return fields;
}

function mergeProperties(current: Record<string, string>, changes: Record<string, string | null>): Record<string, string> {
  const merged = { ...current };
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}

/** freeBusy's busy list: non-free events, clipped to the range and merged where they touch. */
function mergedBusy(events: FakeEvent[], fromMs: number, toMs: number): Array<{ start: string; end: string }> {
  const periods = events
    .filter((event) => event.showAs !== "free" && event.showAs !== "workingElsewhere")
    .map((event) => ({ startMs: Math.max(event.startMs, fromMs), endMs: Math.min(event.endMs, toMs) }))
    .sort((a, b) => a.startMs - b.startMs);
  const merged: Array<{ startMs: number; endMs: number }> = [];
  for (const period of periods) {
    const last = merged.at(-1);
    if (last !== undefined && period.startMs <= last.endMs) last.endMs = Math.max(last.endMs, period.endMs);
    else merged.push({ ...period });
  }
  return merged.map((period) => ({ start: rfc3339(period.startMs), end: rfc3339(period.endMs) }));
}

/** Google writes instants without milliseconds when there are none: "2026-03-02T09:00:00Z". */
function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(".000Z", "Z");
}
