/**
 * `npm run bench` (e-mail part): what sending e-mail costs the booking flow, and how soon a booking's
 * confirmation is in the attendee's inbox. Two Workers alike in every way (the same seed: a bench host
 * open around the clock, with an address of its own so that each booking also tells the host), one
 * with e-mail off and one sending to the fake Resend (fakes/mail/fake-mail-server.ts, in this process).
 * In one run:
 *
 *   - creates on distinct slots (closed loop, BENCH_CONNECTIONS at once), in rounds of runs ordered
 *     off, on, on, off, so that machine noise and the growing database weigh on both alike, after one
 *     run on each to warm up; after each run with e-mail on it waits until every message of the run
 *     is in the inbox, so that no run is measured under the one before's sending. Per round the ratio
 *     on/off of creates a second, p50 and p99, and their median; each run's line also as a ratio to
 *     `/api/health` of its own Worker (as api.ts prints it), and the runtime's CPU per create (the
 *     sends included, since it is read after the inbox has them);
 *   - commit to inbox: from the create's 201 (as this process receives it) to the attendee's
 *     confirmation accepted by the fake (its `receivedAtMs`), one booking at a time (the next only once
 *     the confirmation is in), and for every booking of the measured create runs.
 *
 * The fake shares this process's event loop with the load generator, so under load both the 201 and
 * the message's arrival are seen a little late, alike.
 *
 * It prints figures; it fails only if a booking's attendee confirmation is missing or arrived more than
 * once. BENCH_SECONDS (4 per run), BENCH_ROUNDS (2), BENCH_CONNECTIONS (50), BENCH_MAIL_PORT (8783:
 * e-mail off there, on at the next port, the fake at the one after).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { startFakeMailServer } from "../fakes/mail/fake-mail-server";
import type { FakeResend } from "../fakes/mail/fake-resend";
import { type Answer, benchHostSql, createBooking, type Figures, type LoadClient, line, loadClient, percentiles, sequential, slotsFor } from "./http-load";
import { startWorker, stopWorker } from "./local-worker";
import { runtimeCpuByProcess, runtimeCpuSince } from "./runtime-cpu";

const PORT = Number(process.env.BENCH_MAIL_PORT ?? 8783);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const ONE_AT_A_TIME = 50;
/** How long the inbox may take to receive a run's messages before the run counts them missing. */
const SETTLE_LIMIT_MS = 60_000;
const HOST = { id: 100, username: "benchhost", typeId: "bt-bench000", token: "bk_test_benchhost", email: "host@mail-bench.example" };

type Mode = "off" | "on";

/** A booking made on a Worker: its attendee's address (one per booking) and when its 201 came back. */
interface Booked {
  address: string;
  answeredAtMs: number;
}

/** A Worker with the bench host, and creates on its free slots, each to an attendee address of its own. */
interface BenchWorker {
  client: LoadClient;
  /** This Worker's process group, for its runtime CPU. */
  group: number | undefined;
  /** Creates on the next free slot, recording each 201 in `into`; null once the slots run out. */
  nextCreate(into: Booked[]): () => Promise<Answer> | null;
}

async function startBenchWorker(port: number, seed: string, mail?: string): Promise<{ bench: BenchWorker; stop: () => Promise<void> }> {
  const server = await startWorker(port, { seeds: [seed], logLevel: "error", mail });
  const client = loadClient(`http://127.0.0.1:${port}`, { connections: CONNECTIONS, seconds: SECONDS });
  // Two days ahead and on: no reminder (a day before the start by default) falls due during the run.
  const slots = await slotsFor(client.request, HOST.username, String(HOST.id), Date.now() + 2 * 86_400_000, 358);
  let next = 0;
  const nextCreate = (into: Booked[]) => () => {
    if (next >= slots.length) return null;
    const address = `attendee${next}@mail-bench.example`;
    const answer = createBooking(client.request, slots[next++]!, String(HOST.id), HOST.token, address);
    answer.then(({ status }) => status === 201 && into.push({ address, answeredAtMs: Date.now() }));
    return answer;
  };
  const stop = async () => {
    client.close();
    await stopWorker(server);
  };
  return { bench: { client, group: server.pid, nextCreate }, stop };
}

/** The fake's inbox, read as it grows: when each attendee's confirmation (the message with invite.ics) arrived, and how many host messages. */
class Inbox {
  /** Receive times of the confirmations to each address, normally one. */
  readonly confirmations = new Map<string, number[]>();
  hostMessages = 0;
  #read = 0;
  readonly #resend: FakeResend;

  constructor(resend: FakeResend) {
    this.#resend = resend;
  }

