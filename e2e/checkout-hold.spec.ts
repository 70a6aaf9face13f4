/**
 * A paid booking on a partner's site (design-embed.md "Checkout flows"; the page and its server are
 * e2e/partner-checkout/): the widget with confirm="external" holds the time a visitor picks, hands it
 * to the page's payment in `bookora:slot-held`, and shows its confirmation when the page calls
 * `complete(bookingId)` after its server booked the hold. Two visitors racing for one time: the one
 * holding it books it, the other is told at once. Leaving frees the time at once; abandoning the
 * payment keeps it until the hold expires. The keyboard alone; axe on each new state.
 */
import type { Page } from "@playwright/test";
import { addDays, type CalendarDay, daysBetween } from "../worker/domain/calendar-days";
import { bookingAsHost, bookPublicly, hostDaySlots, offers, type Slot } from "./support/api";
import { expectNoSeriousViolations } from "./support/axe";
import { bookingDay } from "./support/days";
import { focusedDay, hasFocus, tabTo } from "./support/keyboard";
import { HOST, PARTNER_ORIGIN } from "./support/origins";
import { expect, test } from "./support/test";
import { timeLabels, visitorPage, widgetEvents } from "./support/visitor";
import { BookingWidget } from "./support/widget";

const LOCALE = "en-GB";
const ZONE = "Europe/London";
const HELD_ELSEWHERE = "Sorry, someone else is holding that time or has just booked it. Please pick another time.";

/** The partner's checkout page, its `bookora:slot-held` details recorded from before the widget runs. */
async function openCheckout(page: Page, holdSeconds?: number): Promise<BookingWidget> {
  await page.addInitScript(() => {
    const held: unknown[] = [];
    (window as unknown as { __held: unknown[] }).__held = held;
    document.addEventListener("bookora:slot-held", (event) => held.push(JSON.parse(JSON.stringify((event as CustomEvent).detail))));
  });
  await page.goto(`${PARTNER_ORIGIN}/checkout.html${holdSeconds ? `?hold-seconds=${holdSeconds}` : ""}`);
  return new BookingWidget(page, LOCALE);
}

function heldEvents(page: Page) {
  return page.evaluate(() => (window as unknown as { __held: Record<string, string>[] }).__held);
}

/** The line saying how long the time is held ("This time is held for you until 14:32."). */
function holdNotice(widget: BookingWidget) {
  return widget.root.getByRole("status").filter({ hasText: /held for you until/ });
}

/** "14:32": when the hold ends, as the visitor's browser writes a time in their zone. */
function untilLabel(page: Page, expiresAt: string): Promise<string> {
  return page.evaluate(
    ([instant, locale, timeZone]) =>
      new Intl.DateTimeFormat(locale, { timeZone, hour: "numeric", minute: "2-digit" }).format(Date.parse(instant!)).replace(/[\u202f\u00a0]/g, " "),
    [expiresAt, LOCALE, ZONE],
  );
}

const isOffered = async (day: CalendarDay, slot: Slot) => offers(await hostDaySlots(day), slot);

test("two visitors race for one time: the one holding it pays and books it, the other is told at once that it is held", async ({ page, browser }) => {
  const day = bookingDay("checkoutRace");
  const free = await hostDaySlots(day);
  const slot = free[3]!;
  const [time] = await timeLabels(page, [slot.start], LOCALE, HOST.zone);

  const holder = await openCheckout(page);
  const { context: rivalContext, page: rivalPage } = await visitorPage(browser, ZONE, LOCALE);
  const rival = await openCheckout(rivalPage);
  const holderTimes = await holder.pickDay(day);
  const rivalTimes = await rival.pickDay(day);

  await holder.pickTime(holderTimes, time!);
  // en-GB writes the hour as it is ("0:06", "14:32"); the exact time is checked once the hold's expiry is known.
  await expect(holdNotice(holder)).toHaveText(/^This time is held for you until \d{1,2}:\d{2}\.$/);
  expect(await isOffered(day, slot), "a held time is offered to nobody").toBe(false);
  await expectNoSeriousViolations(page, "the form with its hold");

  // The rival's times were loaded before the hold: they pick the same one and are told at once.
  await rivalTimes.getByRole("button", { name: time!, exact: true }).click();
  await expect(rival.root.getByRole("alert")).toHaveText(HELD_ELSEWHERE);
  await expect(rival.field("Name")).toHaveCount(0);
  const othersTimes = await timeLabels(
    page,
    free.filter((other) => other !== slot).map((other) => other.start),
    LOCALE,
    HOST.zone,
  );
  await rival.expectTimes(await rival.slotList(day), othersTimes);
  await expectNoSeriousViolations(rivalPage, "a time held by someone else");
  const behindTheirBack = await bookPublicly(slot, { name: "Someone Else", email: "else@example.com" });
  expect(behindTheirBack.status, "nobody books a held time without its hold").toBe(409);

  await holder.fillForm({ name: "Mary Somerville", email: "mary@example.com" });
  await holder.root.getByRole("button", { name: "Continue to payment", exact: true }).click();
  await expect(holder.root.getByRole("heading", { name: "Waiting for payment…" })).toBeFocused();
  const [held] = await heldEvents(page);
  expect(held).toMatchObject({ start: slot.start, end: slot.end, bookingType: HOST.introType, name: "Mary Somerville", email: "mary@example.com" });
  expect(held).toMatchObject({ timeZone: ZONE, locale: LOCALE });
  expect(held!.holdId).toMatch(/^hold_/);
  await expect(holdNotice(holder)).toHaveText(`This time is held for you until ${await untilLabel(page, held!.expiresAt!)}.`);
  await expect(page.getByRole("button", { name: "Pay €40" })).toBeVisible();
  await expectNoSeriousViolations(page, "waiting for payment");

  await page.getByRole("button", { name: "Pay €40" }).click();
  await expect(holder.confirmation).toBeVisible();
  const [created] = await widgetEvents(page, "bookora:booking-created");
  const bookingId = String(created?.detail.bookingId);
  const { booking } = await bookingAsHost(bookingId);
  expect(booking).toMatchObject({ status: "confirmed", attendee: { name: "Mary Somerville", email: "mary@example.com" } });
  expect(Date.parse(booking.startUtc)).toBe(Date.parse(slot.start));
  await expect(holder.root.getByText(bookingId, { exact: true })).toBeVisible();
  await expectNoSeriousViolations(page, "the confirmation after the partner's payment");
  await rivalContext.close();
});

