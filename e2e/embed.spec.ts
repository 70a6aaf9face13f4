/**
 * The widget on a partner's site, a second origin (e2e/partner-site.ts): pasted twice, next to
 * hostile CSS (including a 10px root font size, which rem would follow), under a strict
 * Content-Security-Policy, twice on one page, and moved in its page. It must book across origins,
 * define itself once, keep its styles to itself, keep each instance's state apart, and keep its
 * state when moved.
 */
import type { Locator, Page } from "@playwright/test";
import { availableSlots, hostDaySlots } from "./support/api";
import { bookingDay, lookOnlyWeekday } from "./support/days";
import { HOST, PARTNER_ORIGIN, STRICT_CSP, WORKER_ORIGIN } from "./support/origins";
import { holdAvailability, openWidgetWith } from "./support/pages";
import { expect, test } from "./support/test";
import { cspViolations, timeLabels, watchForErrors, widgetEvents } from "./support/visitor";
import { BookingWidget } from "./support/widget";

/** Computed sizes a visitor would notice, read once the first day's times are shown. */
async function widgetSizes(page: Page) {
  const widget = new BookingWidget(page, "en-GB");
  await expect(widget.firstTime).toBeVisible();
  const month = widget.root.getByRole("heading", { name: await widget.shownMonth(new Date().toISOString().slice(0, 10)), exact: true });
  const read = (locator: Locator) =>
    locator.evaluate((element) => {
      const style = getComputedStyle(element);
      return { fontSize: style.fontSize, height: style.height, minHeight: style.minHeight, padding: style.padding };
    });
  return {
    title: await read(widget.root.getByRole("heading", { level: 2 })),
    month: await read(month),
    time: await read(widget.firstTime),
    nextMonth: await read(widget.nextMonthButton),
    weekday: await read(widget.grid.getByRole("columnheader").first()),
    timeZone: await read(widget.timeZoneSelect),
  };
}

async function bookThroughWidget(widget: BookingWidget, day: string): Promise<void> {
  const slot = (await hostDaySlots(day))[6]!;
  const [time] = await timeLabels(widget.page, [slot.start], widget.locale, HOST.zone);
  await widget.pickTime(await widget.pickDay(day), time!);
  await widget.fillForm({ name: "Hedy Lamarr", email: "hedy@example.com", notes: "Booked from a partner site" });
  await widget.confirmButton.click();
  await expect(widget.confirmation).toBeVisible();
  await expect.poll(() => widgetEvents(widget.page, "bookora:booking-created")).toHaveLength(1);
}

test("/widget.js can be loaded as a module script from another origin (CORS)", async ({ request }) => {
  const response = await request.get(`${WORKER_ORIGIN}/widget.js`, { headers: { Origin: PARTNER_ORIGIN } });
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toMatch(/javascript/);
  expect(["*", PARTNER_ORIGIN]).toContain(response.headers()["access-control-allow-origin"]);
});

/** The lazy chunks the page fetched (vite.config.ts): where from, as what kind of request, and how they were answered. */
function watchChunks(page: Page) {
  const chunks: { url: string; mode: string | null; status: number; allowOrigin: string | null }[] = [];
  page.on("response", async (response) => {
    if (!new URL(response.url()).pathname.startsWith("/widget-chunks/")) return;
    const request = response.request();
    chunks.push({
      url: response.url(),
      mode: await request.headerValue("sec-fetch-mode"),
      status: response.status(),
      allowOrigin: await response.headerValue("access-control-allow-origin"),
    });
  });
  return chunks;
}

test.describe("pasted on a partner's page (twice)", () => {
  test("the widget shows times and books from the partner's origin, defined once even when a second copy loads, with no errors", async ({ page }) => {
    const errors = watchForErrors(page);
    const chunks = watchChunks(page);
    await page.goto(`${PARTNER_ORIGIN}/embed.html`);
    const widget = new BookingWidget(page, "en-GB");

    await expect(widget.grid, "one widget, rendered once").toHaveCount(1);
    const definition = await page.evaluateHandle(() => customElements.get("bookora-widget"));
    expect(await definition.evaluate((element) => typeof element)).toBe("function");

    // The same URL twice runs the module once; a copy under another URL runs it again and must
    // find the element already defined (design.md: "Defining the element twice is harmless").
    await page.addScriptTag({ type: "module", url: `${WORKER_ORIGIN}/widget.js?copy=2` });
    expect(await definition.evaluate((element) => element === customElements.get("bookora-widget")), "the first definition stays").toBe(true);
    await expect(widget.grid).toHaveCount(1);

    await bookThroughWidget(widget, bookingDay("embed"));
    expect(errors).toEqual([]);
    // The form came from a lazy chunk: fetched from Bookora's origin (relative to /widget.js, not
    // the partner's page) as a CORS request, and allowed.
    expect(chunks.length, "the form's chunk was fetched").toBeGreaterThan(0);
    for (const chunk of chunks) {
      expect(new URL(chunk.url).origin).toBe(WORKER_ORIGIN);
      expect(chunk).toMatchObject({ mode: "cors", status: 200, allowOrigin: "*" });
    }
  });

  test("the partner's CSS stays out of the widget and the widget's CSS stays out of the page", async ({ page }) => {
    await page.goto(`${PARTNER_ORIGIN}/embed.html`);
    const widget = new BookingWidget(page, "en-GB");
    await expect(widget.nextMonthButton).toBeVisible();

    const inside = await widget.nextMonthButton.evaluate((button) => {
      const style = getComputedStyle(button);
      return { background: style.backgroundColor, fontSize: style.fontSize };
    });
    expect(inside.background, "button { background: red !important } does not reach the widget").not.toBe("rgb(255, 0, 0)");
    expect(inside.fontSize, "button { font-size: 40px } does not reach the widget").not.toBe("40px");

    const partnerButton = page.getByRole("button", { name: "Subscribe to our newsletter" });
    const outside = await partnerButton.evaluate((button) => {
      const style = getComputedStyle(button);
      return { background: style.backgroundColor, fontSize: style.fontSize, color: style.color, padding: style.padding, radius: style.borderRadius };
    });
    expect(outside, "the partner's own button keeps the partner's styles").toEqual({
      background: "rgb(255, 0, 0)",
      fontSize: "40px",
      color: "rgb(0, 0, 128)",
      padding: "3px 7px",
      radius: "0px",
    });

    const documentStyles = await page.evaluate(() => ({
      sheets: document.styleSheets.length,
      adopted: document.adoptedStyleSheets.length,
      inHead: document.head.querySelectorAll('style, link[rel="stylesheet"]').length,
    }));
    expect(documentStyles, "nothing added to the partner's document: only its own <style>").toEqual({ sheets: 1, adopted: 0, inHead: 1 });
  });
});

