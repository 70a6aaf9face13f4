/**
 * Finding what a booking request is about, and whether the caller may touch it: the owner of a
 * booking type (for creates), and a booking as its caller may see it (for get, cancel, reschedule).
 */
import { eq } from "drizzle-orm";
import type { Database } from "../db/client";
import { bookings, bookingTypes, calendarEvents, users } from "../db/schema";
import { bookingEventColumns } from "../domain/booking-resource";
import { ApiError } from "../domain/errors";
import type { Scope } from "../domain/scopes";
import { requireScope, seesHost } from "../http/access";
import type { Caller } from "../http/env";
import { BoundedMap } from "../lib/bounded-map";
import { constantTimeEqual } from "../lib/crypto";

/** The host of a booking type. */
export interface TypeOwner {
  hostId: number;
  username: string;
  accountId: string;
}

/**
 * Owners never change, so each isolate remembers them: a create needs no D1 read to find the
 * host's Durable Object. Only found types are remembered; the map is bounded.
 */
const ownerByTypeRef = new BoundedMap<string, TypeOwner>(10_000);

/** The host owning booking type `ref` ("2" or "bt-…"), or null when there is none. */
export async function bookingTypeOwner(db: Database, ref: string): Promise<TypeOwner | null> {
  const known = ownerByTypeRef.get(ref);
  if (known) return known;
  const where = ref.startsWith("bt-") ? eq(bookingTypes.publicId, ref) : eq(bookingTypes.id, Number(ref));
  const row = await db
    .select({ hostId: users.id, username: users.username, accountId: users.accountId })
    .from(bookingTypes)
    .innerJoin(users, eq(users.id, bookingTypes.userId))
    .where(where)
    .get();
  if (!row) return null;
  ownerByTypeRef.set(ref, row);
  return row;
}

/**
 * The booking with its host and type, if `caller` may see it: a service token that sees its host, or
 * the manage token issued for it. Anything else is "not found", so ids of other tenants leak nothing.
 * A service token that sees it but lacks `scope` gets 403 FORBIDDEN.
 */
export async function findBookingFor(db: Database, caller: Caller, id: string, scope: Scope) {
  const found = await db
    .select({
      booking: bookings,
      username: users.username,
      accountId: users.accountId,
      type: { id: bookingTypes.id, publicId: bookingTypes.publicId, title: bookingTypes.title },
      event: bookingEventColumns,
    })
    .from(bookings)
    .innerJoin(users, eq(users.id, bookings.userId))
    .innerJoin(bookingTypes, eq(bookingTypes.id, bookings.bookingTypeId))
    .leftJoin(calendarEvents, eq(calendarEvents.bookingId, bookings.id))
    .where(eq(bookings.id, id))
    .get();
  if (!found || !mayAccess(caller, found.booking, found.accountId)) throw new ApiError("BOOKING_NOT_FOUND", `No booking "${id}".`);
  if (caller.kind === "service") requireScope(caller, scope);
  return found;
}

function mayAccess(caller: Caller, booking: { userId: number; manageTokenHash: string | null }, accountId: string): boolean {
  switch (caller.kind) {
    case "service":
      return seesHost(caller, { id: booking.userId, accountId });
    case "manage":
      return booking.manageTokenHash !== null && constantTimeEqual(booking.manageTokenHash, caller.tokenHash);
    case "anonymous":
      return false;
  }
}
