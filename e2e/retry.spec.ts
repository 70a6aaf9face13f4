/**
 * The network between the visitor and us fails in the ways that matter: we say "slow down" (429),
 * the answer is lost after the booking was made, or a 500 arrives after it was made. The widget
 * must continue the same attempt with the same Idempotency-Key (by itself, or when the visitor
 * presses Confirm again), so the visitor ends with exactly one booking; and an error that a retry
 * cannot fix must be shown, not retried.
 */
import type { Request, Route } from "@playwright/test";
import { bookingAsHost, hostDaySlots, offers, type Slot, sameInstant } from "./support/api";
import { bookingDay } from "./support/days";
import { HOST } from "./support/origins";
import { openHostedPage } from "./support/pages";
import { expect, test } from "./support/test";
import { timeLabels, widgetEvents } from "./support/visitor";
import type { BookingWidget } from "./support/widget";

const BOOKINGS = "**/api/bookings";

function isCreate(request: Request): boolean {
  return request.method() === "POST" && new URL(request.url()).pathname === "/api/bookings";
}

/** Opens the hosted page on `day` and fills the form for the slot at `index`; returns that slot. */
async function fillBookingFor(widget: BookingWidget, day: string, index: number): Promise<Slot> {
  const slot = (await hostDaySlots(day))[index]!;
  const [time] = await timeLabels(widget.page, [slot.start], "en-GB", HOST.zone);
  await widget.pickTime(await widget.pickDay(day), time!);
  await widget.fillForm({ name: "Katherine Johnson", email: "katherine@example.com" });
  return slot;
}

test("a 429 is retried after Retry-After with the same Idempotency-Key, and the booking is confirmed", async ({ page }) => {
  const keys: (string | undefined)[] = [];
  await page.route(BOOKINGS, async (route: Route) => {
    if (!isCreate(route.request())) return route.continue();
    keys.push(route.request().headers()["idempotency-key"]);
    if (keys.length === 1) {
      return route.fulfill({
        status: 429,
        headers: { "Retry-After": "1" },
        contentType: "application/json",
        body: JSON.stringify({ error: { code: "RATE_LIMITED", message: "Too many requests; retry after 1 seconds." } }),
      });
    }
    return route.continue();
  });

  const widget = await openHostedPage(page, "en-GB");
  const day = bookingDay("retryRateLimited");
  const slot = await fillBookingFor(widget, day, 2);
  await widget.confirmButton.click();

  await expect(widget.confirmation).toBeVisible();
  expect(keys, "the rate-limited attempt and one retry").toHaveLength(2);
  expect(keys[0], "an Idempotency-Key is sent").toBeTruthy();
  expect(keys[1], "the retry reuses the attempt's Idempotency-Key").toBe(keys[0]);
  expect(offers(await hostDaySlots(day), slot)).toBe(false);
});

test("a booking whose answer was lost is retried with the same key and replayed, so the visitor gets the one booking that was made", async ({ page }) => {
  const keys: (string | undefined)[] = [];
  let lostAnswer: { bookingId: string } | undefined;
  await page.route(BOOKINGS, async (route: Route) => {
    if (!isCreate(route.request())) return route.continue();
    keys.push(route.request().headers()["idempotency-key"]);
    if (keys.length === 1) {
      // The server books it; the visitor's connection drops before the answer arrives.
      const response = await route.fetch();
      lostAnswer = (await response.json()) as { bookingId: string };
      return route.abort("failed");
    }
    return route.continue();
  });

  const widget = await openHostedPage(page, "en-GB");
  const day = bookingDay("retryLostResponse");
  const freeBefore = await hostDaySlots(day);
  const slot = await fillBookingFor(widget, day, 4);
  const replayed = page.waitForResponse((response) => isCreate(response.request()));
  await widget.confirmButton.click();

  const retryAnswer = await replayed;
  expect(retryAnswer.status()).toBe(201);
  expect(await retryAnswer.headerValue("idempotent-replayed"), "the retry was answered from the first attempt's record").toBe("true");
  await expect(widget.confirmation).toBeVisible();

  expect(keys).toHaveLength(2);
  expect(keys[1], "the retry reuses the attempt's Idempotency-Key").toBe(keys[0]);
  expect(lostAnswer?.bookingId, "the lost answer held a booking").toBeTruthy();
  await expect.poll(() => widgetEvents(page, "bookora:booking-created")).toHaveLength(1);
  const [created] = await widgetEvents(page, "bookora:booking-created");
  expect(created!.detail.bookingId, "the booking the visitor is told about is the one the lost answer made").toBe(lostAnswer!.bookingId);

  const freeAfter = await hostDaySlots(day);
  expect(offers(freeAfter, slot), "the slot is taken").toBe(false);
  expect(freeAfter, "exactly one slot was taken that day").toHaveLength(freeBefore.length - 1);
  const { status, booking } = await bookingAsHost(lostAnswer!.bookingId);
  expect(status).toBe(200);
  expect(booking.status).toBe("confirmed");
  expect(sameInstant(booking.startUtc, slot.start)).toBe(true);
});

