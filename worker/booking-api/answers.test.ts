/**
 * What a booking carries besides who and when (design.md "Fields", "Metadata and answers"): the
 * partner's metadata, the answers to the type's questions, the attendee's zone and language. Each is
 * refused with 400 naming its field and writing nothing, stored as checked, shown by GET and the
 * list, and carried by a move.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { bookings, idempotencyRecords } from "../db/schema";
import type { BookingQuestion, BookingResponse, CreateBookingResponse } from "../domain/contract";
import { availableSlots, bookingBody, call, db, get, post, type SeededHost, seedHost, upcoming } from "../test/fixtures";

const QUESTIONS: BookingQuestion[] = [
  { id: "company", label: "Company", type: "text", required: true },
  { id: "details", label: "What should we prepare?", type: "textarea", required: false },
  { id: "topic", label: "Topic", type: "select", required: false, options: ["Design", "Engineering"] },
  { id: "phone", label: "Phone", type: "phone", required: false },
  { id: "consent", label: "I agree to be called", type: "checkbox", required: true },
];

/** What a form that answers every question sends. */
const ANSWERS = { company: "Acme", consent: true };

async function hostAsking(questions: BookingQuestion[] = QUESTIONS) {
  const host = await seedHost({ types: [{ questions }] });
  const monday = upcoming(1);
  const slots = await availableSlots(host, { startDate: monday, endDate: monday });
  return { host, slots };
}

async function create(host: SeededHost, slot: { start: string; end: string }, extra: Record<string, unknown>, key?: string) {
  return post("/api/bookings", bookingBody(host, slot, extra), { token: host.token, key });
}

async function shown(host: SeededHost, bookingId: string): Promise<BookingResponse> {
  return (await get(`/api/bookings/${bookingId}`, host.token)).json();
}

async function bookingRowsOf(host: SeededHost) {
  return db.select({ id: bookings.id }).from(bookings).where(eq(bookings.userId, host.userId));
}

async function refusal(response: Response) {
  const body = (await response.json()) as { error: { code: string; message: string; details: { field: string } } };
  return { status: response.status, code: body.error.code, field: body.error.details?.field, message: body.error.message };
}

describe("a booking with metadata, answers, the attendee's zone and language", () => {
  it("stores them as checked and shows them in GET and in the bookings list", async () => {
    const { host, slots } = await hostAsking();
    const response = await create(host, slots[0]!, {
      metadata: { leadId: "L-1042", utm_source: "newsletter", "utm.campaign": "spring-2026" },
      answers: { company: "  Acme  ", details: "Line one\nLine two", topic: "Engineering", phone: "+1 (415) 555-0123", consent: true },
      timeZone: "Europe/Berlin",
      locale: "de-de",
    });
    expect(response.status).toBe(201);
    const { bookingId } = (await response.json()) as CreateBookingResponse;

    const booking = await shown(host, bookingId);
    expect(booking.attendee).toEqual({ email: "ada@example.com", name: "Ada Lovelace", timeZone: "Europe/Berlin", locale: "de-DE" });
    expect(booking.metadata).toEqual({ leadId: "L-1042", utm_source: "newsletter", "utm.campaign": "spring-2026" });
    // Trimmed text, the phone number as E.164, the textarea's line break kept.
    expect(booking.answers).toEqual({ company: "Acme", details: "Line one\nLine two", topic: "Engineering", phone: "+14155550123", consent: true });

    const list = (await (await get(`/api/bookings?host=${host.username}`, host.token)).json()) as { data: BookingResponse[] };
    const { notifications: _emailLog, ...asListed } = booking;
    expect(list.data).toEqual([asListed]);
  });

  it("answers {} and nulls for a booking made without them", async () => {
    const { host, slots } = await hostAsking([]);
    const { bookingId } = (await (await create(host, slots[0]!, {})).json()) as CreateBookingResponse;
    const booking = await shown(host, bookingId);
    expect(booking).toMatchObject({ metadata: {}, answers: {}, attendee: { timeZone: null, locale: null } });
  });

  it.each([
    ["spaces and parentheses", "+44 (20) 7946 0958", "+442079460958"],
    ["dots", "+49 30.1234.5678", "+493012345678"],
    ["a leading 00 for +", "0033 1 23 45 67 89", "+33123456789"],
  ])("reads a phone number written with %s as E.164", async (_label, written, stored) => {
    const { host, slots } = await hostAsking();
    const { bookingId } = (await (await create(host, slots[0]!, { answers: { ...ANSWERS, phone: written } })).json()) as CreateBookingResponse;
    expect((await shown(host, bookingId)).answers.phone).toBe(stored);
  });

  it("leaves out optional questions answered with nothing, and keeps an unchecked optional checkbox as false", async () => {
    const { host, slots } = await hostAsking([...QUESTIONS, { id: "newsletter", label: "Send me news", type: "checkbox", required: false }]);
    const response = await create(host, slots[0]!, { answers: { ...ANSWERS, details: "   ", topic: "", newsletter: false } });
    expect(response.status).toBe(201);
    const { bookingId } = (await response.json()) as CreateBookingResponse;
    expect((await shown(host, bookingId)).answers).toEqual({ company: "Acme", consent: true, newsletter: false });
  });
});

