/**
 * After the booking: a visitor in New York books on the hosted page and keeps the manage link; in a
 * fresh browser in Tokyo (no cookies, no storage: only the link) they reschedule, then cancel. The API
 * agrees at every step, the .ics file and the calendar links carry the booked instants, a tampered
 * link is refused without saying whether the booking exists, and axe finds nothing serious anywhere.
 * Also: the whole manage flow with the keyboard alone, and a new time taken while confirming.
 */
import { readFile } from "node:fs/promises";
import type { Locator, Page } from "@playwright/test";
import { addDays, type CalendarDay, daysBetween } from "../worker/domain/calendar-days";
import { bookingAsHost, bookPublicly, hostDaySlots, offers, type Slot, sameInstant } from "./support/api";
import { expectNoSeriousViolations } from "./support/axe";
import { todayIn } from "./support/dates";
import { bookingDay } from "./support/days";
import { type IcsProperty, parseIcs, unescapeText, utcInstant } from "./support/ics";
import { ManagePage, tampered } from "./support/manage-page";
import { HOST, WORKER_ORIGIN } from "./support/origins";
import { openHostedPage } from "./support/pages";
import { expect, test } from "./support/test";
import { dayNamed, timeLabels, visitorPage, widgetEvents } from "./support/visitor";

const BOOKER = { zone: "America/New_York", locale: "en-US" };
const MANAGER = { zone: "Asia/Tokyo", locale: "en-GB" };

function property(properties: IcsProperty[], name: string): IcsProperty {
  const found = properties.filter((p) => p.name === name);
  expect(found, `exactly one ${name}`).toHaveLength(1);
  return found[0]!;
}

/** Downloads the .ics behind `link` and checks it against `slot` and the manage link it must carry. */
async function expectIcsFor(page: Page, link: Locator, slot: Slot, manageUrl: string): Promise<void> {
  const download = page.waitForEvent("download");
  await link.click();
  const file = await readFile((await (await download).path())!, "utf8");
  const ics = parseIcs(file);
  expect(ics[0]).toMatchObject({ name: "BEGIN", value: "VCALENDAR" });
  expect(property(ics, "METHOD").value).toBe("PUBLISH");
  expect(property(ics, "VERSION").value).toBe("2.0");
  expect(utcInstant(property(ics, "DTSTART").value), "DTSTART is the booking's start").toBe(Date.parse(slot.start));
  expect(utcInstant(property(ics, "DTEND").value), "DTEND is the booking's end").toBe(Date.parse(slot.end));
  expect(utcInstant(property(ics, "DTSTAMP").value)).toBeGreaterThan(0);
  expect(property(ics, "UID").value).toMatch(/^[0-9a-f-]{36}@/);
  expect(unescapeText(property(ics, "SUMMARY").value)).toBe(`Intro call with ${HOST.name}`);
  expect(unescapeText(property(ics, "DESCRIPTION").value)).toContain(manageUrl);
  expect(property(ics, "ORGANIZER").params.CN).toBe(HOST.name);
  expect(property(ics, "ATTENDEE").value).toBe("mailto:ada@example.com");
}

/** The Google Calendar link's `dates`, as instants. */
async function googleDates(link: Locator): Promise<[number, number]> {
  const url = new URL((await link.getAttribute("href"))!);
  expect(url.hostname).toBe("calendar.google.com");
  expect(url.href, "no manage token in a third party's URL").not.toContain("bkm_");
  const [start, end] = url.searchParams.get("dates")!.split("/");
  return [utcInstant(start!), utcInstant(end!)];
}

