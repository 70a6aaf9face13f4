/**
 * One cold load of a page for bench/widget.ts: a fresh browser context (empty cache), the page opened,
 * the moment it is ready read in the page (ms since its navigation started), and what it requested
 * from the Worker before that moment, from the page's Resource Timing entries.
 *
 * In-page code is either a string or a function without named inner functions: tsx (esbuild
 * keepNames) would wrap inner names in a helper the page lacks, and the Worker's pages forbid eval,
 * so predicates that poll must be functions.
 *
 * Nothing of Playwright's runs in the page before the moment measured: the page's own init script
 * records it and says so on the console (READY), which reaches Playwright over the protocol. Waiting
 * with page.waitForFunction instead put Playwright's injected script (about 15 ms to compile and run
 * in a cold context, in a trace) on the main thread between the widget's upgrade and its first slot.
 */
import { gzipSync } from "node:zlib";
import type { Browser, Page, Response } from "@playwright/test";

/** What a page's init script logs once its moment is recorded. */
const READY = "bookora-bench-ready";

/**
 * Records when the widget's element made its shadow root (its module has run), when that root first
 * holds a slot button in a list (in the DOM, before paint), and that slot's day.
 */
const watchWidget = `
  const marks = (window.__benchMarks = {});
  const original = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    const root = original.call(this, init);
    if (this.localName !== "bookora-widget") return root;
    if (marks.attached === undefined) marks.attached = performance.now();
    const observer = new MutationObserver(() => {
      const slot = root.querySelector('[role="list"] button');
      if (marks.firstSlot === undefined && slot) {
        marks.firstSlot = performance.now();
        // Its day in the page's zone (the widget's, as no time-zone attribute is set): YYYY-MM-DD.
        const start = new Date(slot.dataset.start || Number.NaN);
        if (!Number.isNaN(start.getTime())) marks.firstSlotDay = start.toLocaleDateString("sv-SE");
        observer.disconnect();
        console.debug("${READY}");
      }
    });
    observer.observe(root, { childList: true, subtree: true, attributes: true });
    return root;
  };
`;

/** A request the page made to the Worker, in ms since navigation start. */
export interface Fetched {
  path: string;
  start: number;
  end: number;
}

export interface Load {
  /** When the page was ready (first slot, load event, manage actions); undefined if not within 15 s. */
  ready?: number;
  /** When the widget's element made its shadow root: its module had been fetched and run. */
  attached?: number;
  /** When the page's HTML had arrived (its navigation's responseEnd). */
  html?: number;
  /** When the Worker's stylesheets had arrived, where the page has any: module scripts wait for them. */
  css?: number;
  /** The Worker's JS files requested before `ready`, each with its body's gzip -9 size. */
  scripts: (Fetched & { gzip: number })[];
  /** The Worker's /api/ requests made before `ready`, but for months fetched ahead. */
  api: Fetched[];
}

/** What watchWidget records, in ms since navigation start. */
interface Marks {
  attached?: number;
  firstSlot: number;
  firstSlotDay?: string;
}

const CONTEXT = { timezoneId: "Europe/London", locale: "en-GB" };
const TIMEOUT = 15_000;

