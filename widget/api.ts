/**
 * Typed calls to the public Booking API, exactly as a partner would make them. Every failure
 * becomes a value (`{ ok: false, failure }`), so the model decides what to do with it, never a throw.
 */
import type { AvailabilityResponse, BookingTypeDetails, ErrorCode, ErrorResponse, Slot } from "../worker/domain/contract";

export interface ApiFailure {
  /** "NETWORK" when no answer arrived (offline, DNS, connection reset, CORS refusal). */
  code: ErrorCode | "NETWORK";
  message: string;
  status: number;
  /** Seconds, from a 429's Retry-After. */
  retryAfter?: number;
  /** The error's `details`: a 400's `field` names the field refused (contract.ts). */
  details?: unknown;
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; failure: ApiFailure };

export interface AvailabilityQuery {
  username: string;
  bookingType: string;
  startDate: string;
  endDate: string;
  timeZone: string;
  duration?: number;
}

export type BookingApi = ReturnType<typeof bookingApi>;

/** One call to the API at `base`: its JSON answer, or the failure as a value. */
export type ApiCall = <T>(path: string, init?: RequestInit) => Promise<ApiResult<T>>;

/** The API at `base`, called through `fetcher`. The manage page's calls use it too. */
export function apiCaller(base: string, fetcher: typeof fetch): ApiCall {
  return async function call<T>(path: string, init?: RequestInit): Promise<ApiResult<T>> {
    let response: Response;
    try {
      response = await fetcher(base + path, { ...init, credentials: "omit" });
    } catch {
      return { ok: false, failure: { code: "NETWORK", status: 0, message: "We couldn't reach the booking service. Check your connection." } };
    }
    const body = (await response.json().catch(() => null)) as (T & Partial<ErrorResponse>) | null;
    if (response.ok && body) return { ok: true, value: body };
    const retryAfter = Number(response.headers.get("retry-after"));
    return {
      ok: false,
      failure: {
        code: body?.error?.code ?? (response.status === 429 ? "RATE_LIMITED" : "INTERNAL"),
        message: body?.error?.message ?? `The booking service answered ${response.status}.`,
        status: response.status,
        details: body?.error?.details,
        ...(retryAfter > 0 ? { retryAfter } : {}),
      },
    };
  };
}

/** The booking type's details: the one place its URL is made (an early request is matched by it). */
export function bookingTypePath(username: string, bookingType: string): string {
  return `/api/booking-types?${new URLSearchParams({ username, slug: bookingType })}`;
}

/** Free slots between two days; without `duration`, the API answers for the type's default length. */
export function availabilityPath(query: AvailabilityQuery): string {
  const params = new URLSearchParams({
    username: query.username,
    slug: query.bookingType,
    startDate: query.startDate,
    endDate: query.endDate,
    timezone: query.timeZone,
  });
  if (query.duration) params.set("duration", String(query.duration));
  return `/api/availability?${params}`;
}

export function bookingApi(base: string, fetcher: typeof fetch = (...args) => fetch(...args)) {
  const call = apiCaller(base, fetcher);

  return {
    bookingType(username: string, bookingType: string) {
      return call<BookingTypeDetails>(bookingTypePath(username, bookingType));
    },

    availability(query: AvailabilityQuery) {
      return call<AvailabilityResponse>(availabilityPath(query));
    },

    /** Any other call: a booking is sent through it by the lazy chunk (submit-booking.ts). */
    call,
  };
}

export type { Slot };
