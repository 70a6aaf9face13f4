/**
 * A fake Microsoft (Entra OAuth v2 + Graph v1.0) speaking the real wire shapes of the endpoints
 * Bookora uses (research/calendars.md §2): authorize, token (refresh tokens rotate), /me,
 * /me/calendars, calendarView (honouring `Prefer: outlook.timezone`, `$select`, `$top`, nextLink),
 * events create/list-by-extended-property/get/patch/delete, transactionId duplicates, the meeting
 * mail Graph sends every attendee (read with `sentMail()`), and Graph's error envelope. Faults:
 * see fake-faults.ts; endpoint kinds: MICROSOFT_ENDPOINTS.
 */
import { type FakeEvent, newEvent, SHOW_AS_VALUES, type ShowAs } from "./fake-calendar-store";
import { type FaultSpec, retryAfterHeader } from "./fake-faults";
import { bearerToken, emptyAnswer, isRecord, jsonAnswer, randomBase64Url, readJsonObject } from "./fake-http";
import { FakeProvider, type FakeProviderOptions, grantEndpoint, type Route, type RouteContext, route } from "./fake-provider";
import { isUtcZone, wallTime, wallTimeToUtcMs } from "./fake-zones";

export const MICROSOFT_ENDPOINTS = [
  "authorize",
  "exchange",
  "refresh",
  "me",
  "calendarList",
  "calendarView",
  "insert",
  "list",
  "get",
  "patch",
  "delete",
] as const;

export interface FakeMicrosoftOptions extends FakeProviderOptions {
  /** /me's `mail`: null as for many personal accounts (Bookora then uses userPrincipalName). */
  mail?: string | null;
}

const READ = ["Calendars.Read", "Calendars.ReadWrite"];
const WRITE = ["Calendars.ReadWrite"];
/** Graph pages 10 items when `$top` is not given. */
const DEFAULT_TOP = 10;

export class FakeMicrosoft extends FakeProvider {
  readonly urls: { authUrl: string; tokenUrl: string; apiUrl: string };
  readonly mail: string | null;

