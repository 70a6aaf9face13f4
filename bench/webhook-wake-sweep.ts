/**
 * What the webhook wake sweep (worker/webhooks/wake-sweep.ts) costs for many endpoints: a local
 * Worker (e2e/start-worker.ts, with bench/wake-sweep/worker.ts as its entry) with N enabled
 * endpoints, and each minute's sweep of an hour run one after another (each endpoint's dispatcher
 * asked once), twice: the first hour meets dispatchers never started (each makes its storage), the
 * second the same objects again. Prints figures; never fails.
 *
 *   npx tsx bench/webhook-wake-sweep.ts [N ...]     (default 600 3000)
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startWorker, stopWorker } from "./local-worker";

const PORT = 8797;
const counts = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);

function endpointsSql(n: number): string {
  const rows = Array.from({ length: n }, () => {
    const id = `we_${crypto.randomUUID().replaceAll("-", "")}`;
    return `('${id}', 'acct_demo', 'https://hooks.example.com/${id}', '["booking.created"]', 'enabled', 'whsec_${Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64")}', 0)`;
  });
  const statements: string[] = [];
  for (let i = 0; i < rows.length; i += 50) {
    statements.push(`INSERT INTO webhook_endpoints (id, account_id, url, events, status, secret, created_at) VALUES ${rows.slice(i, i + 50).join(",\n")};`);
  }
  return statements.join("\n");
}

/** Runs each minute's sweep of one hour; answers each run's wall time in ms. */
async function anHour(): Promise<number[]> {
  const times: number[] = [];
  for (let minute = 0; minute < 60; minute += 1) {
    const started = performance.now();
    const response = await fetch(`http://127.0.0.1:${PORT}/api/bench/wake-sweep?minute=${minute}`);
    if (!response.ok) throw new Error(`the sweep answered ${response.status}: ${await response.text()}`);
    await response.text();
    times.push(performance.now() - started);
  }
  return times;
}

function summary(times: number[], n: number): string {
  const sorted = [...times].sort((a, b) => a - b);
  const total = times.reduce((sum, t) => sum + t, 0);
  return `hour ${(total / 1000).toFixed(1)} s, a minute's run median ${sorted[30]!.toFixed(0)} ms (max ${sorted[59]!.toFixed(0)} ms), ${((total / n) * 1000).toFixed(0)} µs per endpoint`;
}

for (const n of counts.length > 0 ? counts : [600, 3000]) {
  const seed = join(mkdtempSync(join(tmpdir(), "bookora-sweep-")), "endpoints.sql");
  writeFileSync(seed, endpointsSql(n));
  const server = await startWorker(PORT, { seeds: [seed], logLevel: "error", entry: "bench/wake-sweep/worker.ts" });
  try {
    console.log(`${n} endpoints, first hour (dispatchers never started): ${summary(await anHour(), n)}`);
    console.log(`${n} endpoints, second hour (the same dispatchers):      ${summary(await anHour(), n)}`);
  } finally {
    await stopWorker(server);
  }
}
