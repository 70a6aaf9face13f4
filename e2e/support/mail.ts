/**
 * The e-mail the Worker sent, as the specs read it: the fake Resend's control API (what arrived, oldest
 * first), the booking's outbox as the API reports it (to know when nothing more is on its way), and
 * a message's times as its reader should see them, formatted by the browser's own Intl.
 */
import type { Page } from "@playwright/test";
import { fill } from "../../worker/locales/format";
import type { MailMessages } from "../../worker/locales/messages";
import { MAIL_ORIGIN, WORKER_ORIGIN } from "./origins";

/** A message as GET /control/messages lists it (fakes/mail/fake-received-email.ts). */
export interface ReceivedMail {
  id: string;
  to: string[];
  subject: string;
  text: string | null;
  html: string | null;
  attachments: { filename: string; contentType: string | null; text: string }[];
}

export interface BookingNotification {
  to: "attendee" | "host";
  kind: "created" | "rescheduled" | "cancelled" | "reminder";
  status: "pending" | "sent" | "failed" | "skipped";
}

/** The demo account's token (seed/demo.sql, every scope): a booking read with it shows its e-mail. */
const DEMO_ACCOUNT_TOKEN = "bk_test_demo";

export async function resetMail(): Promise<void> {
  const response = await fetch(`${MAIL_ORIGIN}/control/reset`, { method: "POST" });
  if (!response.ok) throw new Error(`the mail fake's reset answered ${response.status}`);
}

/** Every message the fake accepted for `address`, oldest first. */
export async function mailTo(address: string): Promise<ReceivedMail[]> {
  const response = await fetch(`${MAIL_ORIGIN}/control/messages`);
  if (!response.ok) throw new Error(`the mail fake's messages answered ${response.status}`);
  const { data } = (await response.json()) as { data: ReceivedMail[] };
  return data.filter((message) => message.to.includes(address));
}

/** A booking with its outbox (`notifications`), as the account's service token reads it. */
export async function bookingWithMail(id: string): Promise<{ startUtc: string; endUtc: string; notifications: BookingNotification[] }> {
  const response = await fetch(`${WORKER_ORIGIN}/api/bookings/${encodeURIComponent(id)}`, { headers: { Authorization: `Bearer ${DEMO_ACCOUNT_TOKEN}` } });
  if (response.status !== 200) throw new Error(`GET /api/bookings/${id} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

/**
 * Whether the booking's messages (reminders aside, which wait for their time) have all been dealt
 * with: none pending, so none can still arrive or be sent a second time.
 */
export async function messagesSettled(bookingId: string): Promise<boolean> {
  const { notifications } = await bookingWithMail(bookingId);
  return notifications.length > 0 && notifications.every((notification) => notification.kind === "reminder" || notification.status !== "pending");
}

/**
 * A meeting's date, start–end and zone as a message in `language` words it (the mail table's
 * templates, the clock readings from the browser's Intl): "2026年12月7日月曜日 19:00～19:30（Asia/Tokyo）".
 */
export async function meetingTimeText(page: Page, slot: { start: string; end: string }, zone: string, language: string, t: MailMessages): Promise<string> {
  const { date, start, end } = await page.evaluate(
    ({ slot, zone, language }) => {
      const plain = (text: string) => text.replace(/[\u202f\u00a0]/g, " ");
      const date = new Intl.DateTimeFormat(language, { timeZone: zone, dateStyle: "full" });
      const clock = new Intl.DateTimeFormat(language, { timeZone: zone, timeStyle: "short" });
      return { date: plain(date.format(new Date(slot.start))), start: plain(clock.format(new Date(slot.start))), end: plain(clock.format(new Date(slot.end))) };
    },
    { slot, zone, language },
  );
  return fill(t.timeInZone, { time: fill(t.sameDayTimes, { date, start, end }), zone });
}

/** A subject's short start ("2026年12月7日(月) 19:00"), as the browser's Intl writes it in `zone`. */
export function subjectTimeText(page: Page, instant: string, zone: string, language: string): Promise<string> {
  return page.evaluate(
    ({ instant, zone, language }) =>
      new Intl.DateTimeFormat(language, {
        timeZone: zone,
        weekday: "short",
        year: "numeric",
        month: "short",
        day: "numeric",
        hour: "numeric",
        minute: "2-digit",
      })
        .format(new Date(instant))
        .replace(/[\u202f\u00a0]/g, " "),
    { instant, zone, language },
  );
}
