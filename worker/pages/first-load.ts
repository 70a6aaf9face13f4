/**
 * What a hosted page inlines for its widget's first load (issue 21): the booking type and a month
 * of free slots, each exactly as the Booking API answers them (the type's details, and the host's
 * object's own availability answer), so the widget shows its first free time without a round trip.
 *
 * The zone and days it covers are block-range.ts's; the widget cuts the visitor's own month out of
 * them (widget/page-data.ts) and asks the API for anything else.
 */
import { bookingTypeDetails, type HostedType } from "../booking-types";
import { hostScheduler } from "../host-scheduler/client";
import { toIsoUtc } from "../lib/instants";
import { blockRange } from "./block-range";

/**
 * How long the page waits for the host's object. A warm object answers a month in a few ms and a
 * cold one reads its host from D1 in tens; past this the page goes out without the block, since
 * the widget can ask the same object itself, and a page held back is worse than a request more.
 */
export const FIRST_LOAD_TIMEOUT_MS = 400;

/**
 * The block's JSON text, or null when the host's object errs, refuses or is slower than
 * FIRST_LOAD_TIMEOUT_MS: the page is served without it and the widget asks the API as an embed does.
 */
export async function firstLoadJson(env: Env, found: HostedType, typeRef: string, zone: string, nowMs: number): Promise<string | null> {
  try {
    return await computeFirstLoad(env, found, typeRef, zone, nowMs);
  } catch (error) {
    // Never thrown on: the page's head may already be on its way (hosted-pages.ts).
    console.error(JSON.stringify({ message: "hosted page served without its first load", hostId: found.host.id, error: String(error) }));
    return null;
  }
}

async function computeFirstLoad(env: Env, found: HostedType, typeRef: string, zone: string, nowMs: number): Promise<string | null> {
  const range = blockRange(zone, nowMs);
  // Our own page: the access of the widget's same-origin, tokenless calls (no private types).
  // A plain promise (an RPC promise takes no undefined `then` argument), started at once.
  const answer = (async () =>
    hostScheduler(env, found.host.id).availability({
      hostId: found.host.id,
      username: found.host.username,
      bookingTypeRef: typeRef,
      fromMs: range.fromMs,
      toMs: range.toMs,
      includePrivate: false,
      origin: null,
    }))();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), FIRST_LOAD_TIMEOUT_MS);
  });
  try {
    const slots = await Promise.race([answer, late]);
    if (!slots?.ok) return null;
    const head = {
      username: found.host.username,
      bookingType: typeRef,
      type: bookingTypeDetails(found),
      range: { from: toIsoUtc(range.fromMs), to: toIsoUtc(range.toMs) },
    };
    // The object's answer is already the API's JSON text: spliced in, never parsed and written again.
    return `${JSON.stringify(head).slice(0, -1)},"availability":${slots.value}}`;
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    // A late answer or failure after the race is over is nobody's: keep it from being unhandled.
    answer.catch(() => {});
  }
}
