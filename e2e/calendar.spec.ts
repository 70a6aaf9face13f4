/**
 * A host connects a calendar as a newcomer would: through Bookora's connect page (which names the
 * host and the account), the provider's real consent page (the fake Google on loopback) and
 * Bookora's OAuth callback, in Chromium. A meeting put in that calendar vanishes from the widget; a
 * visitor's booking appears in it as an event. A consent link passed on to another browser connects
 * nothing.
 */
import type { Page } from "@playwright/test";
import { expectNoSeriousViolations } from "./support/axe";
import { offsetMinutes } from "./support/dates";
import { lookOnlyWeekday } from "./support/days";
import { CALENDARS_ORIGIN, WORKER_ORIGIN } from "./support/origins";
import { openHostedPage } from "./support/pages";
import { expect, test } from "./support/test";
import { timeLabels } from "./support/visitor";

const ACCOUNT_TOKEN = "bk_test_demo";
const ZONE = "Europe/London";
const LOCALE = "en-GB";

async function api(method: string, path: string, body?: unknown) {
  const response = await fetch(`${WORKER_ORIGIN}${path}`, {
    method,
    headers: { authorization: `Bearer ${ACCOUNT_TOKEN}`, "content-type": "application/json", "idempotency-key": crypto.randomUUID() },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return text === "" ? null : JSON.parse(text);
}

/** A host of its own (its calendar's busy times touch no other spec), working weekdays 09:00–17:00. */
async function newHost(): Promise<string> {
  const username = `cal-${crypto.randomUUID().slice(0, 8)}`;
  await api("POST", "/api/hosts", { username, name: "Cal Endar", timeZone: ZONE });
  const day = [{ start: "09:00", end: "17:00" }];
  await api("PUT", `/api/hosts/${username}/schedule`, { weekly: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: [], sun: [] } });
  await api("POST", `/api/hosts/${username}/booking-types`, { title: "Check-in", duration: 30, slug: "check-in", bookingWindowDays: 365 });
  return username;
}

/** `time` on `day` in London, as a UTC instant. */
function londonInstant(day: string, time: string): string {
  const naive = Date.parse(`${day}T${time}:00Z`);
  return new Date(naive - offsetMinutes(ZONE, naive) * 60_000).toISOString();
}

test.use({ timezoneId: ZONE, locale: LOCALE });

/** Opens the connection's authorizationUrl (our connect page) and presses Continue: the provider's consent page. */
async function continueToGoogle(page: Page, username: string): Promise<string> {
  const { id, authorizationUrl } = (await api("POST", `/api/hosts/${username}/calendar-connections`, { provider: "google" })) as {
    id: string;
    authorizationUrl: string;
  };
  await page.goto(authorizationUrl);
  // Bookora's page first: whom the calendar would join.
  await expect(page.getByRole("heading", { name: "Connect a Google calendar to Cal Endar" })).toBeVisible();
  await expect(page.getByRole("main")).toContainText("demo uses Bookora to take bookings for Cal Endar");
  await expectNoSeriousViolations(page, "the connect page");
  await page.getByRole("button", { name: "Continue to Google" }).click();
  await expect(page).toHaveURL(new RegExp(`^${CALENDARS_ORIGIN}/google/`));
  // Plain http on loopback: not Secure, or browsers other than Chromium would drop it.
  const cookies = await page.context().cookies(`${WORKER_ORIGIN}/oauth/callback/google`);
  expect(cookies).toEqual([expect.objectContaining({ name: `bookora_oauth_${id}`, path: "/oauth", httpOnly: true, secure: false, sameSite: "Lax" })]);
  return id;
}

test("a host connects Google through Bookora's connect page and the consent page; a busy block vanishes from the widget, and the booking appears in the calendar", async ({
  page,
}) => {
  const username = await newHost();

  // The provider's consent page, then back through Bookora's callback (the cookie Continue set travels with it).
  await continueToGoogle(page, username);
  await page.getByRole("button", { name: "Allow" }).click();
  await expect(page).toHaveURL(new RegExp(`^${WORKER_ORIGIN}/oauth/callback/google\\?`));
  await expect(page.getByRole("heading", { name: "Calendar connected" })).toBeVisible();
  expect(await page.context().cookies(`${WORKER_ORIGIN}/oauth/callback/google`)).toEqual([]);
  const { data } = (await api("GET", `/api/hosts/${username}/calendar-connections`)) as { data: { status: string }[] };
  expect(data[0]?.status).toBe("active");

  // The host puts a meeting in their calendar at 10:00–11:00 (London) on the day the visitor looks at.
  const day = lookOnlyWeekday(6);
  const [nineThirty, ten, tenThirty, eleven] = ["09:30", "10:00", "10:30", "11:00"].map((time) => londonInstant(day, time));
  const busy = await fetch(`${CALENDARS_ORIGIN}/control/google/busy`, { method: "POST", body: JSON.stringify({ start: ten, end: eleven }) });
  expect(busy.status).toBe(201);

  const [nineThirtyLabel, tenLabel, tenThirtyLabel, elevenLabel] = await timeLabels(page, [nineThirty!, ten!, tenThirty!, eleven!], LOCALE, ZONE);
  const widget = await openHostedPage(page, LOCALE, `/book/${username}/check-in`);
  const times = await widget.pickDay(day);
  const names = await widget.slotNames(times);
  expect(names).toContain(nineThirtyLabel);
  expect(names).not.toContain(tenLabel);
  expect(names).not.toContain(tenThirtyLabel);
  expect(names).toContain(elevenLabel);

  await widget.pickTime(times, elevenLabel!);
  await widget.fillForm({ name: "Ada Lovelace", email: "ada@example.com" });
  await widget.confirmButton.click();
  await expect(widget.confirmation).toBeVisible();

  // The event appears in the fake calendar, at the booking's instants.
  await expect
    .poll(async () => {
      const events = (await (await fetch(`${CALENDARS_ORIGIN}/control/google/events`)).json()) as {
        data: { bookingId: string | null; startMs: number; title: string }[];
      };
      return events.data.filter((event) => event.bookingId !== null).map((event) => ({ startMs: event.startMs, title: event.title }));
    })
    .toContainEqual({ startMs: Date.parse(eleven!), title: "Check-in with Ada Lovelace" });
});

test("a consent link passed on to another browser connects nothing, and that browser is told why", async ({ page, browser }) => {
  const username = await newHost();
  const id = await continueToGoogle(page, username);
  const consentUrl = page.url();

  // Someone else opens the provider's page the link leads to, and allows.
  const elsewhere = await browser.newContext();
  try {
    const stranger = await elsewhere.newPage();
    await stranger.goto(consentUrl);
    await stranger.getByRole("button", { name: "Allow" }).click();
    await expect(stranger).toHaveURL(new RegExp(`^${WORKER_ORIGIN}/oauth/callback/google\\?`));
    await expect(stranger.getByRole("heading", { name: "Calendar not connected" })).toBeVisible();
    await expect(stranger.getByRole("main")).toContainText("this browser did not start it");
  } finally {
    await elsewhere.close();
  }
  const { data } = (await api("GET", `/api/hosts/${username}/calendar-connections`)) as { data: { id: string; status: string }[] };
  expect(data).toEqual([expect.objectContaining({ id, status: "error" })]);
});
