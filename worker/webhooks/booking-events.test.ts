/**
 * Events written with the change (design-webhooks.md "Nothing lost"): one event per committed
 * booking change, whoever made it, in the change's own D1 transaction, so a change that rolled
 * back leaves no event and one that committed always has one, for exactly the endpoints that asked.
 */
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { bookingTypes, WEBHOOK_EVENT_TYPES } from "../db/schema";
import type { BookingResponse } from "../domain/contract";
import { tellHostChanged } from "../host-scheduler/client";
import { availableSlots, book, bookingBody, call, db, errorOf, get, post, type SeededHost, seedHost, upcoming } from "../test/fixtures";
import { healD1, injectD1Faults } from "../test/scheduler-control";
import { deliveryOf, eventsOfAccount, loggedEventIds, type MessageData, receiver, seedEndpoint, woken } from "../test/webhook-fixtures";

/** What was written is checked here; a receiver answers whatever the runtime delivers meanwhile. */
function anywhere(): string {
  return receiver().url;
}

async function hostWithEndpoint() {
  const host = await seedHost();
  const endpoint = await seedEndpoint(host.accountId, anywhere());
  const day = upcoming(3);
  const slots = await availableSlots(host, { startDate: day, endDate: day });
  return { host, endpoint, slots };
}

async function bodiesOf(host: SeededHost) {
  return (await eventsOfAccount(host.accountId)).map((event) => ({ id: event.id, ...(JSON.parse(event.body) as { type: string; data: MessageData }) }));
}

/** The booking as GET shows it to its host, but for its e-mail log, which events leave out. */
async function shown(host: SeededHost, bookingId: string) {
  const { notifications: _emailLog, ...booking } = (await (await get(`/api/bookings/${bookingId}`, host.token)).json()) as BookingResponse;
  return booking;
}

describe("one event per committed change", () => {
  it("a reschedule is one booking.rescheduled carrying the new booking and the one it replaced, as GET shows them", async () => {
    const { host, endpoint, slots } = await hostWithEndpoint();
    const { bookingId } = await book(host, slots[0]!);
    const moved = await post(`/api/bookings/${bookingId}/reschedule`, { newSlot: slots[3] }, { token: host.token });
    expect(moved.status).toBe(200);
    const { newBookingId } = (await moved.json()) as { newBookingId: string };

    const events = await bodiesOf(host);
    expect(events.map((event) => event.type)).toEqual(["booking.created", "booking.rescheduled"]);
    const rescheduled = events[1]!;
    expect(rescheduled.data.booking).toEqual(await shown(host, newBookingId));
    expect(rescheduled.data.previousBooking).toEqual(await shown(host, bookingId));
    expect(rescheduled.data.previousBooking).toMatchObject({ status: "cancelled", rescheduledToId: newBookingId });
    expect(await deliveryOf(endpoint.id, rescheduled.id)).toBeDefined();
  });

  it("a cancel is one booking.cancelled; cancelling it again changes nothing and reports nothing", async () => {
    const { host, slots } = await hostWithEndpoint();
    const { bookingId } = await book(host, slots[0]!);
    for (let time = 0; time < 2; time += 1) {
      expect((await post(`/api/bookings/${bookingId}/cancel`, {}, { token: host.token })).status).toBe(200);
    }
    const events = await bodiesOf(host);
    expect(events.map((event) => event.type)).toEqual(["booking.created", "booking.cancelled"]);
    expect(events[1]!.data.booking).toEqual(await shown(host, bookingId));
  });

  it("reports the attendee's own changes too: a booking made from a public page and cancelled with its manage token", async () => {
    const { host, slots } = await hostWithEndpoint();
    const { bookingId, manageToken } = await book(host, slots[0]!, true);
    const cancelled = await post(`/api/bookings/${bookingId}/cancel`, {}, { token: manageToken });
    expect(cancelled.status).toBe(200);
    const events = await bodiesOf(host);
    expect(events.map((event) => [event.type, event.data.booking.id])).toEqual([
      ["booking.created", bookingId],
      ["booking.cancelled", bookingId],
    ]);
  });
});

describe("the partner's data in every message about a booking", () => {
  it("puts the booking's metadata and answers beside it in booking.created, booking.rescheduled and booking.cancelled", async () => {
    const { host, slots } = await hostWithEndpoint();
    await db
      .update(bookingTypes)
      .set({ questions: [{ id: "subject", label: "Which subject?", type: "select", required: true, options: ["Maths", "Physics"] }] })
      .where(eq(bookingTypes.id, host.types[0]!.id));
    await tellHostChanged(env, host.userId);
    const created = await post("/api/bookings", bookingBody(host, slots[0]!, { metadata: { utm_campaign: "spring" }, answers: { subject: "Physics" } }), {
      token: host.token,
    });
    expect(created.status).toBe(201);
    const { bookingId } = (await created.json()) as { bookingId: string };
    const moved = await post(`/api/bookings/${bookingId}/reschedule`, { newSlot: slots[2] }, { token: host.token });
    const { newBookingId } = (await moved.json()) as { newBookingId: string };
    expect((await post(`/api/bookings/${newBookingId}/cancel`, {}, { token: host.token })).status).toBe(200);

    const events = await bodiesOf(host);
    expect(events.map((event) => [event.type, event.data.metadata, event.data.answers])).toEqual([
      ["booking.created", { utm_campaign: "spring" }, { subject: "Physics" }],
      ["booking.rescheduled", { utm_campaign: "spring" }, { subject: "Physics" }],
      ["booking.cancelled", { utm_campaign: "spring" }, { subject: "Physics" }],
    ]);
    for (const event of events) expect(event.data.booking).toMatchObject({ metadata: event.data.metadata, answers: event.data.answers });
  });

  it("sends {} for a booking made without them", async () => {
    const { host, slots } = await hostWithEndpoint();
    await book(host, slots[0]!);
    const [event] = await bodiesOf(host);
    expect(event!.data).toMatchObject({ metadata: {}, answers: {} });
  });
});