  constructor(options: FakeMicrosoftOptions = {}) {
    super(
      options,
      { baseUrl: "https://microsoft.fake", clientId: "fake-microsoft-client-id", accountEmail: "host@outlook.test" },
      {
        endpoints: MICROSOFT_ENDPOINTS,
        faultGroups: { exchange: ["token"], refresh: ["token"], calendarView: ["busy"] },
        defaultCalendars: () => [
          { id: "AAMkADfakeCalendar0001AAA=", name: "Calendar", primary: true },
          { id: "AAMkADfakeCalendar0002AAA=", name: "Team", primary: false },
        ],
        authorizePath: "/common/oauth2/v2.0/authorize",
        oauth: {
          title: "Fake Microsoft",
          rotatesRefreshTokens: true,
          issuesRefreshToken: (params) => (params.get("scope") ?? "").split(/\s+/).includes("offline_access"),
          refreshNeedsScope: true,
          granularConsent: false,
          checkAuthorize: (params) => (["query", null].includes(params.get("response_mode")) ? null : "This fake answers with response_mode=query only."),
          normaliseScope: (name) => name.replace(/^https:\/\/graph\.microsoft\.com\//i, ""),
          extraTokenFields: (lifetime) => ({ ext_expires_in: lifetime }),
        },
      },
    );
    this.mail = options.mail === undefined ? this.accountEmail : options.mail;
    this.urls = {
      authUrl: `${this.baseUrl}/common/oauth2/v2.0/authorize`,
      tokenUrl: `${this.baseUrl}/common/oauth2/v2.0/token`,
      apiUrl: `${this.baseUrl}/v1.0`,
    };
  }

  protected readonly routes: Route[] = [
    route("GET", "/:tenant/oauth2/v2.0/authorize", "authorize", ({ url }) => this.oauth.authorize(url), true),
    route("GET", "/:tenant/oauth2/v2.0/authorize/approve", "authorize", ({ url }) => this.oauth.approve(url), true),
    route("GET", "/:tenant/oauth2/v2.0/authorize/deny", "authorize", ({ url }) => this.oauth.deny(url), true),
    route("POST", "/:tenant/oauth2/v2.0/token", "exchange", ({ request }) => this.oauth.token(request), true, grantEndpoint),
    route(
      "GET",
      "/v1.0/me",
      "me",
      this.#api(["User.Read"], (context) => this.#me(context)),
    ),
    route(
      "GET",
      "/v1.0/me/calendars",
      "calendarList",
      this.#api(READ, (context) => this.#calendars(context)),
    ),
    route(
      "GET",
      "/v1.0/me/calendar/calendarView",
      "calendarView",
      this.#api(READ, (context) => this.#calendarView(context, "primary")),
    ),
    route(
      "GET",
      "/v1.0/me/calendars/:calendarId/calendarView",
      "calendarView",
      this.#api(READ, (context) => this.#calendarView(context, context.params[0])),
    ),
    route(
      "POST",
      "/v1.0/me/events",
      "insert",
      this.#api(WRITE, (context) => this.#insert(context, "primary")),
    ),
    route(
      "POST",
      "/v1.0/me/calendar/events",
      "insert",
      this.#api(WRITE, (context) => this.#insert(context, "primary")),
    ),
    route(
      "POST",
      "/v1.0/me/calendars/:calendarId/events",
      "insert",
      this.#api(WRITE, (context) => this.#insert(context, context.params[0])),
    ),
    route(
      "GET",
      "/v1.0/me/events",
      "list",
      this.#api(READ, (context) => this.#list(context, undefined)),
    ),
    route(
      "GET",
      "/v1.0/me/calendars/:calendarId/events",
      "list",
      this.#api(READ, (context) => this.#list(context, context.params[0])),
    ),
    route(
      "GET",
      "/v1.0/me/events/:eventId",
      "get",
      this.#api(READ, (context) => this.#get(context, context.params[0])),
    ),
    route(
      "GET",
      "/v1.0/me/calendars/:calendarId/events/:eventId",
      "get",
      this.#api(READ, (context) => this.#get(context, context.params[1])),
    ),
    route(
      "PATCH",
      "/v1.0/me/events/:eventId",
      "patch",
      this.#api(WRITE, (context) => this.#patch(context, context.params[0])),
    ),
    route(
      "PATCH",
      "/v1.0/me/calendars/:calendarId/events/:eventId",
      "patch",
      this.#api(WRITE, (context) => this.#patch(context, context.params[1])),
    ),
    route(
      "DELETE",
      "/v1.0/me/events/:eventId",
      "delete",
      this.#api(WRITE, (context) => this.#delete(context.params[0])),
    ),
    route(
      "DELETE",
      "/v1.0/me/calendars/:calendarId/events/:eventId",
      "delete",
      this.#api(WRITE, (context) => this.#delete(context.params[1])),
    ),
  ];

  protected readonly apiFaultAnswer = (fault: FaultSpec): Response => {
    switch (fault.fault) {
      case "unauthorized":
        return graphError(401, "InvalidAuthenticationToken", "Lifetime validation failed, the token is expired.");
      case "invalid_grant":
        return jsonAnswer({ error: "invalid_grant", error_description: "AADSTS70000: The provided grant has expired or been revoked." }, 400);
      // Graph has no 403 rate limit: both answer Outlook's 429.
      case "rate_limited":
      case "rate_limited_403":
        return graphError(429, "ApplicationThrottled", "Application is over its MailboxConcurrency limit.", retryAfterHeader(fault, "30"));
      case "unavailable":
        return graphError(503, "ServiceNotAvailable", "The service is temporarily unavailable.", retryAfterHeader(fault, null));
      case "duplicate":
        return graphError(409, "ErrorDuplicateTransactionId", "The transaction id is already in use.");
      case "gone":
        return graphError(410, "Gone", "The resource is gone.");
      case "not_found":
        return graphError(404, "ErrorItemNotFound", "The specified object was not found in the store.");
      default:
        return graphError(fault.status ?? 500, "UnknownError", "An internal server error occurred.");
    }
  };

  protected notFound(): Response {
    return graphError(400, "BadRequest", "Resource not found for the segment.");
  }

  protected newEventId(): string {
    // Graph ids are long base64 with "-", "_" and "=": callers must encode them in paths.
    return `AAMkAD${randomBase64Url(30)}AAA=`;
  }

  #api(scopes: readonly string[], handler: (context: RouteContext) => Promise<Response> | Response): Route["handle"] {
    return (context) => {
      const verdict = this.oauth.check(bearerToken(context.request), scopes);
      if (verdict === "unauthorized") return graphError(401, "InvalidAuthenticationToken", "Access token has expired or is not yet valid.");
      if (verdict === "insufficient_scope") return graphError(403, "ErrorAccessDenied", "Access is denied. Check credentials and try again.");
      return handler(context);
    };
  }

