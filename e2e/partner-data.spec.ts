/**
 * What a partner's page gives a booking and hears back (design-embed.md "Data the partner keeps",
 * "Events", "Look"): a visitor who came from a campaign books the demo consultation, whose two
 * questions show in the form (one prefilled by the `answers` attribute); the booking holds the
 * answers, the `metadata` attribute with the page's UTM parameters, and the visitor's zone and
 * language, as `GET /api/bookings/:id` and a real webhook receiver see them; the page hears every
 * step in order. Then the `theme` and `hide-header` attributes as a visitor sees them.
 */
import type { Page } from "@playwright/test";
import { hostDaySlots } from "./support/api";
import { expectNoSeriousViolations } from "./support/axe";
import { bookingDay } from "./support/days";
import { HOST, WORKER_ORIGIN } from "./support/origins";
import { openWidgetWith } from "./support/pages";
import { expect, test } from "./support/test";
import { timeLabels, widgetEvents } from "./support/visitor";
import { WebhookReceiver } from "./support/webhook-receiver";
import { BookingWidget } from "./support/widget";

/** The demo account's token: every scope, every host (seed/demo.sql). */
const auth = { authorization: "Bearer bk_test_demo" };
const VISITOR = { zone: "America/New_York", locale: "en-US" };
const EVENTS = ["bookora:ready", "bookora:date-selected", "bookora:slot-selected", "bookora:booking-created", "bookora:error"];

/** Every bookora:* event that reaches the document, in order, as JSON. */
async function recordEvents(page: Page): Promise<void> {
  await page.addInitScript((types) => {
    const seen: { type: string; target: string; detail: unknown }[] = [];
    (window as unknown as { __partnerEvents: typeof seen }).__partnerEvents = seen;
    for (const type of types) {
      document.addEventListener(type, (event) =>
        seen.push({ type, target: (event.target as Element).localName, detail: JSON.parse(JSON.stringify((event as CustomEvent).detail)) }),
      );
    }
  }, EVENTS);
}

function recordedEvents(page: Page) {
  return page.evaluate(() => (window as unknown as { __partnerEvents: { type: string; target: string; detail: Record<string, unknown> }[] }).__partnerEvents);
}