const long = (length: number) => "x".repeat(length);

describe("refusals: 400 INVALID_REQUEST naming the field, and nothing written", () => {
  it.each<[string, Record<string, unknown>, string]>([
    ["21 metadata keys", { metadata: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, "v"])) }, "metadata"],
    ["metadata that is a list", { metadata: ["a"] }, "metadata"],
    ["a metadata key with a space", { metadata: { "utm source": "x" } }, "metadata.utm source"],
    ["a metadata key of 41 characters", { metadata: { [long(41)]: "x" } }, `metadata.${long(41)}`],
    ["a metadata value of 501 characters", { metadata: { leadId: long(501) } }, "metadata.leadId"],
    ["a metadata value that is a number", { metadata: { leadId: 1042 } }, "metadata.leadId"],
    ["a metadata value with a line break", { metadata: { leadId: "L-1\nL-2" } }, "metadata.leadId"],
    ["a metadata value with a bidirectional override", { metadata: { leadId: "L-\u202e1042" } }, "metadata.leadId"],
    ["answers that are a list", { answers: ["Acme"] }, "answers"],
    ["an answer that is a number", { answers: { ...ANSWERS, company: 42 } }, "answers.company"],
    ["an answer under a key no question can have", { answers: { ...ANSWERS, Company: "Acme" } }, "answers.Company"],
    ["an answer of 5,001 characters", { answers: { ...ANSWERS, details: long(5001) } }, "answers.details"],
    ["an answer to a question the type does not ask", { answers: { ...ANSWERS, colour: "red" } }, "answers.colour"],
    ["no answer to a required question", { answers: { consent: true } }, "answers.company"],
    ["a blank answer to a required question", { answers: { ...ANSWERS, company: "   " } }, "answers.company"],
    ["no answers at all while some are required", {}, "answers.company"],
    ["a text answer of 501 characters", { answers: { ...ANSWERS, company: long(501) } }, "answers.company"],
    ["a line break in a one-line answer", { answers: { ...ANSWERS, company: "Acme\nLtd" } }, "answers.company"],
    ["a control character in a textarea answer", { answers: { ...ANSWERS, details: "see\u0007this" } }, "answers.details"],
    ["a choice that is not one of the options", { answers: { ...ANSWERS, topic: "Marketing" } }, "answers.topic"],
    ["text for a checkbox", { answers: { ...ANSWERS, consent: "yes" } }, "answers.consent"],
    ["true for a text question", { answers: { ...ANSWERS, company: true } }, "answers.company"],
    ["a required checkbox left unchecked", { answers: { ...ANSWERS, consent: false } }, "answers.consent"],
    ["a phone number without its country code", { answers: { ...ANSWERS, phone: "020 7946 0958" } }, "answers.phone"],
    ["a phone number with letters", { answers: { ...ANSWERS, phone: "+44 20 CALL NOW" } }, "answers.phone"],
    ["a phone number of 16 digits", { answers: { ...ANSWERS, phone: "+1234567890123456" } }, "answers.phone"],
    ["an unknown time zone", { answers: ANSWERS, timeZone: "Mars/Olympus_Mons" }, "timeZone"],
    ["a time zone that is not text", { answers: ANSWERS, timeZone: 2 }, "timeZone"],
    ["a locale that is not BCP 47", { answers: ANSWERS, locale: "english please" }, "locale"],
    ["a locale of 65 characters", { answers: ANSWERS, locale: `en-${"a".repeat(62)}` }, "locale"],
  ])("refuses %s", async (_label, extra, field) => {
    const { host, slots } = await hostAsking();
    expect(await refusal(await create(host, slots[0]!, extra))).toMatchObject({ status: 400, code: "INVALID_REQUEST", field });
    expect(await bookingRowsOf(host)).toEqual([]);
  });

  it("records nothing under the Idempotency-Key for answers that don't fit, so the corrected request may reuse it", async () => {
    const { host, slots } = await hostAsking();
    const key = crypto.randomUUID();
    const wrong = await create(host, slots[0]!, { answers: { ...ANSWERS, topic: "Marketing" } }, key);
    expect(await refusal(wrong)).toMatchObject({ status: 400, field: "answers.topic" });
    expect(await db.select().from(idempotencyRecords).where(eq(idempotencyRecords.idempotencyKey, key))).toEqual([]);

    const corrected = await create(host, slots[0]!, { answers: { ...ANSWERS, topic: "Design" } }, key);
    expect(corrected.status).toBe(201);
    expect(await bookingRowsOf(host)).toHaveLength(1);
  });
});