/** Until the page logs READY: true, or false after TIMEOUT. Listening starts before the page is opened. */
function whenReady(page: Page): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), TIMEOUT);
    page.on("console", (message) => {
      if (message.text() !== READY) return;
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** gzip -9 sizes of response bodies by URL: every load of a run fetches the same files. */
export type GzipCache = Map<string, number>;

function resourceEntries(page: Page): Promise<{ name: string; startTime: number; responseEnd: number }[]> {
  return page.evaluate(() =>
    (performance.getEntriesByType("resource") as PerformanceResourceTiming[]).map((entry) => ({
      name: entry.name,
      startTime: entry.startTime,
      responseEnd: entry.responseEnd,
    })),
  );
}

/** A month's availability asked for after the month of `day` (YYYY-MM-DD): fetched ahead, not needed for a slot on `day`. */
function isLaterMonth(url: URL, day: string | undefined): boolean {
  const startDate = url.searchParams.get("startDate");
  return url.pathname === "/api/availability" && day !== undefined && startDate !== null && startDate.slice(0, 7) > day.slice(0, 7);
}

/** What the page fetched from `workerOrigin` for its first slot, read once its network has gone quiet. */
async function fetchedBefore(page: Page, workerOrigin: string, marks: Marks, bodies: Map<string, Response>, gzip: GzipCache): Promise<Omit<Load, "ready">> {
  const ready = marks.firstSlot;
  // Entries appear as requests end; a quiet network means every request made so far has one.
  await page.waitForLoadState("networkidle", { timeout: 5_000 }).catch(() => undefined);
  const scripts: Load["scripts"] = [];
  const api: Fetched[] = [];
  let css: number | undefined;
  for (const entry of await resourceEntries(page)) {
    const url = new URL(entry.name);
    // Requested before the slot was in the DOM, but not the month after the slot's, which the widget
    // asks for ahead as it shows a month. (Not "ended before": under load Chromium's responseEnd
    // can fall a few ms after the page has read the body.)
    if (url.origin !== workerOrigin || entry.startTime >= ready || isLaterMonth(url, marks.firstSlotDay)) continue;
    const fetched = { path: url.pathname + url.search, start: entry.startTime, end: entry.responseEnd };
    if (url.pathname.endsWith(".css")) css = Math.max(css ?? 0, entry.responseEnd);
    else if (url.pathname.startsWith("/api/")) api.push(fetched);
    else if (url.pathname.endsWith(".js")) {
      if (!gzip.has(entry.name)) {
        const body = await bodies.get(entry.name)?.body();
        if (body) gzip.set(entry.name, gzipSync(body, { level: 9 }).length);
      }
      scripts.push({ ...fetched, gzip: gzip.get(entry.name) ?? Number.NaN });
    }
  }
  return { scripts, api, css };
}

/** A page with a <bookora-widget>: ready at its first slot button. */
export async function loadWidgetPage(browser: Browser, url: string, workerOrigin: string, gzip: GzipCache): Promise<Load> {
  const context = await browser.newContext(CONTEXT);
  try {
    const page = await context.newPage();
    await page.addInitScript({ content: watchWidget });
    const bodies = new Map<string, Response>();
    page.on("response", (response) => {
      if (response.url().startsWith(`${workerOrigin}/`) && new URL(response.url()).pathname.endsWith(".js")) bodies.set(response.url(), response);
    });
    const ready = whenReady(page);
    await page.goto(url);
    if (!(await ready)) return { scripts: [], api: [] };
    const marks = await page.evaluate(() => (window as unknown as { __benchMarks: Marks }).__benchMarks);
    const html = await page.evaluate(() => (performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined)?.responseEnd);
    return { ready: marks.firstSlot, attached: marks.attached, html, ...(await fetchedBefore(page, workerOrigin, marks, bodies, gzip)) };
  } finally {
    await context.close();
  }
}

/** The bare page: ready at the end of its load event (HTML and stylesheet in). */
export async function loadBarePage(browser: Browser, url: string): Promise<Load> {
  const context = await browser.newContext(CONTEXT);
  try {
    const page = await context.newPage();
    const response = await page.goto(url, { waitUntil: "load" });
    if (response?.status() !== 200) throw new Error(`the bare page ${url} answered ${response?.status()}`);
    const ready = await page
      .waitForFunction(() => (performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined)?.loadEventEnd, null, {
        timeout: TIMEOUT,
      })
      .then((handle) => handle.jsonValue() as Promise<number>)
      .catch(() => undefined);
    return { ready, scripts: [], api: [] };
  } finally {
    await context.close();
  }
}

/**
 * Records when the manage page's Reschedule and Cancel booking buttons are in the DOM (the booking
 * read with the token, its type's details in), checked every 10 ms from the document's start: a
 * MutationObserver, as for the widget, missed the moment on some loads.
 */
const watchManagePage = `
  const timer = setInterval(() => {
    const root = document.querySelector("bookora-manage")?.shadowRoot;
    const labels = root ? Array.from(root.querySelectorAll("button"), (button) => (button.textContent || "").trim()) : [];
    if (!labels.includes("Reschedule") || !labels.includes("Cancel booking")) return;
    window.__benchReady = performance.now();
    clearInterval(timer);
    console.debug("${READY}");
  }, 10);
`;

/** The manage page: ready when its Reschedule and Cancel booking buttons are in the DOM. */
export async function loadManagePage(browser: Browser, url: string): Promise<Load> {
  const context = await browser.newContext(CONTEXT);
  try {
    const page = await context.newPage();
    await page.addInitScript({ content: watchManagePage });
    const isReady = whenReady(page);
    await page.goto(url);
    const ready = (await isReady) ? await page.evaluate(() => (window as unknown as { __benchReady: number }).__benchReady) : undefined;
    return { ready, scripts: [], api: [] };
  } finally {
    await context.close();
  }
}
