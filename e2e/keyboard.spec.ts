import { addDays, addMonths, type CalendarDay, daysBetween, startOfWeek } from "../worker/domain/calendar-days";
import { hostDaySlots } from "./support/api";
import { bookingDay } from "./support/days";
import { focusedDay, tabTo } from "./support/keyboard";
import { HOST } from "./support/origins";
import { openHostedPage } from "./support/pages";
import { expect, test } from "./support/test";
import { monthLabel, timeLabels } from "./support/visitor";
import type { BookingWidget } from "./support/widget";

const LOCALE = "en-GB";

async function press(widget: BookingWidget, key: string, expectedDay: CalendarDay, around: CalendarDay): Promise<void> {
  await widget.page.keyboard.press(key);
  await expect.poll(() => focusedDay(widget, around), { message: `${key} moves focus to ${expectedDay}` }).toBe(expectedDay);
}

test("the whole booking can be made with the keyboard alone, and the day grid moves like a WAI-ARIA date picker", async ({ page }) => {
  const target = bookingDay("keyboard");
  const slot = (await hostDaySlots(target))[0]!;
  const [firstTime] = await timeLabels(page, [slot.start], LOCALE, HOST.zone);

  const widget = await openHostedPage(page, LOCALE);
  await expect(widget.grid).not.toHaveAttribute("aria-busy", "true");
  const dayButtons = widget.grid.getByRole("button");
  await expect(dayButtons.first()).toBeVisible();
  expect(
    await dayButtons.evaluateAll((buttons) => buttons.filter((button) => (button as HTMLElement).tabIndex >= 0).length),
    "exactly one day in the grid is a tab stop",
  ).toBe(1);
  await expect(widget.grid.locator('[tabindex="0"]')).toHaveCount(1);

  // Into the grid with Tab: focus lands on its one tab stop.
  await tabTo(page, widget.grid.locator('[tabindex="0"]'));
  const start = await focusedDay(widget, target);
  expect(start, "the focused day button is named with its full date").not.toBeNull();
  const from = start!;

  await press(widget, "ArrowRight", addDays(from, 1), target);
  await press(widget, "ArrowLeft", from, target);
  await press(widget, "ArrowDown", addDays(from, 7), target);
  await press(widget, "ArrowUp", from, target);

  const nextMonth = addMonths(from, 1);
  await press(widget, "PageDown", nextMonth, target);
  await expect(widget.grid, "PageDown shows the next month").toHaveAccessibleName(await monthLabel(page, nextMonth, LOCALE));
  await press(widget, "PageUp", addMonths(nextMonth, -1), target);
  await expect(widget.grid).toHaveAccessibleName(await monthLabel(page, from, LOCALE));
  await press(widget, "PageDown", nextMonth, target);

  // Home and End on a week wholly inside the month: from the 8th–21st, the week cannot cross months.
  let day = nextMonth;
  const dayOfMonth = (of: CalendarDay) => Number(of.slice(8, 10));
  while (dayOfMonth(day) < 8) {
    day = addDays(day, 7);
    await press(widget, "ArrowDown", day, target);
  }
  while (dayOfMonth(day) > 21) {
    day = addDays(day, -7);
    await press(widget, "ArrowUp", day, target);
  }
  // The first day of the week is Monday in en-GB; a grid that starts its weeks on Sunday is accepted too.
  const monday = startOfWeek(day, 1);
  const sunday = startOfWeek(day, 7);
  await page.keyboard.press("Home");
  await expect
    .poll(async () => [monday, sunday].includes((await focusedDay(widget, target)) ?? ""), { message: `Home goes to the first day of the week of ${day}` })
    .toBe(true);
  const weekStart = (await focusedDay(widget, target))!;
  await press(widget, "End", addDays(weekStart, 6), target);
  day = addDays(weekStart, 6);

  // To the booking day with arrows only; the grid follows across months.
  const distance = daysBetween(day, target);
  for (let i = 0; i < Math.abs(Math.trunc(distance / 7)); i += 1) {
    day = addDays(day, distance < 0 ? -7 : 7);
    await press(widget, distance < 0 ? "ArrowUp" : "ArrowDown", day, target);
  }
  while (day !== target) {
    const back = daysBetween(day, target) < 0;
    day = addDays(day, back ? -1 : 1);
    await press(widget, back ? "ArrowLeft" : "ArrowRight", day, target);
  }

  await page.keyboard.press("Space");
  const times = await widget.slotList(target);
  await expect(times, "Space selects the day").toBeVisible();
  await expect.poll(() => widget.isSelected(target), { message: "the day is marked selected" }).toBe(true);

  const firstSlot = times.getByRole("button", { name: firstTime!, exact: true });
  await tabTo(page, firstSlot);
  await page.keyboard.press("Enter");

  await tabTo(page, widget.field("Name"));
  await page.keyboard.type("Alan Turing");
  await tabTo(page, widget.field("Email"));
  await page.keyboard.type("alan@example.com");
  await tabTo(page, widget.field("Notes"));
  await page.keyboard.type("Booked without a mouse");
  await tabTo(page, widget.confirmButton);
  await page.keyboard.press("Enter");

  await expect(widget.confirmation).toBeVisible();
});
