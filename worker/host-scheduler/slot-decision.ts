/**
 * The rounds of a write onto one slot of a type, shared by creates and checkout holds: the host's
 * copy as it is now, the type the caller may book, its calendars' busy times around the slot, then
 * the caller's decision. The decision must see nothing changed since (isCurrent) before it takes the
 * slot, and answers CHANGED to go round again (host-freshness.ts).
 */
import type { SlotMs } from "../domain/availability";
import type { TypeAccess } from "../domain/booking-type-access";
import type { Outcome } from "../domain/outcome";
import { type CHANGED, inRounds } from "./host-freshness";
import type { HostState } from "./host-state";
import { calendarUnavailable, hostOrTypeNotFound, offeredType } from "./refusals";
import { type BusyTimes, calendarBusyFor, type WriteParts } from "./write-parts";

export function decideOnSlot<T>(
  parts: WriteParts,
  request: TypeAccess & { hostId: number; bookingTypeRef: string },
  slot: SlotMs,
  decide: (state: HostState, elsewhere: BusyTimes) => Promise<T | typeof CHANGED>,
): Promise<T | Outcome<never>> {
  return inRounds(async () => {
    const state = await parts.freshness.stateFor(request.hostId, "write");
    if (!state) return hostOrTypeNotFound();
    const offered = offeredType(state, request);
    if (!offered.ok) return offered;
    const elsewhere = await calendarBusyFor(parts, state, slot, offered.value);
    if (!elsewhere) return calendarUnavailable();
    return decide(state, elsewhere);
  });
}
