/**
 * Addresses this isolate has just refused for guessing tokens (an unknown token from an address over
 * its per-address limit), until their window ends. The Rate Limiting binding cannot be asked whether
 * a key is over its limit without counting one more request, so without this note every further
 * guess from such an address would still cost a D1 read before its 429 (design-management.md "Limits
 * and abuse": an unknown token is refused without a database read once its address is over the limit).
 * Only guessing is noted: an address over its limit from anonymous calls alone keeps its tokens (a
 * guess from it costs one read, then it is noted). Per isolate and bounded: another isolate, or a
 * full map, only costs that read again.
 */
import { BoundedMap } from "../lib/bounded-map";

const refusedUntilMs = new BoundedMap<string, number>(10_000);

export function noteRefusedAddress(address: string, retryAfterSeconds: number): void {
  refusedUntilMs.set(address, Date.now() + retryAfterSeconds * 1000);
}

/** Seconds until `address` may try again, or null when it is not known to be over its limit. */
export function refusedAddressWait(address: string): number | null {
  const untilMs = refusedUntilMs.get(address);
  if (untilMs === undefined) return null;
  const waitMs = untilMs - Date.now();
  if (waitMs <= 0) {
    refusedUntilMs.delete(address);
    return null;
  }
  return Math.ceil(waitMs / 1000);
}
