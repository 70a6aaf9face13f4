/**
 * `npm run bench` (after bench/api.ts): what the widget costs a visitor, measured in one run.
 *
 *   - Download: every JS file the browser fetches for /widget.js, raw, gzip and brotli (from
 *     scripts/check-widget-budget.mjs, the same count `npm test` holds to its budget), cross-checked
 *     against the scripts Chromium actually loaded on the hosted page.
 *   - Time to first slot button on /book/hepuloujun/2 in headless Chromium over loopback, each load
 *     in a fresh (cold-cache) browser context: an init script wraps attachShadow and watches the
 *     widget's shadow root with a MutationObserver; the figure is performance.now() (ms since
 *     navigation start) at the first DOM change that shows a slot button in a list, i.e. when it is
 *     in the DOM, before it is painted. The widget shows the first day with free times by itself.
 *     Also reported: the first day button marked bookable (calendar usable) and the page's load event.
 *   - Baseline in the same run: the load event of GET /api/health opened as a page (a tiny response,
 *     no script), so the ratio says how much the widget adds on top of the bare round trip.
 *   - The manage page (/manage/:id#token, issue 11) next to the hosted page: time to interactive,
 *     i.e. until its Reschedule and Cancel booking buttons are in the DOM (the booking read with the
 *     token, its type's details in), each load cold like the hosted page's; and its own download,
 *     /manage.js. The widget's download is quoted against its size before issue 11.
 *
 * It starts the Worker with e2e/start-worker.ts on BENCH_WIDGET_PORT (8798). It assumes dist/ is
 * built (`npm run build`) and builds it if dist/manage.js is missing. It prints figures and never
 * fails on speed. BENCH_LOADS sets the number of measured loads (default 15).
 */

import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { type Browser, chromium } from "@playwright/test";
import { startWorker, stopWorker } from "./local-worker";

const PORT = Number(process.env.BENCH_WIDGET_PORT ?? 8798);
const LOADS = Number(process.env.BENCH_LOADS ?? 15);
const BASE = `http://127.0.0.1:${PORT}`;
const PAGE = "/book/hepuloujun/2";
const DIST = "dist";
const chromiumPath = process.env.CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);
const chromiumArgs = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
}

function summary(values: number[]): { median: number; p90: number; n: number } {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: quantile(sorted, 0.5), p90: quantile(sorted, 0.9), n: sorted.length };
}

/**
 * Records, in the page, when the widget first shows a bookable day and a slot button. A string, not a
 * function: tsx (esbuild keepNames) would wrap a function's inner names in a helper the page lacks.
 */
const watchWidget = `
  const marks = (window.__benchMarks = {});
  const original = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    const root = original.call(this, init);
    if (this.localName !== "bookora-widget") return root;
    const observer = new MutationObserver(() => {
      if (marks.bookableDay === undefined && root.querySelector('[role="grid"] button:not([aria-disabled="true"]):not([disabled])')) {
        marks.bookableDay = performance.now();
      }
      if (marks.firstSlot === undefined && root.querySelector('[role="list"] button')) {
        marks.firstSlot = performance.now();
        observer.disconnect();
      }
    });
    observer.observe(root, { childList: true, subtree: true, attributes: true });
    return root;
  };
`;

/**
 * When the manage page's element shows its actions, polled every 10 ms from the document's start (so
 * within about 10 ms): a MutationObserver in the page, as for the widget, missed the moment on some
 * loads. A function, not a string: the page's CSP forbids eval. No named inner functions (see above).
 */
function manageActionsShown(): number | false {
  const root = document.querySelector("bookora-manage")?.shadowRoot;
  const labels = root ? Array.from(root.querySelectorAll("button"), (button) => (button.textContent ?? "").trim()) : [];
  return labels.includes("Reschedule") && labels.includes("Cancel booking") ? performance.now() : false;
}

/** /widget.js before issue 11 added the manage link and Add to calendar (commit e55aa49), gzip -9 bytes. */
const WIDGET_BEFORE_ISSUE_11 = {
  commit: "e55aa49",
  /** As it was built then. */
  gzip: 17_881,
  /** The same source built as now (pure annotations stripped since): the like-for-like baseline. */
  gzipSameBuild: 17_798,
};

interface Marks {
  bookableDay?: number;
  firstSlot?: number;
  load?: number;
}

async function measureWidget(browser: Browser, scripts: Set<string>): Promise<Marks> {
  const context = await browser.newContext({ timezoneId: "Europe/London", locale: "en-GB" });
  const page = await context.newPage();
  await page.addInitScript({ content: watchWidget });
  page.on("response", (response) => {
    if (response.request().resourceType() === "script") scripts.add(new URL(response.url()).pathname);
  });
  await page.goto(`${BASE}${PAGE}`);
  try {
    await page.waitForFunction("window.__benchMarks.firstSlot !== undefined", null, { timeout: 15_000 });
  } catch {
    // reported as missing below
  }
  const result = (await page.evaluate(`({ ...window.__benchMarks, load: performance.getEntriesByType("navigation")[0]?.loadEventEnd })`)) as Marks;
  await context.close();
  return result;
}

/** A public booking on the benchmark's own Worker, for the manage page to show: its manage link. */
async function bookForManagePage(): Promise<string> {
  const day = new Date(Date.now() + 14 * 86_400_000);
  while (day.getUTCDay() === 0 || day.getUTCDay() === 6) day.setUTCDate(day.getUTCDate() + 1);
  const date = day.toISOString().slice(0, 10);
  const availability = await fetch(`${BASE}/api/availability?username=hepuloujun&slug=2&startDate=${date}&endDate=${date}`);
  const slot = ((await availability.json()) as { slots: { start: string; end: string }[] }).slots.at(-1);
  if (!slot) throw new Error(`no free slot on ${date} to book for the manage page`);
  const response = await fetch(`${BASE}/api/bookings`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "Idempotency-Key": crypto.randomUUID() },
    body: JSON.stringify({ bookingType: "2", ...slot, name: "Bench Mark", email: "bench@example.com" }),
  });
  const created = (await response.json()) as { manageUrl?: string };
  if (!created.manageUrl) throw new Error(`the public create answered ${response.status} without a manageUrl`);
  return created.manageUrl;
}

