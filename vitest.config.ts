// Three projects: the Worker's tests run inside workerd with the real D1, Durable Objects and
// migrations; the widget's pure modules (calendar math, zones, retries) run in Node; so do the
// Worker's `*.node.test.ts`, which need a Node library (the OpenAPI document's linter).
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { configDefaults, defineConfig } from "vitest/config";

/**
 * Both providers configured against the fakes (fakes/calendars), which tests answer through a
 * spy on fetch (worker/test/calendar-fixtures.ts): no request leaves the machine.
 */
const FAKE_CALENDARS = {
  GOOGLE_CLIENT_ID: "fake-google-client-id",
  GOOGLE_CLIENT_SECRET: "fake-google-client-id-secret",
  GOOGLE_AUTH_URL: "https://google.fake/o/oauth2/v2/auth",
  GOOGLE_TOKEN_URL: "https://google.fake/token",
  GOOGLE_CALENDAR_API: "https://google.fake/calendar/v3",
  GOOGLE_REVOKE_URL: "https://google.fake/revoke",
  MICROSOFT_CLIENT_ID: "fake-microsoft-client-id",
  MICROSOFT_CLIENT_SECRET: "fake-microsoft-client-id-secret",
  MICROSOFT_AUTH_URL: "https://microsoft.fake/common/oauth2/v2.0/authorize",
  MICROSOFT_TOKEN_URL: "https://microsoft.fake/common/oauth2/v2.0/token",
  MICROSOFT_GRAPH_API: "https://microsoft.fake/v1.0",
  // 32 bytes of test key, base64: tokens at rest in tests are sealed like anywhere else.
  CALENDAR_TOKEN_KEY: "dGVzdC1rZXktdGVzdC1rZXktdGVzdC1rZXktdGVzdCE=",
};

/** 32 bytes of test key, base64: manage tokens in tests are derived like anywhere else. */
const TEST_MANAGE_TOKEN_KEY = "bWFuYWdlLXRva2VuLXRlc3Qta2V5LTMyLWJ5dGVzISE=";

/**
 * Settings a developer's .dev.vars may change for `npm start` (which puts WEBHOOKS_ALLOW_HTTP=on and
 * DEMO_TOKENS=on there), pinned to what a deployment has: tests that need another value set it per
 * request. Test tokens are `bk_live_` like a deployment's (worker/test/fixtures.ts).
 */
const AS_DEPLOYED = { RATE_LIMITS: "on", WEBHOOKS_ALLOW_HTTP: "off", WEBHOOK_RETRY_SCHEDULE: "", DEMO_TOKENS: "off" };

/**
 * E-mail off, whatever .dev.vars says for `npm start`; tests that send put a recording transport in
 * the host's object (worker/notifications/outbox.test.ts), which sends as EMAIL_FROM.
 */
const MAIL = { EMAIL_PROVIDER: "", EMAIL_FROM: "Bookora <bookings@bookora.test>" };

export default defineConfig(async () => {
  const migrations = await readD1Migrations("./migrations");
  return {
    test: {
      // Each worker test file starts its own runtime and migrates its own D1 (most of the suite's
      // time): two files at once on two cores took the suite from about 170 s to 130 s.
      maxWorkers: 2,
      projects: [
        {
          plugins: [
            cloudflareTest({
              main: "./worker/index.ts",
              wrangler: { configPath: "./wrangler.toml" },
              miniflare: { bindings: { TEST_MIGRATIONS: migrations, ...FAKE_CALENDARS, MANAGE_TOKEN_KEY: TEST_MANAGE_TOKEN_KEY, ...AS_DEPLOYED, ...MAIL } },
            }),
          ],
          test: {
            name: "worker",
            include: ["worker/**/*.test.ts"],
            exclude: [...configDefaults.exclude, "worker/**/*.node.test.ts"],
            setupFiles: ["./worker/test/apply-migrations.ts"],
          },
        },
        {
          test: { name: "widget", include: ["widget/**/*.test.ts"], environment: "node" },
        },
        {
          test: { name: "node", include: ["worker/**/*.node.test.ts", "fakes/**/*.node.test.ts"], environment: "node" },
        },
      ],
    },
  };
});
