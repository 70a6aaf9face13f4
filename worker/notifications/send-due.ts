/**
 * Sending a host's due messages (design-notifications.md "Exactly once, never lost"), run by the
 * host's object after a change commits and on its alarm. A message is sent with its row's id as the
 * provider's idempotency key, so a send whose answer was lost is sent again under the same key and
 * the provider sends it once. Messages to one address go in the order their changes were made: one
 * still waiting to be retried holds back the later ones (a cancellation never arrives before its
 * confirmation); messages to different addresses go side by side. A failing send is retried with growing waits, or after the provider's Retry-After,
 * for 24 hours; a refusal that retrying cannot fix is recorded at once.
 */
import { and, asc, eq, lte, min, ne, or, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Database } from "../db/client";
import { type NotificationRow, notifications } from "../db/schema";
import { manageTokenFor, manageTokenKey, manageUrl } from "../manage";
import { composeMessage } from "./compose";
import { type BookingReads, gatherFacts } from "./gather-facts";
import { inviteFile, inviteUid } from "./invite";
import type { EmailTransport, OutgoingEmail, SendOutcome } from "./message-facts";

/** How long a message is retried after it fell due. */
export const GIVE_UP_AFTER_MS = 24 * 60 * 60 * 1000;
const FIRST_WAIT_MS = 30_000;
const LONGEST_WAIT_MS = 60 * 60 * 1000;
/** Rows looked at in one run; a run that leaves some due asks to run again at once. */
const BATCH = 50;
/** Addresses whose messages are sent side by side (each address's one after another). */
const SENDS_AT_ONCE = 6;

export interface SendContext {
  db: Database;
  transport: EmailTransport;
  /** EMAIL_FROM, EMAIL_REPLY_TO; PUBLIC_URL and MANAGE_TOKEN_KEY for the attendee's manage link. */
  env: { EMAIL_FROM?: string; EMAIL_REPLY_TO?: string; PUBLIC_URL?: string; MANAGE_TOKEN_KEY?: string };
  nowMs: () => number;
}

/** Sends what is due for the host; answers when the next message falls due (null: nothing pending). */
export async function sendDueNotifications(context: SendContext, hostId: number): Promise<number | null> {
  const now = context.nowMs();
  const waiting = await context.db
    .select()
    .from(notifications)
    .where(
      and(eq(notifications.hostId, hostId), eq(notifications.status, "pending"), or(lte(notifications.nextAttemptAt, now), ne(notifications.kind, "reminder"))),
    )
    // rowid: the order rows were written in, for changes made within the same millisecond.
    .orderBy(asc(notifications.createdAt), sql`rowid`)
    .limit(BATCH);
  const byAddress = new Map<string, NotificationRow[]>();
  for (const row of waiting) byAddress.set(row.address, [...(byAddress.get(row.address) ?? []), row]);
  const lanes = [...byAddress.values()];
  // A booking's messages (the attendee's and the host's) share one read of it in this run, and the
  // run's outcomes are recorded in one batch at its end.
  const run: SendRun = { reads: new Map(), records: [] };
  try {
    await Promise.all(
      Array.from({ length: Math.min(SENDS_AT_ONCE, lanes.length) }, async () => {
        for (let lane = lanes.shift(); lane; lane = lanes.shift()) await sendInOrder(context, lane, now, run);
      }),
    );
  } finally {
    // Recorded even when a send threw: what was sent before it stays sent. Unrecorded (D1 failing
    // here), the messages are sent again next run under the same idempotency keys.
    const [first, ...rest] = run.records;
    if (first) await context.db.batch([first, ...rest]);
  }
  const next = await context.db
    .select({ at: min(notifications.nextAttemptAt) })
    .from(notifications)
    .where(and(eq(notifications.hostId, hostId), eq(notifications.status, "pending")))
    .get();
  return next?.at ?? null;
}

/** One run of the sender: the bookings it has read, and the updates recording what came of its sends. */
interface SendRun {
  reads: BookingReads;
  records: BatchItem<"sqlite">[];
}

/** One address's messages, oldest first: one not done (not yet due, or to be retried) holds back the later ones but reminders. */
async function sendInOrder(context: SendContext, rows: NotificationRow[], now: number, run: SendRun): Promise<void> {
  let heldBack = false;
  for (const row of rows) {
    if (heldBack && row.kind !== "reminder") continue;
    const done = row.nextAttemptAt <= now && (await sendOne(context, row, run));
    if (!done && row.kind !== "reminder") heldBack = true;
  }
}

