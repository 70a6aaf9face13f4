/**
 * What a hosted page inlines for its widget's first load (issue 21): the booking type and a month
 * of free slots, each exactly as the Booking API answers them (the type's details, and the host's
 * object's own availability answer), so the widget shows its first free time without a round trip.
 *
 * The month is zone Z's current month padded by a day each side, Z being the zone the request says
 * it comes from (Cloudflare's `request.cf.timezone`) or else the host's: a visitor whose month is
 * the same calendar month in any zone within a day of Z is then fully covered, and the widget cuts
 * its own month out of this one (widget/page-data.ts). Anything else it asks the API for.
 */
import { bookingTypeDetails, type HostedType } from "../booking-types";
import { addDays, firstDayOf, lastDayOf, monthOf } from "../domain/calendar-days";
import { firstInstantAtOrAfter, isValidTimeZone, localDateOf } from "../domain/zoned-time";
import { hostScheduler } from "../host-scheduler/client";
import { toIsoUtc } from "../lib/instants";

/**
 * How long the page waits for the host's object. A warm object answers a month in a few ms and a
 * cold one reads its host from D1 in tens; past this the page goes out without the block, since
 * the widget can ask the same object itself, and a page held back is worse than a request more.
 */
export const FIRST_LOAD_TIMEOUT_MS = 400;

/** The zone the block is computed for: the request's own when it names a real one, else the host's. */
export function blockZone(requestZone: unknown, hostZone: string): string {
  return typeof requestZone === "string" && isValidTimeZone(requestZone) ? requestZone : hostZone;
}

/** Z's current month with a day either side, as the API's calendar days and the instants they cover. */
export function blockRange(zone: string, nowMs: number) {
  const month = monthOf(localDateOf(zone, nowMs));
  const startDate = addDays(firstDayOf(month), -1);
  const endDate = addDays(lastDayOf(month), 1);
  // As /api/availability reads them: [start of startDate, start of the day after endDate).
  return { startDate, endDate, fromMs: firstInstantAtOrAfter(zone, startDate, 0), toMs: firstInstantAtOrAfter(zone, addDays(endDate, 1), 0) };
}

/**
 * The block's JSON text, or null when the host's object errs, refuses or is slower than
 * FIRST_LOAD_TIMEOUT_MS: the page is served without it and the widget asks the API as an embed does.
 */
export async function firstLoadJson(env: Env, found: HostedType, typeRef: string, zone: string, nowMs: number): Promise<string | null> {
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
  } catch (error) {
    console.error(JSON.stringify({ message: "hosted page served without its first load", hostId: found.host.id, error: String(error) }));
    return null;
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    // A late answer or failure after the race is over is nobody's: keep it from being unhandled.
    answer.catch(() => {});
  }
}
