/**
 * The rules of a booking type as the management API speaks of them (design-management.md "Booking
 * types"): the settings in minutes, the one cross-field rule (the default duration is one of the
 * durations) checked against a stored type merged with a PATCH, the conversions between settings,
 * columns and the public shape, new `bt-` ids, and the three forms a reference can take. Pure: the
 * zod schemas at the edge (booking-types/schemas.ts) and the routes call these.
 */
import { toIsoUtc } from "../lib/instants";
import type { BookingQuestion } from "./contract";
import type { Outcome } from "./outcome";

/** A booking type's settings in the API's words, as a validated create body carries them. */
export interface BookingTypeSettings {
  slug: string | null;
  title: string;
  description: string | null;
  /** The default length, in minutes; always one of `durations`. */
  duration: number;
  /** Every length a visitor may choose, ascending, distinct. */
  durations: number[];
  /** Minutes between slot starts; null = the chosen duration (a 60-minute booking of a 30/60 type steps by 60). */
  slotInterval: number | null;
  bufferBefore: number;
  bufferAfter: number;
  minimumNotice: number;
  bookingWindowDays: number;
  dailyLimit: number | null;
  public: boolean;
  allowedOrigins: string[] | null;
  /** What the booking form asks besides name, e-mail and notes, in order. */
  questions: BookingQuestion[];
  /** When the attendee is reminded: minutes before the start, latest reminder last; `[]` = never. */
  reminders: number[];
  /** Whether the attendee gets e-mail about bookings of this type (off for partners who send their own). */
  emailAttendee: boolean;
  /** Whether the host gets e-mail about bookings of this type. */
  emailHost: boolean;
}

/** A PATCH body once each field has passed its own checks: absent = unchanged, null = cleared. */
export type BookingTypePatch = Partial<BookingTypeSettings>;

/** The columns of `booking_types` that the settings govern (ids, host and timestamps excluded). */
export interface BookingTypeColumns {
  slug: string | null;
  title: string;
  description: string | null;
  durationMinutes: number;
  durationOptions: number[];
  slotIntervalMinutes: number | null;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  minimumNoticeMinutes: number;
  bookingWindowDays: number;
  dailyCap: number | null;
  isPublic: boolean;
  allowedOrigins: string[] | null;
  questions: BookingQuestion[];
  reminders: number[];
  emailAttendee: boolean;
  emailHost: boolean;
}

/** A stored booking type with its host's username: a `booking_types` row joined with `users`. */
export interface StoredBookingType extends BookingTypeColumns {
  id: number;
  publicId: string;
  hostUsername: string;
  /** Epoch milliseconds; null while the type may be booked. */
  archivedAt: number | null;
  /** Epoch milliseconds. */
  createdAt: number;
}

/** GET /api/booking-types/:ref and the lists (design-management.md "Booking types"); minutes unless named. */
export interface BookingTypeResource {
  /** The numeric id, as a string ("2"). */
  id: string;
  /** The string id ("bt-63bb1a53"). */
  stringId: string;
  slug: string | null;
  /** The host's username. */
  host: string;
  title: string;
  description: string | null;
  duration: number;
  durations: number[];
  slotInterval: number;
  bufferBefore: number;
  bufferAfter: number;
  minimumNotice: number;
  bookingWindowDays: number;
  dailyLimit: number | null;
  public: boolean;
  allowedOrigins: string[] | null;
  questions: BookingQuestion[];
  reminders: number[];
  emailAttendee: boolean;
  emailHost: boolean;
  archived: boolean;
  /** UTC, to the second: "2026-04-21T09:00:00Z". */
  createdAt: string;
}

/** What is wrong, and where: `path` is the body field ("duration"), as 400 INVALID_REQUEST names it. */
export interface RuleIssue {
  path: string;
  message: string;
}

/** The cross-field rule: a default duration the type doesn't offer would offer slots nobody can book. */
export function durationIssue(settings: Pick<BookingTypeSettings, "duration" | "durations">): RuleIssue | null {
  if (settings.durations.includes(settings.duration)) return null;
  return { path: "duration", message: `must be one of durations (${settings.durations.join(", ")})` };
}

