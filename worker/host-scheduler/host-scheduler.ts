/**
 * HostScheduler: one Durable Object per host (keyed by the host's stable id), the lock of "no
 * double booking". Every create, reschedule and cancel for the host passes through here. Checking a
 * slot (with the same engine that lists availability) and holding it happen in one synchronous
 * step, before any await, so no other request can slip in between; the D1 write follows, and D1's
 * overlap trigger refuses a double booking even if this lock were bypassed. Reschedule and cancel
 * also queue behind each other (SerialQueue), as they read a booking first. The object answers
 * availability from memory, kept equal to D1 by its BookingLedger.
 */
import { DurableObject } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { database, isConstraintRefusal, isOverlapRefusal, type Database } from "../db/client";
import { findRecord, isRecordCollision, recordStatement } from "../db/idempotency-records";
import { bookings, type BookingRow, type BookingTypeRow } from "../db/schema";
import { blockedRange, type BusyBooking, type Slot } from "../domain/availability";
import { isOffered, slotRules, type TypeAccess } from "../domain/booking-type-access";
import { ticketId, type RecordedResponse } from "../domain/idempotency";
import { fail, ok, type Outcome } from "../domain/outcome";
import { systemClock, type Clock } from "../lib/clock";
import { toIsoUtc } from "../lib/instants";
import { HOST_OR_TYPE_NOT_FOUND } from "../domain/errors";
import { asConnection, eventColumnsOf, eventForCancelledBooking, eventForMovedBooking, eventForNewBooking, pendingEventColumns, pendingEvents, syncEvent } from "../calendars";
import type { HostCalendars, BusyInterval } from "../calendars";
import { bookingResource, type BookingEventColumns } from "../domain/booking-resource";
import { countPublicCreate, isPublicCreateCapRefusal, secondsUntilPlace, type PublicCreateCap } from "./public-create-cap";
import { bookingCancelledEvent, bookingCreatedEvent, bookingRescheduledEvent, committedFor, type BookingEvent, type EventSource, OutboxHandoff } from "../webhooks";
import { CalendarBusyTimes, CalendarUnavailable } from "./calendar-busy";
import { AmbiguousCommitError, GroupCommit, type StatementResults, type WriteStatements } from "./group-commit";
import { HostState, readHostSnapshot, toBusy } from "./host-state";
import type { AvailabilityRequest, CancelRequest, CreateBookingRequest, RescheduleRequest, WriteOutcome } from "./scheduler-requests";
import { SerialQueue } from "../lib/serial-queue";

/**
 * Hours and booking types are edited outside this object (seed, CLI), so they are re-read once
 * they are this old: in the background for availability, before deciding for a write.
 */
export const CONFIG_MAX_AGE_MS = 60_000;

/**
 * A write decides on the configuration installed when it holds the slot. When the configuration
 * (or the calendars that count) changed while it waited on D1 or a provider, it starts over; after
 * this many tries it gives up with a 500, which is not recorded, so its retry runs again.
 */
const MAX_DECISION_ROUNDS = 5;
/** A write's round that something changed during: it starts over. */
const CHANGED = Symbol("changed");

/** Busy times of the host's calendars, and the generation of the calendars they were read for. */
interface BusyTimes {
  busy: BusyBooking[];
  generation: number;
}

/** Where the object keeps its host's id, for the alarm (which runs with no request to name it). */
const HOST_ID_KEY = "hostId";

/** What a write did in D1: committed, surely not committed, or unknown (D1 could not be asked). */
type CommitResult =
  /** `results`: D1's answers to the statements; null when the commit was confirmed from its record instead. */
  | { verdict: "committed"; results: StatementResults | null }
  | { verdict: "refused"; outcome: WriteOutcome }
  | { verdict: "refused" | "unknown"; error: unknown };

