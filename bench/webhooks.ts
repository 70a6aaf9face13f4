/**
 * `npm run bench` (webhooks part): what webhook endpoints cost the API, and how soon a receiver
 * hears of a booking. Two hosts alike in every way, in two accounts: one account without endpoints,
 * one with three enabled endpoints (two live receivers on loopback, in a process of their own,
 * bench/loopback-receivers.ts; and a dead one whose port refuses connections, retried on the
 * contract's schedule: 5 s, 5 min, …).
 *
 * It measures two Workers, each from a fresh state:
 *   1. the API's own share: the Worker as the API runs it, with dispatchers that take their events
 *      and deliver nothing (bench/api-share/worker.ts), as on Cloudflare, where each dispatcher
 *      runs in its own isolate; it checks that every event reached all three dispatchers;
 *   2. the real dispatchers, delivering on the same two cores and runtime thread as the API.
 * For each:
 *   - creates per second for each host, in rounds of runs ordered plain, hooked, hooked, plain, so
 *     that a drift over the session (the database grows) weighs on both alike; each round's ratio
 *     of hooked to plain, and their median (one run on a busy machine varies by 15% from the next)
 *   - the runtime's CPU time per create in each round, counting the handovers and deliveries that
 *     finish after their run
 *   - the latency of creates at a set pace well below saturation (BENCH_PACED_RATE a second, 100
 *     by default), with and without endpoints: what an API client feels on a machine not flat out
 * and for the second, the time from commit (the event's `timestamp`) to its arrival at a live
 * receiver, under the create load and one booking at a time, and whether every booking reached
 * both live receivers.
 *
 * It prints figures; it fails only if an event is missing. BENCH_SECONDS, BENCH_ROUNDS, BENCH_CONNECTIONS override;
 * BENCH_DEAD=503 makes the dead endpoint answer 503 at once instead, BENCH_DEAD=none leaves it out;
 * BENCH_PART=1 measures the API's own share alone.
 */

import { type ChildProcess, fork, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Answer, benchHostSql, createBooking, type Figures, type LoadClient, line, loadClient, percentiles, slotsFor } from "./http-load";
import { startWorker, stopWorker } from "./local-worker";
import type { ReceiverMessage } from "./loopback-receivers";
import { runtimeCpuMs } from "./runtime-cpu";

const PORT = Number(process.env.BENCH_WEBHOOKS_PORT ?? 8796);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const ONE_AT_A_TIME = 40;
const PACED_RATE = Number(process.env.BENCH_PACED_RATE ?? 100);
const PLAIN = { id: 110, username: "benchplain", typeId: "bt-bench010", token: "bk_test_benchplain", accountId: "acct_bench_plain" };
const HOOKED = { id: 111, username: "benchhooks", typeId: "bt-bench011", token: "bk_test_benchhooks", accountId: "acct_bench_hooks" };

/** The receivers' process (bench/loopback-receivers.ts), and per receiver, how long after its commit each booking arrived. */
class LoopbackReceivers {
  readonly lagByBooking: Map<string, number>[];
  #child: ChildProcess;

  private constructor(child: ChildProcess, count: number) {
    this.#child = child;
    this.lagByBooking = Array.from({ length: count }, () => new Map());
  }

  static async start(count: number): Promise<{ receivers: LoopbackReceivers; urls: string[] }> {
    const child = fork("bench/loopback-receivers.ts", [String(count)], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
    const receivers = new LoopbackReceivers(child, count);
    const urls = await new Promise<string[]>((resolve, reject) => {
      child.once("exit", (code) => reject(new Error(`the receivers' process exited (${code})`)));
      child.on("message", (message: ReceiverMessage) => {
        if ("urls" in message) resolve(message.urls);
        else for (const [receiver, bookingId, lagMs] of message.arrivals) receivers.lagByBooking[receiver]!.set(bookingId, lagMs);
      });
    });
    return { receivers, urls };
  }

  stop(): void {
    this.#child.kill();
  }
}

/** A loopback port nobody listens on: connections to it are refused. */
async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/hook`;
}

function endpointId(index: number): string {
  return `we_bench${index}`;
}

function endpointSql(index: number, url: string): string {
  const secret = `whsec_${Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64")}`;
  return `INSERT INTO webhook_endpoints (id, account_id, url, events, status, secret, created_at)
    VALUES ('${endpointId(index)}', '${HOOKED.accountId}', '${url}', '["booking.created","booking.cancelled","booking.rescheduled"]', 'enabled', '${secret}', 0);`;
}

async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  return condition();
}

