/**
 * The Worker a benchmark measures: e2e/start-worker.ts (fresh local D1, migrations, demo data,
 * rate limits off) on a port of the benchmark's own, ready once /api/health answers.
 */
import { type ChildProcess, spawn } from "node:child_process";

export interface LocalWorkerOptions {
  /** SQL files applied after the demo data. */
  seeds?: string[];
  /** wrangler's log level; per-request logging halves throughput, so load tests want "error". */
  logLevel?: "error" | "warn";
  /** The origin of fake calendar providers to point the calendar layer at (fake-calendar-server.ts). */
  calendars?: string;
  /** The origin of the fake Resend to send e-mail to (fake-mail-server.ts); without it, e-mail is off. */
  mail?: string;
  /** WEBHOOK_RETRY_SCHEDULE, or "contract" for the contract's own (start-worker's default is 1,1,2). */
  webhookRetrySchedule?: string;
  /** A Worker entry other than wrangler.toml's `main` (bench/api-share/worker.ts). */
  entry?: string;
}

export async function startWorker(port: number, options: LocalWorkerOptions = {}): Promise<ChildProcess> {
  // A server left on the port (a benchmark that crashed) would answer the readiness check below and
  // be measured instead, with its old state.
  if ((await health(port)) !== null) throw new Error(`something already answers on port ${port}: stop it first`);
  const args = ["tsx", "e2e/start-worker.ts", "--port", String(port), "--log-level", options.logLevel ?? "warn"];
  for (const seed of options.seeds ?? []) args.push("--seed", seed);
  if (options.calendars) args.push("--calendars", options.calendars);
  if (options.mail) args.push("--mail", options.mail);
  if (options.webhookRetrySchedule) args.push("--webhook-retry-schedule", options.webhookRetrySchedule);
  if (options.entry) args.push("--entry", options.entry);
  const server = spawn("npx", args, { stdio: ["ignore", "ignore", "inherit"], detached: true });
  // Its own process group outlives this process: take it down however this process ends.
  const stopOnExit = () => server.pid && server.exitCode === null && process.kill(-server.pid, "SIGTERM");
  process.on("exit", stopOnExit);
  server.once("exit", () => process.off("exit", stopOnExit));
  for (let i = 0; i < 240; i += 1) {
    if ((await health(port))?.ok) return server;
    if (server.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error("the Worker did not become ready");
}

export async function stopWorker(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || !server.pid) return;
  const exited = new Promise((resolve) => server.once("exit", resolve));
  process.kill(-server.pid, "SIGTERM"); // start-worker passes it on to wrangler and removes its state
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
}

/** What /api/health answers on the port; null when nothing listens there. */
async function health(port: number): Promise<Response | null> {
  try {
    return await fetch(`http://127.0.0.1:${port}/api/health`);
  } catch {
    return null;
  }
}