test("an error a retry cannot fix is shown in the visitor's words, its server message goes to bookora:error, and it is not retried", async ({ page }) => {
  let attempts = 0;
  await page.route(BOOKINGS, async (route: Route) => {
    if (!isCreate(route.request())) return route.continue();
    attempts += 1;
    return route.fulfill({
      status: 400,
      contentType: "application/json",
      body: JSON.stringify({ error: { code: "INVALID_REQUEST", message: "Email domain refused" } }),
    });
  });

  const widget = await openHostedPage(page, "en-GB");
  const day = bookingDay("retryRefused");
  const slot = await fillBookingFor(widget, day, 1);
  await widget.confirmButton.click();

  // The API's message is English, for the partner: the visitor reads the widget's own sentence.
  await expect(widget.root.getByRole("alert")).toHaveText("Some of the details were not accepted. Please check them and try again.");
  await expect(widget.confirmation).toHaveCount(0);
  await expect
    .poll(() => widgetEvents(page, "bookora:error"))
    .toEqual([
      { type: "bookora:error", target: "bookora-widget", detail: expect.objectContaining({ code: "INVALID_REQUEST", message: "Email domain refused" }) },
    ]);
  // Had the widget retried a 400, the message would only appear after its last attempt.
  expect(attempts, "a 400 is not retried").toBe(1);
  expect(offers(await hostDaySlots(day), slot), "nothing was booked").toBe(true);
});

test('a 500 after the booking was made keeps the attempt\'s key, so Confirm again shows the visitor their booking, not "just taken"', async ({ page }) => {
  const keys: (string | undefined)[] = [];
  let committed: { bookingId: string } | undefined;
  await page.route(BOOKINGS, async (route: Route) => {
    if (!isCreate(route.request())) return route.continue();
    keys.push(route.request().headers()["idempotency-key"]);
    if (keys.length === 1) {
      // The server books it, then something between it and the visitor answers 500 instead.
      const response = await route.fetch();
      committed = (await response.json()) as { bookingId: string };
      return route.fulfill({
        status: 500,
        contentType: "application/json",
        body: JSON.stringify({ error: { code: "INTERNAL", message: "Something went wrong on our side.", requestId: "e2e-500" } }),
      });
    }
    return route.continue();
  });

  const widget = await openHostedPage(page, "en-GB");
  const day = bookingDay("retryServerError");
  const freeBefore = await hostDaySlots(day);
  const slot = await fillBookingFor(widget, day, 3);
  await widget.confirmButton.click();
  await expect(widget.root.getByRole("alert").filter({ hasText: "Something went wrong on our side." })).toBeVisible();
  expect(committed?.bookingId, "the first attempt reached the server and booked").toBeTruthy();

  // A 500 is not retried by itself (it is a bug, not a busy server); the visitor presses Confirm again.
  const second = page.waitForResponse((response) => isCreate(response.request()));
  await widget.confirmButton.click();
  const answer = await second;
  expect(keys).toHaveLength(2);
  expect(keys[1], "Confirm again sends the same Idempotency-Key").toBe(keys[0]);
  expect(answer.status()).toBe(201);
  expect(await answer.headerValue("idempotent-replayed"), "the server answered from the first attempt's record").toBe("true");
  await expect(widget.confirmation).toBeVisible();
  await expect(widget.root.getByText("just taken")).toHaveCount(0);
  await expect.poll(() => widgetEvents(page, "bookora:booking-created")).toHaveLength(1);
  const [created] = await widgetEvents(page, "bookora:booking-created");
  expect(created!.detail.bookingId, "the visitor is told about the booking the first attempt made").toBe(committed!.bookingId);

  const freeAfter = await hostDaySlots(day);
  expect(offers(freeAfter, slot), "the slot is taken").toBe(false);
  expect(freeAfter, "exactly one booking was made that day").toHaveLength(freeBefore.length - 1);
  const { status, booking } = await bookingAsHost(committed!.bookingId);
  expect(status).toBe(200);
  expect(booking.status).toBe("confirmed");
  expect(sameInstant(booking.startUtc, slot.start)).toBe(true);
});