/** The columns to write for validated settings (a create, or a merged PATCH). */
export function bookingTypeColumns(settings: BookingTypeSettings): BookingTypeColumns {
  return {
    slug: settings.slug,
    title: settings.title,
    description: settings.description,
    durationMinutes: settings.duration,
    durationOptions: ascendingDistinct(settings.durations),
    slotIntervalMinutes: settings.slotInterval,
    bufferBeforeMinutes: settings.bufferBefore,
    bufferAfterMinutes: settings.bufferAfter,
    minimumNoticeMinutes: settings.minimumNotice,
    bookingWindowDays: settings.bookingWindowDays,
    dailyCap: settings.dailyLimit,
    isPublic: settings.public,
    allowedOrigins: settings.allowedOrigins,
    questions: settings.questions,
    reminders: settings.reminders,
    emailAttendee: settings.emailAttendee,
    emailHost: settings.emailHost,
  };
}

/**
 * A stored type with a PATCH applied, checked as a whole: the columns to write, or the field to name
 * in a 400. Only the cross-field rule is checked here (each patched field passed its own at the
 * edge); stored fields are not re-judged, so a type seeded outside today's limits can still be renamed.
 * A new `durations` that leaves out the stored default is refused rather than silently changing it.
 */
export function mergeBookingTypePatch(stored: BookingTypeColumns, patch: BookingTypePatch): Outcome<BookingTypeColumns, { issue: RuleIssue }> {
  const changes = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
  const merged: BookingTypeSettings = { ...settingsOf(stored), ...changes };
  const issue = durationIssue(merged);
  if (issue) {
    const isStoredDefault = patch.duration === undefined;
    return {
      ok: false,
      issue: isStoredDefault
        ? { ...issue, message: `${issue.message}; the current default ${merged.duration} is not, so send a new duration with them` }
        : issue,
    };
  }
  return { ok: true, value: bookingTypeColumns(merged) };
}

/** The public shape of a stored type. */
export function bookingTypeResource(stored: StoredBookingType): BookingTypeResource {
  const settings = settingsOf(stored);
  return {
    id: String(stored.id),
    stringId: stored.publicId,
    slug: settings.slug,
    host: stored.hostUsername,
    title: settings.title,
    description: settings.description,
    duration: settings.duration,
    durations: settings.durations,
    // Unset means "the chosen duration"; for the default duration, that is the default duration.
    slotInterval: settings.slotInterval ?? settings.duration,
    bufferBefore: settings.bufferBefore,
    bufferAfter: settings.bufferAfter,
    minimumNotice: settings.minimumNotice,
    bookingWindowDays: settings.bookingWindowDays,
    dailyLimit: settings.dailyLimit,
    public: settings.public,
    allowedOrigins: settings.allowedOrigins,
    questions: settings.questions,
    reminders: settings.reminders,
    emailAttendee: settings.emailAttendee,
    emailHost: settings.emailHost,
    archived: stored.archivedAt !== null,
    // design-management.md: instants are written to the second, even if a row was stamped in ms.
    createdAt: toIsoUtc(Math.floor(stored.createdAt / 1000) * 1000),
  };
}

function settingsOf(columns: BookingTypeColumns): BookingTypeSettings {
  return {
    slug: columns.slug,
    title: columns.title,
    description: columns.description,
    duration: columns.durationMinutes,
    // Rows written by SQL (the seed, older migrations) may list only the other options.
    durations: ascendingDistinct([columns.durationMinutes, ...columns.durationOptions]),
    slotInterval: columns.slotIntervalMinutes,
    bufferBefore: columns.bufferBeforeMinutes,
    bufferAfter: columns.bufferAfterMinutes,
    minimumNotice: columns.minimumNoticeMinutes,
    bookingWindowDays: columns.bookingWindowDays,
    dailyLimit: columns.dailyCap,
    public: columns.isPublic,
    allowedOrigins: columns.allowedOrigins,
    questions: columns.questions,
    reminders: columns.reminders,
    emailAttendee: columns.emailAttendee,
    emailHost: columns.emailHost,
  };
}

function ascendingDistinct(values: readonly number[]): number[] {
  return [...new Set(values)].sort((a, b) => a - b);
}

