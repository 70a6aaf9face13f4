/**
 * Browser tests: the built widget (dist/) against the real Worker under `wrangler dev`, plus a
 * partner site on a second origin that embeds it. `npm test` builds first and reads the JSON report
 * named by E2E_JSON_REPORT; `npx playwright test` alone works too after `npx vite build`.
 */
import { defineConfig, devices } from "@playwright/test";
import { chromiumLaunchOptions } from "./e2e/support/chromium";
import { CALENDARS_ORIGIN, MAIL_ORIGIN, PARTNER_ORIGIN, WORKER_ORIGIN } from "./e2e/support/origins";

// One "today" for the whole run (e2e/support/days.ts), however long it takes: workers inherit it.
process.env.E2E_RUN_STARTED_AT ??= String(Date.now());

export default defineConfig({
  testDir: "e2e",
  testMatch: "*.spec.ts",
  // Two cores run wrangler, Chromium and the runner: one worker keeps timings steady in CI.
  workers: process.env.CI ? 1 : 2,
  fullyParallel: false,
  retries: 0,
  forbidOnly: true,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json", { outputFile: process.env.E2E_JSON_REPORT ?? "test-results/e2e-report.json" }]],
  use: {
    baseURL: WORKER_ORIGIN,
    // A pinned visitor; specs about other zones and locales override these.
    timezoneId: "Europe/London",
    locale: "en-GB",
    trace: "retain-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: chromiumLaunchOptions,
      },
    },
  ],
  webServer: [
    {
      name: "worker",
      command: `npx tsx e2e/start-worker.ts --port 8788 --calendars ${CALENDARS_ORIGIN} --mail ${MAIL_ORIGIN}`,
      url: `${WORKER_ORIGIN}/api/health`,
      // A fresh database every run: never attach to a server with someone else's bookings.
      reuseExistingServer: false,
      timeout: 90_000,
      stdout: "ignore",
      stderr: "pipe",
      gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
    },
    {
      // The fake Google and Microsoft the Worker's calendar layer talks to (calendar.spec.ts).
      name: "calendars",
      command: "npx tsx fakes/calendars/fake-calendar-server.ts --port 8790",
      url: `${CALENDARS_ORIGIN}/control/google/state`,
      reuseExistingServer: false,
      timeout: 30_000,
      gracefulShutdown: { signal: "SIGTERM", timeout: 2_000 },
    },
    {
      // The fake Resend the Worker's e-mail goes to, with its inbox (mail.spec.ts).
      name: "mail",
      command: `npx tsx fakes/mail/fake-mail-server.ts --port ${new URL(MAIL_ORIGIN).port}`,
      url: `${MAIL_ORIGIN}/control/state`,
      reuseExistingServer: false,
      timeout: 30_000,
      gracefulShutdown: { signal: "SIGTERM", timeout: 2_000 },
    },
    {
      name: "partner",
      command: "npx tsx e2e/partner-site.ts",
      url: `${PARTNER_ORIGIN}/embed.html`,
      reuseExistingServer: false,
      timeout: 30_000,
      gracefulShutdown: { signal: "SIGTERM", timeout: 2_000 },
    },
  ],
});
