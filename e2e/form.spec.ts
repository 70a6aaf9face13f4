/**
 * The steps around the booking form: what the page shows while times load, the form prefilled
 * from the element's attributes, and going back to the times without losing what was typed.
 */
import { hostDaySlots } from "./support/api";
import { lookOnlyWeekday } from "./support/days";
import { HOST } from "./support/origins";
import { holdAvailability, openWidgetWith } from "./support/pages";
import { expect, test } from "./support/test";
import { timeLabels } from "./support/visitor";

test("while the first times load, a placeholder holds the widget's place from its first frame; the calendar comes with its times", async ({ page }) => {
  const release = await holdAvailability(page);
  // What the widget's shadow root holds at the first frame painted after the element is defined:
  // never nothing, which would collapse the space the page keeps for it (README's embed example).
  await page.addInitScript(() => {
    void customElements.whenDefined("bookora-widget").then(() =>
      requestAnimationFrame(() => {
        const root = document.querySelector("bookora-widget")?.shadowRoot;
        Object.assign(window, { atFirstFrame: root?.querySelectorAll(".skeleton").length ?? -1 });
      }),
    );
  });
  // An embed: the hosted page holds its first month in its HTML, so it has nothing to wait for.
  const widget = await openWidgetWith(page, { username: HOST.username, "booking-type": HOST.introType }, "en-GB");
  const placeholders = widget.root.locator(".skeleton");
  await expect(placeholders.first()).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { atFirstFrame: number }).atFirstFrame), "a placeholder in the first frame").toBeGreaterThan(0);
  expect(
    await placeholders.evaluateAll((elements) => elements.every((element) => element.closest('[aria-hidden="true"]') !== null)),
    "hidden from assistive technology",
  ).toBe(true);
  await expect(widget.grid, "no calendar before its times").toHaveCount(0);

  release();
  await expect(widget.grid).toHaveAttribute("aria-busy", "false");
  await expect(widget.firstTime).toBeVisible();
  await expect(placeholders).toHaveCount(0);
});

test("a month paged to while its times load: the calendar marked busy, placeholders for its times", async ({ page }) => {
  const widget = await openWidgetWith(page, { username: HOST.username, "booking-type": HOST.introType }, "en-GB");
  await expect(widget.grid).toHaveAttribute("aria-busy", "false");
  // The next month was fetched as the first was shown; the one after it leaves as the visitor pages
  // to the next, and is held, whichever month the first free day was in.
  const release = await holdAvailability(page);
  await widget.nextMonthButton.click();
  await widget.nextMonthButton.click();

  await expect(widget.grid).toHaveAttribute("aria-busy", "true");
  const placeholders = widget.root.locator(".skeleton");
  await expect(placeholders.first()).toBeVisible();
  expect(
    await placeholders.evaluateAll((elements) => elements.every((element) => element.closest('[aria-hidden="true"]') !== null)),
    "hidden from assistive technology",
  ).toBe(true);
  await expect(widget.root.getByRole("list", { name: "Loading available times" })).toHaveAttribute("aria-busy", "true");

  release();
  await expect(widget.grid).toHaveAttribute("aria-busy", "false");
  await expect(placeholders).toHaveCount(0);
});

test("the name and email attributes prefill the form, and Back returns to the times keeping what was typed", async ({ page }) => {
  const day = lookOnlyWeekday(1);
  const [time] = await timeLabels(page, [(await hostDaySlots(day))[2]!.start], "en-GB", HOST.zone);
  const widget = await openWidgetWith(
    page,
    { username: HOST.username, "booking-type": HOST.introType, name: "Mary Jackson", email: "mary@example.com" },
    "en-GB",
  );

  const times = await widget.pickDay(day);
  await widget.pickTime(times, time!);
  await expect(widget.field("Name")).toHaveValue("Mary Jackson");
  await expect(widget.field("Email")).toHaveValue("mary@example.com");
  await widget.field("Notes").fill("Wind tunnels");

  await widget.root.getByRole("button", { name: "Back", exact: true }).click();
  await expect(await widget.slotList(day)).toBeVisible();
  await widget.pickTime(await widget.slotList(day), time!);
  await expect(widget.field("Name")).toHaveValue("Mary Jackson");
  await expect(widget.field("Notes")).toHaveValue("Wind tunnels");
});