// ---------------------------------------------------------------------------------------------
// Ids and references

const PUBLIC_ID_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";
const PUBLIC_ID_LENGTH = 8;
/** "2": no leading zero, so "02" can't name the same type as "2". Same form as http/fields.ts (`bookingTypeRef`). */
const NUMERIC_ID = /^[1-9]\d{0,9}$/;
const PUBLIC_ID = /^bt-[0-9a-z]{8}$/;

/**
 * A new string id, "bt-" + 8 of a-z 0-9 (41 random bits: at a million types, one create in three
 * million meets a taken id; the unique index refuses it and the caller tries again with a new one).
 */
export function newBookingTypePublicId(): string {
  let id = "bt-";
  while (id.length < 3 + PUBLIC_ID_LENGTH) {
    for (const byte of crypto.getRandomValues(new Uint8Array(16))) {
      // 252 = 7 × 36: bytes above it are dropped so every character is equally likely.
      if (byte < 252 && id.length < 3 + PUBLIC_ID_LENGTH) id += PUBLIC_ID_ALPHABET[byte % 36];
    }
  }
  return id;
}

export type TypeRef = { kind: "id"; id: number } | { kind: "publicId"; publicId: string } | { kind: "slug"; slug: string };

/**
 * What a reference names: a numeric id ("2"), a string id ("bt-63bb1a53") or a slug ("intro"); null
 * when it can be none of them. The slug rules keep the three forms apart, so no text is ambiguous.
 * A slug names a type only where the host is known (availability, hosted pages, the widget); where
 * it isn't (`/api/booking-types/:ref`, `bookingType` in a create) the caller answers NOT_FOUND.
 */
export function parseTypeRef(text: string): TypeRef | null {
  if (NUMERIC_ID.test(text)) return { kind: "id", id: Number(text) };
  if (PUBLIC_ID.test(text)) return { kind: "publicId", publicId: text };
  if (slugProblem(text) === null) return { kind: "slug", slug: text };
  return null;
}

export const MAX_SLUG_LENGTH = 60;

/** Why `text` can't be a slug, or null when it can. */
export function slugProblem(text: string): string | null {
  if (!new RegExp(`^[a-z0-9-]{1,${MAX_SLUG_LENGTH}}$`).test(text)) {
    return `must be 1–${MAX_SLUG_LENGTH} characters of a-z, 0-9 and -`;
  }
  // /book/hepuloujun/2 must keep meaning type 2, and bt-… the string id, whatever slugs exist.
  if (/^\d+$/.test(text)) return "must not be all digits (that reads as a numeric id)";
  if (text.startsWith("bt-")) return 'must not start with "bt-" (that reads as a string id)';
  return null;
}

// ---------------------------------------------------------------------------------------------
// Allowed origins

/** Plain http only where a partner develops: their own machine, which no network can tamper with. */
const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** A serialised origin's host: a DNS name, an IPv4 address or a bracketed IPv6 address. */
const ORIGIN_HOST = /^(?:[a-z0-9_-]+(?:\.[a-z0-9_-]+)*\.?|\[[0-9a-f:.]+\])$/;

export const ORIGIN_EXAMPLE = "https://example.com";

/**
 * Why `text` can't be an allowed origin, or null when it can. An origin must be written exactly as a
 * browser sends it in the Origin header (lower case, no default port, no path or trailing slash),
 * because bookings are allowed by comparing the two as text: "https://Example.com/" would never
 * match and would lock the partner's own page out. Where the intent is clear the message says what
 * to write instead.
 */
export function originProblem(text: string): string | null {
  const format = `must be an origin like ${ORIGIN_EXAMPLE}: scheme, host and optional port, no path`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return format;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return format;
  if (!ORIGIN_HOST.test(url.host.replace(/:\d+$/, ""))) {
    return text.includes("*") ? `${format}; wildcards are not supported, list each origin` : format;
  }
  if (url.protocol === "http:" && !LOOPBACK_HOSTS.has(url.hostname)) {
    return "must use https:// (http:// only for localhost, 127.0.0.1 and [::1])";
  }
  if (url.origin !== text) return `must be written as browsers send it: "${url.origin}"`;
  return null;
}
