/**
 * Accessibility checked by axe-core (WCAG 2.0–2.2 A and AA rules) at every step of a booking on the
 * hosted page and on the front page's live widget, in light and dark mode, and at 320 CSS pixels
 * wide (WCAG 1.4.10 Reflow: no horizontal scrolling). Serious and critical findings fail.
 */
import type { Page } from "@playwright/test";
import { hostDaySlots } from "./support/api";
import { expectNoSeriousViolations } from "./support/axe";
import { bookingDay, lookOnlyWeekday } from "./support/days";
import { HOST } from "./support/origins";
import { openHostedPage } from "./support/pages";
import { expect, test } from "./support/test";
import { timeLabels } from "./support/visitor";
import { BookingWidget } from "./support/widget";

/** Horizontal overflow of the whole page, in CSS pixels beyond the viewport. */
function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth);
}

/** Calendar → times → form on the hosted page, checking after each step. */
async function walkToTheForm(page: Page, check: (step: string) => Promise<void>): Promise<BookingWidget> {
  const day = lookOnlyWeekday(0);
  const widget = await openHostedPage(page, "en-GB");
  await expect(widget.grid).not.toHaveAttribute("aria-busy", "true");
  await check("the calendar");
  const times = await widget.pickDay(day);
  await check("the day's times");
  const [firstTime] = await timeLabels(page, [(await hostDaySlots(day))[0]!.start], "en-GB", HOST.zone);
  await widget.pickTime(times, firstTime!);
  await check("the booking form");
  return widget;
}

test("the hosted page has no serious accessibility violations at any step of a booking", async ({ page }) => {
  const check = (step: string) => expectNoSeriousViolations(page, step);
  await walkToTheForm(page, check);

  // The confirmation needs a real booking, on this spec's own day.
  const day = bookingDay("a11yConfirmation");
  const widget = await openHostedPage(page, "en-GB");
  const slot = (await hostDaySlots(day))[7]!;
  const [time] = await timeLabels(page, [slot.start], "en-GB", HOST.zone);
  await widget.pickTime(await widget.pickDay(day), time!);
  await widget.fillForm({ name: "Margaret Hamilton", email: "margaret@example.com" });
  await widget.confirmButton.click();
  await expect(widget.confirmation).toBeVisible();
  await check("the confirmation");
});

test("the front page with its live widget has no serious accessibility violations", async ({ page }) => {
  await page.goto("/");
  const widget = new BookingWidget(page, "en-GB", page.locator("bookora-widget").first());
  await expect(widget.grid).not.toHaveAttribute("aria-busy", "true");
  await expect(widget.grid.getByRole("button").first()).toBeVisible();
  await expectNoSeriousViolations(page, "the front page");
});

test.describe("in dark mode", () => {
  test.use({ colorScheme: "dark" });

  test("the hosted page has no serious accessibility violations (contrast included)", async ({ page }) => {
    await walkToTheForm(page, (step) => expectNoSeriousViolations(page, `${step} in dark mode`));
  });

  test("the front page has no serious accessibility violations", async ({ page }) => {
    await page.goto("/");
    await expect(new BookingWidget(page, "en-GB", page.locator("bookora-widget").first()).grid).not.toHaveAttribute("aria-busy", "true");
    await expectNoSeriousViolations(page, "the front page in dark mode");
  });
});

test.describe("on a 320-pixel-wide screen", () => {
  test.use({ viewport: { width: 320, height: 720 } });

  test("the hosted page never scrolls sideways and stays accessible", async ({ page }) => {
    await walkToTheForm(page, async (step) => {
      expect(await horizontalOverflow(page), `horizontal overflow on ${step}`).toBeLessThanOrEqual(0);
      await expectNoSeriousViolations(page, `${step} at 320 px`);
    });
  });

  test("the front page never scrolls sideways", async ({ page }) => {
    await page.goto("/");
    await expect(new BookingWidget(page, "en-GB", page.locator("bookora-widget").first()).grid).not.toHaveAttribute("aria-busy", "true");
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  });
});
