/**
 * The attributes that override what the visitor's locale implies (`hour-cycle`, `week-start`), and
 * the zone picker as a German visitor uses it: zones by their offset and their German city names,
 * found by city and by offset, and the times following the zone chosen.
 */
import type { Page } from "@playwright/test";
import type { CalendarDay } from "../worker/domain/calendar-days";
import de from "../worker/locales/de/widget";
import { fill } from "../worker/locales/format";
import { availableSlots } from "./support/api";
import { lookOnlyWeekday } from "./support/days";
import { HOST } from "./support/origins";
import { openHostedPage, openWidgetWith } from "./support/pages";
import { expect, test } from "./support/test";
import { fullDateLabel, timeLabels } from "./support/visitor";
import type { BookingWidget } from "./support/widget";

/** What the API offers on `day` in `zone`, as the browser's Intl writes it in `locale`. */
async function expectedTimes(page: Page, day: CalendarDay, zone: string, locale: string): Promise<string[]> {
  const slots = await availableSlots({ from: day, zone });
  expect(slots.length, `the API offers times on ${day} in ${zone}`).toBeGreaterThan(0);
  return timeLabels(
    page,
    slots.map((slot) => slot.start),
    locale,
    zone,
  );
}

/** The visible text of the day grid's column headers, left to right. */
function weekdayColumns(widget: BookingWidget): Promise<string[]> {
  return widget.grid.getByRole("columnheader").allTextContents();
}

test.describe("a US visitor on a page that sets hour-cycle and week-start", () => {
  test.use({ timezoneId: "America/New_York", locale: "en-US" });

  test('hour-cycle="h23" shows 14:00-style times and week-start="mon" puts Monday first', async ({ page }) => {
    const widget = await openWidgetWith(page, { username: HOST.username, "booking-type": HOST.introType, "hour-cycle": "h23", "week-start": "mon" }, "en-US");
    const day = lookOnlyWeekday(3);
    const times = await widget.pickDay(day);
    const expected = await expectedTimes(page, day, "America/New_York", "en-US-u-hc-h23");
    for (const time of expected) expect(time).toMatch(/^\d{1,2}:\d\d$/);
    await widget.expectTimes(times, expected);
    expect(await weekdayColumns(widget)).toEqual(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]);
  });

  test("without them, the same page shows 2:00 PM-style times and Sunday first, as en-US does", async ({ page }) => {
    const widget = await openWidgetWith(page, { username: HOST.username, "booking-type": HOST.introType }, "en-US");
    const day = lookOnlyWeekday(3);
    const times = await widget.pickDay(day);
    const expected = await expectedTimes(page, day, "America/New_York", "en-US");
    for (const time of expected) expect(time).toMatch(/ [AP]M$/);
    await widget.expectTimes(times, expected);
    expect(await weekdayColumns(widget)).toEqual(["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]);
  });
});

test.describe("a German visitor in London choosing Vienna in the zone picker", () => {
  test.use({ timezoneId: "Europe/London", locale: "de-DE" });

  /** The zones the picker offers now, as a visitor reads them. */
  function zoneLabels(widget: BookingWidget): Promise<string[]> {
    return widget.root
      .getByLabel(de.timeZone, { exact: true })
      .evaluate((select) => Array.from((select as HTMLSelectElement).options, (option) => option.text));
  }

  /** "(UTC+01:00) Wien": `zone` as the picker labels it, its offset read from the browser now (Vienna is +02:00 in summer, London +01:00). */
  function zoneLabel(page: Page, zone: string, name: string): Promise<string> {
    return page.evaluate(
      ([timeZone, name]) => {
        const offset =
          new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" })
            .formatToParts(Date.now())
            .find((part) => part.type === "timeZoneName")
            ?.value.replace("GMT", "") ?? "";
        return `(UTC${offset || "+00:00"}) ${name}`;
      },
      [zone, name],
    );
  }

  /** Intl's name for `zone` in `locale` ("Vereinigtes Königreich (Ortszeit)"), as the browser gives it. */
  function intlZoneName(page: Page, zone: string, locale: string): Promise<string> {
    return page.evaluate(
      ([zone, locale]) =>
        new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: "longGeneric" }).formatToParts(Date.now()).find((part) => part.type === "timeZoneName")
          ?.value ?? "",
      [zone, locale],
    );
  }

  test('finds "Wien" by its German name and by its offset ("+01" in winter), picks it, and the times follow', async ({ page }) => {
    const citiesFetched: string[] = [];
    page.on("request", (request) => {
      if (/\/widget-chunks\/cities-/.test(request.url())) citiesFetched.push(request.url());
    });
    const widget = await openHostedPage(page, "de-DE");
    const select = widget.root.getByLabel(de.timeZone, { exact: true });
    const search = widget.root.getByLabel(de.searchZones, { exact: true });
    await expect(select, "detected from the browser").toHaveValue("Europe/London");
    // The day, by its German name, months ahead (the helper's pickDay reads English labels).
    const day = lookOnlyWeekday(3);
    const dayName = await fullDateLabel(page, day, "de-DE");
    const dayButton = widget.grid.getByRole("button", { name: dayName, exact: true });
    for (let step = 0; step < 6 && !(await dayButton.isVisible()); step += 1) {
      await expect(widget.grid).not.toHaveAttribute("aria-busy", "true");
      await widget.root.getByRole("button", { name: de.nextMonth, exact: true }).click();
    }
    await dayButton.click();
    const times = widget.root.getByRole("list", { name: fill(de.timesOn, { date: dayName }), exact: true });
    await widget.expectTimes(times, await expectedTimes(page, day, "Europe/London", "de-DE"));

    const vienna = await zoneLabel(page, "Europe/Vienna", "Wien");
    const london = await zoneLabel(page, "Europe/London", "London");
    // Until the visitor comes near it, the list holds the zone shown alone, by the German name Intl
    // gives it, and the German cities are not fetched (its 400-odd offsets wait too).
    expect(await zoneLabels(widget)).toEqual([await zoneLabel(page, "Europe/London", await intlZoneName(page, "Europe/London", "de-DE"))]);
    expect(citiesFetched, "no city names fetched for a visitor who has not come near the picker").toEqual([]);
    await select.focus();
    // Every zone as "(UTC±hh:mm) City", sorted by offset: London before Wien.
    await expect.poll(async () => (await zoneLabels(widget)).length, { message: "every zone, once the list has the focus" }).toBeGreaterThan(300);
    const all = await zoneLabels(widget);
    expect(all.length).toBeGreaterThan(300);
    expect(all).toContain(vienna);
    expect(all.indexOf(london)).toBeLessThan(all.indexOf(vienna));

    await search.fill("Wien");
    await expect.poll(() => zoneLabels(widget), { message: "Wien found by its German name" }).toContain(vienna);
    expect(await zoneLabels(widget), "only Vienna, and London, the zone still chosen").toEqual([london, vienna]);

    const offset = vienna.slice(4, 7); // "+01" in winter, "+02" in summer
    await search.fill(offset);
    await expect.poll(() => zoneLabels(widget), { message: `Wien found by "${offset}"` }).toContain(vienna);
    expect(await zoneLabels(widget)).toContain(vienna.replace("Wien", "Berlin"));
    expect(await zoneLabels(widget), "zones at other offsets filtered out").not.toContain("(UTC+09:00) Tokio");

    await select.selectOption({ label: vienna });
    await expect(select).toHaveValue("Europe/Vienna");
    await widget.expectTimes(times, await expectedTimes(page, day, "Europe/Vienna", "de-DE"));
  });
});
