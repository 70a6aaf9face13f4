/**
 * The attendee's calls about one booking, with their manage token as `Authorization: Bearer` (the
 * only way it leaves the browser): read it, cancel it, move it. Failures are values, as in ../api.ts.
 */
import type { BookingResponse, CancelResponse, RescheduleResponse, Slot } from "../../worker/domain/contract";
import { type ApiFailure, apiCaller, bookingApi } from "../api";

export type ManageApi = ReturnType<typeof manageApi>;

/** The API's answers for a token that does not open this booking; one message for all, so nothing tells whether it exists. */
export const isRefusal = (failure: ApiFailure) => failure.code === "BOOKING_NOT_FOUND" || failure.code === "UNAUTHORIZED";

export function manageApi(base: string, fetcher: typeof fetch = (...args) => fetch(...args)) {
  const call = apiCaller(base, fetcher);
  const path = (bookingId: string) => `/api/bookings/${encodeURIComponent(bookingId)}`;
  const post = (token: string, idempotencyKey: string, body: object) => ({
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", "Idempotency-Key": idempotencyKey },
    body: JSON.stringify(body),
  });
  return {
    // Slots and the type's details, exactly as the widget asks for them.
    ...bookingApi(base, fetcher),

    booking(bookingId: string, token: string) {
      return call<BookingResponse>(path(bookingId), { headers: { Authorization: `Bearer ${token}` }, cache: "no-store" });
    },

    /** One attempt; the caller reuses `idempotencyKey` for every retry of the same cancel. */
    cancel(bookingId: string, token: string, idempotencyKey: string) {
      return call<CancelResponse>(`${path(bookingId)}/cancel`, post(token, idempotencyKey, {}));
    },

    /** One attempt; the caller reuses `idempotencyKey` for every retry of the same move. */
    reschedule(bookingId: string, token: string, newSlot: Slot, idempotencyKey: string) {
      return call<RescheduleResponse>(`${path(bookingId)}/reschedule`, post(token, idempotencyKey, { newSlot }));
    },
  };
}
