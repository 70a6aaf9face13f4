/**
 * Popup and floating modes (design-embed.md "Display modes"): the widget is a button that opens the
 * calendar in a modal dialog. A keyboard-only visitor books through it and gets the focus back where
 * they started; a page's own button opens it too; Escape, the close button and the backdrop close it;
 * the page behind does not scroll; nothing is asked of the API before the visitor comes near the
 * button; a time held in the dialog stays held while it is closed; axe finds nothing with the dialog open.
 */
import AxeBuilder from "@axe-core/playwright";
import type { Locator, Page } from "@playwright/test";
import { addDays, type CalendarDay, daysBetween } from "../worker/domain/calendar-days";
import { hostDaySlots, offers } from "./support/api";
import { bookingDay } from "./support/days";
import { focusedDay, hasFocus, tabTo } from "./support/keyboard";
import { HOST, WORKER_ORIGIN } from "./support/origins";
import { expect, test } from "./support/test";
import { timeLabels } from "./support/visitor";
import { BookingWidget } from "./support/widget";

const LOCALE = "en-GB";

/**
 * A partner's page (same origin, served by intercepting one URL) with a button of its own before the
 * widget and enough content after it to scroll.
 */
async function openPartnerPage(page: Page, widgetAttributes: string, options: { madeByScript?: boolean } = {}): Promise<BookingWidget> {
  const url = `${WORKER_ORIGIN}/__e2e__/dialog-modes.html`;
  const widgetHtml = `<bookora-widget id="booker" username="${HOST.username}" booking-type="${HOST.introType}" ${widgetAttributes}></bookora-widget>`;
  // As a framework makes it: the element first, its attributes after its constructor, then into the page.
  const widgetScript = `<script type="module">
  const template = document.createElement("template");
  template.innerHTML = ${JSON.stringify(widgetHtml)};
  const widget = document.createElement("bookora-widget");
  for (const { name, value } of template.content.firstElementChild.attributes) widget.setAttribute(name, value);
  document.querySelector("#place").replaceWith(widget);
</script>`;
  await page.route(url, (route) =>
    route.fulfill({
      contentType: "text/html; charset=utf-8",
      body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Acme</title>
<script type="module" src="${WORKER_ORIGIN}/widget.js"></script></head>
<body><main><h1>Acme</h1>
<p><button type="button" data-bookora-open="booker">Book a demo</button></p>
${options.madeByScript ? `<span id="place"></span>${widgetScript}` : widgetHtml}
<p style="height: 3000px">The rest of the page.</p>
</main></body></html>`,
    }),
  );
  // bookora:open and bookora:close, as the page hears them (they bubble out of the shadow root).
  await page.addInitScript(() => {
    const heard: string[] = [];
    (window as unknown as { __dialogEvents: string[] }).__dialogEvents = heard;
    for (const type of ["bookora:open", "bookora:close"]) {
      document.addEventListener(type, (event) => heard.push(`${type} ${JSON.stringify((event as CustomEvent).detail)}`));
    }
  });
  await page.goto(url);
  return new BookingWidget(page, LOCALE);
}

const dialogEvents = (page: Page) => page.evaluate(() => (window as unknown as { __dialogEvents: string[] }).__dialogEvents);

const trigger = (page: Page) => page.getByRole("button", { name: "Book a meeting", exact: true });
const dialog = (page: Page) => page.getByRole("dialog", { name: "Book a meeting" });

async function expectFocused(target: Locator, message: string): Promise<void> {
  await expect.poll(() => hasFocus(target), { message }).toBe(true);
}

/** In the open dialog, with the keyboard only: to `day` by arrows, its time `time`, the form, Confirm. */
async function bookWithKeyboard(page: Page, widget: BookingWidget, day: CalendarDay, time: string, name: string): Promise<void> {
  await expect(widget.grid).not.toHaveAttribute("aria-busy", "true");
  await tabTo(page, widget.grid.locator('[tabindex="0"]'));
  let at = (await focusedDay(widget, day))!;
  expect(at, "a day of the grid has the focus").not.toBeNull();
  while (at !== day) {
    const distance = daysBetween(at, day);
    const step = Math.abs(distance) >= 7 ? 7 : 1;
    const next = addDays(at, distance < 0 ? -step : step);
    await page.keyboard.press(step === 7 ? (distance < 0 ? "ArrowUp" : "ArrowDown") : distance < 0 ? "ArrowLeft" : "ArrowRight");
    await expect.poll(() => focusedDay(widget, day), { message: `the focus moves to ${next}` }).toBe(next);
    at = next;
  }
  await page.keyboard.press("Space");
  const times = await widget.slotList(day);
  await expect(times).toBeVisible();
  await tabTo(page, times.getByRole("button", { name: time, exact: true }));
  await page.keyboard.press("Enter");
  await tabTo(page, widget.field("Name"));
  await page.keyboard.type(name);
  await tabTo(page, widget.field("Email"));
  await page.keyboard.type("keyboard@example.com");
  await tabTo(page, widget.confirmButton);
  await page.keyboard.press("Enter");
  await expect(widget.confirmation).toBeVisible();
}

/** A time of the spec's own day, by index among the host's free slots, as the visitor's button names it. */
async function timeOfTheDay(page: Page, index: number): Promise<{ day: CalendarDay; time: string }> {
  const day = bookingDay("dialogKeyboard");
  const slots = await hostDaySlots(day);
  const slot = index < 0 ? slots.at(index)! : slots[index]!;
  const [time] = await timeLabels(page, [slot.start], LOCALE, HOST.zone);
  return { day, time: time! };
}

test.describe("popup mode", () => {
  test("with the keyboard only: Tab to the button, Enter opens the dialog with the focus inside, a booking, Escape closes it and the focus is back on the button", async ({
    page,
  }) => {
    const { day, time } = await timeOfTheDay(page, 0);
    const widget = await openPartnerPage(page, 'mode="popup"');
    await tabTo(page, trigger(page));
    await expect(dialog(page)).toBeHidden();

    await page.keyboard.press("Enter");
    await expect(dialog(page)).toBeVisible();
    await expectFocused(dialog(page).getByRole("button", { name: "Close", exact: true }), "the focus moves into the dialog, on its close button");
    await expect.poll(() => dialogEvents(page)).toEqual(["bookora:open {}"]);

    await bookWithKeyboard(page, widget, day, time, "Popup Keyboard");

    await page.keyboard.press("Escape");
    await expect(dialog(page)).toBeHidden();
    await expectFocused(trigger(page), "the focus is back on the button that opened the dialog");
    await expect.poll(() => dialogEvents(page)).toEqual(["bookora:open {}", "bookora:close {}"]);
  });

  test("a page's own data-bookora-open button opens it, a booking is made in it, a click on the backdrop closes it and the focus is back on the page's button; the page does not scroll while it is open", async ({
    page,
  }) => {
    const { day, time } = await timeOfTheDay(page, 2);
    const widget = await openPartnerPage(page, 'mode="popup"');
    await expect(trigger(page)).toBeVisible();
    await page.evaluate(() => window.scrollTo(0, 100));
    const pageButton = page.getByRole("button", { name: "Book a demo", exact: true });

    await pageButton.click();
    await expect(dialog(page)).toBeVisible();
    await expectFocused(dialog(page).getByRole("button", { name: "Close", exact: true }), "the focus moves into the dialog");

    const scrolledTo = await page.evaluate(() => window.scrollY);
    await page.mouse.move(5, 5);
    await page.mouse.wheel(0, 600);
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => window.scrollY), "the wheel does not scroll the page behind the dialog").toBe(scrolledTo);

    await bookWithKeyboard(page, widget, day, time, "Page Button");

    // The top-left corner is the backdrop: the dialog sits in the middle of the viewport.
    await page.mouse.click(5, 5);
    await expect(dialog(page)).toBeHidden();
    await expectFocused(pageButton, "the focus is back on the page's button");

    await page.mouse.wheel(0, 600);
    await expect.poll(() => page.evaluate(() => window.scrollY), { message: "the page scrolls again once the dialog is closed" }).toBeGreaterThan(scrolledTo);
  });

  test("the close button, open() and close(), and removing the element while open, which gives the page its scrolling back", async ({ page }) => {
    await openPartnerPage(page, 'mode="popup"');
    await expect(trigger(page)).toBeVisible();
    const element = page.locator("bookora-widget");
    const pageOverflow = () => page.evaluate(() => getComputedStyle(document.documentElement).overflow);

    await element.evaluate((widget) => (widget as HTMLElement & { open(): void }).open());
    await expect(dialog(page)).toBeVisible();
    await dialog(page).getByRole("button", { name: "Close", exact: true }).click();
    await expect(dialog(page)).toBeHidden();

    await element.evaluate((widget) => (widget as HTMLElement & { open(): void }).open());
    await expect(dialog(page)).toBeVisible();
    await element.evaluate((widget) => (widget as HTMLElement & { close(): void }).close());
    await expect(dialog(page)).toBeHidden();
    expect(await dialogEvents(page)).toEqual(["bookora:open {}", "bookora:close {}", "bookora:open {}", "bookora:close {}"]);

    await trigger(page).click();
    await expect(dialog(page)).toBeVisible();
    expect(await pageOverflow(), "the page's scrolling is locked while the dialog is open").toBe("hidden");
    await element.evaluate((widget) => widget.remove());
    expect(await pageOverflow(), "removing the open widget gives the page its scrolling back").toBe("visible");
  });

  test("with hold: the time picked in the dialog is held, closing the dialog keeps the hold, and the form is there with it when the visitor comes back to book", async ({
    page,
  }) => {
    const day = bookingDay("dialogKeyboard");
    const slot = (await hostDaySlots(day))[4]!;
    const [time] = await timeLabels(page, [slot.start], LOCALE, HOST.zone);
    const isOffered = async () => offers(await hostDaySlots(day), slot);
    const holdNotice = (widget: BookingWidget) => widget.root.getByRole("status").filter({ hasText: /held for you until/ });
    const widget = await openPartnerPage(page, 'mode="popup" hold');

    await trigger(page).click();
    await widget.pickTime(await widget.pickDay(day), time!);
    await expect(holdNotice(widget)).toBeVisible();
    expect(await isOffered(), "the time picked in the dialog is held").toBe(false);

    await page.keyboard.press("Escape");
    await expect(dialog(page)).toBeHidden();
    expect(await isOffered(), "closing the dialog keeps the hold").toBe(false);

    await trigger(page).click();
    await expect(holdNotice(widget), "back in the dialog: the form, with its hold").toBeVisible();
    await widget.fillForm({ name: "Grace Hopper", email: "grace@example.com" });
    await widget.confirmButton.click();
    await expect(widget.confirmation).toBeVisible();
  });

  for (const madeByScript of [false, true]) {
    test(`asks the API nothing until the visitor points at the button, then loads the calendar (an element ${madeByScript ? "made by script" : "in the page's HTML"})`, async ({
      page,
    }) => {
      const apiRequests: string[] = [];
      page.on("request", (request) => {
        if (new URL(request.url()).pathname.startsWith("/api/")) apiRequests.push(request.url());
      });
      const widget = await openPartnerPage(page, 'mode="popup"', { madeByScript });
      await expect(trigger(page)).toBeVisible();
      // Long enough for what an inline widget asks as it is upgraded to have left.
      await page.waitForLoadState("networkidle");
      expect(apiRequests, "no API request before the visitor comes near the button").toEqual([]);

      await trigger(page).hover();
      await expect.poll(() => apiRequests.some((url) => url.includes("/api/booking-types?")), { message: "hovering loads the booking type" }).toBe(true);
      await trigger(page).click();
      await expect(widget.grid).not.toHaveAttribute("aria-busy", "true");
    });
  }
});

test.describe("floating mode", () => {
  test("the button sits in the chosen corner of the viewport; with the keyboard only: open, book, Escape, focus back on the button", async ({ page }) => {
    const { day, time } = await timeOfTheDay(page, -1);
    const widget = await openPartnerPage(page, 'mode="floating" position="bottom-left"');
    await expect(trigger(page)).toBeVisible();
    const viewport = page.viewportSize()!;
    const box = (await trigger(page).boundingBox())!;
    expect(box.x, "near the left edge").toBeLessThan(40);
    expect(viewport.height - (box.y + box.height), "near the bottom edge").toBeLessThan(40);
    await page.evaluate(() => window.scrollTo(0, 1000));
    expect((await trigger(page).boundingBox())!.y, "fixed to the viewport, not the page").toBeCloseTo(box.y, 0);

    await tabTo(page, trigger(page));
    await page.keyboard.press("Enter");
    await expect(dialog(page)).toBeVisible();
    await expectFocused(dialog(page).getByRole("button", { name: "Close", exact: true }), "the focus moves into the dialog");

    await bookWithKeyboard(page, widget, day, time, "Floating Keyboard");

    await page.keyboard.press("Escape");
    await expect(dialog(page)).toBeHidden();
    await expectFocused(trigger(page), "the focus is back on the floating button");
  });
});

/** WCAG 2.0–2.2 A and AA, every impact. */
async function expectNoViolations(page: Page, step: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  const found = results.violations.map(
    (violation) => `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => node.target.join(" >>> ")).join(", ")}`,
  );
  expect(found, `axe on ${step}`).toEqual([]);
}

for (const mode of ["popup", "floating"]) {
  test(`axe finds no violations with the ${mode} dialog open on its calendar`, async ({ page }) => {
    const widget = await openPartnerPage(page, `mode="${mode}"`);
    await expectNoViolations(page, `the ${mode} button`);
    await trigger(page).click();
    await expect(dialog(page)).toBeVisible();
    await expect(widget.grid).not.toHaveAttribute("aria-busy", "true");
    await expect(widget.grid.getByRole("button").first()).toBeVisible();
    await expectNoViolations(page, `the ${mode} dialog`);
  });
}
