/**
 * A visitor in New York books the demo host's intro call on its hosted page: the whole flow, what
 * the confirmation says, the event a partner page would hear, and what the API then holds.
 */
import { bookingAsHost, hostDaySlots, offers, sameInstant } from "./support/api";
import { bookingDay } from "./support/days";
import { HOST } from "./support/origins";
import { openHostedPage } from "./support/pages";
import { expect, test } from "./support/test";
import { timeLabels, widgetEvents } from "./support/visitor";

const VISITOR = { zone: "America/New_York", locale: "en-US" };

/**
 * Text holding the clock reading of `time` next to the zone (either order, the other zone not in
 * between). Only the digits are required: a range such as "5:30 – 6:00 AM" gives the start no "AM".
 */
function timeNextToZone(time: string, zone: string, otherZone: string): RegExp {
  const digits = `(?<![\\d:])${time.replace(/\s*[AP]M$/i, "")}(?!\\d)`;
  const gap = `(?:(?!${otherZone}).){0,80}?`;
  return new RegExp(`${zone}${gap}${digits}|${digits}${gap}${zone}`);
}

test.describe("booking on the hosted page", () => {
  test.use({ timezoneId: VISITOR.zone, locale: VISITOR.locale });

  test("the page's heading names the booking type and the host, and the widget under it does not say them again (hide-header)", async ({ page }) => {
    const widget = await openHostedPage(page, VISITOR.locale);
    const heading = page.getByRole("heading", { level: 1 });
    await expect(heading).toContainText("Intro call");
    await expect(heading).toContainText(HOST.name);
    await expect(widget.root.getByRole("grid")).toBeVisible();
    await expect(widget.root.getByText("Intro call")).toBeHidden();
    await expect(widget.root.getByText(`with ${HOST.name}`)).toBeHidden();
  });

  test("a visitor books a time and sees it confirmed in their zone and the host's", async ({ page }) => {
    const day = bookingDay("hostedBooking");
    const free = await hostDaySlots(day);
    const slot = free[3]!;
    const [visitorTime] = await timeLabels(page, [slot.start], VISITOR.locale, VISITOR.zone);
    const [hostTime] = await timeLabels(page, [slot.start], VISITOR.locale, HOST.zone);

    const widget = await openHostedPage(page, VISITOR.locale);
    const times = await widget.pickDay(day);
    await widget.pickTime(times, visitorTime!);
    await widget.fillForm({ name: "Ada Lovelace", email: "ada@example.com", notes: "About the analytical engine" });
    await widget.confirmButton.click();

    await expect(widget.confirmation).toBeVisible();
    await expect
      .poll(() => widget.visibleText(), { message: "the time in the visitor's own zone, with the zone named" })
      .toMatch(timeNextToZone(visitorTime!, "New[ _]York", "Europe/London"));
    await expect
      .poll(() => widget.visibleText(), { message: "the time in the host's zone, Europe/London" })
      .toMatch(timeNextToZone(hostTime!, "Europe/London", "New[ _]York"));

    await expect
      .poll(() => widgetEvents(page, "bookora:booking-created"), { message: "one bookora:booking-created event reached the document" })
      .toHaveLength(1);
    const [event] = await widgetEvents(page, "bookora:booking-created");
    expect(event!.target).toBe("bookora-widget");
    expect(typeof event!.detail.bookingId).toBe("string");
    expect(sameInstant(String(event!.detail.start), slot.start), "event start is the booked slot").toBe(true);
    expect(sameInstant(String(event!.detail.end), slot.end), "event end is the booked slot").toBe(true);

    expect(offers(await hostDaySlots(day), slot), "the booked time is no longer offered").toBe(false);

    const { status, booking } = await bookingAsHost(String(event!.detail.bookingId));
    expect(status).toBe(200);
    expect(booking.status).toBe("confirmed");
    expect(sameInstant(booking.startUtc, slot.start)).toBe(true);
    expect(booking.attendee).toMatchObject({ name: "Ada Lovelace", email: "ada@example.com" });
  });
});

test.describe("a booking page addressed by the type's slug", () => {
  test.use({ timezoneId: VISITOR.zone, locale: VISITOR.locale });

  test("/book/hepuloujun/intro shows the intro call and books it", async ({ page }) => {
    const day = bookingDay("bySlug");
    const slot = (await hostDaySlots(day))[0]!;
    const [visitorTime] = await timeLabels(page, [slot.start], VISITOR.locale, VISITOR.zone);
    const widget = await openHostedPage(page, VISITOR.locale, `/book/${HOST.username}/intro`);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Intro call");
    const times = await widget.pickDay(day);
    await widget.pickTime(times, visitorTime!);
    await widget.fillForm({ name: "Grace Hopper", email: "grace@example.com" });
    await widget.confirmButton.click();
    await expect(widget.confirmation).toBeVisible();
    expect(offers(await hostDaySlots(day), slot), "the booked time is no longer offered").toBe(false);
  });
});

test.describe("a booking page that does not exist", () => {
  for (const path of ["/book/nobody/2", `/book/${HOST.username}/999`]) {
    test(`${path} says the booking page was not found, with no widget`, async ({ page }) => {
      const response = await page.goto(path);
      expect(response?.status()).toBe(404);
      await expect(page.getByRole("heading", { name: "Booking page not found" })).toBeVisible();
      await expect(page.locator("bookora-widget")).toHaveCount(0);
    });
  }
});