  #me({ url }: RouteContext): Response {
    const user = {
      businessPhones: [],
      displayName: "Fake Host",
      givenName: "Fake",
      surname: "Host",
      jobTitle: null,
      mail: this.mail,
      userPrincipalName: this.accountEmail,
      id: "00000000-0000-0000-0000-00000000fa6e",
    };
    return jsonAnswer({ "@odata.context": `${this.urls.apiUrl}/$metadata#users/$entity`, ...selected(user, url) });
  }

  #calendars({ url }: RouteContext): Response {
    const resources = this.store.calendars().map((calendar) => ({
      id: calendar.id,
      name: calendar.name,
      color: "auto",
      hexColor: "",
      isDefaultCalendar: calendar.primary,
      changeKey: "fake",
      canShare: true,
      canViewPrivateItems: true,
      canEdit: true,
      isRemovable: !calendar.primary,
      owner: { name: "Fake Host", address: this.accountEmail },
    }));
    return this.#page(url, resources, "me/calendars");
  }

  #calendarView({ request, url }: RouteContext, calendarId: string | undefined): Response {
    const calendar = this.calendarFor(calendarId ?? "");
    if (calendar === null) return graphError(404, "ErrorItemNotFound", "The specified object was not found in the store.");
    // The window's own offset counts; none means UTC. The Prefer header does not apply to it.
    const fromMs = graphQueryInstant(url.searchParams.get("startDateTime"));
    const toMs = graphQueryInstant(url.searchParams.get("endDateTime"));
    if (fromMs === null || toMs === null) {
      return graphError(
        400,
        "ErrorInvalidParameter",
        "This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.",
      );
    }
    const zone = preferredZone(request);
    const events = this.store.overlapping(calendar.id, fromMs, toMs).map((event) => this.#eventResource(event, zone));
    return this.#page(url, events, `me/calendars('${calendar.id}')/calendarView`, { "Preference-Applied": `outlook.timezone="${zone}"` });
  }

  async #insert({ request }: RouteContext, calendarId: string | undefined): Promise<Response> {
    const calendar = this.calendarFor(calendarId ?? "");
    if (calendar === null) return graphError(404, "ErrorItemNotFound", "The specified object was not found in the store.");
    const body = await readJsonObject(request);
    if (body === null) return graphError(400, "BadRequest", "Empty Payload. JSON content expected.");
    const fields = readEventFields(body, true);
    if (typeof fields === "string") return graphError(400, "ErrorInvalidRequest", fields);
    const transactionId = typeof body.transactionId === "string" ? body.transactionId : null;
    // transactionId keeps a retried POST from creating a second event (research §2).
    if (transactionId !== null && this.store.events().some((event) => event.transactionId === transactionId)) {
      return graphError(409, "ErrorDuplicateTransactionId", "The transaction id is already in use.");
    }
    const { properties: changes, ...rest } = fields;
    const properties = { ...changes };
    const event = this.store.insert(
      newEvent(
        { id: this.newEventId(), calendarId: calendar.id, startMs: 0, endMs: 0, ...rest, properties, bookingId: bookingIdOf(properties), transactionId },
        this.now(),
      ),
    );
    // Graph sends a meeting's invitations, updates and cancellations itself, with no flag to stop it (research §2).
    this.store.mailAttendees(event, "invitation", this.accountEmail);
    return jsonAnswer({ "@odata.context": `${this.urls.apiUrl}/$metadata#users('me')/events/$entity`, ...this.#eventResource(event, "UTC") }, 201);
  }

  #list({ request, url }: RouteContext, calendarId: string | undefined): Response {
    const calendar = calendarId === undefined ? null : this.calendarFor(calendarId);
    if (calendarId !== undefined && calendar === null) return graphError(404, "ErrorItemNotFound", "The specified object was not found in the store.");
    let events = this.store.events(calendar?.id);
    const filter = url.searchParams.get("$filter");
    if (filter !== null) {
      const wanted = extendedPropertyFilter(filter);
      if (wanted === null)
        return graphError(400, "BadRequest", "This fake understands only singleValueExtendedProperties/Any(ep: ep/id eq '…' and ep/value eq '…').");
      events = events.filter((event) => event.properties[wanted.id] === wanted.value);
    }
    return this.#page(
      url,
      events.map((event) => this.#eventResource(event, preferredZone(request))),
      "me/events",
    );
  }

  #get({ request }: RouteContext, eventId: string | undefined): Response {
    const event = this.store.event(eventId ?? "");
    if (event === null || event.deleted) return graphError(404, "ErrorItemNotFound", "The specified object was not found in the store.");
    return jsonAnswer(this.#eventResource(event, preferredZone(request)));
  }

  async #patch({ request }: RouteContext, eventId: string | undefined): Promise<Response> {
    const event = this.store.event(eventId ?? "");
    if (event === null || event.deleted) return graphError(404, "ErrorItemNotFound", "The specified object was not found in the store.");
    const body = await readJsonObject(request);
    if (body === null) return graphError(400, "BadRequest", "Empty Payload. JSON content expected.");
    if (body.transactionId !== undefined && body.transactionId !== event.transactionId) {
      return graphError(400, "ErrorInvalidRequest", "transactionId cannot be changed after the event is created.");
    }
    const fields = readEventFields(body, false);
    if (typeof fields === "string") return graphError(400, "ErrorInvalidRequest", fields);
    const { properties: changes, ...rest } = fields;
    if ((rest.endMs ?? event.endMs) <= (rest.startMs ?? event.startMs)) return graphError(400, "ErrorInvalidRequest", "The end is not after the start.");
    // A PATCH sets the extended properties it names and keeps the others.
    const properties = { ...event.properties, ...changes };
    Object.assign(event, rest, { properties, bookingId: bookingIdOf(properties), updatedAtMs: this.now() });
    this.store.mailAttendees(event, "update", this.accountEmail);
    return jsonAnswer(this.#eventResource(event, "UTC"));
  }

  #delete(eventId: string | undefined): Response {
    const event = this.store.event(eventId ?? "");
    if (event === null || event.deleted) return graphError(404, "ErrorItemNotFound", "The specified object was not found in the store.");
    Object.assign(event, { deleted: true, updatedAtMs: this.now() });
    this.store.mailAttendees(event, "cancellation", this.accountEmail);
    return emptyAnswer(204);
  }

  /** A collection answer: `$top` (10 by default) per page, `@odata.nextLink` to the rest, `$select` applied. */
  #page(url: URL, items: Array<Record<string, unknown>>, context: string, headers: Record<string, string> = {}): Response {
    const top = Math.min(Number(url.searchParams.get("$top") ?? DEFAULT_TOP) || DEFAULT_TOP, 1000, this.pageSize);
    const skip = Number(url.searchParams.get("$skip") ?? 0) || 0;
    const body: Record<string, unknown> = {
      "@odata.context": `${this.urls.apiUrl}/$metadata#${context}`,
      value: items.slice(skip, skip + top).map((item) => selected(item, url)),
    };
    if (skip + top < items.length) {
      const next = new URL(url);
      next.searchParams.set("$skip", String(skip + top));
      body["@odata.nextLink"] = next.toString();
    }
    return jsonAnswer(body, 200, headers);
  }

  #eventResource(event: FakeEvent, zone: string): Record<string, unknown> {
    const time = (ms: number) => ({ dateTime: wallTime(ms, zone) ?? wallTime(ms, "UTC"), timeZone: zone });
    return {
      "@odata.etag": `W/"${event.updatedAtMs}"`,
      id: event.id,
      createdDateTime: new Date(event.createdAtMs).toISOString(),
      lastModifiedDateTime: new Date(event.updatedAtMs).toISOString(),
      transactionId: event.transactionId,
      originalStartTimeZone: event.timeZone,
      originalEndTimeZone: event.timeZone,
      iCalUId: `fake-${event.id}`,
      subject: event.title,
      bodyPreview: event.description.slice(0, 255),
      body: { contentType: "text", content: event.description },
      isAllDay: false,
      isCancelled: false,
      isOrganizer: true,
      showAs: event.showAs,
      type: "singleInstance",
      webLink: `${this.baseUrl}/owa/?itemid=${encodeURIComponent(event.id)}`,
      start: time(event.startMs),
      end: time(event.endMs),
      attendees: event.attendees.map((attendee) => ({
        type: "required",
        status: { response: "none", time: "0001-01-01T00:00:00Z" },
        emailAddress: { name: attendee.name, address: attendee.email },
      })),
      organizer: { emailAddress: { name: "Fake Host", address: this.accountEmail } },
    };
  }
}