test.describe("the manage link", () => {
  test.use({ timezoneId: BOOKER.zone, locale: BOOKER.locale });

  test("booked in New York, rescheduled and cancelled from the link alone in a fresh browser in Tokyo; the API agrees at each step", async ({
    page,
    browser,
  }) => {
    test.setTimeout(120_000);
    const day = bookingDay("manage");
    const free = await hostDaySlots(day);
    // Mornings in London are evenings of the same day in Tokyo.
    const [booked, later] = [free[1]!, free[4]!];
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: WORKER_ORIGIN });

    // Booking on the hosted page: the confirmation shows the manage link and Add to calendar.
    const widget = await openHostedPage(page, BOOKER.locale);
    const [bookerTime] = await timeLabels(page, [booked.start], BOOKER.locale, BOOKER.zone);
    await widget.pickTime(await widget.pickDay(todayIn(BOOKER.zone, Date.parse(booked.start))), bookerTime!);
    await widget.fillForm({ name: "Ada Lovelace", email: "ada@example.com" });
    await widget.confirmButton.click();
    await expect(widget.confirmation).toBeVisible();
    const manageLink = widget.root.getByRole("link", { name: /\/manage\// });
    const manageUrl = (await manageLink.getAttribute("href"))!;
    expect(manageUrl).toMatch(new RegExp(`^${WORKER_ORIGIN}/manage/[0-9a-f-]{36}#bkm_[A-Za-z0-9_-]{43}$`));
    expect(await manageLink.innerText()).toBe(manageUrl);
    const [created] = await widgetEvents(page, "bookora:booking-created");
    expect(created!.detail.manageUrl, "bookora:booking-created carries the manage link").toBe(manageUrl);
    const bookingId = String(created!.detail.bookingId);
    expect(manageUrl).toContain(`/manage/${bookingId}#`);
    await widget.root.getByRole("button", { name: "Copy link", exact: true }).click();
    await expect(widget.root.getByRole("status")).toContainText("Link copied.");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(manageUrl);
    const confirmationCalendar = widget.root.getByRole("list", { name: "Add to calendar" });
    await expectIcsFor(page, confirmationCalendar.getByRole("link", { name: "Download (.ics)" }), booked, manageUrl);
    expect(await googleDates(confirmationCalendar.getByRole("link", { name: "Google Calendar" }))).toEqual([Date.parse(booked.start), Date.parse(booked.end)]);
    await expectNoSeriousViolations(page, "the confirmation with the manage link");

    // A fresh browser in Tokyo, with nothing but the link.
    const { context, page: tokyo } = await visitorPage(browser, MANAGER.zone, MANAGER.locale);
    const token = manageUrl.split("#")[1]!;
    const requests: { url: string; authorization?: string; referer?: string }[] = [];
    tokyo.on("request", (request) => requests.push({ url: request.url(), authorization: request.headers().authorization, referer: request.headers().referer }));
    await tokyo.goto(manageUrl);
    const manage = new ManagePage(tokyo, MANAGER.locale);
    await expect(manage.heading(`Intro call with ${HOST.name}`)).toBeVisible();
    const [tokyoTime] = await timeLabels(tokyo, [booked.start], MANAGER.locale, MANAGER.zone);
    await expect(manage.root.getByText(`Your time (${MANAGER.zone})`)).toBeVisible();
    await expect(manage.root.getByRole("definition").first()).toContainText(tokyoTime!);
    await expectNoSeriousViolations(tokyo, "the manage page");
    await expectIcsFor(tokyo, manage.calendarLink("Download (.ics)"), booked, manageUrl);

    // Reschedule to a later time, picked in the widget's calendar, shown in Tokyo time.
    await manage.button("Reschedule").click();
    await expect(manage.heading("Pick a new time")).toBeFocused();
    const [laterInTokyo] = await timeLabels(tokyo, [later.start], MANAGER.locale, MANAGER.zone);
    const times = await manage.calendar.pickDay(todayIn(MANAGER.zone, Date.parse(later.start)));
    await expectNoSeriousViolations(tokyo, "picking a new time");
    await times.getByRole("button", { name: laterInTokyo!, exact: true }).click();
    await expect(manage.heading("Move your booking to this time?")).toBeFocused();
    await expectNoSeriousViolations(tokyo, "confirming the new time");
    await manage.button("Confirm new time").click();
    await expect(manage.status).toContainText("Your booking is moved to the new time.");
    await expect.poll(() => new URL(tokyo.url()).pathname, { message: "the address names the new booking" }).not.toBe(`/manage/${bookingId}`);
    const movedId = new URL(tokyo.url()).pathname.split("/").pop()!;
    expect(new URL(tokyo.url()).hash).toBe(`#${token}`);
    await expect(manage.root.getByRole("definition").first()).toContainText(laterInTokyo!);
    const old = await bookingAsHost(bookingId);
    expect(old.booking).toMatchObject({ status: "cancelled", rescheduledToId: movedId });
    const moved = await bookingAsHost(movedId);
    expect(moved.booking).toMatchObject({ status: "confirmed", rescheduledFromId: bookingId });
    expect(sameInstant(moved.booking.startUtc, later.start) && sameInstant(moved.booking.endUtc, later.end)).toBe(true);
    expect(offers(await hostDaySlots(day), booked), "the old time is free again").toBe(true);
    const movedUrl = `${WORKER_ORIGIN}/manage/${movedId}#${token}`;
    await expectIcsFor(tokyo, manage.calendarLink("Download (.ics)"), later, movedUrl);
    expect(await googleDates(manage.calendarLink("Google Calendar"))).toEqual([Date.parse(later.start), Date.parse(later.end)]);
    await expectNoSeriousViolations(tokyo, "the moved booking");

    // The old link says the booking moved, and leads to the current one.
    const oldPage = await context.newPage();
    await oldPage.goto(manageUrl);
    const oldManage = new ManagePage(oldPage, MANAGER.locale);
    await expect(oldManage.heading("This booking was moved")).toBeVisible();
    await expectNoSeriousViolations(oldPage, "a booking that was moved");
    await oldManage.root.getByRole("link", { name: "See your booking at its new time" }).click();
    await expect(oldManage.heading(`Intro call with ${HOST.name}`)).toBeVisible();
    expect(new URL(oldPage.url()).pathname).toBe(`/manage/${movedId}`);

    // Cancel, after a confirmation step.
    await manage.button("Cancel booking").click();
    await expect(manage.heading("Cancel this booking?")).toBeFocused();
    expect((await bookingAsHost(movedId)).booking.status, "nothing is cancelled before the attendee confirms").toBe("confirmed");
    await expectNoSeriousViolations(tokyo, "confirming the cancel");
    await manage.button("Yes, cancel booking").click();
    await expect(manage.heading("This booking is cancelled")).toBeFocused();
    await expect(manage.root.getByRole("link", { name: "Book a new time" })).toHaveAttribute("href", `/book/${HOST.username}/bt-1a2b3c4d`);
    expect((await bookingAsHost(movedId)).booking.status).toBe("cancelled");
    expect(offers(await hostDaySlots(day), later), "the new time is free again").toBe(true);
    await expectNoSeriousViolations(tokyo, "the cancelled booking");

    // The token left the browser only as a bearer header to the API: never in a URL or a Referer.
    expect(requests.filter((request) => request.url.includes(token) || request.referer?.includes(token))).toEqual([]);
    const apiCalls = requests.filter((request) => request.url.startsWith(`${WORKER_ORIGIN}/api/bookings/`));
    expect(apiCalls.length).toBeGreaterThan(0);
    for (const call of apiCalls) expect(call.authorization).toBe(`Bearer ${token}`);
    await context.close();
  });

  test("a tampered, missing or misdirected token is refused with one message that does not tell whether the booking exists", async ({ page }) => {
    const [slot] = (await hostDaySlots(bookingDay("manage"))).slice(-1);
    const { body } = await bookPublicly(slot!, { name: "Ada Lovelace", email: "ada@example.com" });
    const good = body.manageUrl!;
    const [path, token] = good.split("#") as [string, string];
    const wrongLinks = {
      "a tampered token": tampered(good),
      "no token": path,
      "another booking's id": `${WORKER_ORIGIN}/manage/00000000-0000-4000-8000-000000000000#${token}`,
      // The host's own service token: a real credential, but not one this page takes.
      "a service token": `${path}#${HOST.serviceToken}`,
    };
    for (const [label, url] of Object.entries(wrongLinks)) {
      const tab = await page.context().newPage();
      await tab.goto(url);
      const manage = new ManagePage(tab, "en-GB");
      await expect(manage.heading("This link does not work"), label).toBeVisible();
      await expect(manage.root.getByRole("button"), `${label}: nothing to act on`).toHaveCount(0);
      expect(await manage.root.innerText().catch(() => ""), label).not.toContain("Intro call");
      if (label === "a tampered token") await expectNoSeriousViolations(tab, "a link that does not work");
      await tab.close();
    }
    expect((await bookingAsHost(body.bookingId!)).booking.status, "refused links changed nothing").toBe("confirmed");
  });
});

