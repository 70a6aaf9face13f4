/**
 * The checkout-hold writes of a HostScheduler (design.md "Holds"): place (place-hold.ts), renew and
 * release (hold-changes.ts). Like BookingWrites, it runs each Idempotency-Key's requests one after
 * another, so a retry racing its own first attempt finds its record instead of holding twice.
 */
import { type IdempotencyTicket, ticketId } from "../domain/idempotency";
import type { Outcome } from "../domain/outcome";
import { OnePerKey } from "../lib/one-per-key";
import { releaseHold, renewHold } from "./hold-changes";
import { placeHold } from "./place-hold";
import type { HoldOutcome, HoldRequest, PlaceHoldRequest, RenewHoldRequest } from "./scheduler-requests";
import type { WriteParts } from "./write-parts";

export class HoldWrites {
  readonly #byKey = new OnePerKey();

  constructor(private readonly parts: WriteParts) {}

  place(request: PlaceHoldRequest, ticket: IdempotencyTicket): Promise<HoldOutcome> {
    return this.#byKey.run(ticketId(ticket), () => placeHold(this.parts, request, ticket));
  }

  renew(request: RenewHoldRequest, ticket: IdempotencyTicket): Promise<HoldOutcome> {
    return this.#byKey.run(ticketId(ticket), () => renewHold(this.parts, request, ticket));
  }

  release(request: HoldRequest): Promise<Outcome<null>> {
    return releaseHold(this.parts, request);
  }
}
