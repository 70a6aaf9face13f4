/**
 * The three writes of a HostScheduler: create, reschedule and cancel. Each decides on the host's
 * copy as it is when it holds its slot (checking the slot with the same engine that lists
 * availability, and holding it, in one synchronous step, before any await, so no other request can
 * slip in between), then commits with its idempotency record and sets its effects going. D1's
 * overlap trigger refuses a double booking even if this lock were bypassed. Reschedule and cancel
 * also queue behind each other (SerialQueue), as they read a booking first.
 */
import { and, eq } from "drizzle-orm";
import { eventColumnsOf, eventForCancelledBooking, eventForMovedBooking, eventForNewBooking, pendingEventColumns } from "../calendars";
import type { Database } from "../db/client";
import { recordStatement } from "../db/idempotency-records";
import { type BookingRow, type BookingTypeRow, bookings } from "../db/schema";
import { type BusyBooking, blockedRange, type SlotMs } from "../domain/availability";
import { type BookingEventColumns, bookingResource } from "../domain/booking-resource";
import { type RecordedResponse, ticketId } from "../domain/idempotency";
import { fail } from "../domain/outcome";
import { SerialQueue } from "../lib/serial-queue";
import { bookingCancelledEvent, bookingCreatedEvent, bookingRescheduledEvent, type EventSource } from "../webhooks";
import type { AfterCommit } from "./after-commit";
import { type CalendarBusyTimes, CalendarUnavailable, calendarBusy } from "./calendar-busy";
import type { WriteStatements } from "./group-commit";
import { CHANGED, type HostFreshness, inRounds } from "./host-freshness";
import { type HostState, toBusy } from "./host-state";
import { countPublicCreate, isPublicCreateCapRefusal, type PublicCreateCap, secondsUntilPlace } from "./public-create-cap";
import { bookingRescheduled, calendarUnavailable, hostOrTypeNotFound, offeredType, slotNotAvailable } from "./refusals";
import type { CancelRequest, CreateBookingRequest, RescheduleRequest, WriteOutcome } from "./scheduler-requests";
import { outcomeOf, type WriteCommit } from "./write-commit";

/** Busy times of the host's calendars, and the generation of the calendars they were read for. */
interface BusyTimes {
  busy: BusyBooking[];
  generation: number;
}

/** What the writes use of their object; `db` and `clock` are asked each time (tests swap them). */
export interface WriteParts {
  db(): Database;
  clock(): number;
  freshness: HostFreshness;
  calendarBusy: CalendarBusyTimes;
  commits: WriteCommit;
  afterCommit: AfterCommit;
}

export class BookingWrites {
  readonly #writes = new SerialQueue();
  /** Creates in flight by Idempotency-Key: an identical retry waits for the first to finish. */
  readonly #inFlight = new Map<string, Promise<unknown>>();

  constructor(private readonly parts: WriteParts) {}

  async create(request: CreateBookingRequest, response: RecordedResponse): Promise<WriteOutcome> {
    const key = ticketId(response.ticket);
    // A retry racing its own first attempt runs after it, and then finds its record.
    while (this.#inFlight.has(key)) await this.#inFlight.get(key);
    const attempt = this.#create(request, response);
    this.#inFlight.set(
      key,
      attempt.catch(() => undefined),
    );
    try {
      return await attempt;
    } finally {
      this.#inFlight.delete(key);
    }
  }

