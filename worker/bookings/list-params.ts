/**
 * The query of GET /api/bookings (design-management.md "Bookings list"): which host, which status,
 * the instants bounding the start (`from` included, `to` excluded), the page size and the cursor.
 * Every bad parameter is a 400 INVALID_REQUEST naming it.
 */
import { z } from "zod";
import { BOOKING_STATUSES } from "../db/schema";
import { encodeCursor, pageCursor, pageLimit } from "../lib/pagination";

/** Where a page ends in the list's order (start, then id): the last row it answered. */
export interface ListPosition {
  startMs: number;
  id: string;
}

/** A position in the list's order, as its cursor holds it: start, then booking id. */
const listPosition = z
  .object({ s: z.number().int().min(0).max(8.64e15), i: z.uuid() })
  .transform(({ s, i }): ListPosition => ({ startMs: s, id: i.toLowerCase() }));

/** The cursor after `position` (opaque to clients). */
export function cursorAfter(position: ListPosition): string {
  return encodeCursor({ s: position.startMs, i: position.id });
}

const instant = z.iso.datetime({ message: "must be a UTC ISO-8601 time ending in Z, e.g. 2026-04-21T09:00:00Z" }).transform((text) => Date.parse(text));

export const bookingListQuery = z
  .object({
    // Any non-empty text: a username the token cannot see (or that does not exist) is NOT_FOUND.
    host: z.string().min(1, "must be a host's username").max(100, "must be a host's username").optional(),
    status: z.enum(BOOKING_STATUSES, { message: `must be one of ${BOOKING_STATUSES.join(", ")}` }).optional(),
    from: instant.optional(),
    to: instant.optional(),
    limit: pageLimit,
    cursor: pageCursor(listPosition),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.to >= q.from, {
    message: "must not be before from",
    path: ["to"],
    when: (payload) => payload.issues.length === 0,
  });

export type BookingListQuery = z.output<typeof bookingListQuery>;
