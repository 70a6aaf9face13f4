/**
 * What the fake Google and the fake Microsoft share: one fake account (its calendars, events and
 * OAuth grants), a route table under a base URL, call counts per endpoint, and switchable faults.
 * Each subclass supplies its routes and its error dialect. `fetch(request)` is the whole surface a
 * provider sees, so tests inject it and the Node server (fake-calendar-server.ts) forwards to it.
 */
import { type FakeCalendar, FakeCalendarStore, type FakeEvent, newEvent, type ProviderMail, type ShowAs } from "./fake-calendar-store";
import { DEFAULT_HANG_LIMIT_MS, type FaultAnswer, FaultBoard, type FaultName, type FaultSpec, playFault } from "./fake-faults";
import { readForm } from "./fake-http";
import { FakeOAuth, type FakeOAuthSettings, oauthFaultAnswer } from "./fake-oauth";

export interface FakeProviderOptions {
  /** Where the fake answers, e.g. "https://google.fake" or "http://127.0.0.1:8790/google". */
  baseUrl?: string;
  clientId?: string;
  clientSecret?: string;
  /** The fake account's address (Google: also its primary calendar's id). */
  accountEmail?: string;
  /** Access tokens stop working after this long (3600 by default), so refresh paths can be exercised. */
  accessTokenLifetimeSeconds?: number;
  /** The fake's clock, for token expiry (Date.now by default). */
  now?: () => number;
  /** The authorize endpoint redirects at once, as if the user had clicked Allow. */
  autoApprove?: boolean;
  /** The largest page list endpoints answer, to exercise paging. */
  pageSize?: number;
  /** How long a "hang" lasts when the caller never aborts. */
  hangLimitMs?: number;
}

export interface RouteContext {
  request: Request;
  url: URL;
  /** The path's `:name` segments, decoded, in order. */
  params: string[];
  /** Set only for faults that shape a successful answer (calendar_errors). */
  fault: FaultSpec | null;
}

export interface Route {
  method: string;
  pattern: RegExp;
  endpoint: string;
  /** Token endpoints answer faults in OAuth's error shape. */
  isOAuth: boolean;
  handle: (context: RouteContext) => Promise<Response> | Response;
  /** When one path serves two endpoint kinds (the token endpoint's two grants), which this request is. */
  endpointOf?: (request: Request) => Promise<string>;
}

/** A route under the fake's base path; `:name` matches one path segment. */
export function route(method: string, path: string, endpoint: string, handle: Route["handle"], isOAuth = false, endpointOf?: Route["endpointOf"]): Route {
  const source = path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/:[A-Za-z]+/g, "([^/]+)");
  return { method, pattern: new RegExp(`^${source}/?$`), endpoint, isOAuth, handle, endpointOf };
}

/** The token endpoint's grant: "refresh" or "exchange", counted and faulted apart. */
export async function grantEndpoint(request: Request): Promise<string> {
  const form = await readForm(request.clone());
  return form?.get("grant_type") === "refresh_token" ? "refresh" : "exchange";
}

export interface FakeProviderSetup {
  /** Endpoint kinds faults can be set on, and the wider names each also answers to ("token", "busy"). */
  endpoints: readonly string[];
  faultGroups: Record<string, readonly string[]>;
  defaultCalendars: (accountEmail: string) => FakeCalendar[];
  oauth: Omit<FakeOAuthSettings, "clientId" | "clientSecret" | "accountEmail" | "accessTokenLifetimeSeconds" | "now" | "authorizeUrl">;
  authorizePath: string;
}

export abstract class FakeProvider {
  readonly baseUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly accountEmail: string;
  autoApprove: boolean;
  readonly pageSize: number;
  readonly now: () => number;
  readonly store: FakeCalendarStore;
  readonly oauth: FakeOAuth;
  readonly faults: FaultBoard;
  readonly #basePath: string;
  readonly #hangLimitMs: number;
  readonly #faultGroups: Record<string, readonly string[]>;
  readonly #calls = new Map<string, number>();
  #nextId = 1;

  protected abstract readonly routes: Route[];
  /** An API fault in the provider's error dialect. */
  protected abstract readonly apiFaultAnswer: FaultAnswer;
  protected abstract notFound(): Response;