/** Presses Tab until `target` has focus (at most `limit` times). */
async function tabTo(page: Page, target: Locator, limit = 60): Promise<void> {
  for (let presses = 0; presses < limit; presses += 1) {
    await page.keyboard.press("Tab");
    const focused = await target.evaluate((element) => (element.getRootNode() as Document | ShadowRoot).activeElement === element).catch(() => false);
    if (focused) return;
  }
  throw new Error(`Tab never reached ${target}`);
}

/** The day whose grid button has focus, from its accessible name. */
async function focusedDay(manage: ManagePage, around: CalendarDay): Promise<CalendarDay | null> {
  const focused = manage.calendar.grid.locator(":focus");
  if ((await focused.count()) !== 1) return null;
  const name = /button "((?:[^"\\]|\\.)*)"/.exec(await focused.ariaSnapshot())?.[1];
  return name ? dayNamed(manage.page, JSON.parse(`"${name}"`) as string, manage.locale, around) : null;
}

test("an attendee reschedules and cancels from the manage link with the keyboard alone", async ({ page }) => {
  const day = bookingDay("manageKeyboard");
  const [first, second] = await hostDaySlots(day);
  const { body } = await bookPublicly(first!, { name: "Ada Lovelace", email: "ada@example.com" });
  await page.goto(body.manageUrl!);
  const manage = new ManagePage(page, "en-GB");
  await expect(manage.heading(`Intro call with ${HOST.name}`)).toBeVisible();

  await tabTo(page, manage.button("Reschedule"));
  await page.keyboard.press("Enter");
  await expect(manage.heading("Pick a new time")).toBeFocused();
  await expect(manage.calendar.grid).not.toHaveAttribute("aria-busy", "true");
  await tabTo(page, manage.calendar.grid.locator('[tabindex="0"]'));
  // Arrow keys to the day, by week then by day, as the date picker grid moves; each key waits for the focus to follow.
  for (let at = (await focusedDay(manage, day))!; at !== day; ) {
    const gap = daysBetween(at, day);
    const [key, next] =
      Math.abs(gap) >= 7
        ? [gap > 0 ? "ArrowDown" : "ArrowUp", addDays(at, 7 * Math.sign(gap))]
        : [gap > 0 ? "ArrowRight" : "ArrowLeft", addDays(at, Math.sign(gap))];
    await page.keyboard.press(key);
    await expect.poll(() => focusedDay(manage, day), { message: `${key} moves focus to ${next}` }).toBe(next);
    at = next;
  }
  await page.keyboard.press("Enter");
  const [secondTime] = await timeLabels(page, [second!.start], "en-GB", HOST.zone);
  const times = await manage.calendar.slotList(day);
  await tabTo(page, times.getByRole("button", { name: secondTime!, exact: true }));
  await page.keyboard.press("Enter");
  await expect(manage.heading("Move your booking to this time?")).toBeFocused();
  await tabTo(page, manage.button("Confirm new time"));
  await page.keyboard.press("Enter");
  await expect(manage.status).toContainText("Your booking is moved to the new time.");
  await expect.poll(() => new URL(page.url()).pathname).not.toBe(`/manage/${body.bookingId}`);
  const movedId = new URL(page.url()).pathname.split("/").pop()!;
  expect(sameInstant((await bookingAsHost(movedId)).booking.startUtc, second!.start)).toBe(true);

  await tabTo(page, manage.button("Cancel booking"));
  await page.keyboard.press("Enter");
  await expect(manage.heading("Cancel this booking?")).toBeFocused();
  await tabTo(page, manage.button("Yes, cancel booking"));
  await page.keyboard.press("Enter");
  await expect(manage.heading("This booking is cancelled")).toBeFocused();
  expect((await bookingAsHost(movedId)).booking.status).toBe("cancelled");
});

