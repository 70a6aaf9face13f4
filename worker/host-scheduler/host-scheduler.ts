/**
 * HostScheduler: one Durable Object per host (keyed by the host's stable id), the lock of "no
 * double booking". Every create, reschedule and cancel for the host passes through here
 * (BookingWrites), and availability is answered from memory: the host's copy, kept equal to D1
 * (HostFreshness, BookingLedger), and its calendars' busy times (CalendarBusyTimes). What a write
 * sets going once it commits (calendar event work on the object's alarm, webhook events) is
 * AfterCommit's. It also keeps the host's checkout holds (SlotHolds, HoldWrites), in memory and in
 * its own storage, and ends them on time with the same alarm.
 */
import { DurableObject } from "cloudflare:workers";
import { asConnection, type BusyInterval } from "../calendars";
import { type Database, database } from "../db/client";
import { slotRules } from "../domain/booking-type-access";
import type { IdempotencyTicket, RecordedResponse } from "../domain/idempotency";
import { fail, type Outcome, ok } from "../domain/outcome";
import { type Clock, systemClock } from "../lib/clock";
import { type EmailTransport, emailTransport, sendDueNotifications } from "../notifications";
import { AfterCommit } from "./after-commit";
import { BookingWrites } from "./booking-writes";
import { CalendarBusyTimes, calendarBusy } from "./calendar-busy";
import { endLapsedHolds } from "./hold-checks";
import { HoldWrites } from "./hold-writes";
import { HostFreshness } from "./host-freshness";
import { hostOrTypeNotFound, offeredType } from "./refusals";
import type {
  AvailabilityRequest,
  CancelRequest,
  CreateBookingRequest,
  HoldOutcome,
  HoldRequest,
  PlaceHoldRequest,
  RenewHoldRequest,
  RescheduleRequest,
  WriteOutcome,
} from "./scheduler-requests";
import { SlotHolds } from "./slot-holds";
import { WriteCommit } from "./write-commit";
import type { WriteParts } from "./write-parts";