  sync(): void {
    const messages = this.#resend.messages();
    for (const message of messages.slice(this.#read)) {
      for (const to of message.to) {
        if (to === HOST.email) this.hostMessages += 1;
        else if (message.attachments.some((attachment) => attachment.filename === "invite.ics"))
          this.confirmations.set(to, [...(this.confirmations.get(to) ?? []), message.receivedAtMs]);
      }
    }
    this.#read = messages.length;
  }

  /** Waits until every booking's confirmation and its host message are in; false if they were not within SETTLE_LIMIT_MS. */
  async settle(booked: readonly Booked[], pollMs = 50): Promise<boolean> {
    const deadline = Date.now() + SETTLE_LIMIT_MS;
    const done = () => this.hostMessages >= booked.length && booked.every(({ address }) => this.confirmations.has(address));
    for (this.sync(); !done() && Date.now() < deadline; this.sync()) await new Promise((resolve) => setTimeout(resolve, pollMs));
    return done();
  }
}

/** A run's figures with the runtime's CPU per create over the run (and, with e-mail on, its sending). */
type Run = Figures & { cpuMsPerCreate: number | null };

async function measuredRun(bench: BenchWorker, into: Booked[], settle: () => Promise<void>): Promise<Run> {
  const before = runtimeCpuByProcess(bench.group);
  const figures = await bench.client.load(bench.nextCreate(into));
  await settle();
  const cpu = runtimeCpuSince(before, bench.group);
  const creates = figures.statuses.get(201) ?? 0;
  return { ...figures, cpuMsPerCreate: cpu === null || cpu.exited || creates === 0 ? null : cpu.ms / creates };
}

function cpuText(run: Run): string {
  return run.cpuMsPerCreate === null ? "cpu n/a" : `cpu ${run.cpuMsPerCreate.toFixed(2)} ms/create`;
}

function median(values: readonly number[]): number {
  return percentiles(values).p50;
}

function spread(values: readonly number[]): string {
  return `${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)}`;
}

async function main() {
  if (!existsSync("dist/index.html")) spawnSync("npx", ["vite", "build"], { stdio: "inherit" });
  const startedAt = performance.now();
  const loadBefore = loadavg();
  const seedDir = mkdtempSync(join(tmpdir(), "bookora-bench-mail-"));
  const seed = join(seedDir, "mail.sql");
  writeFileSync(
    seed,
    `${await benchHostSql(HOST.id, HOST.username, HOST.typeId, HOST.token)}\nUPDATE users SET email = '${HOST.email}' WHERE id = ${HOST.id};`,
  );
  const fake = await startFakeMailServer(PORT + 2);
  const inbox = new Inbox(fake.resend);
  const started = await Promise.allSettled([startBenchWorker(PORT, seed), startBenchWorker(PORT + 1, seed, fake.url)]);
  try {
    const [off, on] = started.map((result) => {
      if (result.status === "rejected") throw result.reason;
      return result.value.bench;
    }) as [BenchWorker, BenchWorker];
    const workers = { off, on };
    /** Every booking made with e-mail on, and those of the measured create runs. */
    const allOn: Booked[] = [];
    const underLoad: Booked[] = [];
    const unused: Booked[] = [];
    let settled = true;
    /** Until every message of every booking with e-mail on so far is in the inbox. */
    const settleOn = async (pollMs?: number) => {
      settled = (await inbox.settle(allOn, pollMs)) && settled;
    };
    const noWait = async () => {};

    const health = {
      off: await off.client.load(() => off.client.request("GET", "/api/health")),
      on: await on.client.load(() => on.client.request("GET", "/api/health")),
    };

    // Not measured: a run on each, so that first calls (code not yet optimised, the host's object starting) weigh on no round.
    await measuredRun(off, unused, noWait);
    await measuredRun(on, allOn, () => settleOn());

    // One booking at a time: from its 201 to its confirmation in the inbox; the next only once its messages are in.
    const quietLags: number[] = [];
    const createMs: Record<Mode, number[]> = { off: [], on: [] };
    for (let i = 0; i < ONE_AT_A_TIME; i += 1) {
      for (const mode of ["off", "on"] as const) {
        const t0 = performance.now();
        const { status, body } = (await workers[mode].nextCreate(mode === "on" ? allOn : unused)()) ?? { status: 0, body: "no slot left" };
        createMs[mode].push(performance.now() - t0);
        if (status !== 201) throw new Error(`create answered ${status}: ${body}`);
      }
      await settleOn(1);
      if (!settled) break; // counted missing below
      const booking = allOn[allOn.length - 1]!;
      const arrived = inbox.confirmations.get(booking.address)?.[0];
      if (arrived !== undefined) quietLags.push(arrived - booking.answeredAtMs);
    }

    const rounds: Record<Mode, Run[]>[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const runs: Record<Mode, Run[]> = { off: [], on: [] };
      for (const mode of ["off", "on", "on", "off"] as const) {
        const made: Booked[] = [];
        const settle = async () => {
          allOn.push(...made);
          underLoad.push(...made);
          await settleOn();
        };
        runs[mode].push(await measuredRun(workers[mode], made, mode === "on" ? settle : noWait));
      }
      rounds.push(runs);
    }
    inbox.sync();

    const loadAfter = loadavg();
    console.log(
      `\nBookora e-mail benchmark: two Workers (e-mail off, and on through the fake Resend on loopback), ${CONNECTIONS} connections, ${SECONDS} s per run, each booking tells its attendee (with invite.ics) and its host`,
    );
    console.log(`load average before ${loadBefore.map((n) => n.toFixed(2)).join(" ")}, after ${loadAfter.map((n) => n.toFixed(2)).join(" ")}\n`);
    console.log(line("GET /api/health, e-mail off", health.off, health.off));
    console.log(line("GET /api/health, e-mail on", health.on, health.on));
    const ratios = { perSecond: [] as number[], p50: [] as number[], p99: [] as number[], cpu: [] as number[] };
    const mean = (runs: Run[], of: (run: Run) => number) => runs.reduce((sum, run) => sum + of(run), 0) / runs.length;
    rounds.forEach((runs, i) => {
      for (const mode of ["off", "on"] as const) {
        for (const [j, run] of runs[mode].entries())
          console.log(`${line(`round ${i + 1}: creates, e-mail ${mode} (${j + 1})`, run, health[mode])}  ${cpuText(run)}`);
      }
      ratios.perSecond.push(mean(runs.on, (run) => run.perSecond) / mean(runs.off, (run) => run.perSecond));
      ratios.p50.push(mean(runs.on, (run) => run.p50) / mean(runs.off, (run) => run.p50));
      ratios.p99.push(mean(runs.on, (run) => run.p99) / mean(runs.off, (run) => run.p99));
      if ([...runs.on, ...runs.off].every((run) => run.cpuMsPerCreate !== null))
        ratios.cpu.push(mean(runs.on, (run) => run.cpuMsPerCreate!) / mean(runs.off, (run) => run.cpuMsPerCreate!));
    });
    const ratioText = (name: string, values: number[]) => `${name} ${median(values).toFixed(2)} (${spread(values)})`;
    console.log(
      `creates, e-mail on / off, median over ${rounds.length} rounds: ${ratioText("req/s", ratios.perSecond)}, ${ratioText("p50", ratios.p50)}, ${ratioText("p99", ratios.p99)}`,
    );
    if (ratios.cpu.length > 0) console.log(`runtime CPU per create, e-mail on / off (sending included): ${ratioText("median", ratios.cpu)}`);
    const seq = { off: sequential(createMs.off), on: sequential(createMs.on) };
    console.log(
      `creates one at a time (${ONE_AT_A_TIME} each): e-mail off p50 ${seq.off.p50.toFixed(1)} ms, p99 ${seq.off.p99.toFixed(1)} ms; on p50 ${seq.on.p50.toFixed(1)} ms, p99 ${seq.on.p99.toFixed(1)} ms`,
    );

    const quiet = percentiles(quietLags);
    console.log(
      `\n201 → attendee's confirmation in the inbox, one booking at a time (${quietLags.length}): p50 ${quiet.p50.toFixed(0)} ms, p99 ${quiet.p99.toFixed(0)} ms`,
    );
    const loadLags = underLoad.flatMap(({ address, answeredAtMs }) => (inbox.confirmations.get(address) ?? []).slice(0, 1).map((at) => at - answeredAtMs));
    const loaded = percentiles(loadLags);
    console.log(
      `201 → attendee's confirmation in the inbox, under the create load (${loadLags.length} bookings of the measured runs): p50 ${loaded.p50.toFixed(0)} ms, p99 ${loaded.p99.toFixed(0)} ms, max ${Math.max(...loadLags).toFixed(0)} ms`,
    );

    const missing = allOn.filter(({ address }) => !inbox.confirmations.has(address)).length;
    const duplicated = allOn.filter(({ address }) => (inbox.confirmations.get(address)?.length ?? 0) > 1).length;
    const strays = [...inbox.confirmations.keys()].length - allOn.filter(({ address }) => inbox.confirmations.has(address)).length;
    console.log(
      `bookings with e-mail on: ${allOn.length}; attendee confirmations missing ${missing}, more than once ${duplicated}, to no booking of ours ${strays} ${missing + duplicated + strays === 0 ? "(correct)" : "(WRONG: each exactly once)"}; host messages ${inbox.hostMessages}; sends that reached the fake ${fake.resend.callCount()}${settled ? "" : `; not all in within ${SETTLE_LIMIT_MS / 1000} s of a run`}`,
    );
    console.log(`(the whole benchmark took ${((performance.now() - startedAt) / 1000).toFixed(0)} s)`);
    if (missing + duplicated + strays > 0) process.exitCode = 1;
  } finally {
    await Promise.all(started.map((result) => (result.status === "fulfilled" ? result.value.stop() : undefined)));
    await fake.close();
    rmSync(seedDir, { recursive: true, force: true });
  }
}

await main();