function createdIds(answers: string[]): string[] {
  return answers.map((body) => (JSON.parse(body) as { bookingId: string }).bookingId);
}

/** A Worker with the two bench hosts, and a way to create bookings on each. */
interface BenchWorker {
  client: LoadClient;
  nextCreate(which: "plain" | "hooked"): () => Promise<Answer> | null;
  /** The bookings created on the hooked host so far. */
  hookedIds: string[];
}

/** One round: a run on each host before and after two on the other (plain, hooked, hooked, plain). */
interface Round {
  plain: Figures[];
  hooked: Figures[];
  /** The runtime's CPU per create on each host over the round, when the runtime's CPU can be read. */
  cpuPerCreate: { plain: number; hooked: number } | null;
}

/** The create figures of one Worker: rounds of plain and hooked runs, and latency at a set pace. */
interface CreateFigures {
  health: Figures;
  rounds: Round[];
  paced: { plain: Figures[]; hooked: Figures[] };
  /** Every hooked booking's event reached where it should (`settled` said so after each run). */
  settled: boolean;
}

async function withWorker<T>(seed: string, entry: string | undefined, use: (bench: BenchWorker) => Promise<T>): Promise<T> {
  const server = await startWorker(PORT, { seeds: [seed], logLevel: "error", webhookRetrySchedule: "contract", entry });
  const client = loadClient(`http://127.0.0.1:${PORT}`, { connections: CONNECTIONS, seconds: SECONDS });
  try {
    const { request } = client;
    const fromMs = Date.now() + 86_400_000;
    const slots = {
      plain: await slotsFor(request, PLAIN.username, String(PLAIN.id), fromMs, 360),
      hooked: await slotsFor(request, HOOKED.username, String(HOOKED.id), fromMs, 360),
    };
    const next = { plain: 0, hooked: 0 };
    const hookedIds: string[] = [];
    const nextCreate = (which: "plain" | "hooked") => () => {
      const host = which === "plain" ? PLAIN : HOOKED;
      if (next[which] >= slots[which].length) return null;
      const answer = createBooking(request, slots[which][next[which]++]!, String(host.id), host.token);
      if (which === "hooked") answer.then(({ status, body }) => status === 201 && hookedIds.push(...createdIds([body])));
      return answer;
    };
    return await use({ client, nextCreate, hookedIds });
  } finally {
    client.close();
    await stopWorker(server);
  }
}

/**
 * Creates on each host, after a run on each to warm up, in ROUNDS rounds, each ordered plain,
 * hooked, hooked, plain, so that a drift (the database grows, the disk flushes) weighs on both
 * alike, and each round's ratio compares runs made within seconds of each other; then at a set pace. After each run, waits until `settled`
 * says every hooked booking's event got where it goes, so that no run is measured under the one
 * before's backlog, and the CPU figure counts the deliveries' whole work.
 */