export class HostScheduler extends DurableObject<Env> {
  /** Where "now" comes from; tests freeze it with runInDurableObject. */
  clock: Clock = systemClock;
  /** The D1 this object writes to; tests put one with injected faults here. */
  d1: D1Database = this.env.DB;
  /** Where e-mail goes: EMAIL_PROVIDER's transport, null while e-mail is off; tests put a recording one here. */
  mail: EmailTransport | null = mailTransport(this.env);
  readonly #afterCommit = new AfterCommit(
    this.ctx,
    this.env,
    () => this.#db,
    () => this.clock(),
    (hostId) =>
      this.mail ? sendDueNotifications({ db: this.#db, transport: this.mail, env: this.env, nowMs: () => this.clock() }, hostId) : Promise.resolve(null),
  );
  /** The busy times of the host's calendars (none until one is connected). */
  readonly #calendarBusy = new CalendarBusyTimes(
    (fromMs, toMs) => this.#readCalendarBusy(fromMs, toMs),
    () => this.clock(),
  );
  /** The host's checkout holds: in memory and in this object's storage (loaded in the constructor). */
  readonly #holds = new SlotHolds(this.ctx.storage);
  readonly #freshness = new HostFreshness({
    holds: this.#holds,
    db: () => this.#db,
    clock: () => this.clock(),
    waitUntil: (promise) => this.ctx.waitUntil(promise),
    calendarsChanged: () => this.#calendarBusy.reset(),
    eventWorkPending: (hostId) => this.#afterCommit.wakeEventWork(hostId),
  });
  readonly #writeParts: WriteParts = {
    db: () => this.#db,
    clock: () => this.clock(),
    freshness: this.#freshness,
    calendarBusy: this.#calendarBusy,
    commits: new WriteCommit(() => this.#db, this.#freshness),
    afterCommit: this.#afterCommit,
    holds: this.#holds,
    mailOn: () => this.mail !== null,
  };
  readonly #bookingWrites = new BookingWrites(this.#writeParts);
  readonly #holdWrites = new HoldWrites(this.#writeParts);

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    // Before any request: holds kept before a restart are busy from the first answer on.
    void ctx.blockConcurrencyWhile(async () => {
      await this.#holds.load();
      await this.#holds.armAlarm();
    });
  }

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
    await this.#freshness.configChanged(hostId);
  }

  /** `{"slots":[...]}` as JSON text: the Worker sends it on as is, with no second serialisation. */
  async availability(request: AvailabilityRequest): Promise<Outcome<string>> {
    const state = await this.#freshness.stateFor(request.hostId, "read");
    if (!state) return hostOrTypeNotFound();
    const offered = offeredType(state, request);
    if (!offered.ok) return offered;
    const type = offered.value;
    endLapsedHolds(this.#holds, state, this.clock());
    const durationMinutes = request.durationMinutes ?? type.durationMinutes;
    if (!type.durationOptions.includes(durationMinutes)) {
      return fail("INVALID_REQUEST", `duration: this booking type offers ${type.durationOptions.join(", ")} minutes.`);
    }
    const read =
      state.calendars.checked.length > 0
        ? await this.#calendarBusy.forAvailability({ fromMs: request.fromMs, toMs: request.toMs }, type.bookingWindowDays)
        : undefined;
    // Not read for too long: offer nothing rather than book over the host's real meetings.
    if (read === null) return ok(`{"slots":[]}`);
    const range = { fromMs: request.fromMs, toMs: request.toMs, nowMs: this.clock() };
    return ok(state.availabilityJson(slotRules(type, durationMinutes), range, read ?? null, () => (read ? calendarBusy(read, state) : [])));
  }

  async createBooking(request: CreateBookingRequest, response: RecordedResponse): Promise<WriteOutcome> {
    return this.#bookingWrites.create(request, response);
  }

  /** Moves a confirmed booking: a new booking is created and the old one cancelled, atomically. */
  async rescheduleBooking(request: RescheduleRequest, response: RecordedResponse): Promise<WriteOutcome> {
    return this.#bookingWrites.reschedule(request, response);
  }

  /** Cancels a booking of this host; cancelling a cancelled booking changes nothing. */
  async cancelBooking(request: CancelRequest, response: RecordedResponse): Promise<WriteOutcome> {
    return this.#bookingWrites.cancel(request, response);
  }

  /** Keeps a slot for one visitor while they pay (design.md "Holds"). */
  async placeHold(request: PlaceHoldRequest, ticket: IdempotencyTicket): Promise<HoldOutcome> {
    return this.#holdWrites.place(request, ticket);
  }

  /** Gives a live hold `ttlSeconds` more, up to 60 minutes after it was made. */
  async renewHold(request: RenewHoldRequest, ticket: IdempotencyTicket): Promise<HoldOutcome> {
    return this.#holdWrites.renew(request, ticket);
  }

  /** Ends a live hold: its slot is free again at once. */
  async releaseHold(request: HoldRequest): Promise<Outcome<null>> {
    return this.#holdWrites.release(request);
  }

  /**
   * The one alarm of the object, for two kinds of work: checkout holds that expire now (first: a
   * visitor may be waiting for the slot, and they need neither D1 nor a provider), and calendar
   * event work and e-mail that are due (AfterCommit.runEventWork). Each sets the alarm for its own
   * next time without putting off the other's.
   */
  override async alarm(): Promise<void> {
    this.#holds.endExpired(this.clock());
    try {
      await this.#afterCommit.runEventWork();
    } finally {
      await this.#holds.armAlarm();
    }
  }

  /** A cron found this host's calendar work or e-mail overdue: run it (its alarm was lost). */
  resumeEventWork(hostId: number): void {
    this.#afterCommit.wakeEventWork(hostId, true);
  }

  /**
   * Every checked calendar's busy times over the range; throws if any calendar cannot be read. A
   * re-read of the host in flight may bring other calendars (a change was just made): it reads
   * those. A read that began before a change is dropped by CalendarBusyTimes.
   */
  async #readCalendarBusy(fromMs: number, toMs: number): Promise<BusyInterval[]> {
    await this.#freshness.reloadInFlight();
    const sources = this.#freshness.state?.calendars.checked ?? [];
    const context = { env: this.env, db: this.#db, nowMs: () => this.clock() };
    const reads = await Promise.all(
      sources.map(({ connection, calendarIds }) =>
        asConnection(context, connection, (provider, token) => provider.busyTimes(token, calendarIds, fromMs, toMs)),
      ),
    );
    return reads.flat();
  }
}

/** Whether this isolate has said that e-mail is off (design-notifications.md: once). */
let toldMailIsOff = false;

/**
 * The transport EMAIL_PROVIDER names, or null. A misconfigured one (an unknown provider, a missing
 * key) turns e-mail off with an error in the log rather than failing every booking.
 */
function mailTransport(env: Env): EmailTransport | null {
  try {
    const transport = emailTransport(env);
    if (!transport && !toldMailIsOff) console.log("e-mail is off: EMAIL_PROVIDER is not set, so no message is sent");
    toldMailIsOff ||= !transport;
    return transport;
  } catch (error) {
    console.error(JSON.stringify({ message: "e-mail is off: its configuration is refused", error: String(error) }));
    return null;
  }
}