  protected constructor(options: FakeProviderOptions, defaults: { baseUrl: string; clientId: string; accountEmail: string }, setup: FakeProviderSetup) {
    this.baseUrl = (options.baseUrl ?? defaults.baseUrl).replace(/\/+$/, "");
    this.#basePath = new URL(this.baseUrl).pathname.replace(/\/+$/, "");
    this.clientId = options.clientId ?? defaults.clientId;
    this.clientSecret = options.clientSecret ?? `${defaults.clientId}-secret`;
    this.accountEmail = options.accountEmail ?? defaults.accountEmail;
    this.autoApprove = options.autoApprove ?? false;
    this.pageSize = options.pageSize ?? 1000;
    this.now = options.now ?? (() => Date.now());
    this.#hangLimitMs = options.hangLimitMs ?? DEFAULT_HANG_LIMIT_MS;
    this.#faultGroups = setup.faultGroups;
    this.faults = new FaultBoard([...new Set([...setup.endpoints, ...Object.values(setup.faultGroups).flat()])]);
    this.store = new FakeCalendarStore(() => setup.defaultCalendars(this.accountEmail));
    this.oauth = new FakeOAuth(
      {
        ...setup.oauth,
        clientId: this.clientId,
        clientSecret: this.clientSecret,
        accountEmail: this.accountEmail,
        accessTokenLifetimeSeconds: options.accessTokenLifetimeSeconds ?? 3600,
        now: this.now,
        authorizeUrl: `${this.baseUrl}${setup.authorizePath}`,
      },
      () => this.autoApprove,
    );
  }

  /** Answers one request the way the real provider would (or as the armed fault says). */
  readonly fetch = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    if (!url.pathname.startsWith(this.#basePath)) return this.notFound();
    const path = url.pathname.slice(this.#basePath.length);
    for (const candidate of this.routes) {
      const match = candidate.method === request.method ? candidate.pattern.exec(path) : null;
      if (match === null) continue;
      const endpoint = candidate.endpointOf === undefined ? candidate.endpoint : await candidate.endpointOf(request);
      this.#calls.set(endpoint, this.callCount(endpoint) + 1);
      const fault = this.faults.take([endpoint, ...(this.#faultGroups[endpoint] ?? [])]);
      const params = match.slice(1).map((segment) => decodeURIComponent(segment ?? ""));
      const answer = candidate.isOAuth ? oauthFaultAnswer : this.apiFaultAnswer;
      return playFault(fault, request, (shaping) => Promise.resolve(candidate.handle({ request, url, params, fault: shaping })), answer, this.#hangLimitMs);
    }
    return this.notFound();
  };

  /** How many requests reached an endpoint kind ("insert", "freeBusy", "refresh"...), faults included. */
  callCount(endpoint: string): number {
    return this.#calls.get(endpoint) ?? 0;
  }

  calls(): Record<string, number> {
    return Object.fromEntries(this.#calls);
  }

  /** Arms a fault on an endpoint kind (or "any"): for the next `times` calls, or until cleared. */
  setFault(endpoint: string, fault: FaultName | FaultSpec, times?: number): void {
    const spec = typeof fault === "string" ? { fault } : fault;
    this.faults.set(endpoint, times === undefined ? spec : { ...spec, times });
  }

  clearFaults(endpoint?: string): void {
    this.faults.clear(endpoint);
  }

  /** A meeting the host has, straight into a calendar ("primary" or the default one when omitted). */
  addBusy(calendarId: string | undefined, startMs: number, endMs: number, showAs: ShowAs = "busy"): FakeEvent {
    const calendar = this.calendarFor(calendarId ?? "primary");
    if (calendar === null) throw new Error(`No calendar "${calendarId}" in the fake account`);
    return this.store.insert(newEvent({ id: this.newEventId(), calendarId: calendar.id, startMs, endMs, showAs, title: "Busy (added by a test)" }, this.now()));
  }

  addCalendar(name: string, id = `fake-calendar-${this.#nextId++}`): FakeCalendar {
    return this.store.addCalendar({ id, name, primary: false });
  }

  calendars(): FakeCalendar[] {
    return this.store.calendars();
  }

  /** The events of a calendar (or all), deleted ones only when asked. */
  events(calendarId?: string, options: { includeDeleted?: boolean } = {}): FakeEvent[] {
    return this.store.events(calendarId, options);
  }

  /** Whom the provider itself mailed from the host's account (invitations, updates, cancellations). */
  sentMail(): ProviderMail[] {
    return this.store.sentMail();
  }

  tokens() {
    return this.oauth.tokens();
  }

  /** Back to a fresh account: default calendars, no events, no tokens, no faults, no counts. */
  reset(): void {
    this.store.reset();
    this.oauth.reset();
    this.faults.clear();
    this.#calls.clear();
  }

  /** The calendar an id names; "primary" (Google) or the default calendar's alias. */
  protected calendarFor(id: string): FakeCalendar | null {
    return id === "primary" ? this.store.primaryCalendar() : this.store.calendar(id);
  }

  protected abstract newEventId(): string;
}
