/**
 * Someone else books the visitor's time while they are typing: the widget must say so, show the
 * remaining times, and keep everything the visitor typed.
 */
import { bookPublicly, hostDaySlots } from "./support/api";
import { bookingDay } from "./support/days";
import { HOST } from "./support/origins";
import { openHostedPage } from "./support/pages";
import { expect, test } from "./support/test";
import { timeLabels } from "./support/visitor";

test("a time taken while the visitor types is reported as just taken, the times refresh, and the form keeps what was typed", async ({ page }) => {
  const day = bookingDay("slotTaken");
  const free = await hostDaySlots(day);
  const wanted = free[5]!;
  const [wantedTime] = await timeLabels(page, [wanted.start], "en-GB", HOST.zone);
  const typed = { name: "Grace Hopper", email: "grace@example.com", notes: "Compilers, please" };

  const widget = await openHostedPage(page, "en-GB");
  const times = await widget.pickDay(day);
  await widget.pickTime(times, wantedTime!);
  await widget.fillForm(typed);

  const rival = await bookPublicly(wanted, { name: "Someone Else", email: "else@example.com" });
  expect(rival.status, "the rival booking went through first").toBe(201);
  await widget.confirmButton.click();

  await expect(widget.messages.filter({ hasText: /just taken/i }).first()).toBeAttached();
  await expect(widget.confirmation).toHaveCount(0);

  const stillFree = await hostDaySlots(day);
  const stillFreeTimes = await timeLabels(
    page,
    stillFree.map((slot) => slot.start),
    "en-GB",
    HOST.zone,
  );
  expect(stillFreeTimes).not.toContain(wantedTime);
  await widget.expectTimes(await widget.slotList(day), stillFreeTimes);

  // Choosing another time brings the form back with what was typed.
  await widget.pickTime(await widget.slotList(day), stillFreeTimes[5]!);
  await expect(widget.field("Name")).toHaveValue(typed.name);
  await expect(widget.field("Email")).toHaveValue(typed.email);
  await expect(widget.field("Notes")).toHaveValue(typed.notes);
  await widget.confirmButton.click();
  await expect(widget.confirmation).toBeVisible();
});