for (const { path, rule } of [
  { path: "/embed.html", rule: "html { font-size: 62.5% }" },
  { path: "/strict-csp.html", rule: "html { font-size: 10px }" },
]) {
  test(`a page whose CSS sets ${rule} changes no size in the widget (rem would follow it)`, async ({ page }) => {
    await page.goto(`${PARTNER_ORIGIN}/plain.html`);
    const reference = await widgetSizes(page);
    expect(reference.title.fontSize, "the title at the default 16px widget size").toBe("20px");

    await page.goto(`${PARTNER_ORIGIN}${path}`);
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize), "the page's root font size").toBe("10px");
    expect(await widgetSizes(page)).toEqual(reference);
  });
}

test("under a strict Content-Security-Policy the widget shows times and books with no violation", async ({ page }) => {
  const errors = watchForErrors(page);
  const response = await page.goto(`${PARTNER_ORIGIN}/strict-csp.html`);
  expect(response?.headers()["content-security-policy"]).toBe(STRICT_CSP);

  const widget = new BookingWidget(page, "en-GB");
  await bookThroughWidget(widget, bookingDay("strictCsp"));

  expect(await cspViolations(page), "securitypolicyviolation events").toEqual([]);
  expect(
    errors.filter((error) => /Content Security Policy|Refused to/i.test(error)),
    "CSP errors in the console",
  ).toEqual([]);
});

test("two widgets on one page keep their own day, times and booking type", async ({ page }) => {
  await page.goto(`${PARTNER_ORIGIN}/two-widgets.html`);
  const intro = new BookingWidget(page, "en-GB", page.locator("bookora-widget").nth(0));
  const consultation = new BookingWidget(page, "en-GB", page.locator("bookora-widget").nth(1));
  await expect(intro.root.getByText("30 min").first()).toBeVisible();
  await expect(consultation.root.getByText("60 min").first()).toBeVisible();

  await expect(consultation.grid).not.toHaveAttribute("aria-busy", "true");
  const consultationSelectedBefore = await consultation.selectedDayName();

  const introDay = lookOnlyWeekday(3);
  const introTimes = await intro.pickDay(introDay);
  const introExpected = await timeLabels(
    page,
    (await hostDaySlots(introDay)).map((slot) => slot.start),
    "en-GB",
    HOST.zone,
  );
  await intro.expectTimes(introTimes, introExpected);
  expect(await consultation.selectedDayName(), "choosing a day in one widget leaves the other's selection alone").toBe(consultationSelectedBefore);
  await expect(await consultation.slotList(introDay)).toHaveCount(0);

  const consultationDay = lookOnlyWeekday(4);
  const consultationTimes = await consultation.pickDay(consultationDay);
  const consultationSlots = await availableSlots({ from: consultationDay, zone: HOST.zone, slug: HOST.consultationType });
  await consultation.expectTimes(
    consultationTimes,
    await timeLabels(
      page,
      consultationSlots.map((slot) => slot.start),
      "en-GB",
      HOST.zone,
    ),
  );

  expect(await intro.isSelected(introDay), "the first widget keeps its day").toBe(true);
  expect(await intro.isSelected(consultationDay)).toBe(false);
  await intro.expectTimes(introTimes, introExpected);
});

test("a widget moved in the page while its times load, then with a day picked: one calendar, its times, the day kept", async ({ page }) => {
  const release = await holdAvailability(page);
  const widget = await openWidgetWith(page, { username: HOST.username, "booking-type": HOST.introType }, "en-GB");
  await expect(widget.root.locator(".skeleton").first()).toBeVisible();
  const moveAboveHeading = () => page.evaluate(() => document.querySelector("h1")!.before(document.querySelector("bookora-widget")!));
  const moveBelowHeading = () => page.evaluate(() => document.querySelector("h1")!.after(document.querySelector("bookora-widget")!));

  // Before its first render: it waits again where it now is, and renders once.
  await moveAboveHeading();
  release();
  await expect(widget.firstTime).toBeVisible();
  expect(await widget.root.evaluate((element) => element.shadowRoot!.querySelectorAll(".widget").length), "one widget in its shadow root").toBe(1);
  await expect(widget.root.locator(".skeleton")).toHaveCount(0);

  // After: the day picked and its times stay.
  const day = lookOnlyWeekday(2);
  const times = await widget.pickDay(day);
  const names = await widget.slotNames(times);
  await moveBelowHeading();
  expect(await widget.isSelected(day), `${day} still picked`).toBe(true);
  expect(await widget.slotNames(await widget.slotList(day))).toEqual(names);
  expect(await widget.root.evaluate((element) => element.shadowRoot!.querySelectorAll(".widget").length), "one widget in its shadow root").toBe(1);
});
