/**
 * The booking type as the management API answers it in the OpenAPI document (design-management.md
 * "Booking types"), checked against its wire type, and what every management call on a type shares.
 */
import { z } from "zod";
import { QUESTION_TYPES } from "../domain/booking-answers";
import type { BookingTypeResource } from "../domain/booking-type-rules";
import type { BookingQuestion } from "../domain/contract";
import { CALL_ERRORS } from "../http/openapi";

export const BOOKING_TYPES_TAG = "Booking types";

const minutes = z.number().int();

/** A question as a booking type answers it (management API and the public lookup). */
export const bookingQuestionSchema = z
  .object({
    id: z.string().meta({ description: "What `answers` is keyed by.", example: "company" }),
    label: z.string().meta({ example: "Company" }),
    type: z.enum(QUESTION_TYPES),
    required: z.boolean().meta({ description: "A required checkbox must be checked (`true`)." }),
    options: z
      .array(z.string())
      .optional()
      .meta({ description: "The choices of a `select`; absent on other types.", example: ["Design", "Engineering"] }),
  })
  .meta({ id: "BookingQuestion" }) satisfies z.ZodType<BookingQuestion>;

export const bookingTypeSchema = z
  .object({
    id: z.string().meta({ description: "The numeric id, as a string.", example: "2" }),
    stringId: z.string().meta({ example: "bt-63bb1a53" }),
    slug: z.string().nullable().meta({ description: "Names the type where its host is known: `/book/hepuloujun/intro`.", example: "intro" }),
    host: z.string().meta({ description: "The host's username.", example: "hepuloujun" }),
    title: z.string().meta({ example: "Intro call" }),
    description: z.string().nullable(),
    duration: minutes.meta({ description: "The default length, in minutes.", example: 30 }),
    durations: z.array(minutes).meta({ description: "Every length a visitor may choose, ascending.", example: [30, 60] }),
    slotInterval: minutes.meta({ description: "Minutes between slot starts.", example: 30 }),
    bufferBefore: minutes,
    bufferAfter: minutes,
    minimumNotice: minutes.meta({ description: "How long before its start a slot can still be booked, in minutes." }),
    bookingWindowDays: z.number().int().meta({ description: "How many days ahead slots are offered.", example: 60 }),
    dailyLimit: z.number().int().nullable().meta({ description: "At most this many bookings a day (host's zone); null: no limit." }),
    public: z.boolean().meta({ description: "Bookable without a token (the widget, hosted pages)." }),
    allowedOrigins: z
      .array(z.string())
      .nullable()
      .meta({ description: "The sites that may book it from a browser; null: any.", example: ["https://clinic.example"] }),
    questions: z.array(bookingQuestionSchema).meta({ description: "What the booking form asks besides name, e-mail and notes, in order; `[]` when nothing." }),
    reminders: z
      .array(minutes)
      .meta({ description: "When the attendee is reminded by e-mail, in minutes before the start, earliest first; `[]`: never.", example: [1440] }),
    emailAttendee: z.boolean().meta({ description: "Whether the attendee gets e-mail about bookings of this type." }),
    emailHost: z.boolean().meta({ description: "Whether the host gets e-mail about bookings of this type." }),
    archived: z.boolean(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: "BookingType" }) satisfies z.ZodType<BookingTypeResource>;

export const refParams = z.object({
  ref: z.string().meta({ param: { name: "ref", in: "path" }, description: "The numeric id or the `bt-` id.", example: "bt-63bb1a53" }),
});

/** A call on one host's or one type's behalf: unknown to the token, or known without the scope. */
export const TYPE_ERRORS = [...CALL_ERRORS, "FORBIDDEN", "NOT_FOUND"] as const;
