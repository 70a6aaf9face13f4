/**
 * E-mail, end to end (design-notifications.md): a visitor whose browser speaks Japanese, in Tokyo,
 * books on the hosted page; the fake Resend's inbox then holds one Japanese confirmation in Tokyo
 * time with an invite.ics of the booked instants. From the message in the inbox they follow the
 * manage link and move the booking: exactly one more message, whose invite.ics updates the same
 * event (same UID, higher SEQUENCE). The host hears of both, in English and London time.
 */
import type { Page } from "@playwright/test";
import { fill } from "../worker/locales/format";
import { MAIL_TABLES, MANAGE_TABLES, WIDGET_TABLES } from "../worker/locales/tables";
import { hostDaySlots, type Slot, sameInstant } from "./support/api";
import { todayIn } from "./support/dates";
import { bookingDay } from "./support/days";
import { type IcsProperty, parseIcs, utcInstant } from "./support/ics";
import { bookingWithMail, mailTo, meetingTimeText, messagesSettled, type ReceivedMail, resetMail, subjectTimeText } from "./support/mail";
import { ManagePage } from "./support/manage-page";
import { HOST, MAIL_ORIGIN, WORKER_ORIGIN } from "./support/origins";
import { openHostedPage } from "./support/pages";
import { expect, test } from "./support/test";
import { fullDateLabel, monthLabel, timeLabels, widgetEvents } from "./support/visitor";
import type { BookingWidget } from "./support/widget";

const VISITOR = { locale: "ja-JP", zone: "Asia/Tokyo" };
/** The demo host's address (seed/demo.sql). */
const HOST_EMAIL = "jun@example.com";
const TITLE = "Intro call";
const widgetJa = WIDGET_TABLES.ja;
const manageJa = MANAGE_TABLES.ja;
const mailJa = MAIL_TABLES.ja;
const mailEn = MAIL_TABLES.en;
/** The contract sends within 5 s of the commit; the rest is room for a busy two-core machine. */
const ARRIVAL = { timeout: 15_000 };

/** The calendar (the widget's, or the manage page's) moved to the month of `day` with its Japanese "next month" button. */
async function showMonthOf(calendar: BookingWidget, day: string): Promise<void> {
  const target = await monthLabel(calendar.page, day, VISITOR.locale);
  for (let step = 0; step < 14; step += 1) {
    const shown = await calendar.shownMonth(day);
    if (shown === target) return;
    await calendar.root.getByRole("button", { name: widgetJa.nextMonth, exact: true }).click();
    await expect(calendar.grid).not.toHaveAccessibleName(shown);
  }
  throw new Error(`the calendar never showed ${target}`);
}

/** Picks `slot` in a Japanese calendar: its Tokyo day, then its Tokyo time. */
async function pickSlot(calendar: BookingWidget, slot: Slot): Promise<void> {
  const day = todayIn(VISITOR.zone, Date.parse(slot.start));
  await showMonthOf(calendar, day);
  await expect(calendar.grid, "availability has loaded").not.toHaveAttribute("aria-busy", "true");
  await (await calendar.dayButton(day)).click();
  const times = calendar.root.getByRole("list", {
    name: fill(widgetJa.timesOn, { date: await fullDateLabel(calendar.page, day, VISITOR.locale) }),
    exact: true,
  });
  const [time] = await timeLabels(calendar.page, [slot.start], VISITOR.locale, VISITOR.zone);
  await times.getByRole("button", { name: time!, exact: true }).click();
}

function property(file: string, name: string): IcsProperty {
  const found = parseIcs(file).filter((p) => p.name === name);
  expect(found, `exactly one ${name}`).toHaveLength(1);
  return found[0]!;
}

