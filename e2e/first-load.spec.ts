/**
 * The hosted page's first load (issue 21): the page holds the booking type and its month of free
 * slots, so the first free time shows without asking the API for either, for a visitor in the
 * page's zone and for one in another zone whose month is the same; and without JavaScript the page
 * still says what it is and what to do.
 */
import type { Page, Request } from "@playwright/test";
import { addDays, firstDayOf, lastDayOf, monthOf } from "../worker/domain/calendar-days";
import { firstInstantAtOrAfter, localDateOf } from "../worker/domain/zoned-time";
import { HOST } from "./support/origins";
import { HOSTED_PAGE, openHostedPage } from "./support/pages";
import { expect, test } from "./support/test";
import { cspViolations, visitorPage } from "./support/visitor";

/**
 * wrangler dev gives every request the same made-up `request.cf`, whose zone is Chicago's: the page
 * computes its block for it, as Cloudflare's edge would for a visitor there.
 */
const PAGE_ZONE = "America/Chicago";

/** A month of the visitor's days in `zone`, as instants: starts in [from, to). */
function monthRange(zone: string, nowMs: number) {
  const month = monthOf(localDateOf(zone, nowMs));
  return {
    from: firstInstantAtOrAfter(zone, firstDayOf(month), 0),
    to: firstInstantAtOrAfter(zone, addDays(lastDayOf(month), 1), 0),
    first: firstDayOf(month),
  };
}

/**
 * Holds the two requests the page answers, the booking type and the visitor's first month (from
 * `first`), unanswered until `release`, recording every /api/ request: if the first free time shows
 * meanwhile, it needed neither. Other months go through: near a month's end the host may have no
 * free time left in it, and the widget looks ahead for its first free day (calendar-model.ts).
 */
async function holdFirstRequests(page: Page, first: string) {
  const asked: Request[] = [];
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const isFirstRequest = (url: URL) => url.pathname === "/api/booking-types" || url.searchParams.get("startDate") === first;
  await page.route("**/api/**", async (route) => {
    asked.push(route.request());
    if (isFirstRequest(new URL(route.request().url()))) await released;
    await route.continue();
  });
  return { firstRequests: () => asked.map((request) => new URL(request.url())).filter(isFirstRequest), release: () => release() };
}

async function expectFirstTimeWithoutApi(page: Page, zone: string) {
  const { first } = monthRange(zone, Date.now());
  const { firstRequests, release } = await holdFirstRequests(page, first);
  const widget = await openHostedPage(page, "en-GB");
  await expect(widget.firstTime, "the first free time, with the type's and the visitor's month's requests held").toBeVisible();
  expect(firstRequests().map(String), "neither the type nor the visitor's month was asked for").toEqual([]);
  release();
  expect(await cspViolations(page)).toEqual([]);
}

test.describe("the hosted page's first free time", () => {
  test("the page is computed for wrangler's made-up visitor zone, Chicago", async ({ request }) => {
    const html = await (await request.get(HOSTED_PAGE)).text();
    const block = html.match(/<script type="application\/json" class="bookora-first-load">(.*?)<\/script>/s)?.[1];
    expect(block, "the page holds its first load").toBeDefined();
    const { range } = JSON.parse(block!) as { range: { from: string; to: string } };
    const month = monthOf(localDateOf(PAGE_ZONE, Date.now()));
    expect(Date.parse(range.from)).toBe(firstInstantAtOrAfter(PAGE_ZONE, addDays(firstDayOf(month), -1), 0));
    expect(html).toContain('<link rel="modulepreload" href="/widget.js" />');
  });

  test.describe("for a visitor in the page's zone", () => {
    test.use({ timezoneId: PAGE_ZONE });
    test("shows without asking the API for the type or the visitor's month", async ({ page }) => {
      await expectFirstTimeWithoutApi(page, PAGE_ZONE);
    });

    test("paints the times in the widget's first frame, with no placeholder painted first", async ({ page }) => {
      // What the widget's shadow root holds at the first frame painted after it is made: the element
      // holds both answers, so its render comes within the task that upgrades it.
      await page.addInitScript(() => {
        const attachShadow = Element.prototype.attachShadow;
        Element.prototype.attachShadow = function (init) {
          const root = attachShadow.call(this, init);
          requestAnimationFrame(() => {
            const painted = { placeholders: root.querySelector(".skeleton") !== null, times: root.querySelector('[role="list"] button') !== null };
            Object.assign(window, { firstFrame: painted });
          });
          return root;
        };
      });
      const widget = await openHostedPage(page, "en-GB");
      await expect(widget.firstTime).toBeVisible();
      const block = await page.locator("script.bookora-first-load").textContent();
      const { availability } = JSON.parse(block!) as { availability: { slots: { start: string }[] } };
      const month = monthOf(localDateOf(PAGE_ZONE, Date.now()));
      // In a month's last days the host may have no free time left in it: the widget then asks for
      // the next month, and shows its placeholders meanwhile.
      const isFreeThisMonth = availability.slots.some((slot) => monthOf(localDateOf(PAGE_ZONE, Date.parse(slot.start))) === month);
      expect(await page.evaluate(() => (window as unknown as { firstFrame: unknown }).firstFrame)).toEqual(
        isFreeThisMonth ? { placeholders: false, times: true } : { placeholders: true, times: false },
      );
    });
  });

  test("for a visitor in another zone in the same month, shows without asking the API for the type or the visitor's month", async ({ browser }) => {
    // Whichever of these is in Chicago's month now (near a month's edge some are not), covered by
    // the page's day of padding either side. Chosen when the test runs, so its title stays the same.
    const now = Date.now();
    const chicago = monthRange(PAGE_ZONE, now);
    const padding = 86_400_000;
    const otherZone = ["Europe/London", "Asia/Tokyo", "America/Los_Angeles", "Asia/Kolkata"].find((zone) => {
      const visitor = monthRange(zone, now);
      return visitor.first === chicago.first && visitor.from >= chicago.from - padding && visitor.to <= chicago.to + padding;
    })!;
    const { context, page } = await visitorPage(browser, otherZone, "en-GB");
    await expectFirstTimeWithoutApi(page, otherZone);
    await context.close();
  });
});

test.describe("the hosted page without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("names the booking and the host, says booking needs JavaScript, and shows none of its data", async ({ page }) => {
    await page.goto(HOSTED_PAGE);
    await expect(page.getByRole("heading", { level: 1 })).toContainText(`Intro call with ${HOST.name}`);
    // By CSS, not by text: Playwright's text and role engines skip <noscript> even when it shows.
    const noscript = page.locator("noscript p");
    await expect(noscript).toBeVisible();
    await expect(noscript).toHaveText("Booking needs JavaScript. Please enable it and reload this page.");
    await expect(page.getByRole("link", { name: "Bookora" })).toBeVisible();
    expect(await page.locator("main").innerText(), "the page's data stays out of sight").not.toContain("slots");
  });
});
