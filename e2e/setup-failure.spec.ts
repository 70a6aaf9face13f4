/**
 * When the booking type's details cannot be loaded (the widget's first call), the visitor is told,
 * in a live region that screen readers announce, and can ask again without reloading the page. On
 * a page that holds no first load (an embed; the hosted page holds the type, docs/decisions/first-load.md).
 */
import { expectNoSeriousViolations } from "./support/axe";
import { HOST } from "./support/origins";
import { openWidgetWith } from "./support/pages";
import { expect, test } from "./support/test";
import { widgetEvents } from "./support/visitor";

test("a booking type that fails to load is announced, and Try again loads the widget with its times", async ({ page }) => {
  let answered = 0;
  await page.route(
    (url) => url.pathname === "/api/booking-types",
    async (route) => {
      answered += 1;
      if (answered > 1) return route.continue();
      // A 500 is not retried by itself: the visitor decides when to ask again.
      return route.fulfill({
        status: 500,
        contentType: "application/json",
        body: JSON.stringify({ error: { code: "INTERNAL", message: "Something went wrong on our side.", requestId: "e2e-setup" } }),
      });
    },
  );

  const widget = await openWidgetWith(page, { username: HOST.username, "booking-type": HOST.introType }, "en-GB");
  const alert = widget.root.getByRole("alert");
  await expect(alert).toHaveText("Something went wrong on our side.");
  await expect(widget.grid).toHaveCount(0);
  await expectNoSeriousViolations(page, "the setup failure");
  await expect
    .poll(() => widgetEvents(page, "bookora:error"))
    .toEqual([{ type: "bookora:error", target: "bookora-widget", detail: { code: "INTERNAL", message: "Something went wrong on our side." } }]);

  await widget.root.getByRole("button", { name: "Try again", exact: true }).click();

  await expect(widget.root.getByRole("heading", { level: 2, name: "Intro call" })).toBeVisible();
  await expect(widget.grid).not.toHaveAttribute("aria-busy", "true");
  await expect(widget.root.getByRole("list", { name: /^Available times on / })).toBeVisible();
  await expect(alert, "the alert is empty once the details are in").toHaveText("");
  await expect(widget.root.getByRole("button", { name: "Try again", exact: true })).toHaveCount(0);
  expect(answered).toBe(2);
  expect(await page.evaluate(() => document.activeElement?.localName), "focus stays in the widget, not on <body>").toBe("bookora-widget");
});
