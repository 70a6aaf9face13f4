/**
 * The same London working day seen from other zones: the widget must show exactly the API's UTC
 * slots converted to the visitor's zone, in order, including a +05:45 zone, a DST change that only
 * the visitor's zone makes, and a zone where the host's afternoon is already the next day.
 */
import type { Page } from "@playwright/test";
import { addDays, type CalendarDay, monthOf } from "../worker/domain/calendar-days";
import { availableSlots } from "./support/api";
import { offsetMinutes, todayIn } from "./support/dates";
import { lookOnlyDayOfWeek, lookOnlyWeekday, newYorkDstChange } from "./support/days";
import { HOST } from "./support/origins";
import { openHostedPage, openWidgetWith } from "./support/pages";
import { expect, test } from "./support/test";
import { timeLabels, visitorPage } from "./support/visitor";
import type { BookingWidget } from "./support/widget";

/** What the API offers on the visitor's day `day` in `zone`, as the visitor should read it. */
async function expectedTimes(page: Page, day: CalendarDay, zone: string, locale: string): Promise<string[]> {
  const slots = await availableSlots({ from: day, zone });
  return timeLabels(
    page,
    slots.map((slot) => slot.start),
    locale,
    zone,
  );
}

async function expectDayMatchesApi(widget: BookingWidget, day: CalendarDay, zone: string): Promise<string[]> {
  const expected = await expectedTimes(widget.page, day, zone, widget.locale);
  expect(expected.length, `the API offers times on ${day} in ${zone}`).toBeGreaterThan(0);
  const times = await widget.pickDay(day);
  await widget.expectTimes(times, expected);
  return expected;
}

test.describe("a visitor in Kathmandu (UTC+05:45)", () => {
  test.use({ timezoneId: "Asia/Kathmandu", locale: "en-GB" });

  test("sees London's working day at quarter past and quarter to the hour", async ({ page }) => {
    const widget = await openHostedPage(page, "en-GB");
    const shown = await expectDayMatchesApi(widget, lookOnlyWeekday(0), "Asia/Kathmandu");
    for (const time of shown) expect(time).toMatch(/:(15|45)$/);
  });
});

test.describe("a visitor in New York across its DST change", () => {
  test.use({ timezoneId: "America/New_York", locale: "en-US" });

  test("sees the host's first time move by an hour between the weekday before and the weekday after", async ({ page }) => {
    const { changeDay, weekdayBefore, weekdayAfter } = newYorkDstChange();
    const noon = (day: CalendarDay) => Date.parse(`${day}T12:00:00Z`);
    expect(offsetMinutes("America/New_York", noon(weekdayBefore)), `New York changes offset on ${changeDay}`).not.toBe(
      offsetMinutes("America/New_York", noon(weekdayAfter)),
    );

    const widget = await openHostedPage(page, "en-US");
    const before = await expectDayMatchesApi(widget, weekdayBefore, "America/New_York");
    const after = await expectDayMatchesApi(widget, weekdayAfter, "America/New_York");
    expect(after[0], "London's 09:00 reads an hour differently once New York has changed its clocks").not.toBe(before[0]);
  });
});

test.describe("a visitor in Auckland (London's afternoon is their next morning)", () => {
  test.use({ timezoneId: "Pacific/Auckland", locale: "en-NZ" });

  test("sees the host's Friday afternoon on Saturday, and nothing on Sunday", async ({ page }) => {
    // ISO: 6 = Saturday. One whose Sunday is in the same month's grid, so both can be read there.
    const firstSaturday = lookOnlyDayOfWeek(6);
    const saturday = monthOf(addDays(firstSaturday, 1)) === monthOf(firstSaturday) ? firstSaturday : addDays(firstSaturday, 7);
    const slots = await availableSlots({ from: saturday, zone: "Pacific/Auckland" });
    expect(slots.length).toBeGreaterThan(0);
    for (const slot of slots) expect(todayIn(HOST.zone, Date.parse(slot.start)), "each is on the host's Friday").toBe(addDays(saturday, -1));

    const widget = await openHostedPage(page, "en-NZ");
    await expectDayMatchesApi(widget, saturday, "Pacific/Auckland");
    await expect(await widget.dayButton(addDays(saturday, 1))).toHaveAttribute("aria-disabled", "true");
  });
});