/** The message's invite.ics, checked against the booking's instants; its UID and SEQUENCE for the next one. */
function expectInvite(message: ReceivedMail, booking: { startUtc: string; endUtc: string }): { uid: string; sequence: number } {
  expect(message.attachments.map((attachment) => attachment.filename)).toEqual(["invite.ics"]);
  const [attachment] = message.attachments;
  expect(attachment!.contentType).toMatch(/^text\/calendar;.*method=REQUEST/);
  const file = attachment!.text;
  expect(property(file, "METHOD").value).toBe("REQUEST");
  expect(utcInstant(property(file, "DTSTART").value), "DTSTART is the booking's start").toBe(Date.parse(booking.startUtc));
  expect(utcInstant(property(file, "DTEND").value), "DTEND is the booking's end").toBe(Date.parse(booking.endUtc));
  return { uid: property(file, "UID").value, sequence: Number(property(file, "SEQUENCE").value) };
}

/** The manage link, as the visitor finds it: opened from the inbox page, in the message's HTML. */
async function manageLinkFromInbox(page: Page, attendee: string): Promise<string> {
  await page.goto(`${MAIL_ORIGIN}/`);
  await page.getByRole("row").filter({ hasText: attendee }).getByRole("link").click();
  const html = page.frameLocator('iframe[title="The message\'s HTML"]');
  return (await html.getByRole("link", { name: mailJa.manageLink, exact: true }).getAttribute("href"))!;
}

