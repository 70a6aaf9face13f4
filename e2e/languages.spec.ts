/**
 * The visitor's language (design-embed.md "Language"): a browser in German books on the hosted page
 * and reads German only, from the page's heading to the confirmation (no English string of the
 * tables anywhere on screen or in an accessible name); a browser in Arabic gets the page and the
 * widget right to left, the day grid's arrow keys too.
 */
import type { Locator, Page } from "@playwright/test";
import { addDays } from "../worker/domain/calendar-days";
import { enPages } from "../worker/locales/en/pages";
import { enSteps } from "../worker/locales/en/steps";
import { en } from "../worker/locales/en/widget";
import { fill } from "../worker/locales/format";
import { WIDGET_TABLES } from "../worker/locales/tables";
import { hostDaySlots } from "./support/api";
import { bookingDay } from "./support/days";
import { englishFragments, shownText } from "./support/english-fragments";
import { tabTo } from "./support/keyboard";
import { HOST } from "./support/origins";
import { HOSTED_PAGE } from "./support/pages";
import { expect, test } from "./support/test";
import { fullDateLabel, timeLabels } from "./support/visitor";

const de = WIDGET_TABLES.de;
const VISITOR = { locale: "de-DE", zone: "Europe/Berlin" };

/** English showing through on this page: englishFragments (support/english-fragments.ts) of its tables. */
const englishOnPage = () =>
  englishFragments([
    [{ ...en, ...enSteps }, de],
    [enPages, {}],
  ]);

async function expectNoEnglish(page: Page, widget: Locator, step: string) {
  const shown = await shownText(page, widget);
  const english = englishOnPage().filter((fragment) => shown.includes(fragment));
  expect(english, `English on screen at ${step}`).toEqual([]);
}

