/**
 * A booking type that offers several lengths (the demo consultation: 60 or 90 minutes): the visitor
 * chooses one, sees the times for that length, and books it.
 */
import { availableSlots, bookingAsHost, sameInstant } from "./support/api";
import { bookingDay } from "./support/days";
import { HOST, WORKER_ORIGIN } from "./support/origins";
import { openHostedPage } from "./support/pages";
import { expect, test } from "./support/test";
import { timeLabels, widgetEvents } from "./support/visitor";

const CONSULTATION_PAGE = `/book/${HOST.username}/${HOST.consultationType}`;

async function slotsOfLength(day: string, minutes: number) {
  const query = new URLSearchParams({
    username: HOST.username,
    slug: HOST.consultationType,
    startDate: day,
    endDate: day,
    timezone: HOST.zone,
    duration: String(minutes),
  });
  const response = await fetch(`${WORKER_ORIGIN}/api/availability?${query}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { slots: { start: string; end: string }[] }).slots;
}

test("a visitor chooses 90 minutes instead of the default 60, sees the 90-minute times and books one", async ({ page }) => {
  const day = bookingDay("longerDuration");
  const sixty = await availableSlots({ from: day, zone: HOST.zone, slug: HOST.consultationType });
  const ninety = await slotsOfLength(day, 90);
  expect(ninety.length, "the API offers fewer 90-minute times than 60-minute ones").toBeLessThan(sixty.length);

  const widget = await openHostedPage(page, "en-GB", CONSULTATION_PAGE);
  const lengths = widget.root.getByRole("group", { name: "Duration" });
  await expect(lengths.getByRole("radio", { name: "60 min" })).toBeChecked();

  let times = await widget.pickDay(day);
  await widget.expectTimes(
    times,
    await timeLabels(
      page,
      sixty.map((slot) => slot.start),
      "en-GB",
      HOST.zone,
    ),
  );

  await lengths.getByRole("radio", { name: "90 min" }).check();
  await expect(lengths.getByRole("radio", { name: "90 min" })).toBeChecked();
  times = await widget.slotList(day);
  await widget.expectTimes(
    times,
    await timeLabels(
      page,
      ninety.map((slot) => slot.start),
      "en-GB",
      HOST.zone,
    ),
  );

  const slot = ninety[1]!;
  const [time] = await timeLabels(page, [slot.start], "en-GB", HOST.zone);
  await widget.pickTime(times, time!);
  await widget.fillForm({ name: "Grace Hopper", email: "grace@example.com" });
  await widget.confirmButton.click();
  await expect(widget.confirmation).toBeVisible();

  await expect.poll(() => widgetEvents(page, "bookora:booking-created")).toHaveLength(1);
  const [event] = await widgetEvents(page, "bookora:booking-created");
  const { booking } = await bookingAsHost(String(event!.detail.bookingId));
  expect(sameInstant(booking.startUtc, slot.start)).toBe(true);
  expect(Date.parse(booking.endUtc) - Date.parse(booking.startUtc), "the booking lasts 90 minutes").toBe(90 * 60_000);
});