  #create(request: CreateBookingRequest, response: RecordedResponse): Promise<WriteOutcome> {
    const slot = { startMs: request.startMs, endMs: request.endMs };
    return inRounds(async () => {
      const state = await this.parts.freshness.stateFor(request.hostId, "write");
      if (!state) return hostOrTypeNotFound();
      const offered = offeredType(state, request);
      if (!offered.ok) return offered;
      const elsewhere = await this.#calendarBusyFor(state, slot, offered.value);
      if (!elsewhere) return calendarUnavailable();
      return this.#createOn(state, request, response, slot, elsewhere);
    });
  }

  /**
   * The decision of a create, the hold, and the commit. From its first line to the hold nothing
   * awaits: the host, the type and its rules are checked as they are now (a change answered while
   * the create waited is never bypassed), and no other request can take the slot in between.
   */
  async #createOn(
    state: HostState,
    request: CreateBookingRequest,
    response: RecordedResponse,
    slot: SlotMs,
    elsewhere: BusyTimes,
  ): Promise<WriteOutcome | typeof CHANGED> {
    if (!this.#isCurrent(state, elsewhere.generation)) return CHANGED;
    const offered = offeredType(state, request);
    if (!offered.ok) return offered;
    const type = offered.value;
    const db = this.parts.db();
    const now = this.parts.clock();
    const rules = state.bookableRules(type.id, slot, elsewhere.busy.length === 0 ? state.ledger.busy : [...state.ledger.busy, ...elsewhere.busy], now);
    if (!rules) return slotNotAvailable();
    const row: BookingRow = {
      id: request.bookingId,
      userId: state.user.id,
      bookingTypeId: type.id,
      ...slot,
      ...blockedRange(rules, slot),
      status: "confirmed",
      attendeeName: request.attendeeName,
      attendeeEmail: request.attendeeEmail,
      notes: request.notes,
      manageTokenHash: request.manageTokenHash,
      rescheduledFromId: null,
      rescheduledToId: null,
      createdAt: now,
      cancelledAt: null,
    };
    // Held from here on: a concurrent request for an overlapping slot now sees it as taken.
    state.ledger.hold(toBusy(row));
    const eventWork = eventForNewBooking(db, state.calendars, state.user.id, row.id, now);
    const webhook = bookingCreatedEvent(db, eventSource(state), asResource(state, row, type, pendingEventColumns(state.calendars.receiving)), now);
    const cap = request.publicCreateCap;
    const statements: WriteStatements = [
      db.insert(bookings).values(row),
      recordStatement(db, response, now),
      ...(cap ? [countPublicCreate(db, state.user.id, cap, now)] : []),
      ...eventWork,
      webhook.statement,
    ];
    const result = await this.parts.commits.commit(statements, response);
    this.parts.commits.settleHold(state, row.id, result);
    if (result.verdict === "committed")
      this.parts.afterCommit.committed(state.user.id, { hasEventWork: eventWork.length > 0, webhook, statements, results: result.results });
    if (cap && result.verdict === "refused" && "error" in result && isPublicCreateCapRefusal(result.error)) return this.#capReached(state.user.id, cap);
    return outcomeOf(result);
  }

  /** The client address has made its hour's public bookings with this host: 429, with when to try again. */
  async #capReached(hostId: number, cap: PublicCreateCap): Promise<WriteOutcome> {
    const nowMs = this.parts.clock();
    const retryAfterSeconds = await secondsUntilPlace(this.parts.db(), hostId, cap.address, nowMs).catch(() => 3_600);
    const minutes = Math.ceil(retryAfterSeconds / 60);
    return fail("RATE_LIMITED", `Too many bookings with this host from your network in the last hour; try again in ${minutes} minutes.`, { retryAfterSeconds });
  }

  /** Moves a confirmed booking: a new booking is created and the old one cancelled, atomically. */
  reschedule(request: RescheduleRequest, response: RecordedResponse): Promise<WriteOutcome> {
    return this.#writes.run(() => {
      const slot = { startMs: request.startMs, endMs: request.endMs };
      return inRounds(async () => {
        const state = await this.parts.freshness.stateFor(request.hostId, "write");
        const old = await this.parts.db().select().from(bookings).where(eq(bookings.id, request.bookingId)).get();
        if (!state || !old || old.userId !== state.user.id) return fail("BOOKING_NOT_FOUND", "No such booking.");
        if (old.rescheduledToId !== null) return bookingRescheduled(old.rescheduledToId);
        if (old.status !== "confirmed") {
          return fail("INVALID_REQUEST", `This booking is ${old.status} and can no longer be rescheduled.`);
        }
        const offered = offeredType(state, { ...request, bookingTypeRef: String(old.bookingTypeId) });
        if (!offered.ok) return offered;
        const oldEvent = await eventColumnsOf(this.parts.db(), old.id);
        const elsewhere = await this.#calendarBusyFor(state, slot, offered.value);
        if (!elsewhere) return calendarUnavailable();
        return this.#rescheduleOn(state, request, response, old, oldEvent, slot, elsewhere);
      });
    });
  }

  /**
   * The decision of a reschedule, the hold, and the commit, with nothing awaited before the hold
   * (as #createOn). Moving a booking books a new time, which a deleted host, an archived type or (for
   * a caller who may not see it) a private one no longer offers; cancelling still works.
   */
  async #rescheduleOn(
    state: HostState,
    request: RescheduleRequest,
    response: RecordedResponse,
    old: BookingRow,
    oldEvent: BookingEventColumns | null,
    slot: SlotMs,
    elsewhere: BusyTimes,
  ): Promise<WriteOutcome | typeof CHANGED> {
    if (!this.#isCurrent(state, elsewhere.generation)) return CHANGED;
    const offered = offeredType(state, { ...request, bookingTypeRef: String(old.bookingTypeId) });
    if (!offered.ok) return offered;
    const db = this.parts.db();
    const now = this.parts.clock();
    // The booking being moved does not block its own new time (nor does its event, calendarBusy).
    const rules = state.bookableRules(old.bookingTypeId, slot, [...state.ledger.busyExcept(old.id), ...elsewhere.busy], now);
    if (!rules) return slotNotAvailable();
    const moved: BookingRow = {
      ...old,
      id: request.newBookingId,
      ...slot,
      ...blockedRange(rules, slot),
      rescheduledFromId: old.id,
      rescheduledToId: null,
      createdAt: now,
      cancelledAt: null,
    };
    state.ledger.hold(toBusy(moved));
    // One transaction: the old booking is released first so the trigger does not see it; if the
    // insert is refused, everything rolls back and the old booking stays confirmed.
    const eventWork = eventForMovedBooking(db, state.calendars, state.user.id, old.id, moved.id, oldEvent !== null, now);
    // The event moves with the booking; a booking that had none gets one if a calendar receives events.
    const movedEvent = oldEvent ? { ...oldEvent, status: "pending" as const } : pendingEventColumns(state.calendars.receiving);
    const type = offered.value;
    const webhook = bookingRescheduledEvent(
      db,
      eventSource(state),
      asResource(state, moved, type, movedEvent),
      asResource(state, { ...old, status: "cancelled", cancelledAt: now, rescheduledToId: moved.id }, type, null),
      now,
    );
    const statements: WriteStatements = [
      db.update(bookings).set({ status: "cancelled", cancelledAt: now, rescheduledToId: moved.id }).where(eq(bookings.id, old.id)),
      db.insert(bookings).values(moved),
      recordStatement(db, response, now),
      ...eventWork,
      webhook.statement,
    ];
    const result = await this.parts.commits.commit(statements, response);
    this.parts.commits.settleHold(state, moved.id, result);
    if (result.verdict === "committed") state.ledger.remove(old.id);
    if (result.verdict === "committed")
      this.parts.afterCommit.committed(state.user.id, { hasEventWork: eventWork.length > 0, webhook, statements, results: result.results });
    return outcomeOf(result);
  }

  /** Cancels a booking of this host; cancelling a cancelled booking changes nothing. */
  cancel(request: CancelRequest, response: RecordedResponse): Promise<WriteOutcome> {
    return this.#writes.run(async () => {
      // Loaded first: a load that read the booking before this cancel commits must not install it after.
      const state = await this.parts.freshness.stateFor(request.hostId, "write");
      const booking = await this.parts.db().select().from(bookings).where(eq(bookings.id, request.bookingId)).get();
      if (!state || !booking || booking.userId !== state.user.id) return fail("BOOKING_NOT_FOUND", "No such booking.");
      // A moved booking is history: cancelling it would leave the meeting standing at its new time.
      if (booking.rescheduledToId !== null) return bookingRescheduled(booking.rescheduledToId);
      const now = this.parts.clock();
      const event = await eventColumnsOf(this.parts.db(), booking.id);
      const db = this.parts.db();
      const cancelled = { ...booking, status: "cancelled" as const, cancelledAt: now };
      // Written only if the booking was still confirmed: cancelling it again reports nothing.
      const webhook = bookingCancelledEvent(
        db,
        eventSource(state),
        asResource(state, cancelled, typeOf(state, booking.bookingTypeId), event && { ...event, status: "pending" }),
        now,
      );
      const statements: WriteStatements = [
        webhook.statement,
        db
          .update(bookings)
          .set({ status: "cancelled", cancelledAt: now })
          .where(and(eq(bookings.id, request.bookingId), eq(bookings.status, "confirmed"))),
        recordStatement(db, response, now),
        ...eventForCancelledBooking(db, request.bookingId, now),
      ];
      const result = await this.parts.commits.commit(statements, response);
      if (result.verdict === "committed") state.ledger.remove(request.bookingId);
      // A host without calendars has no event to delete (one left from a removed connection is woken by the next load).
      if (result.verdict === "committed")
        this.parts.afterCommit.committed(state.user.id, { hasEventWork: hasCalendars(state), webhook, statements, results: result.results });
      if (result.verdict === "unknown") this.parts.freshness.markStale();
      return outcomeOf(result);
    });
  }

  /** The calendars' busy times around a slot for a write, or null when they cannot be read now. */
  async #calendarBusyFor(state: HostState, slot: SlotMs, type: BookingTypeRow): Promise<BusyTimes | null> {
    const generation = this.parts.calendarBusy.generation;
    if (state.calendars.checked.length === 0) return { busy: [], generation };
    try {
      return { busy: calendarBusy(await this.parts.calendarBusy.forCreate(slot, type.bookingWindowDays), state), generation };
    } catch (error) {
      if (error instanceof CalendarUnavailable) return null;
      throw error;
    }
  }

  /**
   * Whether a write that began with `state` may decide now: the copy is current (HostFreshness) and
   * the calendars that count are those its busy times were read for.
   */
  #isCurrent(state: HostState, calendarGeneration: number): boolean {
    return this.parts.freshness.isCurrent(state) && this.parts.calendarBusy.generation === calendarGeneration;
  }
}

/** A booking as GET /api/bookings/:id will show it once the write commits: the webhook's payload. */
function asResource(state: HostState, row: BookingRow, type: BookingTypeRow, event: BookingEventColumns | null) {
  return bookingResource(row, state.user.username, type, event);
}

/** The account and host a booking change is reported for. */
function eventSource(state: HostState): EventSource {
  return { accountId: state.user.accountId, hostId: state.user.id };
}

/** A booking's type: types are archived, never deleted, so the host's state holds every type it has. */
function typeOf(state: HostState, bookingTypeId: number): BookingTypeRow {
  const type = state.bookingType(String(bookingTypeId));
  if (!type) throw new Error(`Booking type ${bookingTypeId} is missing from its host's state.`);
  return type;
}

function hasCalendars(state: HostState): boolean {
  return state.calendars.receiving !== null || state.calendars.checked.length > 0;
}