test.describe("e-mail to a visitor in Tokyo and to the host", () => {
  test.use({ locale: VISITOR.locale, timezoneId: VISITOR.zone });

  test("one Japanese confirmation in Tokyo time with the booked instants; the manage link from it moves the booking; one update for the same event; the host hears twice in London time", async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await resetMail();
    // Other specs book too, and their mail goes to the same fake: this run's address is its own.
    const attendee = `hanako-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const attendeeName = "山田 花子";
    const free = await hostDaySlots(bookingDay("mail"));
    const [booked, later] = [free[1]!, free[4]!];

    // Booking on the hosted page, in Japanese.
    const widget = await openHostedPage(page, VISITOR.locale, `/book/${HOST.username}/intro`);
    await pickSlot(widget, booked);
    await widget.root.getByLabel(widgetJa.name, { exact: true }).fill(attendeeName);
    await widget.root.getByLabel(widgetJa.email, { exact: true }).fill(attendee);
    await widget.root.getByRole("button", { name: widgetJa.confirmBooking, exact: true }).click();
    await expect(widget.root.getByRole("heading", { name: widgetJa.bookingConfirmed, exact: true })).toBeVisible();
    const [created] = await widgetEvents(page, "bookora:booking-created");
    const bookingId = String(created!.detail.bookingId);
    const booking = await bookingWithMail(bookingId);
    expect(sameInstant(booking.startUtc, booked.start) && sameInstant(booking.endUtc, booked.end), "booked the time picked").toBe(true);

    // One confirmation, in Japanese, in Tokyo time with the zone named, and the host's London time beside it.
    await expect.poll(() => mailTo(attendee), { ...ARRIVAL, message: "the confirmation arrives" }).toHaveLength(1);
    await expect.poll(() => messagesSettled(bookingId), { ...ARRIVAL, message: "nothing left to send for the booking" }).toBe(true);
    const [confirmation] = await mailTo(attendee);
    expect(confirmation!.subject).toBe(
      fill(mailJa.attendeeCreatedSubject, { when: await subjectTimeText(page, booked.start, VISITOR.zone, "ja"), title: TITLE, host: HOST.name }),
    );
    const tokyoTime = await meetingTimeText(page, booked, VISITOR.zone, "ja", mailJa);
    expect(tokyoTime, "the zone is named").toContain(`（${VISITOR.zone}）`);
    expect(confirmation!.text).toContain(fill(mailJa.greeting, { name: attendeeName }));
    expect(confirmation!.text).toContain(fill(mailJa.attendeeCreatedIntro, { title: TITLE, host: HOST.name }));
    expect(confirmation!.text).toContain(fill(mailJa.field, { label: mailJa.when, value: tokyoTime }));
    expect(confirmation!.text).toContain(fill(mailJa.field, { label: mailJa.hostTime, value: await meetingTimeText(page, booked, HOST.zone, "ja", mailJa) }));
    const first = expectInvite(confirmation!, booking);

    // The visitor opens the message in the inbox and follows its manage link.
    const manageUrl = await manageLinkFromInbox(page, attendee);
    expect(manageUrl).toMatch(new RegExp(`^${WORKER_ORIGIN}/manage/${bookingId}#bkm_[A-Za-z0-9_-]{43}$`));
    expect(confirmation!.text, "the plain-text part carries the same link").toContain(manageUrl);
    await page.goto(manageUrl);
    const manage = new ManagePage(page, VISITOR.locale);
    await manage.button(manageJa.reschedule).click();
    await expect(manage.heading(manageJa.pickNewTime)).toBeFocused();
    await pickSlot(manage.calendar, later);
    await expect(manage.heading(manageJa.moveQuestion)).toBeFocused();
    await manage.button(manageJa.confirmMove).click();
    await expect(manage.status).toContainText(manageJa.moved);
    await expect.poll(() => new URL(page.url()).pathname, { message: "the address names the new booking" }).not.toBe(`/manage/${bookingId}`);
    const movedId = new URL(page.url()).pathname.split("/").pop()!;
    const moved = await bookingWithMail(movedId);
    expect(sameInstant(moved.startUtc, later.start) && sameInstant(moved.endUtc, later.end), "moved to the time picked").toBe(true);

    // Exactly one more message: Japanese, the new and old times in Tokyo, the same event updated.
    await expect.poll(() => mailTo(attendee), { ...ARRIVAL, message: "the update arrives" }).toHaveLength(2);
    await expect.poll(() => messagesSettled(movedId), { ...ARRIVAL, message: "nothing left to send for the moved booking" }).toBe(true);
    const attendeeMail = await mailTo(attendee);
    expect(attendeeMail, "one confirmation, one update, nothing else").toHaveLength(2);
    const update = attendeeMail[1]!;
    expect(update.subject).toBe(
      fill(mailJa.attendeeRescheduledSubject, { when: await subjectTimeText(page, later.start, VISITOR.zone, "ja"), title: TITLE, host: HOST.name }),
    );
    expect(update.text).toContain(fill(mailJa.attendeeRescheduledIntro, { title: TITLE, host: HOST.name }));
    expect(update.text).toContain(fill(mailJa.field, { label: mailJa.newTime, value: await meetingTimeText(page, later, VISITOR.zone, "ja", mailJa) }));
    expect(update.text).toContain(fill(mailJa.field, { label: mailJa.previousTime, value: tokyoTime }));
    const second = expectInvite(update, moved);
    expect(second.uid, "the same calendar event").toBe(first.uid);
    expect(second.sequence, "a newer version of it").toBeGreaterThan(first.sequence);

    // The host: a notice of each, in English and London time, naming the attendee.
    const hostMail = (await mailTo(HOST_EMAIL)).filter((message) => message.text?.includes(attendee));
    expect(
      hostMail.map((message) => message.subject),
      "created, then rescheduled",
    ).toEqual([
      fill(mailEn.hostCreatedSubject, { title: TITLE, attendee: attendeeName, when: await subjectTimeText(page, booked.start, HOST.zone, "en") }),
      fill(mailEn.hostRescheduledSubject, { title: TITLE, attendee: attendeeName, when: await subjectTimeText(page, later.start, HOST.zone, "en") }),
    ]);
    expect(hostMail[0]!.text).toContain(fill(mailEn.field, { label: mailEn.when, value: await meetingTimeText(page, booked, HOST.zone, "en", mailEn) }));
    expect(hostMail[1]!.text).toContain(fill(mailEn.field, { label: mailEn.newTime, value: await meetingTimeText(page, later, HOST.zone, "en", mailEn) }));
    expect(hostMail[1]!.text).not.toContain(VISITOR.zone);
  });
});
