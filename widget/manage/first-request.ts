/**
 * The manage page's one first request, the booking its link names, started the moment the element
 * is upgraded, before its styles, models and first render are built. The server cannot put the
 * booking in the page (it never sees the token, which is in the fragment, and must not say whether
 * a booking exists), so this is the earliest it can leave. The model's first ask for exactly this
 * booking gets that answer; any other (a retry, a reload after a change) goes to the network.
 */
import type { ManageApi } from "./manage-api";

export function withFirstBookingRequest(api: ManageApi, bookingId: string, token: string | null): ManageApi {
  if (!bookingId || !token) return api;
  let early: ReturnType<ManageApi["booking"]> | null = api.booking(bookingId, token);
  return {
    ...api,
    booking(id, withToken) {
      const started = id === bookingId && withToken === token ? early : null;
      early = null;
      return started ?? api.booking(id, withToken);
    },
  };
}