async function measureManage(browser: Browser, manageUrl: string): Promise<number | undefined> {
  const context = await browser.newContext({ timezoneId: "Europe/London", locale: "en-GB" });
  const page = await context.newPage();
  // From the moment the manage page's document exists (not its load event), so the first poll is early.
  await page.goto(manageUrl, { waitUntil: "commit" });
  const interactive = await page.waitForFunction(manageActionsShown, null, { timeout: 15_000, polling: 10 }).then(
    async (handle) => (await handle.jsonValue()) as number,
    (error) => {
      if (process.env.BENCH_DEBUG) console.error(error);
      return undefined; // reported as missing
    },
  );
  await context.close();
  return interactive;
}

async function measureBaseline(browser: Browser): Promise<number | undefined> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${BASE}/api/health`, { waitUntil: "load" });
  const load = (await page.evaluate(`performance.getEntriesByType("navigation")[0]?.loadEventEnd`)) as number | undefined;
  await context.close();
  return load;
}

function gzipBytes(file: string): number {
  return gzipSync(readFileSync(join(DIST, file)), { level: 9 }).length;
}

function signed(bytes: number): string {
  return bytes >= 0 ? `+${bytes}` : String(bytes);
}

function line(name: string, values: number[], baseline?: number): string {
  if (values.length === 0) return `${name.padEnd(52)} not measured`;
  const { median, p90, n } = summary(values);
  const ratio = baseline ? `  ×${(median / baseline).toFixed(1)} baseline` : "";
  return `${name.padEnd(52)} median ${median.toFixed(0).padStart(5)} ms  p90 ${p90.toFixed(0).padStart(5)} ms  (n=${n})${ratio}`;
}

async function main() {
  if (!existsSync(join(DIST, "manage.js"))) spawnSync("npx", ["vite", "build"], { stdio: "inherit" });
  const server = await startWorker(PORT);
  const browser = await chromium.launch({ ...(chromiumPath ? { executablePath: chromiumPath } : {}), args: chromiumArgs });
  const scripts = new Set<string>();
  const firstSlot: number[] = [];
  const bookableDay: number[] = [];
  const load: number[] = [];
  const baseline: number[] = [];
  const manageInteractive: number[] = [];
  let missing = 0;
  let manageMissing = 0;
  try {
    const manageUrl = await bookForManagePage();
    // One discarded load of each warms the Worker's isolate, D1 and the host's Durable Object.
    await measureBaseline(browser);
    await measureWidget(browser, new Set());
    await measureManage(browser, manageUrl);
    for (let i = 0; i < LOADS; i += 1) {
      const health = await measureBaseline(browser);
      if (health !== undefined) baseline.push(health);
      const marks = await measureWidget(browser, scripts);
      if (marks.firstSlot === undefined) missing += 1;
      else firstSlot.push(marks.firstSlot);
      if (marks.bookableDay !== undefined) bookableDay.push(marks.bookableDay);
      if (marks.load !== undefined) load.push(marks.load);
      const interactive = await measureManage(browser, manageUrl);
      if (interactive === undefined) manageMissing += 1;
      else manageInteractive.push(interactive);
    }
  } finally {
    await browser.close();
    await stopWorker(server);
  }

  const version = spawnSync(chromiumPath ?? "chromium", ["--version"], { encoding: "utf8" }).stdout?.trim() || "Playwright's Chromium";
  console.log(`\nBookora widget benchmark: ${version}, headless, wrangler dev on loopback, ${LOADS} cold loads each (fresh context, empty cache)\n`);
  console.log("Download for <script type=module src=/widget.js> (dist/widget.js and every chunk it imports):");
  spawnSync("node", ["scripts/check-widget-budget.mjs"], { stdio: "inherit" });
  const widgetNow = gzipBytes("widget.js");
  const before = WIDGET_BEFORE_ISSUE_11;
  console.log(
    `  before issue 11 (${before.commit}): ${before.gzip} B gzip as built then, ${before.gzipSameBuild} B built as now; now ${widgetNow} B: ` +
      `${signed(widgetNow - before.gzip)} B on /widget.js, ${signed(widgetNow - before.gzipSameBuild)} B for issue 11's code alone (limit +1024 B)`,
  );
  console.log(`  the manage page's own module, /manage.js (never loaded by /widget.js): ${gzipBytes("manage.js")} B gzip`);
  console.log(`  scripts Chromium fetched on ${PAGE}: ${[...scripts].sort().join(", ") || "none seen"}\n`);

  const base = summary(baseline).median;
  console.log(line("baseline: GET /api/health as a page, load", baseline));
  console.log(line(`${PAGE}: load event`, load, base));
  console.log(line(`${PAGE}: first bookable day in the DOM`, bookableDay, base));
  console.log(line(`${PAGE}: first slot button in the DOM`, firstSlot, base));
  if (missing > 0) console.log(`  (${missing} of ${LOADS} loads showed no slot button within 15 s)`);
  console.log(line("/manage/:id#token: Reschedule and Cancel in the DOM", manageInteractive, base));
  if (manageMissing > 0) console.log(`  (${manageMissing} of ${LOADS} manage page loads showed no actions within 15 s)`);
  if (firstSlot.length === 0) process.exitCode = 1; // nothing measured: the widget did not work, not a speed verdict
}

await main();
