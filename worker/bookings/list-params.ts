/**
 * The query of GET /api/bookings (design-management.md "Bookings list"): which host, which status,
 * the instants bounding the start (`from` included, `to` excluded), the page size and the cursor.
 * Every bad parameter is a 400 INVALID_REQUEST naming it.
 */
import { z } from "zod";
import { BOOKING_STATUSES } from "../db/schema";

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 100;

/** Where a page ends in the list's order (start, then id): the last row it answered. */
export interface ListPosition {
  startMs: number;
  id: string;
}

/**
 * Opaque to clients: base64url of `{"s":startMs,"i":id}`. It holds a position, not the filters, so a
 * page reads only rows after that booking whatever was added or cancelled since.
 */
export function encodeCursor(position: ListPosition): string {
  const json = JSON.stringify({ s: position.startMs, i: position.id });
  return btoa(json).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

const cursorPayload = z.object({ s: z.number().int().min(0).max(8.64e15), i: z.uuid() });

/** The position a cursor of ours holds, or null for anything else. */
export function decodeCursor(cursor: string): ListPosition | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) return null;
  try {
    const padded = cursor.replaceAll("-", "+").replaceAll("_", "/") + "=".repeat((4 - (cursor.length % 4)) % 4);
    const parsed = cursorPayload.safeParse(JSON.parse(atob(padded)));
    return parsed.success ? { startMs: parsed.data.s, id: parsed.data.i.toLowerCase() } : null;
  } catch {
    return null; // not base64, or not JSON
  }
}

const instant = z.iso
  .datetime({ message: "must be a UTC ISO-8601 time ending in Z, e.g. 2026-04-21T09:00:00Z" })
  .transform((text) => Date.parse(text));

export const bookingListQuery = z
  .object({
    // Any non-empty text: a username the token cannot see (or that does not exist) is NOT_FOUND.
    host: z.string().min(1, "must be a host's username").max(100, "must be a host's username").optional(),
    status: z.enum(BOOKING_STATUSES, { message: `must be one of ${BOOKING_STATUSES.join(", ")}` }).optional(),
    from: instant.optional(),
    to: instant.optional(),
    limit: z
      .string()
      .regex(/^\d{1,3}$/, `must be a whole number from 1 to ${MAX_PAGE_SIZE}`)
      .transform(Number)
      .refine((n) => n >= 1 && n <= MAX_PAGE_SIZE, `must be a whole number from 1 to ${MAX_PAGE_SIZE}`)
      .default(DEFAULT_PAGE_SIZE),
    cursor: z
      .string()
      .transform((text, ctx) => {
        const position = decodeCursor(text);
        if (position) return position;
        ctx.addIssue({ code: "custom", message: "is not a cursor this list answered (pass nextCursor unchanged)" });
        return z.NEVER;
      })
      .optional(),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.to >= q.from, {
    message: "must not be before from",
    path: ["to"],
    when: (payload) => payload.issues.length === 0,
  });

export type BookingListQuery = z.output<typeof bookingListQuery>;