/** Sends one message and notes what came of it; true when it is done with (sent, skipped or failed for good). */
async function sendOne(context: SendContext, row: NotificationRow, run: SendRun): Promise<boolean> {
  // A message that cannot be made (a bug, bad data) would fail the same way every time: recorded as failed.
  const prepared = await emailFor(context, row, run.reads).catch((error: unknown): Prepared => ({ kind: "broken", error: String(error) }));
  if (prepared.kind === "broken") return record(context, run, row, { status: "rejected", error: prepared.error });
  if (prepared.kind === "skip") return record(context, run, row, { status: "skipped", reason: prepared.reason });
  const outcome = await context.transport.send(prepared.message, row.id).catch((error: unknown): SendOutcome => ({ status: "retry", error: String(error) }));
  return record(context, run, row, outcome);
}

type Prepared = { kind: "skip"; reason: string } | { kind: "broken"; error: string } | { kind: "send"; message: OutgoingEmail };

async function emailFor(context: SendContext, row: NotificationRow, reads: BookingReads): Promise<Prepared> {
  const gathered = await gatherFacts(context.db, row, reads);
  if (!gathered) return { kind: "skip", reason: "the booking, its type or its host no longer exists" };
  const { facts, booking, hostEmail, rootBookingId, moves } = gathered;
  // A reminder is for a meeting that still takes place (design-notifications.md).
  if (row.kind === "reminder" && booking.status !== "confirmed") return { kind: "skip", reason: "the booking is no longer confirmed" };
  const from = context.env.EMAIL_FROM;
  if (!from) throw new Error("EMAIL_FROM is not set");
  const origin = context.env.PUBLIC_URL?.replace(/\/+$/, "");
  const toAttendee = row.recipient === "attendee";
  if (toAttendee && row.kind !== "cancelled" && booking.manageTokenHash && origin) {
    // The token is the chain's first booking's (a moved booking keeps its attendee's token).
    const token = await manageTokenFor(rootBookingId, await manageTokenKey(context.env.MANAGE_TOKEN_KEY));
    facts.manageUrl = manageUrl(origin, booking.id, token);
  }
  const composed = composeMessage(facts);
  const attachments =
    toAttendee && row.kind !== "reminder"
      ? [
          {
            filename: "invite.ics",
            contentType: `text/calendar; charset=utf-8; method=${row.kind === "cancelled" ? "CANCEL" : "REQUEST"}`,
            content: inviteFile({
              uid: inviteUid(rootBookingId, origin ?? "https://bookora.invalid"),
              sequence: moves + (row.kind === "cancelled" ? 1 : 0),
              method: row.kind === "cancelled" ? "CANCEL" : "REQUEST",
              startMs: booking.startMs,
              endMs: booking.endMs,
              // The change's time, not the attempt's: every attempt sends the same bytes under the same idempotency key.
              stampMs: row.createdAt,
              summary: composed.subject,
              description: composed.text,
              organizer: { name: facts.hostName, email: hostEmail ?? from },
              attendee: { name: booking.attendeeName, email: booking.attendeeEmail },
            }),
          },
        ]
      : [];
  const replyTo = context.env.EMAIL_REPLY_TO ?? (toAttendee ? (hostEmail ?? undefined) : booking.attendeeEmail);
  return { kind: "send", message: { from, to: row.address, ...(replyTo ? { replyTo } : {}), ...composed, attachments } };
}

type Recorded = SendOutcome | { status: "skipped"; reason: string };

function record(context: SendContext, run: SendRun, row: NotificationRow, outcome: Recorded): boolean {
  const now = context.nowMs();
  const attempts = row.attempts + 1;
  const change = ((): Partial<NotificationRow> => {
    switch (outcome.status) {
      case "sent":
        return { status: "sent", sentAt: now, attempts, lastError: null };
      case "skipped":
        return { status: "skipped", lastError: outcome.reason };
      case "rejected":
        return { status: "failed", attempts, lastError: outcome.error };
      case "retry": {
        if (now - row.dueAt >= GIVE_UP_AFTER_MS) return { status: "failed", attempts, lastError: outcome.error };
        const wait = Math.max(Math.min(FIRST_WAIT_MS * 2 ** row.attempts, LONGEST_WAIT_MS), outcome.retryAfterMs ?? 0);
        return { attempts, lastError: outcome.error, nextAttemptAt: now + wait };
      }
    }
  })();
  // Recorded only over a row still pending: never turns a sent message back.
  run.records.push(
    context.db
      .update(notifications)
      .set(change)
      .where(and(eq(notifications.id, row.id), eq(notifications.status, "pending"))),
  );
  return change.status !== undefined;
}
