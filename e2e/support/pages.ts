/**
 * Opening the widget: the hosted booking page, the front page, or a page of our own with chosen
 * attributes (served by intercepting one URL on the Worker's origin, so it is same-origin like the
 * hosted page and needs no server of its own).
 */
import type { Page, Request } from "@playwright/test";
import { HOST, WORKER_ORIGIN } from "./origins";
import { BookingWidget } from "./widget";

export const HOSTED_PAGE = `/book/${HOST.username}/${HOST.introType}`;

/** Holds the API's availability answers from now on, until the function returned is called. */
export async function holdAvailability(page: Page): Promise<() => void> {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(
    (url) => url.pathname === "/api/availability",
    async (route) => {
      await held;
      await route.continue();
    },
  );
  return release;
}

export async function openHostedPage(page: Page, locale: string, path = HOSTED_PAGE): Promise<BookingWidget> {
  const response = await gotoNamingUnfinished(page, path);
  if (response?.status() !== 200) throw new Error(`${path} answered ${response?.status()}`);
  return new BookingWidget(page, locale);
}

/**
 * page.goto, but a load that does not end within 20 s fails naming the requests still open (the
 * page itself or one of its files), where Playwright's own timeout would only say it waited.
 */
async function gotoNamingUnfinished(page: Page, path: string) {
  const open = new Set<Request>();
  const started = (request: Request) => open.add(request);
  const ended = (request: Request) => open.delete(request);
  page.on("request", started);
  page.on("requestfinished", ended);
  page.on("requestfailed", ended);
  try {
    return await page.goto(path, { timeout: 20_000 });
  } catch (error) {
    const unfinished = [...open].map((request) => `${request.method()} ${request.url()}`);
    throw new Error(`${path} did not load; requests still open: ${unfinished.join(", ") || "none"}`, { cause: error });
  } finally {
    page.off("request", started);
    page.off("requestfinished", ended);
    page.off("requestfailed", ended);
  }
}

/** A page holding one widget with exactly these attributes (values are escaped). */
export async function openWidgetWith(page: Page, attributes: Record<string, string>, locale: string): Promise<BookingWidget> {
  const escapeAttribute = (value: string) => value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  const attributeText = Object.entries(attributes)
    .map(([name, value]) => `${name}="${escapeAttribute(value)}"`)
    .join(" ");
  const url = `${WORKER_ORIGIN}/__e2e__/widget-with-attributes.html`;
  await page.route(url, (route) =>
    route.fulfill({
      contentType: "text/html; charset=utf-8",
      body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Widget</title>
<script type="module" src="${WORKER_ORIGIN}/widget.js"></script></head>
<body><main><h1>Book a call</h1><bookora-widget ${attributeText}></bookora-widget></main></body></html>`,
    }),
  );
  await page.goto(url);
  return new BookingWidget(page, locale);
}