/** Graph's error envelope: `{ error: { code, message, innerError: { date, request-id } } }`. */
export function graphError(status: number, code: string, message: string, headers: Record<string, string> = {}): Response {
  const requestId = crypto.randomUUID();
  return jsonAnswer(
    { error: { code, message, innerError: { date: new Date().toISOString().slice(0, 19), "request-id": requestId, "client-request-id": requestId } } },
    status,
    headers,
  );
}

type EventFields = Partial<Pick<FakeEvent, "title" | "description" | "startMs" | "endMs" | "timeZone" | "attendees" | "showAs">> & {
  properties?: Record<string, string>;
};

/** The writable fields of a Graph event body; a message when one is malformed. */
function readEventFields(body: Record<string, unknown>, isCreate: boolean): EventFields | string {
  const fields: EventFields = {};
  if (typeof body.subject === "string") fields.title = body.subject;
  if (isRecord(body.body) && typeof body.body.content === "string") fields.description = body.body.content;
  for (const edge of ["start", "end"] as const) {
    const value = body[edge];
    if (value === undefined && !isCreate) continue;
    if (!isRecord(value) || typeof value.dateTime !== "string" || typeof value.timeZone !== "string") return `${edge} needs dateTime and timeZone.`;
    const ms = wallTimeToUtcMs(value.dateTime, value.timeZone);
    if (ms === null) return `${edge} has an unreadable dateTime or an unknown timeZone.`;
    fields[edge === "start" ? "startMs" : "endMs"] = ms;
    fields.timeZone = value.timeZone;
  }
  if (isCreate && (fields.endMs ?? 0) <= (fields.startMs ?? 0)) return "The end is not after the start.";
  if (body.showAs !== undefined) {
    if (!SHOW_AS_VALUES.includes(body.showAs as ShowAs)) return "showAs is not a known value.";
    fields.showAs = body.showAs as ShowAs;
  }
  if (body.attendees !== undefined) {
    if (!Array.isArray(body.attendees)) return "attendees must be an array.";
    const attendees: Array<{ email: string; name: string }> = [];
    for (const attendee of body.attendees) {
      const address = isRecord(attendee) && isRecord(attendee.emailAddress) ? attendee.emailAddress : null;
      if (address === null || typeof address.address !== "string" || !address.address.includes("@")) return "An attendee has no email address.";
      attendees.push({ email: address.address, name: typeof address.name === "string" ? address.name : "" });
    }
    fields.attendees = attendees;
  }
  if (body.singleValueExtendedProperties !== undefined) {
    if (!Array.isArray(body.singleValueExtendedProperties)) return "singleValueExtendedProperties must be an array.";
    const properties: Record<string, string> = {};
    for (const property of body.singleValueExtendedProperties) {
      if (!isRecord(property) || typeof property.id !== "string" || typeof property.value !== "string") return "An extended property needs id and value.";
      properties[property.id] = property.value;
    }
    fields.properties = properties;
  }
  return fields;
}