test.describe("a visitor whose browser speaks German", () => {
  test.use({ locale: VISITOR.locale, timezoneId: VISITOR.zone });

  test("books on the hosted page and reads German only, with lang=de on the widget", async ({ page }) => {
    const day = bookingDay("germanVisitor");
    const slot = (await hostDaySlots(day))[0]!;
    const [time] = await timeLabels(page, [slot.start], VISITOR.locale, VISITOR.zone);
    const dayName = await fullDateLabel(page, day, VISITOR.locale);

    const localeFetches: string[] = [];
    page.on("request", (request) => {
      if (request.url().includes("/widget-chunks/locale-")) localeFetches.push(request.url());
    });
    await page.goto(HOSTED_PAGE);
    const widget = page.locator("bookora-widget");
    await expect(page.locator("html")).toHaveAttribute("lang", "de");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Intro call mit ${HOST.name}`);
    await expect(page.locator("footer")).toHaveText("Terminplanung mit Bookora");
    // German's strings are fetched beside /widget.js, not after it has run.
    await expect(page.locator('link[rel="modulepreload"][href^="/widget-chunks/locale-de-"]')).toHaveCount(1);
    await expect(widget.getByRole("button", { name: de.nextMonth, exact: true })).toBeVisible();
    expect(localeFetches, "German's chunk fetched once (the preload is what the widget imports), no other language's").toEqual([
      expect.stringMatching(/\/widget-chunks\/locale-de-[\w-]+\.js$/),
    ]);
    const top = widget.locator(".widget");
    await expect(top).toHaveAttribute("lang", "de");
    await expect(top).toHaveAttribute("dir", "ltr");

    // The first step: the month, the first free day's times, and the zone picker once it is in.
    // The header is in German too, though hidden under the page's own heading (hide-header).
    await expect(widget.getByText(fill(de.durationWithHost, { duration: "30 Min.", host: HOST.name }))).toBeAttached();
    await expect(widget.getByRole("button", { name: de.nextMonth, exact: true })).toBeVisible();
    await expect(widget.getByLabel(de.timeZone, { exact: true })).toHaveValue(VISITOR.zone);
    await expect(widget.getByRole("grid")).not.toHaveAttribute("aria-busy", "true");
    await expectNoEnglish(page, widget, "the times");

    // Searching the zones says how many match, in German.
    await widget.getByLabel(de.searchZones, { exact: true }).fill("berlin");
    await expect(widget.getByText("1 Zeitzone gefunden")).toBeVisible();
    await expectNoEnglish(page, widget, "the zone search");
    await widget.getByLabel(de.searchZones, { exact: true }).fill("");

    // The day, found by its German name, a month ahead if need be.
    const dayButton = widget.getByRole("grid").getByRole("button", { name: dayName, exact: true });
    for (let step = 0; step < 3 && !(await dayButton.isVisible()); step += 1) {
      await widget.getByRole("button", { name: de.nextMonth, exact: true }).click();
    }
    await dayButton.click();
    const times = widget.getByRole("list", { name: fill(de.timesOn, { date: dayName }), exact: true });
    await times.getByRole("button", { name: time, exact: true }).click();

    // The form.
    await expect(widget.getByLabel(de.name, { exact: true })).toBeFocused();
    await widget.getByLabel(de.name, { exact: true }).fill("Johanna Schmidt");
    await widget.getByLabel(de.email, { exact: true }).fill("johanna@example.com");
    await widget.getByLabel(de.notes, { exact: true }).fill("Bitte per Video.");
    await expect(widget.getByRole("button", { name: de.back, exact: true })).toBeVisible();
    await expectNoEnglish(page, widget, "the form");

    await widget.getByRole("button", { name: de.confirmBooking, exact: true }).click();
    await expect(widget.getByRole("heading", { name: de.bookingConfirmed, exact: true })).toBeVisible();
    await expect(widget.getByText(fill(de.yourTime, { zone: VISITOR.zone }))).toBeVisible();
    await expect(widget.getByText(fill(de.hostTime, { zone: HOST.zone }))).toBeVisible();
    await expect(widget.getByRole("list", { name: de.addToCalendar, exact: true })).toBeVisible();
    await expect(widget.getByRole("status")).toHaveText(de.booked);
    await expectNoEnglish(page, widget, "the confirmation");

    // Book another time: back to German times.
    await widget.getByRole("button", { name: de.bookAnother, exact: true }).click();
    await expect(widget.getByRole("grid")).toBeVisible();
    await expectNoEnglish(page, widget, "the times again");
  });

  test("the check sees English when a string is English (a widget told locale=en on the same page)", async ({ page }) => {
    await page.goto(HOSTED_PAGE);
    const widget = page.locator("bookora-widget");
    await expect(widget.getByRole("button", { name: de.nextMonth, exact: true })).toBeVisible();
    await widget.evaluate((element) => element.setAttribute("locale", "en"));
    await expect(widget.getByRole("button", { name: en.nextMonth, exact: true })).toBeVisible();
    await expect(expectNoEnglish(page, widget, "a widget switched to English")).rejects.toThrow(/Next month/);
  });
});

test.describe("a visitor whose browser speaks Arabic", () => {
  test.use({ locale: "ar", timezoneId: "Asia/Dubai" });

  test("gets the hosted page and the widget right to left, in Arabic", async ({ page }) => {
    await page.goto(HOSTED_PAGE);
    await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
    await expect(page.locator("html")).toHaveAttribute("lang", "ar");
    const widget = page.locator("bookora-widget");
    const top = widget.locator(".widget");
    await expect(top).toHaveAttribute("lang", "ar");
    await expect(top).toHaveAttribute("dir", "rtl");
    const ar = WIDGET_TABLES.ar;
    await expect(widget.getByRole("button", { name: ar.nextMonth, exact: true })).toBeVisible();
    await expect(widget.getByLabel(ar.timeZone, { exact: true })).toBeVisible();
    // Laid out right to left: the previous month's button is on the right, the next month's on the left.
    const previous = await widget.getByRole("button", { name: ar.previousMonth, exact: true }).boundingBox();
    const next = await widget.getByRole("button", { name: ar.nextMonth, exact: true }).boundingBox();
    expect(previous!.x).toBeGreaterThan(next!.x);
    // A week's next day sits to the left of the day before (the second row is a full week).
    const week = widget.getByRole("grid").locator("tbody tr").nth(1).locator("button[data-day]");
    expect((await week.nth(1).boundingBox())!.x).toBeLessThan((await week.nth(0).boundingBox())!.x);

    // The arrow keys follow the layout: left is the next day, right the day before.
    const grid = widget.getByRole("grid");
    await expect(grid).not.toHaveAttribute("aria-busy", "true");
    const tabbable = grid.locator('button[tabindex="0"]');
    const day = (await tabbable.getAttribute("data-day"))!;
    await tabbable.focus();
    await page.keyboard.press("ArrowLeft");
    await expect(grid.locator(`button[data-day="${addDays(day, 1)}"]`)).toBeFocused();
    await page.keyboard.press("ArrowRight");
    await expect(grid.locator(`button[data-day="${day}"]`)).toBeFocused();
  });

  test("books with the keyboard alone: arrows that follow the reading direction to the day, Space, Tab, Enter", async ({ page }) => {
    const ar = WIDGET_TABLES.ar;
    const target = bookingDay("arabicKeyboard");
    const slot = (await hostDaySlots(target))[0]!;
    const [time] = await timeLabels(page, [slot.start], "ar", "Asia/Dubai");
    await page.goto(HOSTED_PAGE);
    const widget = page.locator("bookora-widget");
    const grid = widget.getByRole("grid");
    await expect(grid).not.toHaveAttribute("aria-busy", "true");

    await tabTo(page, grid.locator('button[tabindex="0"]'));
    const focusedDay = async () => (await grid.locator("button:focus").getAttribute("data-day")) ?? "";
    // PageDown to the target's month, then a week at a time, then a day at a time: in Arabic the
    // next day is to the left (ArrowLeft), the day before to the right.
    while ((await focusedDay()).slice(0, 7) < target.slice(0, 7)) await page.keyboard.press("PageDown");
    for (let day = await focusedDay(); day !== target; day = await focusedDay()) {
      const weeks = Math.trunc((Date.parse(target) - Date.parse(day)) / (7 * 86_400_000));
      await page.keyboard.press(weeks > 0 ? "ArrowDown" : weeks < 0 ? "ArrowUp" : day < target ? "ArrowLeft" : "ArrowRight");
    }
    await page.keyboard.press("Space");

    const times = widget.getByRole("list", { name: fill(ar.timesOn, { date: await fullDateLabel(page, target, "ar") }), exact: true });
    await tabTo(page, times.getByRole("button", { name: time!, exact: true }));
    await page.keyboard.press("Enter");
    await tabTo(page, widget.getByLabel(ar.name, { exact: true }));
    await page.keyboard.type("ليلى أحمد");
    await tabTo(page, widget.getByLabel(ar.email, { exact: true }));
    await page.keyboard.type("layla@example.com");
    await tabTo(page, widget.getByRole("button", { name: ar.confirmBooking, exact: true }));
    await page.keyboard.press("Enter");
    await expect(widget.getByRole("heading", { name: ar.bookingConfirmed, exact: true })).toBeVisible();
  });
});