async function createFigures(bench: BenchWorker, settled: () => Promise<boolean>): Promise<CreateFigures> {
  const { client, nextCreate } = bench;
  const health = await client.load(() => client.request("GET", "/api/health"));
  const rounds: Round[] = [];
  let allSettled = true;
  // Not measured: a run on each host first, so the hooked path's first calls (the dispatchers'
  // start, code not yet optimised) weigh on no round (they made a first round read 0.79 where the
  // next ones read 0.93–0.99).
  for (const which of ["plain", "hooked"] as const) {
    await client.load(nextCreate(which));
    allSettled &&= await settled();
  }
  for (let round = 0; round < ROUNDS; round += 1) {
    const runs = { plain: [] as Figures[], hooked: [] as Figures[] };
    const cpu = { plain: { ms: 0, creates: 0 }, hooked: { ms: 0, creates: 0 } };
    let cpuRead = true;
    for (const which of ["plain", "hooked", "hooked", "plain"] as const) {
      const cpuBefore = runtimeCpuMs();
      const run = await client.load(nextCreate(which));
      runs[which].push(run);
      allSettled &&= await settled();
      const cpuAfter = runtimeCpuMs();
      if (cpuBefore === null || cpuAfter === null) cpuRead = false;
      else {
        cpu[which].ms += cpuAfter - cpuBefore;
        cpu[which].creates += run.statuses.get(201) ?? 0;
      }
    }
    const measured = cpuRead && cpu.plain.creates > 0 && cpu.hooked.creates > 0;
    const perCreate = (which: "plain" | "hooked") => cpu[which].ms / cpu[which].creates;
    rounds.push({ ...runs, cpuPerCreate: measured ? { plain: perCreate("plain"), hooked: perCreate("hooked") } : null });
  }
  const paced: CreateFigures["paced"] = { plain: [], hooked: [] };
  for (const which of ["plain", "hooked", "hooked", "plain"] as const) {
    paced[which].push(await client.paced(PACED_RATE, nextCreate(which)));
    allSettled &&= await settled();
  }
  return { health, rounds, paced, settled: allSettled };
}

function printCreateFigures(title: string, figures: CreateFigures, endpoints: number): void {
  const { health, rounds, paced } = figures;
  const mean = (some: Figures[]) => some.reduce((sum, run) => sum + run.perSecond, 0) / some.length;
  const rate = (some: Figures[]) => some.map((run) => run.perSecond.toFixed(0)).join("/");
  console.log(`\n${title}`);
  console.log(line("GET /api/health (baseline)", health, health));
  const ratios: number[] = [];
  const cpuRatios: number[] = [];
  rounds.forEach((round, i) => {
    const ratio = mean(round.hooked) / mean(round.plain);
    ratios.push(ratio);
    let cpu = "";
    if (round.cpuPerCreate) {
      const { plain, hooked } = round.cpuPerCreate;
      cpuRatios.push(hooked / plain);
      cpu = `; CPU per create ${plain.toFixed(2)} → ${hooked.toFixed(2)} ms (${(hooked / plain).toFixed(2)}×)`;
    }
    console.log(`round ${i + 1}: creates/s without endpoints ${rate(round.plain)}, with ${endpoints} ${rate(round.hooked)}: ${ratio.toFixed(2)}${cpu}`);
  });
  console.log(`creates with ${endpoints} endpoints / without: median ${percentiles(ratios).p50.toFixed(2)} over ${rounds.length} rounds (${spread(ratios)})`);
  if (cpuRatios.length > 0)
    console.log(`runtime CPU per create, with ${endpoints} endpoints / without: median ${percentiles(cpuRatios).p50.toFixed(2)}× (${spread(cpuRatios)})`);
  const pacedLine = (which: "plain" | "hooked") =>
    `p50 ${paced[which].map((run) => run.p50.toFixed(0)).join("/")} ms, p99 ${paced[which].map((run) => run.p99.toFixed(0)).join("/")} ms`;
  console.log(`creates at ${PACED_RATE} a second (two runs each): without endpoints ${pacedLine("plain")}; with ${endpoints} endpoints ${pacedLine("hooked")}`);
}

function spread(values: readonly number[]): string {
  return `${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)}`;
}