/** A partner's landing page, reached from a campaign link, embedding the consultation with its own data. */
async function openCampaignPage(page: Page, query: string, attributes: string): Promise<BookingWidget> {
  const path = `${WORKER_ORIGIN}/__e2e__/campaign.html`;
  await page.route(`${path}?*`, (route) =>
    route.fulfill({
      contentType: "text/html; charset=utf-8",
      body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Acme</title>
<script type="module" src="${WORKER_ORIGIN}/widget.js"></script></head>
<body><main><h1>Talk to us</h1><bookora-widget username="${HOST.username}" booking-type="${HOST.consultationType}" ${attributes}></bookora-widget></main></body></html>`,
    }),
  );
  await page.goto(`${path}?${query}`);
  return new BookingWidget(page, VISITOR.locale);
}

test.describe("a visitor from a campaign books the consultation", () => {
  test.use({ timezoneId: VISITOR.zone, locale: VISITOR.locale });

  let receiver: WebhookReceiver | undefined;
  let endpointId: string | undefined;

  test.afterEach(async ({ request }) => {
    // Other specs go on booking the same host: this receiver must not keep collecting their events.
    if (endpointId) await request.delete(`/api/webhook-endpoints/${endpointId}`, { headers: auth });
    await receiver?.stop();
  });

  test("the answers, the metadata with the page's UTM parameters, and the visitor's zone and language reach the API and the webhook; the page hears each step in order", async ({
    page,
    request,
  }) => {
    receiver = new WebhookReceiver();
    await receiver.start();
    const created = await request.post("/api/webhook-endpoints", {
      headers: { ...auth, "idempotency-key": crypto.randomUUID() },
      data: { url: receiver.url, host: HOST.username, description: "partner-data e2e receiver" },
    });
    expect(created.status()).toBe(201);
    const endpoint = (await created.json()) as { id: string; secret: string };
    endpointId = endpoint.id;
    receiver.trust(endpoint.secret);

    const day = bookingDay("partnerData");
    const slot = (await hostDaySlots(day, HOST.consultationType))[1]!;
    await recordEvents(page);
    const widget = await openCampaignPage(
      page,
      "utm_source=newsletter&utm_medium=email&utm_campaign=winter&ref=ignored",
      `metadata='{"leadId":"L-42","utm_campaign":"spring-promo"}' answers='{"company":"Acme Ltd","nope":"x"}'`,
    );
    await expect.poll(async () => (await recordedEvents(page)).map((event) => event.type)).toEqual(["bookora:ready"]);

    const [time] = await timeLabels(page, [slot.start], VISITOR.locale, VISITOR.zone);
    await widget.pickTime(await widget.pickDay(day), time!);

    // The questions come after name and e-mail, in the type's order; the attribute answered the first.
    const company = widget.root.getByLabel("Company", { exact: true });
    const topic = widget.root.getByLabel("What would you like to discuss?", { exact: true });
    await expect(company).toHaveValue("Acme Ltd");
    await expect(topic).toHaveValue("");
    const order = await widget.root.locator("form [part=field]").evaluateAll((fields) => fields.map((field) => field.getAttribute("name")));
    expect(order).toEqual(["name", "email", "answers.company", "answers.topic", "notes"]);

    await widget.fillForm({ name: "Mara Campaign", email: "mara@example.com" });
    await topic.selectOption("Integration");
    await widget.confirmButton.click();
    await expect(widget.confirmation).toBeVisible();

    const metadata = { leadId: "L-42", utm_campaign: "spring-promo", utm_source: "newsletter", utm_medium: "email" };
    const events = await recordedEvents(page);
    const bookingId = String(events.find((event) => event.type === "bookora:booking-created")?.detail.bookingId);
    expect(events).toEqual([
      {
        type: "bookora:ready",
        target: "bookora-widget",
        detail: { bookingType: HOST.consultationType, host: HOST.username, timeZone: VISITOR.zone, locale: VISITOR.locale },
      },
      { type: "bookora:date-selected", target: "bookora-widget", detail: { date: day } },
      { type: "bookora:slot-selected", target: "bookora-widget", detail: { start: slot.start, end: slot.end } },
      {
        type: "bookora:booking-created",
        target: "bookora-widget",
        detail: { bookingId, start: slot.start, end: slot.end, manageUrl: expect.stringContaining(`/manage/${bookingId}`), metadata },
      },
    ]);

    const response = await fetch(`${WORKER_ORIGIN}/api/bookings/${encodeURIComponent(bookingId)}`, {
      headers: { Authorization: `Bearer ${HOST.serviceToken}` },
    });
    expect(response.status).toBe(200);
    const booking = (await response.json()) as { metadata: unknown; answers: unknown; attendee: unknown };
    expect(booking.metadata).toEqual(metadata);
    expect(booking.answers).toEqual({ company: "Acme Ltd", topic: "Integration" });
    expect(booking.attendee).toMatchObject({ name: "Mara Campaign", timeZone: VISITOR.zone, locale: VISITOR.locale });

    await expect.poll(() => receiver!.about(bookingId).length, { timeout: 15_000 }).toBeGreaterThan(0);
    const [message] = receiver.about(bookingId);
    expect(message!.body.type).toBe("booking.created");
    expect(message!.body.data.metadata).toEqual(metadata);
    expect(message!.body.data.answers).toEqual({ company: "Acme Ltd", topic: "Integration" });
    expect(receiver.rejected).toEqual([]);
  });
});

test("a type's phone, checkbox and long-text questions are checked like the form's own fields, and an answer the API refuses is marked at its field", async ({
  page,
  request,
}) => {
  const created = await request.post("/api/hosts/marta/booking-types", {
    headers: { ...auth, "idempotency-key": crypto.randomUUID() },
    data: {
      title: "Tutoring",
      durations: [30],
      questions: [
        { id: "phone", label: "Phone", type: "phone", required: true },
        { id: "goals", label: "Your goals", type: "textarea", required: false },
        { id: "consent", label: "I agree to be called", type: "checkbox", required: true },
      ],
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const type = (await created.json()) as { stringId: string };
  const creates: string[] = [];
  page.on("request", (sent) => {
    if (sent.method() === "POST" && sent.url().endsWith("/api/bookings")) creates.push(sent.postData() ?? "");
  });
  const widget = await openWidgetWith(page, { username: "marta", "booking-type": type.stringId }, "en-GB");
  await widget.root.locator("[part=slot]").first().click();
  await widget.fillForm({ name: "Tom Tutee", email: "tom@example.com" });
  const phone = widget.root.getByLabel("Phone", { exact: true });
  const consent = widget.root.getByLabel("I agree to be called", { exact: true });
  await expect(phone).toHaveAttribute("type", "tel");
  await expect(widget.root.getByLabel("Your goals", { exact: true })).toHaveAttribute("maxlength", "5000");

  // No country code, and the required box unchecked: the browser stops the form, nothing is sent.
  await phone.fill("020 7946 0958");
  await widget.confirmButton.click();
  expect(await phone.evaluate((input) => (input as HTMLInputElement).validity.patternMismatch)).toBe(true);
  expect(await consent.evaluate((input) => (input as HTMLInputElement).validity.valueMissing)).toBe(true);
  expect(creates).toEqual([]);

  // A number the browser lets through but the API refuses (no country code starts with 0).
  await phone.fill("+0 20 7946 0958");
  await consent.check();
  await widget.confirmButton.click();
  await expect(widget.root.getByRole("alert")).toHaveText("Some of the details were not accepted. Please check them and try again.");
  await expect(phone).toBeFocused();
  await expect(phone).toHaveAttribute("aria-invalid", "true");
  await expect(phone).toHaveAccessibleDescription(/This was not accepted\. Please check it\./);
  expect(JSON.parse(creates[0]!).answers).toEqual({ phone: "+0 20 7946 0958", consent: true });
  await expectNoSeriousViolations(page, "the form with its questions, an answer refused");

  await phone.fill("+44 20 7946 0958");
  await expect(phone).not.toHaveAttribute("aria-invalid", "true");
  await widget.confirmButton.click();
  await expect(widget.confirmation).toBeVisible();
  const [booked] = await widgetEvents(page, "bookora:booking-created");
  const response = await fetch(`${WORKER_ORIGIN}/api/bookings/${encodeURIComponent(String(booked!.detail.bookingId))}`, {
    headers: { Authorization: "Bearer bk_test_demo" },
  });
  expect(((await response.json()) as { answers: unknown }).answers).toEqual({ phone: "+442079460958", consent: true });
});

test.describe("the widget's look", () => {
  /** The container's background and the type's title, as the visitor's browser paints them. */
  async function look(widget: BookingWidget) {
    await expect(widget.grid).toBeVisible();
    return {
      background: await widget.root.locator("[part=container]").evaluate((container) => getComputedStyle(container).backgroundColor),
      titleShown: await widget.root.getByRole("heading", { level: 2, name: "Intro call" }).isVisible(),
    };
  }

  const WHITE = "rgb(255, 255, 255)";
  const DARK = "rgb(17, 24, 39)";

  test("theme=dark paints the dark palette on a light OS, theme=light the light one on a dark OS, and auto follows the OS", async ({ page }) => {
    await page.emulateMedia({ colorScheme: "light" });
    const widget = await openWidgetWith(page, { username: HOST.username, "booking-type": HOST.introType }, "en-GB");
    expect((await look(widget)).background, "auto on a light OS").toBe(WHITE);
    await widget.root.evaluate((element) => element.setAttribute("theme", "dark"));
    expect((await look(widget)).background, "theme=dark on a light OS").toBe(DARK);

    await page.emulateMedia({ colorScheme: "dark" });
    await widget.root.evaluate((element) => element.removeAttribute("theme"));
    expect((await look(widget)).background, "auto on a dark OS").toBe(DARK);
    await widget.root.evaluate((element) => element.setAttribute("theme", "light"));
    expect((await look(widget)).background, "theme=light on a dark OS").toBe(WHITE);
  });

  test("hide-header hides the type's title and host line, and nothing else", async ({ page }) => {
    const widget = await openWidgetWith(page, { username: HOST.username, "booking-type": HOST.introType, "hide-header": "" }, "en-GB");
    expect((await look(widget)).titleShown).toBe(false);
    await expect(widget.root.getByText(`with ${HOST.name}`)).toBeHidden();
    await expect(widget.nextMonthButton).toBeVisible();
    await widget.root.evaluate((element) => element.removeAttribute("hide-header"));
    expect((await look(widget)).titleShown).toBe(true);
    await expect(widget.root.getByText(`with ${HOST.name}`)).toBeVisible();
  });
});