test.describe("12- and 24-hour clocks", () => {
  for (const { locale, time, notTime } of [
    { locale: "en-GB", time: "14:45", notTime: "2:45 PM" },
    { locale: "en-US", time: "2:45 PM", notTime: "14:45" },
  ]) {
    test(`a visitor whose browser speaks ${locale} sees "${time}"`, async ({ browser }) => {
      const { context, page } = await visitorPage(browser, "Asia/Kathmandu", locale);
      try {
        const widget = await openHostedPage(page, locale);
        const times = await widget.pickDay(lookOnlyWeekday(1));
        await expect(times.getByRole("button", { name: time, exact: true })).toBeVisible();
        await expect(times.getByRole("button", { name: notTime, exact: true })).toHaveCount(0);
      } finally {
        await context.close();
      }
    });
  }

  test.describe("with a locale attribute", () => {
    test.use({ timezoneId: "Asia/Kathmandu", locale: "en-GB" });

    test('locale="en-US" shows US dates and "2:45 PM" to a browser that speaks en-GB', async ({ page }) => {
      const widget = await openWidgetWith(page, { username: HOST.username, "booking-type": HOST.introType, locale: "en-US" }, "en-US");
      const times = await widget.pickDay(lookOnlyWeekday(1));
      await expect(times.getByRole("button", { name: "2:45 PM", exact: true })).toBeVisible();
      await expect(times.getByRole("button", { name: "14:45", exact: true })).toHaveCount(0);
    });
  });
});

test.describe("choosing the time zone", () => {
  test.describe("with a time-zone attribute", () => {
    test.use({ timezoneId: "America/New_York", locale: "en-US" });

    test('time-zone="Asia/Kathmandu" shows Kathmandu times to a browser in New York', async ({ page }) => {
      const widget = await openWidgetWith(page, { username: HOST.username, "booking-type": HOST.introType, "time-zone": "Asia/Kathmandu" }, "en-US");
      await expect(widget.timeZoneSelect).toHaveValue("Asia/Kathmandu");
      await expectDayMatchesApi(widget, lookOnlyWeekday(2), "Asia/Kathmandu");
    });
  });

  test.describe("in the picker", () => {
    test.use({ timezoneId: "Europe/London", locale: "en-GB" });

    test("choosing Tokyo in the Time zone picker re-renders the day's times in Tokyo time", async ({ page }) => {
      const day = lookOnlyWeekday(2);
      const widget = await openHostedPage(page, "en-GB");
      await expect(widget.timeZoneSelect, "detected from the browser").toHaveValue("Europe/London");
      await expectDayMatchesApi(widget, day, "Europe/London");

      // As a visitor does: the list has the focus (by Tab or a press) before a zone is chosen in it.
      await widget.timeZoneSelect.focus();
      await widget.timeZoneSelect.selectOption("Asia/Tokyo");

      await expect(widget.timeZoneSelect).toHaveValue("Asia/Tokyo");
      await widget.expectTimes(await widget.slotList(day), await expectedTimes(page, day, "Asia/Tokyo", "en-GB"));
    });

    // Browsers list some zones under their old names (Chromium's Intl.supportedValuesOf("timeZone")
    // has "Asia/Katmandu" and "Asia/Calcutta"); a visitor types today's name.
    for (const { search, zone, elsewhere } of [
      { search: "Tokyo", zone: "Asia/Tokyo", elsewhere: "Europe/Paris" },
      { search: "Kathmandu", zone: "Asia/Kathmandu", elsewhere: "Europe/Paris" },
      { search: "Kolkata", zone: "Asia/Kolkata", elsewhere: "Europe/Paris" },
    ]) {
      test(`searching time zones for "${search}" offers ${zone} and can choose it`, async ({ page }) => {
        const widget = await openHostedPage(page, "en-GB");
        await widget.root.getByLabel("Search time zones", { exact: true }).fill(search);
        await expect.poll(() => widget.zoneOptions(), { message: `the picker offers ${zone}` }).toContain(zone);
        expect(await widget.zoneOptions(), "the search filters the list").not.toContain(elsewhere);
        await widget.timeZoneSelect.selectOption(zone);
        await expect(widget.timeZoneSelect).toHaveValue(zone);
      });
    }
  });
});
