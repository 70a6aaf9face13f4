/**
 * The manage page in the visitor's language (design.md "Manage page", design-embed.md "Language"):
 * a browser in German gets German's strings as one chunk of /manage.js, which the page's HTML
 * preloads (one fetch, no other language's); until it is in, the page shows its skeleton, never
 * English; then the booking, its buttons, the reschedule calendar and "cancel it?" read German only.
 */
import type { Locator, Page } from "@playwright/test";
import { enManage } from "../worker/locales/en/manage";
import { enPages } from "../worker/locales/en/pages";
import { enSteps } from "../worker/locales/en/steps";
import { en } from "../worker/locales/en/widget";
import { fill } from "../worker/locales/format";
import { MANAGE_TABLES, PAGE_TABLES } from "../worker/locales/tables";
import { bookPublicly, hostDaySlots } from "./support/api";
import { bookingDay } from "./support/days";
import { englishFragments, shownText } from "./support/english-fragments";
import { HOST } from "./support/origins";
import { expect, test } from "./support/test";

const de = MANAGE_TABLES.de;

/** English showing through on this page: englishFragments (support/english-fragments.ts) of its tables. */
const englishOnPage = () =>
  englishFragments([
    [{ ...en, ...enSteps, ...enManage }, de],
    [enPages, PAGE_TABLES.de],
  ]);

async function expectNoEnglish(page: Page, manage: Locator, step: string) {
  const shown = await shownText(page, manage);
  expect(
    englishOnPage().filter((fragment) => shown.includes(fragment)),
    `English on screen at ${step}`,
  ).toEqual([]);
}

test.describe("an attendee whose browser speaks German", () => {
  test.use({ locale: "de-DE", timezoneId: "Europe/Berlin" });

  test("gets the manage page's German strings in one preloaded chunk, a skeleton until they are in, and German only after", async ({ page }) => {
    const [slot] = await hostDaySlots(bookingDay("manageGerman"));
    const { body } = await bookPublicly(slot!, { name: "Johanna Schmidt", email: "johanna@example.com" });

    const localeFetches: string[] = [];
    page.on("request", (request) => {
      if (request.url().includes("/manage-chunks/locale-")) localeFetches.push(request.url());
    });
    // German's chunk held back until the booking is in: what shows meanwhile is what a slow network shows.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route("**/manage-chunks/locale-*", async (route) => {
      await held;
      await route.continue();
    });
    const bookingRead = page.waitForResponse((response) => response.url().includes("/api/bookings/"));
    await page.goto(body.manageUrl!, { waitUntil: "commit" });
    await expect(page.locator('link[rel="modulepreload"][href^="/manage-chunks/locale-de-"]')).toHaveCount(1);
    await bookingRead;

    const manage = page.locator("bookora-manage");
    await expect(manage.locator('[aria-busy="true"]')).toBeVisible();
    await expect(manage.getByRole("heading")).toHaveCount(0);
    await expect(manage.getByRole("button")).toHaveCount(0);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(PAGE_TABLES.de.manageHeading);
    await expectNoEnglish(page, manage, "the skeleton, German's strings still on their way");

    release();
    const reschedule = manage.getByRole("button", { name: de.reschedule, exact: true });
    await expect(reschedule).toBeVisible();
    await expect(manage.getByRole("heading", { name: fill(de.titleWithHost, { title: "Intro call", host: HOST.name }) })).toBeVisible();
    await expect(manage.getByRole("button", { name: de.cancelBooking, exact: true })).toBeVisible();
    await expect(manage.getByRole("list", { name: de.addToCalendar, exact: true })).toBeVisible();
    await expect(manage.locator(".widget")).toHaveAttribute("lang", "de");
    await expectNoEnglish(page, manage, "the booking");

    await reschedule.click();
    await expect(manage.getByRole("heading", { name: de.pickNewTime, exact: true })).toBeVisible();
    await expect(manage.getByRole("grid")).not.toHaveAttribute("aria-busy", "true");
    await expect(manage.getByLabel(de.timeZone, { exact: true })).toHaveValue("Europe/Berlin");
    await expectNoEnglish(page, manage, "the reschedule calendar");

    await manage.getByRole("button", { name: de.backToBooking, exact: true }).click();
    await manage.getByRole("button", { name: de.cancelBooking, exact: true }).click();
    await expect(manage.getByRole("heading", { name: de.cancelQuestion, exact: true })).toBeVisible();
    await expectNoEnglish(page, manage, "cancel it?");
    await manage.getByRole("button", { name: de.keepBooking, exact: true }).click();
    await expect(reschedule).toBeVisible();

    expect(localeFetches, "German's chunk fetched once (the preload is what the page imports), no other language's").toEqual([
      expect.stringMatching(/\/manage-chunks\/locale-de-[\w-]+\.js$/),
    ]);
  });
});
