/**
 * GET /api/bookings/:id through the real Worker: a service token reads the booking's e-mail as its
 * outbox rows stand, oldest first; the attendee's manage token reads the booking without it.
 */
import { describe, expect, it } from "vitest";
import { notifications } from "../db/schema";
import type { BookingResponse } from "../domain/contract";
import { availableSlots, book, db, get, type SeededHost, seedHost, upcoming } from "../test/fixtures";

const WRITTEN = Date.UTC(2026, 3, 20, 8, 0, 0);

async function bookedSlot(host: SeededHost, asPublic = false) {
  const monday = upcoming(1);
  const [slot] = await availableSlots(host, { startDate: monday, endDate: monday });
  return book(host, slot!, asPublic);
}

async function shown(bookingId: string, token: string): Promise<BookingResponse> {
  const response = await get(`/api/bookings/${bookingId}`, token);
  expect(response.status).toBe(200);
  return (await response.json()) as BookingResponse;
}

/** An outbox row as the sender leaves it; ids that sort against the order the rows were written. */
function outboxRow(host: SeededHost, bookingId: string, row: Partial<typeof notifications.$inferInsert> & { id: string }) {
  return {
    hostId: host.userId,
    bookingId,
    recipient: "attendee" as const,
    kind: "created" as const,
    address: "ada@example.com",
    status: "pending" as const,
    dueAt: WRITTEN,
    nextAttemptAt: WRITTEN,
    createdAt: WRITTEN,
    ...row,
  };
}

describe("a booking's notifications", () => {
  it("shows [] to a service token when e-mail is off", async () => {
    const host = await seedHost();
    const { bookingId } = await bookedSlot(host);
    expect((await shown(bookingId, host.token)).notifications).toEqual([]);
  });

  it("shows the booking's rows to a service token in the order written, with ISO times and why one failed", async () => {
    const host = await seedHost();
    const { bookingId } = await bookedSlot(host);
    const other = await bookedSlot(host);
    // Written in this order: two in one millisecond (kept in rowid order, not id order), then a
    // reminder whose row is older; and one about another booking, which this one does not show.
    await db.insert(notifications).values([
      outboxRow(host, bookingId, {
        id: "ntf_z",
        recipient: "host",
        address: "host@example.com",
        status: "sent",
        attempts: 1,
        sentAt: Date.UTC(2026, 3, 20, 8, 0, 1),
      }),
      outboxRow(host, bookingId, { id: "ntf_m", status: "failed", attempts: 1, lastError: "resend: HTTP 422 validation_error: Invalid `to` field." }),
      outboxRow(host, bookingId, { id: "ntf_a", kind: "reminder", reminderMinutes: 1440, createdAt: WRITTEN - 1 }),
      outboxRow(host, other.bookingId, { id: "ntf_b", kind: "cancelled", status: "sent", sentAt: WRITTEN }),
    ]);

    expect((await shown(bookingId, host.token)).notifications).toEqual([
      { to: "attendee", kind: "reminder", status: "pending", sentAt: null, lastError: null },
      { to: "host", kind: "created", status: "sent", sentAt: "2026-04-20T08:00:01Z", lastError: null },
      { to: "attendee", kind: "created", status: "failed", sentAt: null, lastError: "resend: HTTP 422 validation_error: Invalid `to` field." },
    ]);
  });

  it("leaves them out of what the attendee's manage token reads", async () => {
    const host = await seedHost();
    const { bookingId, manageToken } = await bookedSlot(host, true);
    await db.insert(notifications).values(outboxRow(host, bookingId, { id: "ntf_c", status: "sent", sentAt: WRITTEN }));

    expect(await shown(bookingId, manageToken!)).not.toHaveProperty("notifications");
    expect((await shown(bookingId, host.token)).notifications).toEqual([
      { to: "attendee", kind: "created", status: "sent", sentAt: "2026-04-20T08:00:00Z", lastError: null },
    ]);
  });
});
