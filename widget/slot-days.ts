/**
 * Finding days in a list of slots as the API sends it: ascending by start, so in any zone their
 * days ascend too (a zone's date never steps back), and a binary search over them needs only a few
 * Intl calls where a pass over every slot needs one each.
 */
import type { Slot } from "../worker/domain/contract";
import { dayInZone } from "./zoned-format";

/** The calendar day the `index`th slot starts on in `timeZone`. */
export function slotDayAt(slots: readonly Slot[], timeZone: string): (index: number) => string {
  return (index) => dayInZone(Date.parse((slots[index] as Slot).start), timeZone);
}

/** The first index in [low, high) at which `reached` holds (high if none), for a test false up to some index and true from it on. */
export function firstIndexWhere(low: number, high: number, reached: (index: number) => boolean): number {
  while (low < high) {
    const middle = (low + high) >> 1;
    if (reached(middle)) high = middle;
    else low = middle + 1;
  }
  return low;
}