/** The booking id is whichever extended property is named bookoraBookingId, in any GUID namespace. */
function bookingIdOf(properties: Record<string, string>): string | null {
  const entry = Object.entries(properties).find(([id]) => / Name bookoraBookingId$/.test(id));
  return entry?.[1] ?? null;
}

/** `singleValueExtendedProperties/Any(ep: ep/id eq '…' and ep/value eq '…')`, quotes doubled inside. */
function extendedPropertyFilter(filter: string): { id: string; value: string } | null {
  const match = /^singleValueExtendedProperties\/any\(\s*(\w+)\s*:\s*\1\/id eq '((?:[^']|'')*)' and \1\/value eq '((?:[^']|'')*)'\s*\)$/i.exec(filter.trim());
  if (match === null) return null;
  return { id: (match[2] ?? "").replace(/''/g, "'"), value: (match[3] ?? "").replace(/''/g, "'") };
}

/** calendarView's window: an ISO time with its offset, or without one meaning UTC. */
function graphQueryInstant(text: string | null): number | null {
  if (text === null) return null;
  const withOffset = /(Z|[+-]\d{2}:\d{2})$/i.test(text) ? Date.parse(text) : wallTimeToUtcMs(text, "UTC");
  return withOffset === null || Number.isNaN(withOffset) ? null : withOffset;
}

/** The zone of `Prefer: outlook.timezone="…"`; UTC without one (or with one Intl does not know). */
function preferredZone(request: Request): string {
  const match = /outlook\.timezone\s*=\s*"([^"]+)"/i.exec(request.headers.get("Prefer") ?? "");
  const zone = match?.[1];
  if (zone === undefined || isUtcZone(zone) || wallTime(0, zone) === null) return "UTC";
  return zone;
}

/** `$select=a,b`: only those properties (plus id and the etag), as Graph answers. */
function selected(item: Record<string, unknown>, url: URL): Record<string, unknown> {
  const select = url.searchParams.get("$select");
  if (select === null) return item;
  const keep = new Set(["id", "@odata.etag", ...select.split(",").map((name) => name.trim())]);
  return Object.fromEntries(Object.entries(item).filter(([key]) => keep.has(key)));
}