test("a visitor who goes back, whose widget leaves the page, or who leaves the page frees the time at once", async ({ page }) => {
  const day = bookingDay("checkoutLeave");
  const slot = (await hostDaySlots(day))[2]!;
  const [time] = await timeLabels(page, [slot.start], LOCALE, HOST.zone);
  const holdAndExpectHeld = async (widget: BookingWidget, list: Awaited<ReturnType<BookingWidget["pickDay"]>>) => {
    await widget.pickTime(list, time!);
    await expect(holdNotice(widget)).toBeVisible();
    expect(await isOffered(day, slot)).toBe(false);
  };

  let widget = await openCheckout(page);
  await holdAndExpectHeld(widget, await widget.pickDay(day));
  await widget.root.getByRole("button", { name: "Back", exact: true }).click();
  await expect.poll(() => isOffered(day, slot), { message: "Back releases the hold" }).toBe(true);

  await holdAndExpectHeld(widget, await widget.slotList(day));
  await widget.root.evaluate((element) => element.remove());
  await expect.poll(() => isOffered(day, slot), { message: "removing the element releases the hold" }).toBe(true);

  widget = await openCheckout(page);
  await holdAndExpectHeld(widget, await widget.pickDay(day));
  await page.goto("about:blank");
  await expect.poll(() => isOffered(day, slot), { message: "leaving the page releases the hold (pagehide, keepalive)" }).toBe(true);
});

test("a visitor who abandons the payment keeps the time held until the hold expires, then it is free again", async ({ page }) => {
  // The one test that waits for an expiry: 60 s, the shortest hold the API allows.
  test.setTimeout(150_000);
  const day = bookingDay("checkoutAbandon");
  const slot = (await hostDaySlots(day))[1]!;
  const [time] = await timeLabels(page, [slot.start], LOCALE, HOST.zone);

  const widget = await openCheckout(page, 60);
  await widget.pickTime(await widget.pickDay(day), time!);
  await widget.fillForm({ name: "Walks Away", email: "away@example.com" });
  await widget.root.getByRole("button", { name: "Continue to payment", exact: true }).click();
  await expect(widget.root.getByRole("heading", { name: "Waiting for payment…" })).toBeVisible();
  await page.goto("about:blank");

  // Handed to the partner's payment, the hold is theirs: leaving does not release it.
  expect(await isOffered(day, slot), "still held after the visitor left").toBe(false);
  await expect.poll(() => isOffered(day, slot), { message: "free again once the hold expired", timeout: 100_000, intervals: [2_000] }).toBe(true);
});

test("the paid booking can be made with the keyboard alone", async ({ page }) => {
  const day = bookingDay("checkoutKeyboard");
  const slot = (await hostDaySlots(day))[0]!;
  const [time] = await timeLabels(page, [slot.start], LOCALE, HOST.zone);
  const widget = await openCheckout(page);
  await expect(widget.grid).not.toHaveAttribute("aria-busy", "true");

  await tabTo(page, widget.grid.locator('[tabindex="0"]'));
  let focused = (await focusedDay(widget, day))!;
  while (focused !== day) {
    const distance = daysBetween(focused, day);
    const key = Math.abs(distance) >= 7 ? (distance > 0 ? "ArrowDown" : "ArrowUp") : distance > 0 ? "ArrowRight" : "ArrowLeft";
    const expected = addDays(focused, key === "ArrowDown" ? 7 : key === "ArrowUp" ? -7 : key === "ArrowRight" ? 1 : -1);
    await page.keyboard.press(key);
    await expect.poll(() => focusedDay(widget, day)).toBe(expected);
    focused = expected;
  }
  await page.keyboard.press("Space");
  await tabTo(page, (await widget.slotList(day)).getByRole("button", { name: time!, exact: true }));
  await page.keyboard.press("Enter");

  await expect.poll(() => hasFocus(widget.field("Name")), { message: "the form takes the focus" }).toBe(true);
  await page.keyboard.type("Ada Keys");
  await tabTo(page, widget.field("Email"));
  await page.keyboard.type("ada.keys@example.com");
  await expect(holdNotice(widget)).toBeVisible();
  await tabTo(page, widget.root.getByRole("button", { name: "Continue to payment", exact: true }));
  await page.keyboard.press("Enter");
  await expect(widget.root.getByRole("heading", { name: "Waiting for payment…" })).toBeFocused();

  // The partner's payment follows the widget in the page's tab order.
  await tabTo(page, page.getByRole("button", { name: "Pay €40" }));
  await page.keyboard.press("Enter");
  await expect(widget.confirmation).toBeFocused();
});
