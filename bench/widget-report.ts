/**
 * What bench/widget.ts prints from its loads: time to ready per page with its ratio to the bare page,
 * what the widget fetched before its first slot (cross-checked against the budget script's count),
 * and the widget's download per file.
 */
import type { WidgetDownload } from "./widget-download";
import type { Fetched, Load } from "./widget-loads";

export type PageName = "bare" | "hosted" | "embed" | "manage";

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
}

function median(values: number[]): number {
  return quantile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
}

/** The median, with the range when loads differ: "2" or "2 (1–3)". */
function spread(values: number[], format: (value: number) => string = String): string {
  if (values.length === 0) return "none measured";
  const sorted = [...values].sort((a, b) => a - b);
  const mid = format(quantile(sorted, 0.5));
  return sorted[0] === sorted.at(-1) ? mid : `${mid} (${format(sorted[0]!)}–${format(sorted.at(-1)!)})`;
}

const bytes = (value: number) => `${value.toLocaleString("en-US")} B`;

/** Requests that overlap in time share a round trip; one that starts after all before it ended starts the next. */
export function roundTrips(requests: Fetched[]): number {
  let trips = 0;
  let end = Number.NEGATIVE_INFINITY;
  for (const request of [...requests].sort((a, b) => a.start - b.start)) {
    if (request.start >= end) trips += 1;
    end = Math.max(end, request.end);
  }
  return trips;
}

/**
 * The page's median time to ready and, against the bare page, two ratios: of the medians, and the
 * median of each round's own ratio (the page's load over the bare page's load of the same round,
 * moments apart), which the machine's drift between rounds moves less.
 */
function timeLine(label: string, loads: Load[], bareLoads?: Load[]): string {
  const ready = loads.flatMap((load) => (load.ready === undefined ? [] : [load.ready]));
  if (ready.length === 0) return `  ${label.padEnd(70)} not measured`;
  const sorted = [...ready].sort((a, b) => a - b);
  const mid = quantile(sorted, 0.5);
  const bare = bareLoads && median(bareLoads.flatMap((load) => (load.ready === undefined ? [] : [load.ready])));
  const paired = (bareLoads ?? []).flatMap((bareLoad, round) => {
    const page = loads[round]?.ready;
    return bareLoad.ready && page !== undefined ? [page / bareLoad.ready] : [];
  });
  const ratio = bare ? `  ×${(mid / bare).toFixed(2)} bare, ×${median(paired).toFixed(2)} paired` : "";
  const missing = loads.length - ready.length;
  const note = missing > 0 ? `  (${missing} of ${loads.length} loads not ready within 15 s)` : "";
  return `  ${label.padEnd(70)} median ${mid.toFixed(0).padStart(5)} ms  p90 ${quantile(sorted, 0.9).toFixed(0).padStart(5)} ms  (n=${ready.length})${ratio}${note}`;
}

