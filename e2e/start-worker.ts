/**
 * Starts the real Worker for the browser tests (Playwright's first webServer) and for
 * bench/widget.ts: a fresh local D1 in a temporary directory, migrated and seeded with the demo data,
 * then wrangler's local dev server serving the already-built dist/ with rate limits off (a whole
 * suite from one IP would otherwise trip the 120-a-minute anonymous limit) and the demo's
 * `bk_test_` tokens accepted (DEMO_TOKENS=on). On a signal the server
 * stops and the directory is removed, so every run starts from the same empty calendar.
 *
 * It is started through wrangler's API (`unstable_startWorker`) rather than `wrangler dev` so that
 * the DevTools inspector can be left off: with it on, wrangler asks the runtime for every outbound
 * request's network events, bodies included, which costs about 8 ms of CPU per fetch (measured:
 * 0.3 ms without it) and would swamp what the benchmarks measure of webhook and calendar calls.
 *
 * With `--calendars <origin>`, the calendar layer is pointed at the fake providers served there
 * (fakes/calendars/fake-calendar-server.ts); with `--mail <origin>`, e-mail goes to the fake Resend
 * served there (fakes/mail/fake-mail-server.ts), its links naming this Worker's origin.
 *
 * With `--entry <file>`, that module is the Worker's entry instead of wrangler.toml's `main`
 * (bench/api-share/worker.ts).
 *
 *   npx tsx e2e/start-worker.ts [--port 8788] [--seed extra.sql ...] [--log-level warn|error] [--calendars http://127.0.0.1:8790]
 *                               [--webhook-retry-schedule 1,1,2|contract] [--entry bench/api-share/worker.ts]
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { unstable_startWorker } from "wrangler";
import { fakeCalendarEnv } from "../fakes/calendars/fake-calendar-server";
import { fakeMailEnv } from "../fakes/mail/fake-mail-server";

/** Every value given for `--name` on the command line. */
function flagValues(name: string): string[] {
  return process.argv.flatMap((arg, i) => (arg === name && process.argv[i + 1] ? [process.argv[i + 1]!] : []));
}

const port = flagValues("--port")[0] ?? process.env.PORT ?? "8788";
const logLevel = flagValues("--log-level")[0] ?? "warn";
const env = { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false", CI: "true" };
const wranglerBin = existsSync("node_modules/.bin/wrangler") ? "node_modules/.bin/wrangler" : "wrangler";
const persist = mkdtempSync(join(tmpdir(), "bookora-e2e-"));
// However the process ends (a failed step, a signal, wrangler's own signal handlers ending it before
// the dispose below finishes), the state goes with it: a synchronous delete is all an exit handler can run.
process.on("exit", () => rmSync(persist, { recursive: true, force: true }));

function prepare(args: string[]): void {
  const result = spawnSync(wranglerBin, [...args, "--persist-to", persist], { env, encoding: "utf8" });
  if (result.status !== 0) {
    process.stderr.write(`wrangler ${args.join(" ")} failed:\n${result.stderr}${result.stdout}`);
    process.exit(1);
  }
}

if (!existsSync("dist/index.html")) {
  process.stderr.write("dist/ is missing: run `npx vite build` first (npm test does).\n");
  process.exit(1);
}

prepare(["d1", "migrations", "apply", "DB", "--local"]);
for (const seed of ["seed/demo.sql", ...flagValues("--seed")]) prepare(["d1", "execute", "DB", "--local", "--file", seed]);

const calendars = flagValues("--calendars")[0];
// Local only, never a deployment's: the key the providers' tokens are sealed with in this run.
const calendarVars = calendars ? { ...fakeCalendarEnv(calendars), CALENDAR_TOKEN_KEY: "ZTJlLWtleS1lMmUta2V5LWUyZS1rZXktZTJlLWtleSE=" } : {};
const mail = flagValues("--mail")[0];
const mailVars = mail ? { ...fakeMailEnv(mail), PUBLIC_URL: `http://127.0.0.1:${port}` } : {};
// A fresh key per run, like the fresh database: manage tokens are derived with it.
const manageTokenKey = randomBytes(32).toString("base64");
// Receivers on loopback (e2e/webhooks.spec.ts), retried after 1, 1 and 2 seconds instead of over three
// days; `--webhook-retry-schedule contract` keeps the contract's (the benchmark's dead receiver).
const retrySchedule = flagValues("--webhook-retry-schedule")[0] ?? "1,1,2";
const webhookVars = { WEBHOOKS_ALLOW_HTTP: "on", ...(retrySchedule === "contract" ? {} : { WEBHOOK_RETRY_SCHEDULE: retrySchedule }) };
// The demo data's bk_test_ tokens (seed/demo.sql) are what the specs and benchmarks call with.
const vars = { RATE_LIMITS: "off", DEMO_TOKENS: "on", MANAGE_TOKEN_KEY: manageTokenKey, ...webhookVars, ...calendarVars, ...mailVars };

// Read by wrangler in this process: no download of request.cf data, no telemetry.
Object.assign(process.env, { CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false" });
const worker = await unstable_startWorker({
  config: "wrangler.toml",
  entrypoint: flagValues("--entry")[0],
  bindings: Object.fromEntries(Object.entries(vars).map(([name, value]) => [name, { type: "plain_text" as const, value }])),
  dev: {
    remote: false,
    server: { hostname: "127.0.0.1", port: Number(port) },
    inspector: false,
    persist,
    watch: false,
    logLevel: logLevel as "warn" | "error",
  },
}).catch((error: unknown) => {
  process.stderr.write(`the Worker did not start: ${String(error)}\n`);
  process.exit(1);
});
await worker.ready;

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void worker
      .dispose()
      .catch(() => undefined)
      .finally(() => process.exit(0));
  });
}
