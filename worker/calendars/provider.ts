/**
 * The one interface Bookora speaks to a calendar through (design-calendars.md "One interface, two
 * providers"). `google.ts` and `microsoft.ts` implement it over plain `fetch`; everything above this
 * file (connections, busy times, the event outbox) knows no provider's wire shapes.
 */

export type ProviderName = "google" | "microsoft";

export const PROVIDERS: readonly ProviderName[] = ["google", "microsoft"];

/** What a token exchange or refresh gives. `refreshToken` null: keep the one held (Google's refresh). */
export interface ProviderTokens {
  accessToken: string;
  refreshToken: string | null;
  /** When the access token stops working, epoch ms (now + expires_in). */
  expiresAtMs: number;
  /** Google's id_token email claim, when the provider gave one with the exchange. */
  accountEmail: string | null;
}

export interface ProviderCalendar {
  id: string;
  name: string;
  primary: boolean;
}

/** A busy interval of the host's calendars, UTC epoch ms, end exclusive. */
export interface BusyInterval {
  startMs: number;
  endMs: number;
}

/** The event a booking puts in the host's calendar (design-calendars.md "Events in the host's calendar"). */
export interface CalendarEvent {
  /** Stored on the event (Google extendedProperties.private.bookoraBookingId, Graph an extended property). */
  bookingId: string;
  /**
   * The key that makes a create idempotent: Google's client-chosen event id, Graph's transactionId.
   * Derived from the booking that first created the event, so every retry sends the same one.
   */
  idempotencyKey: string;
  title: string;
  description: string | null;
  startMs: number;
  endMs: number;
  /** The host's IANA zone, sent beside the instants. */
  timeZone: string;
  attendee: { name: string; email: string };
  /**
   * Whether the provider itself mails the attendee (invitation, update, cancellation): only for a
   * booking made with a service token. A public form's address is one nobody verified, so the host's
   * own account must never be made to mail it (design-calendars.md "Events in the host's calendar").
   */
  mailsAttendee: boolean;
}

/** Where an OAuth flow's steps go; configured per provider (design-calendars.md "Configuration"). */
export interface AuthorizationRequest {
  state: string;
  /** base64url(SHA-256(verifier)), method S256. */
  codeChallenge: string;
  redirectUri: string;
}

export interface CalendarProvider {
  readonly name: ProviderName;
  /** The provider's consent page URL: client_id, redirect_uri, response_type=code, scopes, state, PKCE. */
  authorizationUrl(request: AuthorizationRequest): string;
  exchangeCode(code: string, codeVerifier: string, redirectUri: string): Promise<ProviderTokens>;
  /** Throws ProviderError "invalid_grant" when the provider refuses the refresh token for good. */
  refresh(refreshToken: string): Promise<ProviderTokens>;
  /** The account's email: Google from the primary calendar's id, Microsoft from /me. */
  accountEmail(accessToken: string): Promise<string | null>;
  listCalendars(accessToken: string): Promise<ProviderCalendar[]>;
  /**
   * Busy intervals over [fromMs, toMs) of these calendars (Google freeBusy busy; Graph busy, tentative
   * and oof), merged or not. Throws ProviderError when any one calendar could not be read: a
   * calendar that failed is failing, never free (Google reports that inside a 200).
   */
  busyTimes(accessToken: string, calendarIds: readonly string[], fromMs: number, toMs: number): Promise<BusyInterval[]>;
  /**
   * Creates the event, or finds the live one an earlier attempt with the same idempotencyKey already
   * created (Google 409 duplicate id; Graph transactionId / a lookup by the stored key), brings it to
   * this event's times and booking, and answers its id. Never creates a second live event for one
   * key, and never answers one that was deleted.
   */
  createEvent(accessToken: string, calendarId: string, event: CalendarEvent): Promise<{ eventId: string }>;
  /**
   * The id of the event an earlier create with this idempotencyKey made, or null when there is none
   * (never created, or deleted): what a cancel checks after a create whose answer was lost.
   */
  findEvent(accessToken: string, calendarId: string, idempotencyKey: string): Promise<string | null>;
  /** Moves the event to the event's times and stores its (new) booking id on it. */
  updateEvent(accessToken: string, calendarId: string, eventId: string, event: CalendarEvent): Promise<void>;
  /**
   * Deletes the event; one already gone (404, 410) counts as deleted. `mailsAttendee` as on the
   * booking's event: whether the provider may mail the attendee its cancellation.
   */
  deleteEvent(accessToken: string, calendarId: string, eventId: string, mailsAttendee: boolean): Promise<void>;
  /** Best effort: revokes the grant at the provider (Google's revoke URL; Microsoft has none to call). */
  revoke(token: string): Promise<void>;
}

/** Why a provider call failed, as the layers above act on it. */
export type ProviderFailure =
  /** The refresh token is refused for good: the host must connect again (status needs_reauth). */
  | "invalid_grant"
  /** The access token was refused (401): refresh and try once more. */
  | "unauthorized"
  /** 429 or 403 rate-limit reasons: wait retryAfterSeconds (when given). */
  | "rate_limited"
  /** 5xx, a network failure, a timeout (3 s), or a body that is not what the API sends. */
  | "unavailable"
  /** The request itself was refused (400, 403 other than rate limits, 404 on a calendar). */
  | "rejected";

export class ProviderError extends Error {
  constructor(
    readonly failure: ProviderFailure,
    message: string,
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = "ProviderError";
  }
}

/** The configuration of one provider (Worker vars; URLs default to the real endpoints). */
export interface ProviderConfig {
  clientId: string;
  clientSecret: string;
  authUrl: string;
  tokenUrl: string;
  /** Google: the Calendar API base; Microsoft: the Graph base. */
  apiUrl: string;
  /** Google only. */
  revokeUrl?: string;
  /** The fetch to call (tests inject one; production uses the global). */
  fetch: typeof fetch;
  /** Every provider call gives up after this long (design: 3 s). */
  timeoutMs: number;
}
