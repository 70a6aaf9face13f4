/**
 * `npm run bench` (last): what the widget costs a visitor, measured in one run.
 *
 *   - Time to first slot: headless Chromium over loopback, each load in a fresh (cold-cache) browser
 *     context; an init script wraps attachShadow and watches the widget's shadow root with a
 *     MutationObserver, and the figure is performance.now() (ms since navigation start) at the first
 *     DOM change that shows a slot button in a list (in the DOM, before paint). On the hosted page
 *     (/book/hepuloujun/2) and on a cross-origin embed (a partner page on another port that pastes the
 *     one script tag, bench/widget-pages.ts), each as a ratio to the bare page: the hosted page's
 *     own HTML without its scripts, a static asset of the same Worker, measured at its load event.
 *   - The manage page (/manage/:id#token): until its Reschedule and Cancel booking buttons are in the DOM.
 *   - Rounds of loads in turn (bare, hosted, embed, manage, bare, …), so noise falls on all alike;
 *     one discarded round first warms the Worker's isolate, D1 and the host's Durable Object.
 *   - Before the first slot, from the page's Resource Timing: the Worker's JS files whose request
 *     started before it (gzip -9 of each body), cross-checked against scripts/check-widget-budget.mjs
 *     (the files `npm test` holds to the budgets, lazy chunks marked), and the API requests, with the
 *     round trips they took (requests that overlap in time share one).
 *   - The widget's download in total, raw, gzip and brotli per file, from the same script.
 *
 * It starts the Worker with e2e/start-worker.ts on BENCH_WIDGET_PORT (8798) and builds dist/ if
 * dist/manage.js is missing. While it runs it keeps the bare page in dist/ (removed at the end), and
 * the Worker serves dist/ as it is on disk: build nothing meanwhile. It prints figures and never fails
 * on speed. BENCH_LOADS sets the number of rounds (default 15, at least 7).
 */

import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "@playwright/test";
import { chromiumLaunchOptions, chromiumPath } from "../e2e/support/chromium";
import { startWorker, stopWorker } from "./local-worker";
import { widgetDownload } from "./widget-download";
import { type GzipCache, type Load, loadBarePage, loadManagePage, loadWidgetPage } from "./widget-loads";
import { BARE_PAGE_PATH, barePageServed, removeBarePage, startPartnerSite, writeBarePage } from "./widget-pages";
import { type PageName, printRun } from "./widget-report";

const PORT = Number(process.env.BENCH_WIDGET_PORT ?? 8798);
const LOADS = Math.max(7, Number(process.env.BENCH_LOADS ?? 15));
const BASE = `http://127.0.0.1:${PORT}`;
const HOSTED = "/book/hepuloujun/2";
const DIST = "dist";

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

async function main() {
  if (!existsSync(join(DIST, "manage.js"))) spawnSync("npx", ["vite", "build"], { stdio: "inherit" });
  const server = await startWorker(PORT);
  const partner = await startPartnerSite(BASE);
  const browser = await chromium.launch(chromiumLaunchOptions);
  const gzip: GzipCache = new Map();
  const loads: Record<PageName, Load[]> = { bare: [], hosted: [], embed: [], manage: [] };
  try {
    writeBarePage(DIST, await (await fetch(`${BASE}${HOSTED}`)).text());
    await barePageServed(BASE);
    const manageUrl = await bookForManagePage();
    const load: Record<PageName, () => Promise<Load>> = {
      bare: () => loadBarePage(browser, `${BASE}${BARE_PAGE_PATH}`),
      hosted: () => loadWidgetPage(browser, `${BASE}${HOSTED}`, BASE, gzip),
      embed: () => loadWidgetPage(browser, `${partner.origin}${partner.embedPath}`, BASE, gzip),
      manage: () => loadManagePage(browser, manageUrl),
    };
    const order: PageName[] = ["bare", "hosted", "embed", "manage"];
    for (const name of order) await load[name](); // the warm-up round, not counted
    for (let round = 0; round < LOADS; round += 1) {
      for (const name of order) loads[name].push(await load[name]());
    }
  } finally {
    await browser.close();
    await partner.close();
    await stopWorker(server);
    removeBarePage(DIST);
  }

  const version = spawnSync(chromiumPath ?? "chromium", ["--version"], { encoding: "utf8" }).stdout?.trim() || "Playwright's Chromium";
  console.log(`\nBookora widget benchmark: ${version}, headless, wrangler dev on loopback, ${LOADS} rounds of cold loads (fresh context, empty cache)\n`);
  printRun({ loads, download: await widgetDownload(), hosted: HOSTED, embed: `${partner.origin}${partner.embedPath}` });
  // Nothing measured means the widget did not work: that is not a speed verdict.
  if (loads.hosted.every((one) => one.ready === undefined)) process.exitCode = 1;
}

await main();