export class HostScheduler extends DurableObject<Env> {
  /** Where "now" comes from; tests freeze it with runInDurableObject. */
  clock: Clock = systemClock;
  /** The D1 this object writes to; tests put one with injected faults here. */
  d1: D1Database = this.env.DB;
  readonly #writes = new SerialQueue();
  readonly #eventWork = new SerialQueue();
  readonly #commits = new GroupCommit(() => this.#db);
  readonly #webhookOutbox = new OutboxHandoff(this.env, () => this.#db);
  /** Creates in flight by Idempotency-Key: an identical retry waits for the first to finish. */
  readonly #inFlight = new Map<string, Promise<unknown>>();
  #state: HostState | null = null;
  /** The busy times of the host's calendars (none until one is connected). */
  readonly #calendarBusy = new CalendarBusyTimes(
    (fromMs, toMs) => this.#readCalendarBusy(fromMs, toMs),
    () => this.clock(),
  );
  /** The re-read in flight, and how many staleness marks it answers for. */
  #reloading: { promise: Promise<HostState | null>; covers: number } | null = null;
  #loadedAtMs = 0;
  /**
   * Counts the times this copy became known to differ from D1 (a write's effect unknown, a booking it
   * did not know of, a config change); `#freshAs` is the count the installed copy answers for. A read
   * that began before the latest mark cannot answer for it, so a request then waits for a newer one.
   */
  #staleness = 0;
  #freshAs = 0;

  get #db(): Database {
    return database(this.d1);
  }

  /** Answers at once: lets the readiness probe see that Durable Objects run. */
  ping(): true {
    return true;
  }

  /**
   * The host's hours, overrides or types changed in D1 (the management API calls this after its
   * write commits): the very next availability answer and create re-read them. A create already
   * decided meanwhile was decided on the old rules, which allowed it. A loaded host is re-read at
   * once, while the partner waits for its change's answer, so the next visitor does not wait for it.
   */
  async configChanged(hostId: number): Promise<void> {
    // The re-read drops busy times read for other calendars than the new ones (#readHost).
    this.#staleness += 1;
    if (!this.#state) return; // nothing held: the first request loads it anyway
    // A failed read leaves the mark unanswered, so the next request reads again.
    await this.#reload(hostId).catch((error) => console.error("host state re-read after a change failed", error));
  }

  /** `{"slots":[...]}` as JSON text: the Worker sends it on as is, with no second serialisation. */
  async availability(request: AvailabilityRequest): Promise<Outcome<string>> {
    const state = await this.#stateFor(request.hostId, "read");
    if (!state) return hostOrTypeNotFound();
    const offered = offeredType(state, request);
    if (!offered.ok) return offered;
    const type = offered.value;
    const durationMinutes = request.durationMinutes ?? type.durationMinutes;
    if (!type.durationOptions.includes(durationMinutes)) {
      return fail("INVALID_REQUEST", `duration: this booking type offers ${type.durationOptions.join(", ")} minutes.`);
    }
    let elsewhere: BusyBooking[] = [];
    if (state.calendars.checked.length > 0) {
      const intervals = await this.#calendarBusy.forAvailability({ fromMs: request.fromMs, toMs: request.toMs }, type.bookingWindowDays);
      // Not read for too long: offer nothing rather than book over the host's real meetings.
      if (intervals === null) return ok(`{"slots":[]}`);
      elsewhere = calendarBusy(intervals, state);
    }
    const slots = state.freeSlots(slotRules(type, durationMinutes), request.fromMs, request.toMs, this.clock(), elsewhere);
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
    const slot = { startMs: request.startMs, endMs: request.endMs };
    for (let round = 1; ; round += 1) {
      const state = await this.#stateFor(request.hostId, "write");
      if (!state) return hostOrTypeNotFound();
      const offered = offeredType(state, request);
      if (!offered.ok) return offered;
      const elsewhere = await this.#calendarBusyFor(state, slot, offered.value);
      if (!elsewhere) return calendarUnavailable();
      const outcome = await this.#createOn(state, request, response, slot, elsewhere);
      if (outcome !== CHANGED) return outcome;
      tryAgain(round);
    }
  }

  /**
   * The decision of a create, the hold, and the commit. From its first line to the hold nothing
   * awaits: the host, the type and its rules are checked as they are now (a change answered while
   * the create waited is never bypassed), and no other request can take the slot in between.
   */
  async #createOn(state: HostState, request: CreateBookingRequest, response: RecordedResponse, slot: Slot, elsewhere: BusyTimes): Promise<WriteOutcome | typeof CHANGED> {
    if (!this.#isCurrent(state, elsewhere.generation)) return CHANGED;
    const offered = offeredType(state, request);
    if (!offered.ok) return offered;
    const type = offered.value;
    const now = this.clock();
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
    const eventWork = eventForNewBooking(this.#db, state.calendars, state.user.id, row.id, now);
    const webhook = bookingCreatedEvent(this.#db, eventSource(state), this.#asResource(state, row, type, pendingEventColumns(state.calendars.receiving)), now);
    const cap = request.publicCreateCap;
    const statements: WriteStatements = [
      this.#db.insert(bookings).values(row),
      recordStatement(this.#db, response, now),
      ...(cap ? [countPublicCreate(this.#db, state.user.id, cap, now)] : []),
      ...eventWork,
      webhook.statement,
    ];
    const result = await this.#commit(statements, response);
    this.#settleHold(state, row.id, result);
    if (result.verdict === "committed" && eventWork.length > 0) this.#wakeEventSync(state.user.id);
    if (result.verdict === "committed") this.#handOffWebhooks(webhook, statements, result.results);
    if (cap && result.verdict === "refused" && "error" in result && isPublicCreateCapRefusal(result.error)) return this.#capReached(state.user.id, cap);
    return outcomeOf(result);
  }

  /** The client address has made its hour's public bookings with this host: 429, with when to try again. */
  async #capReached(hostId: number, cap: PublicCreateCap): Promise<WriteOutcome> {
    const nowMs = this.clock();
    const retryAfterSeconds = await secondsUntilPlace(this.#db, hostId, cap.address, nowMs).catch(() => 3_600);
    const minutes = Math.ceil(retryAfterSeconds / 60);
    return fail("RATE_LIMITED", `Too many bookings with this host from your network in the last hour; try again in ${minutes} minutes.`, { retryAfterSeconds });
  }

  /** Moves a confirmed booking: a new booking is created and the old one cancelled, atomically. */
  async rescheduleBooking(request: RescheduleRequest, response: RecordedResponse): Promise<WriteOutcome> {
    return this.#writes.run(async () => {
      const slot = { startMs: request.startMs, endMs: request.endMs };
      for (let round = 1; ; round += 1) {
        const state = await this.#stateFor(request.hostId, "write");
        const old = await this.#db.select().from(bookings).where(eq(bookings.id, request.bookingId)).get();
        if (!state || !old || old.userId !== state.user.id) return fail("BOOKING_NOT_FOUND", "No such booking.");
        if (old.rescheduledToId !== null) return bookingRescheduled(old.rescheduledToId);
        if (old.status !== "confirmed") {
          return fail("INVALID_REQUEST", `This booking is ${old.status} and can no longer be rescheduled.`);
        }
        const offered = offeredType(state, { ...request, bookingTypeRef: String(old.bookingTypeId) });
        if (!offered.ok) return offered;
        const oldEvent = await eventColumnsOf(this.#db, old.id);
        const elsewhere = await this.#calendarBusyFor(state, slot, offered.value);
        if (!elsewhere) return calendarUnavailable();
        const outcome = await this.#rescheduleOn(state, request, response, old, oldEvent, slot, elsewhere);
        if (outcome !== CHANGED) return outcome;
        tryAgain(round);
      }
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
    slot: Slot,
    elsewhere: BusyTimes,
  ): Promise<WriteOutcome | typeof CHANGED> {
    if (!this.#isCurrent(state, elsewhere.generation)) return CHANGED;
    const offered = offeredType(state, { ...request, bookingTypeRef: String(old.bookingTypeId) });
    if (!offered.ok) return offered;
    const now = this.clock();
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
    const eventWork = eventForMovedBooking(this.#db, state.calendars, state.user.id, old.id, moved.id, oldEvent !== null, now);
    // The event moves with the booking; a booking that had none gets one if a calendar receives events.
    const movedEvent = oldEvent ? { ...oldEvent, status: "pending" as const } : pendingEventColumns(state.calendars.receiving);
    const type = offered.value;
    const webhook = bookingRescheduledEvent(
      this.#db,
      eventSource(state),
      this.#asResource(state, moved, type, movedEvent),
      this.#asResource(state, { ...old, status: "cancelled", cancelledAt: now, rescheduledToId: moved.id }, type, null),
      now,
    );
    const statements: WriteStatements = [
      this.#db.update(bookings).set({ status: "cancelled", cancelledAt: now, rescheduledToId: moved.id }).where(eq(bookings.id, old.id)),
      this.#db.insert(bookings).values(moved),
      recordStatement(this.#db, response, now),
      ...eventWork,
      webhook.statement,
    ];
    const result = await this.#commit(statements, response);
    this.#settleHold(state, moved.id, result);
    if (result.verdict === "committed") state.ledger.remove(old.id);
    if (result.verdict === "committed" && eventWork.length > 0) this.#wakeEventSync(state.user.id);
    if (result.verdict === "committed") this.#handOffWebhooks(webhook, statements, result.results);
    return outcomeOf(result);
  }

  /** Cancels a booking of this host; cancelling a cancelled booking changes nothing. */
  async cancelBooking(request: CancelRequest, response: RecordedResponse): Promise<WriteOutcome> {
    return this.#writes.run(async () => {
      // Loaded first: a load that read the booking before this cancel commits must not install it after.
      const state = await this.#stateFor(request.hostId, "write");
      const booking = await this.#db.select().from(bookings).where(eq(bookings.id, request.bookingId)).get();
      if (!state || !booking || booking.userId !== state.user.id) return fail("BOOKING_NOT_FOUND", "No such booking.");
      // A moved booking is history: cancelling it would leave the meeting standing at its new time.
      if (booking.rescheduledToId !== null) return bookingRescheduled(booking.rescheduledToId);
      const now = this.clock();
      const event = await eventColumnsOf(this.#db, booking.id);
      const cancelled = { ...booking, status: "cancelled" as const, cancelledAt: now };
      // Written only if the booking was still confirmed: cancelling it again reports nothing.
      const webhook = bookingCancelledEvent(
        this.#db,
        eventSource(state),
        this.#asResource(state, cancelled, typeOf(state, booking.bookingTypeId), event && { ...event, status: "pending" }),
        now,
      );
      const statements: WriteStatements = [
        webhook.statement,
        this.#db
          .update(bookings)
          .set({ status: "cancelled", cancelledAt: now })
          .where(and(eq(bookings.id, request.bookingId), eq(bookings.status, "confirmed"))),
        recordStatement(this.#db, response, now),
        ...eventForCancelledBooking(this.#db, request.bookingId, now),
      ];
      const result = await this.#commit(statements, response);
      if (result.verdict === "committed") state.ledger.remove(request.bookingId);
      if (result.verdict === "committed") this.#handOffWebhooks(webhook, statements, result.results);
      // A host without calendars has no event to delete (one left from a removed connection is woken by the next load).
      if (result.verdict === "committed" && hasCalendars(state)) this.#wakeEventSync(state.user.id);
      if (result.verdict === "unknown") this.#staleness += 1;
      return outcomeOf(result);
    });
  }

  /**
   * Calendar event work is due (design-calendars.md "Events in the host's calendar"): carry out
   * every due row, then wake again when the next one is. The alarm lives in the object's storage,
   * so work committed before a restart is still done after it.
   */
  override async alarm(): Promise<void> {
    // One run at a time: a run started by hand (tests) and one the runtime fires never interleave.
    await this.#eventWork.run(() => this.#runEventWork());
  }

  async #runEventWork(): Promise<void> {
    const hostId = await this.ctx.storage.get<number>(HOST_ID_KEY);
    if (hostId === undefined) return;
    const context = { env: this.env, db: this.#db, nowMs: () => this.clock() };
    for (const row of await pendingEvents(this.#db, hostId)) {
      if (row.nextAttemptAt > this.clock()) break;
      await syncEvent(context, row);
    }
    const [next] = await pendingEvents(this.#db, hostId);
    if (next) await this.ctx.storage.setAlarm(Math.max(next.nextAttemptAt, this.clock()));
  }

  /** The hourly sweep found this host's event work overdue: run it (its alarm was lost). */
  resumeEventWork(hostId: number): void {
    this.#wakeEventSync(hostId);
  }

  /** Has the alarm run now (after the answer: the booking never waits on the calendar). */
  #wakeEventSync(hostId: number): void {
    this.ctx.waitUntil(
      (async () => {
        await this.ctx.storage.put(HOST_ID_KEY, hostId);
        const current = await this.ctx.storage.getAlarm();
        if (current === null || current > this.clock()) await this.ctx.storage.setAlarm(this.clock());
      })().catch((error) => console.error("calendar event work not scheduled", error)),
    );
  }

  /**
   * The endpoints an event was committed for get it now (after the answer: no API call waits on a
   * handoff or a receiver). The commit's answer names them; without it they are read back from D1.
   */
  #handOffWebhooks(webhook: BookingEvent, statements: WriteStatements, results: StatementResults | null): void {
    const endpointIds = results && committedFor(results[statements.indexOf(webhook.statement)]);
    const handoff = this.#webhookOutbox.add(webhook, endpointIds);
    if (handoff) this.ctx.waitUntil(handoff);
  }

  /** A booking as GET /api/bookings/:id will show it once the write commits: the webhook's payload. */
  #asResource(state: HostState, row: BookingRow, type: BookingTypeRow, event: BookingEventColumns | null) {
    return bookingResource(row, state.user.username, type, event);
  }

  /** The calendars' busy times around a slot for a write, or null when they cannot be read now. */
  async #calendarBusyFor(state: HostState, slot: Slot, type: BookingTypeRow): Promise<BusyTimes | null> {
    const generation = this.#calendarBusy.generation;
    if (state.calendars.checked.length === 0) return { busy: [], generation };
    try {
      return { busy: calendarBusy(await this.#calendarBusy.forCreate(slot, type.bookingWindowDays), state), generation };
    } catch (error) {
      if (error instanceof CalendarUnavailable) return null;
      throw error;
    }
  }

  /**
   * Every checked calendar's busy times over the range; throws if any calendar cannot be read. A
   * re-read of the host in flight may bring other calendars (a change was just made): it reads
   * those. A read that began before a change is dropped by CalendarBusyTimes.
   */
  async #readCalendarBusy(fromMs: number, toMs: number): Promise<BusyInterval[]> {
    await this.#reloading?.promise.catch(() => null);
    const sources = this.#state?.calendars.checked ?? [];
    const context = { env: this.env, db: this.#db, nowMs: () => this.clock() };
    const reads = await Promise.all(
      sources.map(({ connection, calendarIds }) => asConnection(context, connection, (provider, token) => provider.busyTimes(token, calendarIds, fromMs, toMs))),
    );
    return reads.flat();
  }

  /**
   * Whether a write that began with `state` may decide now: no change is waiting to be read (a
   * configuration change answered meanwhile, a write of unknown outcome) and the calendars that
   * count are those its busy times were read for.
   */
  #isCurrent(state: HostState, calendarGeneration: number): boolean {
    return this.#state === state && this.#freshAs >= this.#staleness && this.#calendarBusy.generation === calendarGeneration;
  }

  /**
   * Commits one write with its idempotency record. A refusal (the overlap trigger, the key's record
   * already there) means the transaction rolled back. Any other failure may have come after the
   * commit, and so may a refusal of a write retried after its group failed that way: then the
   * record says what really happened (its body names this attempt's new booking id).
   */
  async #commit(statements: WriteStatements, response: RecordedResponse): Promise<CommitResult> {
    try {
      return { verdict: "committed", results: await this.#commits.commit(statements) };
    } catch (error) {
      // D1 knows a booking this object did not (written behind its back): re-read before deciding again.
      if (isOverlapRefusal(error)) this.#staleness += 1;
      if (isConstraintRefusal(error) && !(error instanceof AmbiguousCommitError)) return refusal(error);
      let record;
      try {
        record = await findRecord(this.#db, response.ticket);
      } catch (readError) {
        console.error("a write failed and its outcome could not be read back", error, readError);
        return { verdict: "unknown", error };
      }
      if (record?.fingerprint === response.ticket.fingerprint && record.responseBody === response.body) {
        return { verdict: "committed", results: null };
      }
      return refusal(error, record !== undefined);
    }
  }

  /** Ends a hold as its write ended: kept as a booking, freed, or kept until a reload settles it. */
  #settleHold(state: HostState, bookingId: string, result: CommitResult): void {
    if (result.verdict === "committed") state.ledger.confirm(bookingId);
    else if (result.verdict === "refused") state.ledger.release(bookingId);
    else {
      state.ledger.markUnresolved(bookingId);
      this.#staleness += 1;
    }
  }

  /**
   * The host's state. Loaded on first use (concurrent first requests share one load), and re-read
   * before anything is decided once it is known to differ from D1. Once its configuration is
   * CONFIG_MAX_AGE_MS old it is re-read too: a write waits for the fresh copy before deciding, while
   * availability answers from the current one meanwhile.
   */
  async #stateFor(hostId: number, purpose: "read" | "write"): Promise<HostState | null> {
    const state = this.#state;
    // Known to differ from D1 (a write's effect unknown, or a booking it did not know of): re-read first.
    if (!state || this.#freshAs < this.#staleness) return this.#reload(hostId);
    if (this.clock() - this.#loadedAtMs < CONFIG_MAX_AGE_MS) return state;
    if (purpose === "write") return this.#reload(hostId);
    // A failed refresh is retried on the next request.
    this.ctx.waitUntil(this.#reload(hostId).catch((error) => console.error("host state refresh failed", error)));
    return state;
  }

  /**
   * Re-reads the host from D1, one read at a time, reconciling the bookings with writes made
   * meanwhile. A caller joins the read in flight only if it began after the latest staleness mark;
   * otherwise a new read is queued behind it.
   */
  #reload(hostId: number): Promise<HostState | null> {
    const target = this.#staleness;
    if (this.#reloading && this.#reloading.covers >= target) return this.#reloading.promise;
    const previous = this.#reloading?.promise.catch(() => null) ?? Promise.resolve(null);
    const entry = { promise: previous.then(() => this.#readHost(hostId, target)), covers: target };
    this.#reloading = entry;
    const clear = () => {
      if (this.#reloading === entry) this.#reloading = null;
    };
    entry.promise.then(clear, clear);
    return entry.promise;
  }

  async #readHost(hostId: number, covers: number): Promise<HostState | null> {
    const startedAtMs = this.clock();
    const ledger = this.#state?.ledger;
    ledger?.beginReload();
    try {
      const snapshot = await readHostSnapshot(this.#db, hostId, startedAtMs);
      if (!snapshot) {
        ledger?.abandonReload();
        this.#state = null;
        return null;
      }
      // Busy times read for other calendars than these are of no use from now on.
      if (this.#state && checkedCalendars(this.#state.calendars) !== checkedCalendars(snapshot.config.calendars)) this.#calendarBusy.reset();
      if (this.#state) this.#state.setConfig(snapshot.config);
      else this.#state = new HostState(snapshot.config);
      this.#state.ledger.finishReload(snapshot.confirmed);
      // Work committed before this object last stopped, whose alarm may never have been set.
      if (snapshot.config.calendars.workPending) this.#wakeEventSync(hostId);
      this.#loadedAtMs = startedAtMs;
      this.#freshAs = Math.max(this.#freshAs, covers);
      return this.#state;
    } catch (error) {
      // The marks stay unanswered, so the next request reads again.
      ledger?.abandonReload();
      throw error;
    }
  }
}

/** A write's round was overtaken by a change: it starts over, a few times at most. */
function tryAgain(round: number): void {
  if (round >= MAX_DECISION_ROUNDS) throw new Error(`the host's configuration changed during each of ${round} tries of a write`);
}

/** A write that surely did not commit, as the outcome D1's refusal stands for. */
function refusal(error: unknown, keyHasRecord = isRecordCollision(error)): CommitResult {
  if (keyHasRecord) return { verdict: "refused", outcome: fail("IDEMPOTENCY_CONFLICT", "This Idempotency-Key already has a recorded response.") };
  if (isOverlapRefusal(error)) return { verdict: "refused", outcome: slotNotAvailable() };
  return { verdict: "refused", error };
}

function outcomeOf(result: CommitResult): WriteOutcome {
  if (result.verdict === "committed") return ok({ recorded: true });
  // A failure D1 did not explain is a 500, which is not recorded: a retry with the same key runs again.
  if ("error" in result) throw result.error;
  return result.outcome;
}

/**
 * A deleted host is still loaded (its bookings stay cancellable) but offers no slots and takes no
 * bookings; the management API calls configChanged after the delete, so this holds from the next request.
 */
function isDeleted(state: HostState): boolean {
  return state.user.deletedAt !== null;
}

/** The booking type a request names, if its host takes bookings and the caller may book it. */
function offeredType(state: HostState, request: TypeAccess & { bookingTypeRef: string }): Outcome<BookingTypeRow> {
  const type = isDeleted(state) ? undefined : state.bookingType(request.bookingTypeRef);
  return type && isOffered(type, request) ? ok(type) : hostOrTypeNotFound();
}

/** One answer for a deleted host, an unknown type and one the caller may not book (design.md "Auth"). */
function hostOrTypeNotFound(): Outcome<never> {
  return fail("NOT_FOUND", HOST_OR_TYPE_NOT_FOUND);
}

function slotNotAvailable(): Outcome<never> {
  return fail("SLOT_NOT_AVAILABLE", "Selected time slot is no longer available.");
}

function bookingRescheduled(rescheduledToId: string): Outcome<never> {
  return fail("BOOKING_RESCHEDULED", `This booking was rescheduled; act on booking ${rescheduledToId} instead.`, { rescheduledToId });
}

/**
 * Calendar busy times as the engine's busy bookings (no buffers of their own; the slot's buffers
 * apply against them), leaving out the events Bookora wrote for its own bookings: an interval that
 * is exactly one of the host's bookings is that booking's event, already counted (or, for the
 * booking being moved, not in the way of its own new time).
 */
function calendarBusy(intervals: readonly BusyInterval[], state: HostState): BusyBooking[] {
  const own = new Set(state.ledger.busy.map((booking) => `${booking.startMs}:${booking.endMs}`));
  return intervals
    .filter((interval) => !own.has(`${interval.startMs}:${interval.endMs}`))
    .map((interval, index) => ({ id: `calendar:${index}`, bookingTypeId: 0, startMs: interval.startMs, endMs: interval.endMs, blockStartMs: interval.startMs, blockEndMs: interval.endMs }));
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

/** The calendars whose busy times count, as a string to compare. */
function checkedCalendars(calendars: HostCalendars): string {
  return JSON.stringify(calendars.checked.map(({ connection, calendarIds }) => [connection.id, calendarIds]));
}

function hasCalendars(state: HostState): boolean {
  return state.calendars.receiving !== null || state.calendars.checked.length > 0;
}

function calendarUnavailable(): WriteOutcome {
  return fail("CALENDAR_UNAVAILABLE", "The host's calendar could not be read just now, so nothing was booked. Try again in a few seconds.");
}
