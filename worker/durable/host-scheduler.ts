/**
 * HostScheduler: one Durable Object per host (named by username), the lock of "no double booking".
 * Every create, reschedule and cancel for the host passes through here. The decision is serialised:
 * checking a slot (with the same engine that lists availability) and holding it in memory happen
 * in one synchronous step, before any await, so no other request can slip in between; the D1 write
 * follows, and D1's overlap trigger refuses a double booking even if this lock were bypassed.
 * Reschedule and cancel also queue behind each other (SerialQueue), as they read a booking first.
 * Because all writes pass through here, the object answers availability from memory too.
 */
import { DurableObject } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { database, isOverlapRefusal, type Database } from "../db/client";
import { bookings, type BookingRow } from "../db/schema";
import { blockedRange } from "../domain/availability";
import { fail, ok, type Outcome } from "../domain/outcome";
import { toIsoUtc } from "../lib/instants";
import { isRecordCollision, recordStatement, ticketId, type RecordedResponse } from "../middleware/idempotency";
import { GroupCommit, type WriteStatements } from "./group-commit";
import { HostState, isOffered, slotRules } from "./host-state";
import type { AvailabilityRequest, CreateBookingRequest, RescheduleRequest, WriteOutcome } from "./scheduler-requests";
import { SerialQueue } from "./serial-queue";

/**
 * Hours and booking types are edited outside this object (seed, CLI), so they are re-read after
 * this long; bookings never go stale, since they are only written through here.
 */
const STATE_TTL_MS = 60_000;

export class HostScheduler extends DurableObject<Env> {
  readonly #db: Database = database(this.env.DB);
  readonly #writes = new SerialQueue();
  readonly #commits = new GroupCommit(this.#db);
  /** Creates in flight by Idempotency-Key: an identical retry waits for the first to finish. */
  readonly #inFlight = new Map<string, Promise<unknown>>();
  #state: HostState | null = null;
  #loading: Promise<HostState | null> | null = null;
  #loadedAtMs = 0;

  /** Answers at once: lets the readiness probe see that Durable Objects run. */
  ping(): true {
    return true;
  }

  /** `{"slots":[...]}` as JSON text: the Worker sends it on as is, with no second serialisation. */
  async availability(request: AvailabilityRequest): Promise<Outcome<string>> {
    const state = await this.#readState(request.username);
    if (!state) return fail("NOT_FOUND", `No host named "${request.username}".`);
    const type = state.bookingType(request.bookingTypeRef);
    if (!type || !isOffered(type, request)) return bookingTypeNotFound(request);
    const durationMinutes = request.durationMinutes ?? type.durationMinutes;
    if (!type.durationOptions.includes(durationMinutes)) {
      return fail("INVALID_REQUEST", `duration: this booking type offers ${type.durationOptions.join(", ")} minutes.`);
    }
    const slots = state.freeSlots(slotRules(type, durationMinutes), request.fromMs, request.toMs, Date.now());
    const items = slots.map((slot) => `{"start":"${toIsoUtc(slot.startMs)}","end":"${toIsoUtc(slot.endMs)}"}`);
    return ok(`{"slots":[${items.join(",")}]}`);
  }