test("a new time taken by someone else while the attendee confirms: says so, refreshes the times, and the booking stays where it was", async ({ page }) => {
  const day = bookingDay("manageSlotTaken");
  const [first, wanted] = await hostDaySlots(day);
  const { body } = await bookPublicly(first!, { name: "Ada Lovelace", email: "ada@example.com" });
  await page.goto(body.manageUrl!);
  const manage = new ManagePage(page, "en-GB");
  await manage.button("Reschedule").click();
  const [wantedTime] = await timeLabels(page, [wanted!.start], "en-GB", HOST.zone);
  const times = await manage.calendar.pickDay(day);
  await times.getByRole("button", { name: wantedTime!, exact: true }).click();
  await expect(manage.heading("Move your booking to this time?")).toBeVisible();

  expect((await bookPublicly(wanted!, { name: "Someone Else", email: "else@example.com" })).status).toBe(201);
  await manage.button("Confirm new time").click();
  await expect(manage.alert).toContainText("Sorry, that time was just taken. Please pick another time.");
  await expect(manage.heading("Pick a new time")).toBeVisible();
  const refreshed = await manage.calendar.slotList(day);
  await expect(refreshed.getByRole("button").first()).toBeVisible();
  await expect(refreshed.getByRole("button", { name: wantedTime!, exact: true }), "the taken time is gone from the list").toHaveCount(0);
  const { booking } = await bookingAsHost(body.bookingId!);
  expect(booking).toMatchObject({ status: "confirmed", rescheduledToId: null });
  expect(sameInstant(booking.startUtc, first!.start)).toBe(true);
});