describe("a move and a change of questions", () => {
  it("carries metadata, answers, zone and language to the new booking of a reschedule", async () => {
    const { host, slots } = await hostAsking();
    const extra = { metadata: { leadId: "L-7" }, answers: { ...ANSWERS, phone: "+44 20 7946 0958" }, timeZone: "Asia/Tokyo", locale: "ja" };
    const { bookingId } = (await (await create(host, slots[0]!, extra)).json()) as CreateBookingResponse;
    const moved = await post(`/api/bookings/${bookingId}/reschedule`, { newSlot: slots[2] }, { token: host.token });
    expect(moved.status).toBe(200);
    const { newBookingId } = (await moved.json()) as { newBookingId: string };

    const fresh = await shown(host, newBookingId);
    expect(fresh).toMatchObject({
      metadata: { leadId: "L-7" },
      answers: { company: "Acme", consent: true, phone: "+442079460958" },
      attendee: { timeZone: "Asia/Tokyo", locale: "ja" },
    });
    expect((await shown(host, bookingId)).answers).toEqual(fresh.answers);
  });

  it("keeps the answers stored on existing bookings when the type's questions change, and judges new bookings by the new ones", async () => {
    const { host, slots } = await hostAsking();
    const { bookingId } = (await (await create(host, slots[0]!, { answers: { ...ANSWERS, topic: "Design" } })).json()) as CreateBookingResponse;
    const before = await shown(host, bookingId);

    const changed = await patchType(host, { questions: [{ id: "team-size", label: "Team size", type: "select", required: true, options: ["1–10", "11+"] }] });
    expect(changed.status).toBe(200);

    expect((await shown(host, bookingId)).answers).toEqual(before.answers);
    expect(await refusal(await create(host, slots[1]!, { answers: ANSWERS }))).toMatchObject({ status: 400, field: "answers.company" });
    expect((await create(host, slots[1]!, { answers: { "team-size": "11+" } })).status).toBe(201);
  });
});

function patchType(host: SeededHost, body: unknown) {
  return call(`/api/booking-types/${host.types[0]!.id}`, {
    method: "PATCH",
    headers: { authorization: `Bearer ${host.token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}
