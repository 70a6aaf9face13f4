/**
 * The Booking API's answers as the OpenAPI document describes them, each checked against the wire
 * type of domain/contract.ts; the suite checks every real answer against the document.
 */
import { z } from "zod";
import type { AvailabilityResponse, BookingNotification, BookingResponse, CancelResponse, CreateBookingResponse, RescheduleResponse } from "../domain/contract";

/** A UTC instant as the API writes it. */
export const instant = z.iso.datetime().meta({ example: "2026-04-21T09:00:00Z" });

const slot = z.object({ start: instant, end: instant }).meta({ id: "Slot", description: "A bookable interval, UTC, end exclusive." });

export const availability = z
  .object({ slots: z.array(slot).meta({ description: "Ascending by start." }) })
  .meta({ id: "Availability" }) satisfies z.ZodType<AvailabilityResponse>;

const bookingId = z.uuid().meta({ example: "0b8f3c7e-2a51-4d0e-9d51-7c1a9e4f3b20" });

export const createdBooking = z
  .object({
    bookingId,
    status: z.literal("confirmed"),
    manageToken: z.string().optional().meta({
      description:
        "Only on a public (tokenless) create (and its replays), and only here: lets the attendee read, cancel and reschedule this booking and what it is rescheduled to. Stored nowhere: keep it.",
      example: "bkm_Qk3v7cNjsKKGQ8CpT-5xGJpPZlTg1a-I2ZG1h-5sFI0",
    }),
    manageUrl: z.url().optional().meta({
      description:
        "With `manageToken`: the attendee's page to see, cancel or reschedule the booking. The token is in the fragment, so it never reaches a server log or a `Referer`.",
      example: "https://book.example.com/manage/0b8f3c7e-2a51-4d0e-9d51-7c1a9e4f3b20#bkm_Qk3v7cNjsKKGQ8CpT-5xGJpPZlTg1a-I2ZG1h-5sFI0",
    }),
  })
  .meta({ id: "CreatedBooking" }) satisfies z.ZodType<CreateBookingResponse>;

const nullableId = bookingId.nullable();

/** Shared with the webhook messages' `data.metadata`. */
export const bookingMetadata = z
  .record(z.string(), z.string())
  .meta({ description: "The partner's own data, as create gave it; `{}` when none.", example: { leadId: "L-1042", utm_source: "newsletter" } });

/** Shared with the webhook messages' `data.answers`. */
export const bookingAnswers = z.record(z.string(), z.union([z.string(), z.boolean()])).meta({
  description:
    "Answers to the booking type's questions by question id, as stored when the booking was made (text trimmed, phone numbers as E.164); `{}` when none. Later changes to the questions leave them as they are.",
  example: { company: "Acme", phone: "+442079460958", consent: true },
});

const bookingNotification = z
  .object({
    to: z.enum(["attendee", "host"]),
    kind: z.enum(["created", "rescheduled", "cancelled", "reminder"]),
    status: z.enum(["pending", "sent", "failed", "skipped"]).meta({
      description:
        "pending: not sent yet (waiting for its time, or tried again after a failure); sent: the provider accepted it; failed: refused, or given up after a day of retries; skipped: will not be sent, and `lastError` says why (say, a reminder of a booking moved or cancelled first, or the daily limit of messages to the address).",
    }),
    sentAt: instant.nullable().meta({ description: "When the provider accepted it; null until then." }),
    lastError: z.string().nullable().meta({
      description: "Why the last attempt failed, or why it was skipped; null otherwise.",
      example: "resend: HTTP 422 validation_error: Invalid `to` field.",
    }),
  })
  .meta({ id: "BookingNotification" }) satisfies z.ZodType<BookingNotification>;

export const bookingSchema = z
  .object({
    id: bookingId,
    userId: z.string().meta({ description: "The host's username.", example: "hepuloujun" }),
    startUtc: instant,
    endUtc: instant,
    status: z.enum(["confirmed", "cancelled"]),
    attendee: z.object({
      email: z.string().meta({ example: "ada@example.com" }),
      name: z.string().meta({ example: "Ada Lovelace" }),
      timeZone: z.string().nullable().meta({ description: "The attendee's IANA time zone as create gave it; null when not given.", example: "Europe/Berlin" }),
      locale: z
        .string()
        .nullable()
        .meta({ description: "The attendee's language (canonical BCP 47) as create gave it; null when not given.", example: "de-DE" }),
    }),
    bookingType: z.object({ id: z.string().meta({ example: "2" }), stringId: z.string().meta({ example: "bt-63bb1a53" }), title: z.string() }),
    notes: z.string().nullable(),
    metadata: bookingMetadata,
    answers: bookingAnswers,
    rescheduledFromId: nullableId.meta({ description: "The booking this one replaced." }),
    rescheduledToId: nullableId.meta({ description: "The booking that replaced this one (then `status` is cancelled)." }),
    createdAt: instant,
    cancelledAt: instant.nullable(),
    calendarEvent: z
      .object({
        provider: z.enum(["google", "microsoft"]),
        calendarId: z.string().optional().meta({ description: "The host's calendar (often its owner's e-mail address); left out for a manage token." }),
        status: z
          .enum(["pending", "synced", "failed"])
          .meta({ description: "pending: being written; synced: in the calendar as booked; failed: gave up after a day of retries." }),
      })
      .nullable()
      .meta({ description: "The booking's event in the host's connected calendar; null without one." }),
    notifications: z.array(bookingNotification).optional().meta({
      description:
        "Only in `GET /api/bookings/{id}` with a service token: the e-mail about this booking, in the order written; `[]` when none (e-mail off, or turned off for its type). The messages about a move belong to the booking it was moved to. A settled message (sent, failed or skipped) is listed until 30 days after it was due.",
    }),
  })
  .meta({ id: "Booking" }) satisfies z.ZodType<BookingResponse>;

export const cancelled = z.object({ status: z.literal("cancelled") }).meta({ id: "Cancelled" }) satisfies z.ZodType<CancelResponse>;

export const rescheduled = z
  .object({ oldBookingId: bookingId, newBookingId: bookingId, status: z.literal("rescheduled") })
  .meta({ id: "Rescheduled" }) satisfies z.ZodType<RescheduleResponse>;

export const bookingIdParams = z.object({
  id: z.string().meta({ param: { name: "id", in: "path" }, description: "The booking's id (a UUID).", example: "0b8f3c7e-2a51-4d0e-9d51-7c1a9e4f3b20" }),
});