test("a booking that has started: the attendee's change is refused, the page says why and stops offering changes", async ({ page }) => {
  const day = bookingDay("manageStarted");
  const [slot] = await hostDaySlots(day);
  const { body } = await bookPublicly(slot!, { name: "Ada Lovelace", email: "ada@example.com" });
  // The server's clock can't be moved here: its answer for a meeting that began while the page was open.
  await page.route("**/api/bookings/*/cancel", (route) =>
    route.fulfill({
      status: 409,
      contentType: "application/json",
      body: JSON.stringify({
        error: {
          code: "BOOKING_STARTED",
          message: "This booking has already started, so it can no longer be cancelled or moved with its manage link; please contact the host.",
        },
      }),
    }),
  );
  await page.goto(body.manageUrl!);
  const manage = new ManagePage(page, "en-GB");
  await manage.button("Cancel booking").click();
  await manage.button("Yes, cancel booking").click();
  await expect(manage.alert).toContainText("This booking has already started");
  await expect(manage.heading("Cancel this booking?")).toHaveCount(0);
  await expect(manage.root.getByText("This booking has started, so it can no longer be changed here.")).toBeVisible();
  await expect(manage.button("Cancel booking")).toHaveCount(0);
  await expect(manage.button("Reschedule")).toHaveCount(0);
  const { booking } = await bookingAsHost(body.bookingId!);
  expect(booking.status).toBe("confirmed");
});
