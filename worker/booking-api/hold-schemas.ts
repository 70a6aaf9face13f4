/**
 * The wire shapes of checkout holds (design.md "Holds"): the requests, with the contract's limits,
 * and the answer, checked against the wire types of domain/contract.ts.
 */
import { z } from "zod";
import type { HoldResponse } from "../domain/contract";
import { bookingTypeRef, instant, parsedFields } from "../http/fields";

/** design.md: 60–1,800 seconds, 600 when not given. */
const TTL = { min: 60, max: 1_800, default: 600 } as const;

/** `hold_` and 32 random bytes in base64url (lib/crypto.ts randomToken): anything else names no hold. */
const HOLD_ID = /^hold_[A-Za-z0-9_-]{43}$/;

export const holdId = z
  .string()
  .regex(HOLD_ID, "must be a hold id as POST /api/holds answered it")
  .meta({ example: "hold_mC1q9ZHk2w3t6lQm0eDq8XjX3b2rV6tTz0F1v6m1C0s" });

export function isHoldId(text: string): boolean {
  return HOLD_ID.test(text);
}

const ttlSeconds = z
  .number({ error: "must be a whole number of seconds" })
  .int("must be a whole number of seconds")
  .min(TTL.min, `must be at least ${TTL.min}`)
  .max(TTL.max, `must be at most ${TTL.max}`)
  .default(TTL.default)
  .meta({ description: `How long the hold lasts from now, in seconds: ${TTL.min}–${TTL.max}, ${TTL.default} when not given.`, example: 600 });

export const placeHoldBody = z
  .object({
    bookingType: bookingTypeRef.meta({ description: "The type's numeric id or its `bt-` id.", example: "2" }),
    start: instant.meta({ description: "A slot's start, as availability gave it.", example: "2026-04-21T09:00:00Z" }),
    end: instant.meta({ description: "Its end: `start` plus one of the type's durations.", example: "2026-04-21T09:30:00Z" }),
    ttlSeconds,
  })
  .refine((b) => b.end > b.start, { message: "end must be after start", path: ["end"], when: parsedFields });

export const renewHoldBody = z.object({ ttlSeconds });

export const hold = z
  .object({
    holdId: holdId.meta({
      description: "The capability: whoever has it may renew, release and book the hold (with a token, only that token's account). Keep it secret.",
    }),
    start: z.iso.datetime().meta({ example: "2026-04-21T09:00:00Z" }),
    end: z.iso.datetime().meta({ example: "2026-04-21T09:30:00Z" }),
    expiresAt: z.iso.datetime().meta({ description: "When the slot is free again unless the hold is renewed or booked.", example: "2026-04-14T12:10:00Z" }),
  })
  .meta({ id: "Hold" }) satisfies z.ZodType<HoldResponse>;

export const holdIdParams = z.object({
  holdId: z.string().meta({
    param: { name: "holdId", in: "path" },
    description: "The hold's id, as `POST /api/holds` answered it.",
    example: "hold_mC1q9ZHk2w3t6lQm0eDq8XjX3b2rV6tTz0F1v6m1C0s",
  }),
});
