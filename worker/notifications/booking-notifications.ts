/**
 * A booking's messages as its host's side reads them on GET /api/bookings/:id
 * (design-notifications.md): the outbox rows written for it, in the order they were written.
 */
import { asc, eq, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { notifications } from "../db/schema";
import type { BookingNotification } from "../domain/contract";
import { toIsoUtc } from "../lib/instants";

/**
 * The messages about booking `bookingId`. A reschedule's belong to the new booking, so each booking
 * shows only its own. Rows written in the same millisecond keep their order by rowid.
 */
export async function notificationsOf(db: Database, bookingId: string): Promise<BookingNotification[]> {
  const rows = await db
    .select({
      to: notifications.recipient,
      kind: notifications.kind,
      status: notifications.status,
      sentAt: notifications.sentAt,
      lastError: notifications.lastError,
    })
    .from(notifications)
    .where(eq(notifications.bookingId, bookingId))
    .orderBy(asc(notifications.createdAt), asc(sql`${notifications}.rowid`));
  return rows.map((row) => ({ ...row, sentAt: row.sentAt === null ? null : toIsoUtc(row.sentAt) }));
}
