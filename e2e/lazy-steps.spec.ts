/**
 * The form's code is a lazy chunk (widget/lazy-steps.ts): fetched once the times show, without a
 * time being picked; when it cannot be fetched, the visitor is told so and keeps the times, and
 * picking a time again fetches it and books.
 */
import { hostDaySlots } from "./support/api";
import { bookingDay } from "./support/days";
import { HOST } from "./support/origins";
import { openHostedPage } from "./support/pages";
import { expect, test } from "./support/test";
import { timeLabels, widgetEvents } from "./support/visitor";

test("a form whose code cannot be fetched is announced with the times kept, and picking the time again books", async ({ page }) => {
  let offline = true;
  const fetches: string[] = [];
  await page.route(
    (url) => url.pathname.startsWith("/widget-chunks/"),
    (route) => {
      fetches.push(route.request().url());
      return offline ? route.abort("internetdisconnected") : route.continue();
    },
  );
  const widget = await openHostedPage(page, "en-GB");
  const day = bookingDay("lazyStepsFailed");
  const [time] = await timeLabels(page, [(await hostDaySlots(day))[3]!.start], "en-GB", HOST.zone);
  const list = await widget.pickDay(day);
  await expect.poll(() => fetches.length, { message: "the chunk is asked for once the times show, before any time is picked" }).toBeGreaterThan(0);

  const timeButton = list.getByRole("button", { name: time, exact: true });
  await timeButton.click();
  await expect(widget.root.getByRole("alert")).toHaveText("The booking form could not be loaded. Check your connection and try again.");
  await expect(timeButton, "the times stay, and the picked time keeps the focus").toBeFocused();
  await expect(widget.field("Name")).toHaveCount(0);

  offline = false;
  const asked = fetches.length;
  await widget.pickTime(list, time!);
  expect(fetches.length, "picking again fetched the chunk again").toBeGreaterThan(asked);
  await expect(widget.field("Name"), "the form takes the focus as it appears").toBeFocused();
  await expect(widget.root.getByRole("alert")).toHaveText("");
  await widget.fillForm({ name: "Grace Hopper", email: "grace@example.com" });
  await widget.confirmButton.click();
  await expect(widget.confirmation).toBeVisible();
  await expect.poll(() => widgetEvents(page, "bookora:booking-created")).toHaveLength(1);
});