describe("no event for a change that did not commit", () => {
  it("a create or a reschedule refused because the slot is taken leaves no event", async () => {
    const { host, slots } = await hostWithEndpoint();
    const first = await book(host, slots[0]!);
    const second = await book(host, slots[1]!);
    const taken = await post(
      "/api/bookings",
      { bookingType: String(host.types[0]!.id), ...slots[0]!, name: "Late", email: "late@example.com" },
      { token: host.token },
    );
    expect((await errorOf(taken)).code).toBe("SLOT_NOT_AVAILABLE");
    const movedOnto = await post(`/api/bookings/${second.bookingId}/reschedule`, { newSlot: slots[0] }, { token: host.token });
    expect((await errorOf(movedOnto)).code).toBe("SLOT_NOT_AVAILABLE");

    const events = await bodiesOf(host);
    expect(events.map((event) => [event.type, event.data.booking.id])).toEqual([
      ["booking.created", first.bookingId],
      ["booking.created", second.bookingId],
    ]);
  });

  it("a write D1 refused leaves no event; one whose answer was lost is reported once, however often it is retried", async () => {
    const { host, endpoint, slots } = await hostWithEndpoint();
    await injectD1Faults(host, { batch: () => Promise.reject(new Error("D1_ERROR: Network connection lost.")) });
    const failed = await post(
      "/api/bookings",
      { bookingType: String(host.types[0]!.id), ...slots[0]!, name: "A", email: "a@example.com" },
      { token: host.token },
    );
    expect(failed.status).toBe(500);
    expect(await bodiesOf(host)).toEqual([]);

    // The commit goes through, then its answer is lost; the client retries with the same key.
    await injectD1Faults(host, {
      batch: async (_sql, run) => {
        await run();
        throw new Error("D1_ERROR: Network connection lost.");
      },
    });
    const body = { bookingType: String(host.types[0]!.id), ...slots[1]!, name: "B", email: "b@example.com" };
    const lost = await post("/api/bookings", body, { token: host.token, key: "lost-answer" });
    await healD1(host);
    const retried = await post("/api/bookings", body, { token: host.token, key: "lost-answer" });
    expect([lost.status, retried.status]).toContain(201);
    const events = await bodiesOf(host);
    expect(events.map((event) => event.type)).toEqual(["booking.created"]);
    // The commit's answer, which names the endpoints, was lost: the host's object read the event back and handed it over.
    await woken(endpoint.id);
    expect(await loggedEventIds(endpoint.id)).toEqual([events[0]!.id]);
  });
});

describe("who receives an event", () => {
  it("every enabled endpoint of the account that wants the type, for all hosts or for this one; the same event id at each", async () => {
    const host = await seedHost();
    const other = await seedHost({ accountId: host.accountId });
    const elsewhere = await seedHost();
    const everything = await seedEndpoint(host.accountId, anywhere());
    const thisHost = await seedEndpoint(host.accountId, anywhere(), { hostId: host.userId });
    const otherHost = await seedEndpoint(host.accountId, anywhere(), { hostId: other.userId });
    const cancelsOnly = await seedEndpoint(host.accountId, anywhere(), { events: ["booking.cancelled"] });
    const disabled = await seedEndpoint(host.accountId, anywhere(), { status: "disabled", disabledReason: "manual" });
    const anotherAccount = await seedEndpoint(elsewhere.accountId, anywhere());
    const day = upcoming(3);
    const [slot] = await availableSlots(host, { startDate: day, endDate: day });
    await book(host, slot!);

    const [event] = await eventsOfAccount(host.accountId);
    // Handed over by the host's object after the commit, which named these endpoints.
    await woken(everything.id);
    await woken(thisHost.id);
    expect(await deliveryOf(everything.id, event!.id)).toBeDefined();
    expect(await deliveryOf(thisHost.id, event!.id)).toBeDefined();
    for (const endpoint of [otherHost, cancelsOnly, disabled, anotherAccount]) expect(await deliveryOf(endpoint.id, event!.id)).toBeUndefined();
  });

  it("writes no event at all when no endpoint wants it", async () => {
    const host = await seedHost();
    await seedEndpoint(host.accountId, anywhere(), { events: WEBHOOK_EVENT_TYPES.filter((type) => type !== "booking.created") });
    const day = upcoming(3);
    const [slot] = await availableSlots(host, { startDate: day, endDate: day });
    await book(host, slot!);
    expect(await eventsOfAccount(host.accountId)).toEqual([]);
    // The change itself is untouched.
    expect((await call(`/api/bookings?host=${host.username}`, { headers: { authorization: `Bearer ${host.token}` } })).status).toBe(200);
  });
});
