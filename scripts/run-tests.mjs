#!/usr/bin/env node
// `npm test`: builds, type-checks, then runs every suite (worker tests in workerd), and ends with the
// line CI reads: "N passed, N failed". Exits non-zero if anything failed.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const reports = mkdtempSync(join(tmpdir(), "bookora-tests-"));
let passed = 0;
let failed = 0;

function run(label, command, args) {
  console.log(`\n=== ${label}: ${command} ${args.join(" ")}`);
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, FORCE_COLOR: "0" } });
  return result.status === 0;
}

// The Worker serves ./dist as static assets; the worker tests need it to exist.
if (!run("build static assets", "npx", ["vite", "build"])) failed += 1;

// A type error fails the run (counted once per project); passing type-checks are not counted as tests.
for (const project of ["tsconfig.worker.json", "tsconfig.node.json"]) {
  if (!run(`typecheck ${project}`, "npx", ["tsc", "-p", project, "--noEmit"])) failed += 1;
}

const vitestReport = join(reports, "vitest.json");
const vitestOk = run("worker tests (workerd)", "npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestReport}`]);
try {
  const report = JSON.parse(readFileSync(vitestReport, "utf8"));
  passed += report.numPassedTests;
  failed += report.numFailedTests + (report.numTotalTests === 0 ? 1 : 0);
  if (!vitestOk && report.numFailedTests === 0) failed += 1; // a suite that failed to load
} catch {
  failed += 1; // no report: vitest itself failed
}

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