  async createBooking(request: CreateBookingRequest, response: RecordedResponse): Promise<WriteOutcome> {
    const key = ticketId(response.ticket);
    // A retry racing its own first attempt runs after it, and then finds its record.
    while (this.#inFlight.has(key)) await this.#inFlight.get(key);
    const attempt = this.#create(request, response);
    this.#inFlight.set(key, attempt.catch(() => undefined));
    try {
      return await attempt;
    } finally {
      this.#inFlight.delete(key);
    }
  }

  async #create(request: CreateBookingRequest, response: RecordedResponse): Promise<WriteOutcome> {
    const state = await this.#readState(request.username);
    if (!state) return fail("NOT_FOUND", `No host named "${request.username}".`);
    const type = state.bookingType(request.bookingTypeRef);
    if (!type || !isOffered(type, request)) return bookingTypeNotFound(request);
    const slot = { startMs: request.startMs, endMs: request.endMs };
    const rules = state.bookableRules(type.id, slot, state.busy, Date.now());
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
      createdAt: Date.now(),
      cancelledAt: null,
    };
    // Held from here on: a concurrent request for an overlapping slot now sees it as taken.
    state.addBooking(row);
    const outcome = await this.#commit([this.#db.insert(bookings).values(row), recordStatement(this.#db, response)]);
    if (!outcome.ok) state.removeBooking(row.id);
    return outcome;
  }

  /** Moves a confirmed booking: a new booking is created and the old one cancelled, atomically. */
  async rescheduleBooking(request: RescheduleRequest, response: RecordedResponse): Promise<WriteOutcome> {
    return this.#writes.run(async () => {
      const state = await this.#readState(request.username);
      const old = await this.#db.select().from(bookings).where(eq(bookings.id, request.bookingId)).get();
      if (!state || !old || old.userId !== state.user.id) return fail("BOOKING_NOT_FOUND", "No such booking.");
      if (old.status !== "confirmed") {
        return fail("INVALID_REQUEST", `This booking is ${old.status} and can no longer be rescheduled.`);
      }
      const slot = { startMs: request.startMs, endMs: request.endMs };
      // The booking being moved does not block its own new time.
      const rules = state.bookableRules(old.bookingTypeId, slot, state.busyExcept(old.id), Date.now());
      if (!rules) return slotNotAvailable();
      const now = Date.now();
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
      state.addBooking(moved);
      // One transaction: the old booking is released first so the trigger does not see it; if the
      // insert is refused, everything rolls back and the old booking stays confirmed.
      const outcome = await this.#commit([
        this.#db.update(bookings).set({ status: "cancelled", cancelledAt: now, rescheduledToId: moved.id }).where(eq(bookings.id, old.id)),
        this.#db.insert(bookings).values(moved),
        recordStatement(this.#db, response),
      ]);
      state.removeBooking(outcome.ok ? old.id : moved.id);
      return outcome;
    });
  }

  /** Cancels a booking of this host; cancelling a cancelled booking changes nothing. */
  async cancelBooking(bookingId: string, response: RecordedResponse): Promise<WriteOutcome> {
    return this.#writes.run(async () => {
      const outcome = await this.#commit([
        this.#db
          .update(bookings)
          .set({ status: "cancelled", cancelledAt: Date.now() })
          .where(and(eq(bookings.id, bookingId), eq(bookings.status, "confirmed"))),
        recordStatement(this.#db, response),
      ]);
      if (outcome.ok) this.#state?.removeBooking(bookingId);
      return outcome;
    });
  }

  /** Commits one write with its idempotency record; D1's refusals become outcomes. */
  async #commit(statements: WriteStatements): Promise<WriteOutcome> {
    try {
      await this.#commits.commit(statements);
      return ok({ recorded: true });
    } catch (error) {
      if (isOverlapRefusal(error)) return slotNotAvailable();
      if (isRecordCollision(error)) return fail("IDEMPOTENCY_CONFLICT", "This Idempotency-Key already has a recorded response.");
      throw error;
    }
  }

  /**
   * The host's state: loaded once (concurrent first requests share one load), then served from
   * memory. When hours and types are older than STATE_TTL_MS they are re-read in the background;
   * the bookings in memory are kept, since they are the authoritative copy.
   */
  async #readState(username: string): Promise<HostState | null> {
    if (!this.#state) return this.#load(username);
    if (Date.now() - this.#loadedAtMs >= STATE_TTL_MS) {
      // Serve the current copy meanwhile; a failed refresh is retried on the next request.
      this.ctx.waitUntil(this.#load(username).catch((error) => console.error("host state refresh failed", error)));
    }
    return this.#state;
  }

  #load(username: string): Promise<HostState | null> {
    this.#loading ??= (async () => {
      try {
        const now = Date.now();
        const loaded = await HostState.load(this.#db, username, now);
        if (this.#state && loaded) this.#state.refreshConfigFrom(loaded, now);
        else this.#state = loaded;
        this.#loadedAtMs = now;
        return this.#state;
      } finally {
        this.#loading = null;
      }
    })();
    return this.#loading;
  }
}

function bookingTypeNotFound(request: { username: string; bookingTypeRef: string }): Outcome<never> {
  return fail("NOT_FOUND", `No booking type "${request.bookingTypeRef}" for host "${request.username}".`);
}

function slotNotAvailable(): Outcome<never> {
  return fail("SLOT_NOT_AVAILABLE", "Selected time slot is no longer available.");
}