/** The set of files most loads fetched before their first slot, as the budget script names them. */
function usualScripts(loads: Load[]): string[] {
  const sets = new Map<string, number>();
  for (const load of loads) {
    if (load.ready === undefined) continue;
    const key = [...new Set(load.scripts.map((script) => script.path.replace(/^\//, "").replace(/\?.*$/, "")))].sort().join(" ");
    sets.set(key, (sets.get(key) ?? 0) + 1);
  }
  const [key] = [...sets.entries()].sort((a, b) => b[1] - a[1])[0] ?? [""];
  return key ? key.split(" ") : [];
}

function beforeFirstSlot(name: string, loads: Load[], download: WidgetDownload): string[] {
  const measured = loads.filter((load) => load.ready !== undefined);
  if (process.env.BENCH_DEBUG) {
    for (const load of measured) {
      const requests = [...load.scripts, ...load.api].map((request) => `${request.path} ${request.start.toFixed(0)}–${request.end.toFixed(0)}`);
      console.log(`    ${name} ready ${load.ready?.toFixed(0)}: ${requests.join(", ")}`);
    }
  }
  const fileName = (path: string) => path.replace(/^\//, "").replace(/\?.*$/, "");
  const isLazy = (script: Fetched) => download.files.find((file) => file.file === fileName(script.path))?.lazy === true;
  const gzipOf = (scripts: Load["scripts"]) => scripts.reduce((sum, script) => sum + script.gzip, 0);
  const allBytes = measured.map((load) => gzipOf(load.scripts));
  const lazyBytes = measured.map((load) => gzipOf(load.scripts.filter(isLazy)));
  const lazyLoads = measured.filter((load) => load.scripts.some(isLazy)).length;
  const files = usualScripts(measured);
  const requests = measured.map((load) => load.api.length);
  const trips = measured.map((load) => roundTrips(load.api));
  const parallel = measured.filter((load) => load.api.length > 1 && roundTrips(load.api) === 1).length;
  // Where the time goes, medians over the loads: the page and its stylesheet in, the script in, the element upgraded, the API answered, the slot shown.
  const scriptIn = measured.map((load) => Math.max(...load.scripts.filter((script) => !isLazy(script)).map((one) => one.end)));
  const attached = measured.flatMap((load) => (load.attached === undefined ? [] : [load.attached]));
  const answered = measured.filter((load) => load.api.length > 0).map((load) => Math.max(...load.api.map((one) => one.end)));
  const ms = (values: number[]) => `${median(values).toFixed(0)} ms`;
  const html = measured.flatMap((load) => (load.html === undefined ? [] : [load.html]));
  const css = measured.flatMap((load) => (load.css === undefined ? [] : [load.css]));
  const timeline = [
    `HTML in ${ms(html)}`,
    ...(css.length > 0 ? [`site CSS in ${ms(css)}`] : []),
    `first-slot JS in ${ms(scriptIn)}`,
    `shadow root made ${ms(attached)}`,
    ...(answered.length > 0 ? [`API answered ${ms(answered)}`] : []),
    `first slot ${ms(measured.map((load) => load.ready ?? Number.NaN))}`,
  ];
  const paths = [...new Set(measured.flatMap((load) => load.api.map((request) => request.path.replace(/\?.*$/, ""))))];
  const firstSlotFiles = download.files.filter((file) => file.lazy !== true).map((file) => file.file);
  const missing = firstSlotFiles.filter((file) => !files.includes(file));
  const unknown = files.filter((file) => !download.files.some((known) => known.file === file));
  const lazyNames = [...new Set(measured.flatMap((load) => load.scripts.filter(isLazy).map((script) => fileName(script.path))))];
  // How long after the first API request the last one left: 0 when the widget asks for all at once.
  const startGap = measured
    .filter((load) => load.api.length > 1)
    .map((load) => Math.max(...load.api.map((one) => one.start)) - Math.min(...load.api.map((one) => one.start)));
  const check =
    missing.length === 0 && unknown.length === 0
      ? `the budget script's first-slot files (${bytes(download.firstSlot)}) all among them`
      : `unlike the budget script's first-slot files:${missing.length ? ` not fetched ${missing.join(", ")}` : ""}${unknown.length ? ` not counted by it ${unknown.join(", ")}` : ""}`;
  const pad = " ".repeat(name.length);
  return [
    `  ${name}: JS ${spread(allBytes, bytes)} gzip in ${files.length} file(s) (${files.join(", ") || "none"}); ${check}`,
    ...(lazyLoads > 0
      ? [
          `  ${pad}  of which lazy chunks requested while waiting: ${spread(lazyBytes, bytes)} (${lazyNames.join(", ")}) in ${lazyLoads} of ${measured.length} loads`,
        ]
      : []),
    `  ${pad}  API ${spread(requests)} request(s) in ${spread(trips)} round trip(s)${paths.length ? ` (${paths.join(", ")})` : ""}` +
      (Math.max(0, ...requests) > 1
        ? `; all in one round trip in ${parallel} of ${measured.length} loads; the last left ${spread(startGap, (ms) => `${ms.toFixed(0)} ms`)} after the first`
        : ""),
    `  ${pad}  timeline (medians, ms since navigation start): ${timeline.join(", ")}`,
  ];
}

function downloadLines(download: WidgetDownload): string[] {
  const kb = (value: number) => `${(value / 1024).toFixed(2)} KB`;
  const budget = (value?: number) => (value === undefined ? "" : ` (budget ${bytes(value)})`);
  return [
    "Widget download (scripts/check-widget-budget.mjs widgetFiles(): /widget.js and every chunk it imports, from dist/):",
    ...download.files.map(
      (file) =>
        `  ${file.file.padEnd(42)} ${file.lazy ? "lazy      " : "first slot"}  ${kb(file.raw).padStart(9)} raw  ${bytes(file.gzip).padStart(8)} gzip -9  ${bytes(file.brotli).padStart(8)} brotli q11`,
    ),
    `  first slot: ${bytes(download.firstSlot)} gzip${budget(download.firstSlotBudget)}; in total: ${bytes(download.total)} gzip${budget(download.totalBudget)}`,
    `  the manage page's own module, /manage.js (never loaded by /widget.js): ${bytes(download.manageGzip)} gzip` +
      (download.manageTotal === undefined
        ? ""
        : `; before its booking and buttons ${bytes(download.manageFirstView ?? download.manageGzip)} gzip${budget(download.manageFirstViewBudget)}, in total ${bytes(download.manageTotal)} gzip${budget(download.manageTotalBudget)}`),
  ];
}

export function printRun(run: { loads: Record<PageName, Load[]>; download: WidgetDownload; hosted: string; embed: string }): void {
  const { loads, download } = run;
  console.log(
    "Time to ready, ms since navigation start (median and p90 of cold loads; ratio of medians to the bare page, and the median of each round's ratio):",
  );
  console.log(timeLine("bare page (the hosted page's HTML without scripts, static): load event", loads.bare));
  console.log(timeLine(`hosted page ${run.hosted}: first slot button`, loads.hosted, loads.bare));
  console.log(timeLine("embed on a partner page on another origin: first slot button", loads.embed, loads.bare));
  console.log(timeLine("manage page /manage/:id#token: Reschedule and Cancel", loads.manage, loads.bare));
  console.log(`\nRequested from the Worker before the first slot (months fetched ahead left out), per load: median, range when loads differ:`);
  for (const line of beforeFirstSlot("hosted", loads.hosted, download)) console.log(line);
  for (const line of beforeFirstSlot("embed ", loads.embed, download)) console.log(line);
  console.log(`  (the embed page: ${run.embed})\n`);
  for (const line of downloadLines(download)) console.log(line);
}
