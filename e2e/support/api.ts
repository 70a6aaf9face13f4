/**
 * The Booking API as the specs call it directly (from Node, not the browser): to read what is
 * bookable before the widget shows it, to take a slot behind a visitor's back, and to check with the
 * host's service token what a booking really holds.
 */
import type { CalendarDay } from "../../worker/domain/calendar-days";
import { HOST, WORKER_ORIGIN } from "./origins";

export interface Slot {
  start: string;
  end: string;
}

export interface BookingDetails {
  id: string;
  startUtc: string;
  endUtc: string;
  status: string;
  attendee: { name: string; email: string };
  rescheduledFromId: string | null;
  rescheduledToId: string | null;
}

/** Free slots of a booking type over visitor's days `from`..`to` (inclusive) in `zone`. */
export async function availableSlots(options: { from: CalendarDay; to?: CalendarDay; zone: string; slug?: string }): Promise<Slot[]> {
  const query = new URLSearchParams({
    username: HOST.username,
    slug: options.slug ?? HOST.introType,
    startDate: options.from,
    endDate: options.to ?? options.from,
    timezone: options.zone,
  });
  const response = await fetch(`${WORKER_ORIGIN}/api/availability?${query}`);
  if (response.status !== 200) throw new Error(`availability answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { slots: Slot[] }).slots;
}

/** The free slots of a host working day (the host's own calendar day). */
export function hostDaySlots(day: CalendarDay, slug: string = HOST.introType): Promise<Slot[]> {
  return availableSlots({ from: day, zone: HOST.zone, slug });
}

/** A public booking, as a second visitor (or the widget) would make it. */
export async function bookPublicly(slot: Slot, attendee: { name: string; email: string }, bookingType: string = HOST.introType) {
  const response = await fetch(`${WORKER_ORIGIN}/api/bookings`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "Idempotency-Key": crypto.randomUUID() },
    body: JSON.stringify({ bookingType, start: slot.start, end: slot.end, ...attendee }),
  });
  return {
    status: response.status,
    body: (await response.json()) as { bookingId?: string; manageToken?: string; manageUrl?: string; error?: { code: string } },
  };
}

/** A booking as its host sees it (service token). */
export async function bookingAsHost(id: string): Promise<{ status: number; booking: BookingDetails }> {
  const response = await fetch(`${WORKER_ORIGIN}/api/bookings/${encodeURIComponent(id)}`, {
    headers: { Authorization: `Bearer ${HOST.serviceToken}` },
  });
  return { status: response.status, booking: (await response.json()) as BookingDetails };
}

export function sameInstant(a: string, b: string): boolean {
  return Date.parse(a) === Date.parse(b);
}

/** Whether `slot` is still offered in `slots`. */
export function offers(slots: Slot[], slot: Slot): boolean {
  return slots.some((free) => sameInstant(free.start, slot.start));
}
