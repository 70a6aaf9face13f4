/**
 * The three writes of a HostScheduler: create (create-booking.ts), reschedule and cancel
 * (change-booking.ts). Each decides on the host's copy as it is when it holds its slot (checking
 * the slot with the same engine that lists availability, and holding it, in one synchronous step,
 * before any await, so no other request can slip in between), then commits with its idempotency
 * record and sets its effects going. D1's overlap trigger refuses a double booking even if this
 * lock were bypassed. This class keeps what runs the writes side by side: the creates in flight
 * by Idempotency-Key, and the queue that makes reschedule and cancel, which read a booking first,
 * wait for each other.
 */
import { type RecordedResponse, ticketId } from "../domain/idempotency";
import { OnePerKey } from "../lib/one-per-key";
import { SerialQueue } from "../lib/serial-queue";
import { cancelBooking, rescheduleBooking } from "./change-booking";
import { createBooking } from "./create-booking";
import type { CancelRequest, CreateBookingRequest, RescheduleRequest, WriteOutcome } from "./scheduler-requests";
import type { WriteParts } from "./write-parts";

export class BookingWrites {
  readonly #writes = new SerialQueue();
  /** Creates by Idempotency-Key: an identical retry waits for the first to finish. */
  readonly #creates = new OnePerKey();

  constructor(private readonly parts: WriteParts) {}

  create(request: CreateBookingRequest, response: RecordedResponse): Promise<WriteOutcome> {
    // A retry racing its own first attempt runs after it, and then finds its record.
    return this.#creates.run(ticketId(response.ticket), () => createBooking(this.parts, request, response));
  }

  /** Moves a confirmed booking: a new booking is created and the old one cancelled, atomically. */
  reschedule(request: RescheduleRequest, response: RecordedResponse): Promise<WriteOutcome> {
    return this.#writes.run(() => rescheduleBooking(this.parts, request, response));
  }

  /** Cancels a booking of this host; cancelling a cancelled booking changes nothing. */
  cancel(request: CancelRequest, response: RecordedResponse): Promise<WriteOutcome> {
    return this.#writes.run(() => cancelBooking(this.parts, request, response));
  }
}
