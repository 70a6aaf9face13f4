/**
 * design.md "Auth": an unknown host, an unknown booking type and one the caller may not see get one
 * and the same answer, so type ids cannot be tried to list usernames.
 */
import { describe, expect, it } from "vitest";
import { HOST_OR_TYPE_NOT_FOUND } from "./domain/errors";
import { SCOPES } from "./domain/scopes";
import { availableSlots, bookingBody, errorOf, get, post, seedAccount, seedHost, seedToken, upcoming } from "./test/fixtures";

const NOT_FOUND = { status: 404, code: "NOT_FOUND", message: HOST_OR_TYPE_NOT_FOUND };

describe("one not-found answer for host, type and not yours", () => {
  it("answers the same for an unknown host, an unknown type, a private type and another account's type, naming neither host", async () => {
    const host = await seedHost({ types: [{}, { isPublic: false }] });
    const stranger = await seedHost();
    const [publicType, privateType] = host.types;
    const monday = upcoming(1);
    const [slot] = await availableSlots(host, { startDate: monday, endDate: monday });
    const days = `startDate=${monday}&endDate=${monday}`;
    const answers = [
      // Public callers: availability by host and type, by type alone, the booking-type lookup, create.
      await get(`/api/availability?username=nobody-here&slug=${publicType!.id}&${days}`),
      await get(`/api/availability?username=${host.username}&slug=999999&${days}`),
      await get(`/api/availability?username=${host.username}&slug=${privateType!.id}&${days}`),
      await get(`/api/availability?bookingType=999999&${days}`),
      await get(`/api/booking-types?username=nobody-here&slug=${publicType!.id}`),
      await get(`/api/booking-types?username=${stranger.username}&slug=${publicType!.id}`),
      await post("/api/bookings", bookingBody(host, slot!, { bookingType: "999999" })),
      // A service token of another account.
      await get(`/api/availability?username=${host.username}&slug=${publicType!.id}&${days}`, stranger.token),
      await get(`/api/availability?bookingType=${publicType!.id}&${days}`, stranger.token),
      await get(`/api/booking-types?username=${host.username}&slug=${publicType!.id}`, stranger.token),
      await post("/api/bookings", bookingBody(host, slot!), { token: stranger.token }),
      await get(`/api/booking-types/${publicType!.id}`, stranger.token),
      await get(`/api/hosts/${host.username}`, stranger.token),
      await get(`/api/hosts/${host.username}/booking-types`, stranger.token),
      await get(`/api/bookings?host=${host.username}`, stranger.token),
    ];
    for (const [index, answer] of answers.entries()) {
      expect(answer.status, `answer ${index}`).toBe(404);
      const error = await errorOf(answer);
      expect(error).toEqual(NOT_FOUND);
      expect(error.message).not.toContain(host.username);
    }
  });

  it("answers the same when a new token is narrowed to a host the account does not have", async () => {
    const admin = await seedToken(await seedAccount(), [...SCOPES]);
    const elsewhere = await seedHost();
    for (const username of [elsewhere.username, "nobody-here"]) {
      expect(await errorOf(await post("/api/tokens", { name: "narrow", scopes: ["bookings:read"], host: username }, { token: admin }))).toEqual(NOT_FOUND);
    }
  });
});