async function main() {
  if (!existsSync("dist/index.html")) spawnSync("npx", ["vite", "build"], { stdio: "inherit" });
  const { receivers: receiving, urls: live } = await LoopbackReceivers.start(2);
  /** Per live receiver: when each booking reached it, after its commit. */
  const receivers = receiving.lagByBooking;
  const urls = process.env.BENCH_DEAD === "none" ? live : [...live, process.env.BENCH_DEAD === "503" ? `${live[0]}?dead` : await deadUrl()];
  const seedDir = mkdtempSync(join(tmpdir(), "bookora-bench-webhooks-"));
  const seed = join(seedDir, "webhooks.sql");
  const hosts = await Promise.all([PLAIN, HOOKED].map((host) => benchHostSql(host.id, host.username, host.typeId, host.token, host.accountId)));
  writeFileSync(
    seed,
    [
      `INSERT INTO accounts (id, name) VALUES ('${PLAIN.accountId}', 'bench'), ('${HOOKED.accountId}', 'bench');`,
      ...hosts,
      ...urls.map((url, i) => endpointSql(i, url)),
    ].join("\n"),
  );
  const endpointIds = urls.map((_url, i) => endpointId(i));
  try {
    // 1. The API's share: dispatchers that take their events and deliver nothing (bench/api-share/worker.ts).
    let shareTaken = true;
    const share = await withWorker(seed, "bench/api-share/worker.ts", async (bench) => {
      const takenBy = async (id: string) =>
        (JSON.parse((await bench.client.request("GET", `/api/bench/taken?endpoint=${id}`)).body) as { taken: number }).taken;
      const allTaken = async () => (await Promise.all(endpointIds.map(takenBy))).every((taken) => taken === bench.hookedIds.length);
      const figures = await createFigures(bench, async () => {
        const deadline = Date.now() + 30_000;
        while (!(await allTaken()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
        return allTaken();
      });
      shareTaken = figures.settled;
      return figures;
    });

    const dead = urls.length > 2 ? `, 1 ${process.env.BENCH_DEAD === "503" ? "answering 503" : "refusing connections"}` : "";
    console.log(
      `\nBookora webhooks benchmark: ${CONNECTIONS} connections, ${SECONDS} s per run; the hooked account has ${urls.length} enabled endpoints (2 live receivers${dead})`,
    );
    printCreateFigures(
      "1. What an endpoint costs the API itself (each dispatcher only takes its events; on Cloudflare it delivers in its own isolate):",
      share,
      urls.length,
    );
    console.log(`every hooked booking's event taken by all ${urls.length} dispatchers: ${shareTaken ? "yes" : "NO"}`);
    if (!shareTaken) process.exitCode = 1;
    if (process.env.BENCH_PART === "1") return;

    // 2. The real dispatchers, delivering to the receivers on loopback, on the same cores as the API.
    const arrivedAll = (ids: readonly string[]) => receivers.every((receiver) => ids.every((id) => receiver.has(id)));
    const real = await withWorker(seed, undefined, async (bench) => {
      const figures = await createFigures(bench, () => until(() => arrivedAll(bench.hookedIds), 120_000));
      const underLoad = [...bench.hookedIds];
      // One booking at a time, the next only once the first live receiver has it.
      const quietLags: number[] = [];
      for (let i = 0; i < ONE_AT_A_TIME; i += 1) {
        const { status, body } = (await bench.nextCreate("hooked")()) ?? { status: 0, body: "no slot left" };
        if (status !== 201) throw new Error(`create answered ${status}: ${body}`);
        const [id] = createdIds([body]);
        if (!(await until(() => receivers[0]!.has(id!), 10_000))) throw new Error(`booking ${id} never reached the receiver`);
        quietLags.push(receivers[0]!.get(id!)!);
      }
      return { figures, underLoad, quietLags };
    });

    printCreateFigures("2. The same with the dispatchers delivering, on the same two cores and runtime thread as the API:", real.figures, urls.length);
    const loadLags = real.underLoad.flatMap((id) => receivers.map((receiver) => receiver.get(id) ?? Number.NaN));
    const lag = percentiles(loadLags.filter((ms) => !Number.isNaN(ms)));
    console.log(
      `commit → first arrival under the create loads: p50 ${lag.p50.toFixed(0)} ms, p99 ${lag.p99.toFixed(0)} ms; ${real.underLoad.length} bookings × 2 live receivers: ${real.figures.settled ? "all delivered" : "SOME MISSING"}`,
    );
    const quiet = percentiles(real.quietLags);
    console.log(`commit → arrival, one booking at a time (${ONE_AT_A_TIME}): p50 ${quiet.p50.toFixed(0)} ms, p99 ${quiet.p99.toFixed(0)} ms`);
    if (!real.figures.settled) process.exitCode = 1;
  } finally {
    receiving.stop();
    rmSync(seedDir, { recursive: true, force: true });
  }
}

await main();
