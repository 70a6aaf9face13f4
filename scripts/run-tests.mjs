#!/usr/bin/env node
// `npm test`: builds, type-checks, runs the checks (widget budget, generated types, import rules,
// format and lint), then every suite (worker tests in workerd, widget unit tests and the API
// document's lint in Node, browser tests in Chromium), and ends with the line CI reads:
// "N passed, N failed". Exits non-zero if anything failed.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const reports = mkdtempSync(join(tmpdir(), "bookora-tests-"));
let passed = 0;
let failed = 0;

/** A suite still running after this long has hung (the whole run takes under ten minutes on 2 cores). */
const SUITE_TIMEOUT_MS = 20 * 60_000;

/** The worker tests take about 3 minutes; past this they have hung (see below). */
const VITEST_TIMEOUT_S = 600;

function run(label, command, args, env = {}) {
  console.log(`\n=== ${label}: ${command} ${args.join(" ")}`);
  const result = spawnSync(command, args, {
    stdio: "inherit",
    env: { ...process.env, FORCE_COLOR: "0", ...env },
    timeout: SUITE_TIMEOUT_MS,
    killSignal: "SIGKILL",
  });
  if (result.error?.code === "ETIMEDOUT") console.log(`\n${label}: still running after ${SUITE_TIMEOUT_MS / 60_000} minutes, stopped (counted as failed)`);
  return { ok: result.status === 0, status: result.status };
}

// The Worker serves ./dist as static assets; the worker tests need it to exist.
if (!run("build static assets", "npx", ["vite", "build"]).ok) failed += 1;

// A type error fails the run (counted once per project); passing type-checks are not counted as tests.
for (const project of ["tsconfig.worker.json", "tsconfig.widget.json", "tsconfig.node.json"]) {
  if (!run(`typecheck ${project}`, "npx", ["tsc", "-p", project, "--noEmit"]).ok) failed += 1;
}

// The widget's download budgets (15 KB gzipped before the first slot, 25 KB in all) are tests like any other: over either, it fails.
if (run("widget download budget", "node", ["scripts/check-widget-budget.mjs"]).ok) passed += 1;
else failed += 1;

// The committed worker-configuration.d.ts must be what `npm run types` generates from wrangler.toml today.
if (run("generated Worker types are current", "node", ["scripts/check-worker-types.mjs"]).ok) passed += 1;
else failed += 1;

// The floor plan's import rules (.dependency-cruiser.cjs): one violation fails the run.
if (run("import rules (dependency-cruiser)", "npm", ["run", "--silent", "check:imports"]).ok) passed += 1;
else failed += 1;

// Layout, lint rules and import order (biome.jsonc): any finding, warnings included, fails the run.
if (run("format and lint (Biome)", "npm", ["run", "--silent", "lint"]).ok) passed += 1;
else failed += 1;

const vitestReport = join(reports, "vitest.json");
// Under coreutils' timeout, which stops the whole process group (vitest and its workerd), not npx alone.
const vitestArgs = [
  "--signal=KILL",
  String(VITEST_TIMEOUT_S),
  "npx",
  "vitest",
  "run",
  "--reporter=default",
  "--reporter=json",
  `--outputFile.json=${vitestReport}`,
];
const hungUnderTimeout = (result) => result.status === 137 || result.status === 124;
let vitest = run("worker tests (workerd), widget unit tests and the API document lint (Node)", "timeout", vitestArgs);
// Known, not yet explained (issue 10's notes): now and then every test file finishes and vitest
// never exits or writes its report. Such a run is started once more, and says so; a second hang,
// or any failure, counts.
if (hungUnderTimeout(vitest)) {
  console.log(`\nThe worker tests were still running after ${VITEST_TIMEOUT_S / 60} minutes and wrote no report: running them once more.`);
  vitest = run("worker tests, second run after a hang", "timeout", vitestArgs);
}
const vitestOk = vitest.ok;
try {
  const report = JSON.parse(readFileSync(vitestReport, "utf8"));
  passed += report.numPassedTests;
  failed += report.numFailedTests + (report.numTotalTests === 0 ? 1 : 0);
  if (!vitestOk && report.numFailedTests === 0) failed += 1; // a suite that failed to load
} catch {
  failed += 1; // no report: vitest itself failed
}

// Browser tests: the built widget against the real Worker (playwright.config.ts starts both servers).
// Playwright's JSON report gives the counts; a run that crashed or wrote no report counts as 1 failed.
const e2eReport = join(reports, "e2e.json");
const e2eOk = run("browser tests (Playwright, Chromium)", "npx", ["playwright", "test"], { E2E_JSON_REPORT: e2eReport }).ok;
try {
  const { stats, errors = [] } = JSON.parse(readFileSync(e2eReport, "utf8"));
  // With retries 0 nothing is "flaky"; if retries are ever turned on, a test that passed on retry counts as passed.
  passed += stats.expected + stats.flaky;
  // A skipped test hid a failure (specs never skip on purpose).
  failed += stats.unexpected + stats.skipped;
  const ran = stats.expected + stats.flaky + stats.unexpected;
  if (ran === 0 || errors.length > 0 || (!e2eOk && stats.unexpected === 0)) failed += 1; // no tests, a web server or config error
} catch {
  failed += 1; // no report: Playwright itself failed
}

rmSync(reports, { recursive: true, force: true });
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
