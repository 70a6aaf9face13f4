/**
 * A partner's checkout server, its one route (mounted by e2e/partner-site.ts): `POST /checkout/pay`
 * takes a pretend payment for what the page's widget handed over in `bookora:slot-held`, then books
 * the hold through the Booking API with the partner's service token (`POST /api/bookings` with
 * `holdId`). The hold keeps the time for this visitor alone, so the booking after the payment cannot
 * find it taken; were it refused all the same (the hold expired and someone booked the time), a
 * real partner refunds.
 */
import { randomUUID } from "node:crypto";
import type { CreateBookingBody, HoldResponse } from "../../worker/domain/contract";
import { HOST, WORKER_ORIGIN } from "../support/origins";

/** `bookora:slot-held`'s detail with confirm="external": the hold, and the create's body the form collected. */
type SlotHeldDetail = HoldResponse & CreateBookingBody;

export interface PayAnswer {
  status: number;
  body: { bookingId: string } | { code: string; message: string };
}

/** What the partner's server books, from what the page sent: only the fields a create takes. */
function createBody(held: SlotHeldDetail) {
  const { holdId, bookingType, start, end, name, email, notes, answers, metadata, timeZone, locale } = held;
  return { holdId, bookingType, start, end, name, email, notes, answers, metadata, timeZone, locale };
}

export async function payAndBook(requestBody: string): Promise<PayAnswer> {
  let held: SlotHeldDetail;
  try {
    held = JSON.parse(requestBody) as SlotHeldDetail;
  } catch {
    return { status: 400, body: { code: "INVALID_REQUEST", message: "not JSON" } };
  }
  // The pretend payment: a real partner charges the visitor here.
  const response = await fetch(`${WORKER_ORIGIN}/api/bookings`, {
    method: "POST",
    headers: { Authorization: `Bearer ${HOST.serviceToken}`, "Content-Type": "application/json", "Idempotency-Key": randomUUID() },
    body: JSON.stringify(createBody(held)),
  });
  const answer = (await response.json()) as { bookingId?: string; error?: { code: string; message: string } };
  if (response.status === 201 && answer.bookingId) return { status: 201, body: { bookingId: answer.bookingId } };
  return { status: response.status, body: answer.error ?? { code: "INTERNAL", message: `the Booking API answered ${response.status}` } };
}
