/**
 * A thousand hosts (issue 21): does a request cost more when the load is spread over many hosts
 * than when it falls on one? It seeds 1,000 hosts (open 09:00–17:00 UTC every day, a public
 * 30-minute type, 100 bookings each in the next 25 days) with one `wrangler d1 execute` of a few
 * set-based statements, starts the Worker, and measures in one run:
 *
 *   - `/api/health`, the bare-route baseline;
 *   - the first touch of every host (its object starts and reads the host from D1), once each;
 *   - availability (31 days in America/New_York) on one host, and the same load spread at random
 *     over the 1,000 hosts (and over 10 and 100 of them), each as a ratio to the one-host figure of
 *     the same run; rounds one, 1,000, 10, 100, 1,000, one. The hosts sit idle through the rounds
 *     before a 1,000-host round, long enough for the runtime to evict their objects, so each such
 *     round follows a pass that asks every host once (its object starts again), measured apart: the
 *     round measures spread load on loaded objects, the pass what an object's restart costs;
 *   - creates on one host, and creates spread over 100 hosts at once (round-robin), in the same order;
 *   - the runtime's CPU per request for each (`workerd` processes of this Worker only, from /proc);
 *   - the memory of objects: the resident set (RSS) of this Worker's `workerd` before and after
 *     loading 20 hosts of 100 bookings, then each of two hosts of 10,000 bookings;
 *   - how long an idle object stays loaded: a loaded host asked again after 5 s and after 12 s idle
 *     (local workerd evicts an object idle for about 10 s; the next request loads it again).
 *
 * It prints figures; it never fails on speed. It fails when an answer is wrong: a status other than
 * 200 for availability or 201 for a create, or an availability answer with other slots than the
 * seed leaves free. Settings: BENCH_SECONDS (6 per round), BENCH_CONNECTIONS (50),
 * BENCH_MANY_HOSTS_PORT (8794).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Answer, benchAccountSql, benchHostsSql, benchTypeId, type Figures, isoDate, line, loadClient, type Request } from "./http-load";
import { startWorker, stopWorker } from "./local-worker";

const PORT = Number(process.env.BENCH_MANY_HOSTS_PORT ?? 8794);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const DAY_MS = 86_400_000;
const HOSTS = 1_000;
const FIRST_HOST = 1_000;
const BOOKINGS_EACH = 100;
/** Hosts of 100 bookings that only the memory figure loads (the control for the big hosts). */
const CONTROL_FIRST = 3_000;
const CONTROLS = 20;
const BIG_FIRST = 5_000;
const BIG_BOOKINGS = 10_000;
const ACCOUNT = "acct_many";
const TOKEN = "bk_test_manyhosts";
/** Slots of 30 minutes from 09:00 to 17:00 UTC. */
const OPEN_MINUTE = 540;
const SLOTS_A_DAY = 16;
const CREATE_HOSTS = 100;

/** Tomorrow (UTC): the seeded bookings start on that day; every range below starts there too. */
const fromMs = Math.floor(Date.now() / DAY_MS) * DAY_MS + DAY_MS;
const client = loadClient(`http://127.0.0.1:${PORT}`, { connections: CONNECTIONS, seconds: SECONDS });
const { load } = client;
/** The first touch of every host runs until all are touched, however long that takes. */
const coldClient = loadClient(`http://127.0.0.1:${PORT}`, { connections: CONNECTIONS, seconds: 600 });
/** An answer that takes longer than this counts as status 0 (wrong), so a stalled runtime cannot hold the run for minutes. */
const ANSWER_TIMEOUT_MS = 30_000;
const request: Request = (method, path, body, headers) =>
  Promise.race([
    client.request(method, path, body, headers),
    new Promise<Answer>((resolve) => setTimeout(() => resolve({ status: 0, body: "no answer within 30 s" }), ANSWER_TIMEOUT_MS).unref()),
  ]);

async function writeSeed(file: string): Promise<void> {
  const shape = { accountId: ACCOUNT, openMinute: OPEN_MINUTE, closeMinute: OPEN_MINUTE + SLOTS_A_DAY * 30, slotMinutes: 30, fromMs };
  const sql = [
    await benchAccountSql(ACCOUNT, TOKEN),
    benchHostsSql({ ...shape, firstId: FIRST_HOST, count: HOSTS, prefix: "many", bookingsEach: BOOKINGS_EACH, perDay: 4 }),
    benchHostsSql({ ...shape, firstId: CONTROL_FIRST, count: CONTROLS, prefix: "ctl", bookingsEach: BOOKINGS_EACH, perDay: 4 }),
    // Open around the clock, 48 bookings a day: 10,000 bookings within the next 209 days.
    benchHostsSql({ ...shape, openMinute: 0, closeMinute: 1440, firstId: BIG_FIRST, count: 2, prefix: "big", bookingsEach: BIG_BOOKINGS, perDay: 48 }),
  ];
  writeFileSync(file, sql.join("\n"));
}

const availabilityPath = (prefix: string, id: number) =>
  `/api/availability?username=${prefix}${id}&slug=${benchTypeId(id)}&startDate=${isoDate(fromMs)}&endDate=${isoDate(fromMs + 30 * DAY_MS)}&timezone=America/New_York`;
/** 31 days of 16 slots, less the 100 seeded bookings (4 a day over the first 25 days). */
const FREE_SLOTS = 31 * SLOTS_A_DAY - BOOKINGS_EACH;
const hostPath = (index: number) => availabilityPath("many", FIRST_HOST + index);

/** Free slots of a seeded host from day 40 on (after every seeded booking), to day 360: a create run's supply. */
function freeSlots(): { start: string; end: string }[] {
  const slots: { start: string; end: string }[] = [];
  for (let day = 40; day < 360; day += 1) {
    for (let slot = 0; slot < SLOTS_A_DAY; slot += 1) {
      const startMs = fromMs + day * DAY_MS + (OPEN_MINUTE + slot * 30) * 60_000;
      slots.push({ start: new Date(startMs).toISOString(), end: new Date(startMs + 30 * 60_000).toISOString() });
    }
  }
  return slots;
}

const create = (host: number, slot: { start: string; end: string }) =>
  request(
    "POST",
    "/api/bookings",
    { bookingType: benchTypeId(FIRST_HOST + host), start: slot.start, end: slot.end, name: "Bench", email: "bench@example.com" },
    { authorization: `Bearer ${TOKEN}`, "idempotency-key": crypto.randomUUID() },
  );

/** Creates round-robin over `hosts` (host indexes), each host's slots in order; null once they run dry. */
function creates(hosts: number[]): () => Promise<Answer> | null {
  const slots = freeSlots();
  let next = 0;
  return () => {
    const slot = slots[Math.floor(next / hosts.length)];
    if (!slot) return null;
    const host = hosts[next % hosts.length]!;
    next += 1;
    return create(host, slot);
  };
}

/** The `workerd` processes of the Worker started as `server` (its process group), from /proc. */
function runtimeProcesses(groupId: number): { pid: string; stat: string[] }[] {
  const found: { pid: string; stat: string[] }[] = [];
  for (const pid of readdirSync("/proc").filter((entry) => /^\d+$/.test(entry))) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    } catch {
      continue;
    }
    if (stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")) !== "workerd") continue;
    // After the name: state (0), ppid (1), pgrp (2), … utime (11), stime (12), … rss in pages (21).
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(fields[2]) === groupId) found.push({ pid, stat: fields });
  }
  return found;
}

/** CPU milliseconds this Worker's runtime has used (USER_HZ 100). */
function runtimeCpuMs(groupId: number): number {
  return runtimeProcesses(groupId).reduce((sum, { stat }) => sum + (Number(stat[11]) + Number(stat[12])) * 10, 0);
}

/** This Worker's runtime resident set, in MB: the median of 5 readings 200 ms apart (VmRSS). */
async function runtimeRssMb(groupId: number): Promise<number> {
  const readings: number[] = [];
  for (let i = 0; i < 5; i += 1) {
    let kb = 0;
    for (const { pid } of runtimeProcesses(groupId)) {
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      kb += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    }
    readings.push(kb / 1024);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return readings.sort((a, b) => a - b)[2]!;
}

interface Measured {
  figures: Figures;
  cpuMsPerRequest: number;
}

const wrong: string[] = [];
const notes: string[] = [];
const benchStarted = performance.now();
/** Progress on stderr, so a long run shows where it is. */
const progress = (what: string) => process.stderr.write(`[${((performance.now() - benchStarted) / 1000).toFixed(0)} s] ${what}\n`);

/** Runs `next` under load, with the runtime CPU it cost; statuses other than `expected` make the run fail. */
async function measure(name: string, groupId: number, expected: number, next: () => Promise<Answer> | null): Promise<Measured> {
  progress(name);
  const pids = runtimeProcesses(groupId)
    .map(({ pid }) => pid)
    .join(",");
  const cpu0 = runtimeCpuMs(groupId);
  const figures = await load(next);
  const pidsAfter = runtimeProcesses(groupId)
    .map(({ pid }) => pid)
    .join(",");
  if (pidsAfter !== pids)
    notes.push(`${name}: the runtime's processes changed during the round (${pids} → ${pidsAfter}): it restarted; its CPU figure is void`);
  const cpuMsPerRequest = (runtimeCpuMs(groupId) - cpu0) / Math.max(1, figures.requests);
  const others = [...figures.statuses].filter(([status]) => status !== expected);
  if (others.length > 0) wrong.push(`${name}: ${others.map(([s, n]) => `${s}×${n}`).join(" ")}`);
  return { figures, cpuMsPerRequest };
}

/** The figures of two rounds as one: requests a second averaged, latencies of the slower round. */
function pooled(a: Measured, b: Measured): Measured {
  const statuses = new Map(a.figures.statuses);
  for (const [status, n] of b.figures.statuses) statuses.set(status, (statuses.get(status) ?? 0) + n);
  const figures: Figures = {
    requests: a.figures.requests + b.figures.requests,
    perSecond: (a.figures.perSecond + b.figures.perSecond) / 2,
    p50: Math.max(a.figures.p50, b.figures.p50),
    p99: Math.max(a.figures.p99, b.figures.p99),
    statuses,
  };
  return { figures, cpuMsPerRequest: (a.cpuMsPerRequest + b.cpuMsPerRequest) / 2 };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const slotCount = (body: string) => (JSON.parse(body) as { slots: unknown[] }).slots.length;

function row(name: string, measured: Measured, baseline: Measured, oneHost?: Measured): string {
  const vsOne = oneHost ? `  vs one host ${(measured.figures.perSecond / oneHost.figures.perSecond).toFixed(2)}` : "";
  return `${line(name, measured.figures, baseline.figures)}  cpu ${measured.cpuMsPerRequest.toFixed(2)} ms/req${vsOne}`;
}

async function main() {
  if (!existsSync("dist/index.html")) spawnSync("npx", ["vite", "build"], { stdio: "inherit" });
  const seedDir = mkdtempSync(join(tmpdir(), "bookora-many-hosts-"));
  const seed = join(seedDir, "many-hosts.sql");
  await writeSeed(seed);
  const startedAt = performance.now();
  const server = await startWorker(PORT, { seeds: [seed], logLevel: "error" });
  const startSeconds = (performance.now() - startedAt) / 1000;
  const group = server.pid!;
  try {
    if (runtimeProcesses(group).length === 0) throw new Error("no workerd process found in the Worker's process group");
    const rssAtStart = await runtimeRssMb(group);
    progress(`Worker ready; first touch of ${HOSTS} hosts`);

    // Every host asked once, 50 at a time: each object starts and reads its host (100 bookings) from D1.
    const touchEveryHost = async (name: string): Promise<Measured> => {
      progress(name);
      let touched = 0;
      let wrongSlots = 0;
      const cpu0 = runtimeCpuMs(group);
      const figures = await coldClient.load(() => {
        if (touched >= HOSTS) return null;
        const pending = request("GET", hostPath(touched++));
        return pending.then((answer) => {
          if (answer.status === 200 && slotCount(answer.body) !== FREE_SLOTS) wrongSlots += 1;
          return answer;
        });
      });
      if ((figures.statuses.get(200) ?? 0) !== figures.requests) wrong.push(`${name}: ${[...figures.statuses].map(([s, n]) => `${s}×${n}`).join(" ")}`);
      if (wrongSlots > 0) wrong.push(`${name}: ${wrongSlots} answers without the ${FREE_SLOTS} free slots the seed leaves`);
      return { figures, cpuMsPerRequest: (runtimeCpuMs(group) - cpu0) / Math.max(1, figures.requests) };
    };
    const coldMeasured = await touchEveryHost("first touch of every host");
    const rssAfterHosts = await runtimeRssMb(group);

    const health = await measure("health", group, 200, () => request("GET", "/api/health"));
    const oneHostPath = hostPath(0);
    const availabilityOne = () => request("GET", oneHostPath);
    const spreadOver = (count: number) => () => request("GET", hostPath(Math.floor(Math.random() * count)));
    // Rounds one, spread, …, spread, one: a drift of the machine during the run weighs on both alike.
    // Before each 1,000-host round the hosts have sat idle for 6 to 12 s: their objects start again in the pass.
    const a1 = await measure("availability, one host", group, 200, availabilityOne);
    const restart1 = await touchEveryHost("every host once, after 6 s idle");
    const a2 = await measure("availability, 1,000 hosts", group, 200, spreadOver(HOSTS));
    const a10 = await measure("availability, 10 hosts", group, 200, spreadOver(10));
    const a100 = await measure("availability, 100 hosts", group, 200, spreadOver(100));
    const restart2 = await touchEveryHost("every host once, after 12 s idle");
    const a3 = await measure("availability, 1,000 hosts", group, 200, spreadOver(HOSTS));
    const a4 = await measure("availability, one host", group, 200, availabilityOne);
    // Each create round on hosts of its own, so every round starts from hosts of 100 bookings.
    const hostsFrom = (first: number, count: number) => Array.from({ length: count }, (_, i) => first + i);
    const c1 = await measure("creates, one host", group, 201, creates([1]));
    const c2 = await measure("creates, 100 hosts", group, 201, creates(hostsFrom(100, CREATE_HOSTS)));
    const c3 = await measure("creates, 100 hosts", group, 201, creates(hostsFrom(200, CREATE_HOSTS)));
    const c4 = await measure("creates, one host", group, 201, creates([2]));
    const health2 = await measure("health", group, 200, () => request("GET", "/api/health"));

    progress("memory");
    // Memory: 20 hosts of 100 bookings never touched yet, then each host of 10,000 bookings, one at a time.
    const rssBeforeControls = await runtimeRssMb(group);
    for (let i = 0; i < CONTROLS; i += 1) {
      const answer = await request("GET", availabilityPath("ctl", CONTROL_FIRST + i));
      if (answer.status !== 200 || slotCount(answer.body) !== FREE_SLOTS) wrong.push(`control host ${i}: ${answer.status}`);
    }
    const rssAfterControls = await runtimeRssMb(group);
    // How long an idle object stays loaded: half the control hosts asked again after 5 s idle, half after 12 s.
    const timed = async (id: number) => {
      const t0 = performance.now();
      const answer = await request("GET", availabilityPath("ctl", id));
      if (answer.status !== 200) wrong.push(`control host ${id}: ${answer.status}`);
      return performance.now() - t0;
    };
    const afterIdle: { idleSeconds: number; warmMs: number; afterMs: number }[] = [];
    for (const [half, idleSeconds] of [5, 12].entries()) {
      const ids = Array.from({ length: CONTROLS / 2 }, (_, i) => CONTROL_FIRST + half * (CONTROLS / 2) + i);
      const warm: number[] = [];
      for (const id of ids) warm.push(await timed(id));
      await new Promise((resolve) => setTimeout(resolve, idleSeconds * 1000));
      const after: number[] = [];
      for (const id of ids) after.push(await timed(id));
      afterIdle.push({ idleSeconds, warmMs: median(warm), afterMs: median(after) });
    }
    const big: { loadMs: number; rssBefore: number; rssAfter: number; slots: number; secondMs: number }[] = [];
    for (let i = 0; i < 2; i += 1) {
      const rssBefore = await runtimeRssMb(group);
      const t0 = performance.now();
      const answer = await request("GET", availabilityPath("big", BIG_FIRST + i));
      const loadMs = performance.now() - t0;
      if (answer.status !== 200) wrong.push(`host of ${BIG_BOOKINGS} bookings: ${answer.status} ${answer.body}`);
      const t1 = performance.now();
      const again = await request("GET", availabilityPath("big", BIG_FIRST + i));
      const secondMs = performance.now() - t1;
      // 48 bookings a day fill every slot of the first 31 days (the 30-minute slots of 09:00–17:00 among them).
      const slots = again.status === 200 ? slotCount(again.body) : -1;
      if (slots !== 0) wrong.push(`host of ${BIG_BOOKINGS} bookings: ${slots} free slots where all are booked`);
      big.push({ loadMs, rssBefore, rssAfter: await runtimeRssMb(group), slots, secondMs });
    }

    const availabilityOneHost = pooled(a1, a4);
    const availabilityManyHosts = pooled(a2, a3);
    const createsOneHost = pooled(c1, c4);
    const createsManyHosts = pooled(c2, c3);
    const baseline = pooled(health, health2);

    console.log(
      `\nBookora many-hosts benchmark: ${HOSTS} hosts × ${BOOKINGS_EACH} bookings (seeded and started in ${startSeconds.toFixed(0)} s), ${CONNECTIONS} connections, ${SECONDS} s per round, loopback, load generator on the same machine`,
    );
    console.log(
      `availability: 31 days in America/New_York, ${FREE_SLOTS} free slots per answer; rounds in the order one, 1,000, 10, 100, 1,000, one, each 1,000-host round right after a pass that asks every host once\n`,
    );
    console.log(row("GET /api/health (baseline)", baseline, baseline));
    console.log(row("first touch of each host (cold)", coldMeasured, baseline));
    console.log(row("each host once after 6 s idle", restart1, baseline));
    console.log(row("each host once after 12 s idle", restart2, baseline));
    console.log(row("availability, one host", availabilityOneHost, baseline, availabilityOneHost));
    console.log(row("availability, 10 hosts", a10, baseline, availabilityOneHost));
    console.log(row("availability, 100 hosts", a100, baseline, availabilityOneHost));
    console.log(row("availability, 1,000 hosts", availabilityManyHosts, baseline, availabilityOneHost));
    console.log(row("POST /api/bookings, one host", createsOneHost, baseline, createsOneHost));
    console.log(row("POST /api/bookings, 100 hosts", createsManyHosts, baseline, createsOneHost));
    console.log("\nrounds (req/s):");
    console.log(`  health            ${health.figures.perSecond.toFixed(0)} · ${health2.figures.perSecond.toFixed(0)}`);
    console.log(
      `  availability      one ${a1.figures.perSecond.toFixed(0)} · 1,000 ${a2.figures.perSecond.toFixed(0)} · 10 ${a10.figures.perSecond.toFixed(0)} · 100 ${a100.figures.perSecond.toFixed(0)} · 1,000 ${a3.figures.perSecond.toFixed(0)} · one ${a4.figures.perSecond.toFixed(0)}`,
    );
    console.log(
      `  creates           one ${c1.figures.perSecond.toFixed(0)} · spread ${c2.figures.perSecond.toFixed(0)} · spread ${c3.figures.perSecond.toFixed(0)} · one ${c4.figures.perSecond.toFixed(0)}`,
    );

    console.log("\nmemory: resident set of this Worker's workerd (one process: every object and the Worker share its isolate's heap), median of 5 readings");
    console.log(
      `  at start ${rssAtStart.toFixed(0)} MB; after the first touch of ${HOSTS} hosts ${rssAfterHosts.toFixed(0)} MB (${(((rssAfterHosts - rssAtStart) * 1024) / HOSTS).toFixed(0)} KB a host)`,
    );
    console.log(
      `  ${CONTROLS} more hosts of ${BOOKINGS_EACH} bookings: ${rssBeforeControls.toFixed(0)} → ${rssAfterControls.toFixed(0)} MB (${(((rssAfterControls - rssBeforeControls) * 1024) / CONTROLS).toFixed(0)} KB a host)`,
    );
    for (const { idleSeconds, warmMs, afterMs } of afterIdle) {
      console.log(
        `  a loaded host of ${BOOKINGS_EACH} bookings asked again after ${idleSeconds} s idle: ${afterMs.toFixed(1)} ms (median; ${warmMs.toFixed(1)} ms while loaded)`,
      );
    }
    for (const [i, b] of big.entries()) {
      console.log(
        `  host of ${BIG_BOOKINGS.toLocaleString("en")} bookings #${i + 1}: ${b.rssBefore.toFixed(0)} → ${b.rssAfter.toFixed(0)} MB (+${(b.rssAfter - b.rssBefore).toFixed(1)} MB); first answer ${b.loadMs.toFixed(0)} ms (object start and D1 read), next ${b.secondMs.toFixed(0)} ms`,
      );
    }
    if (notes.length > 0) console.log(`\nnotes:\n  ${notes.join("\n  ")}`);
    if (wrong.length > 0) {
      console.log(`\nWRONG answers:\n  ${wrong.join("\n  ")}`);
      process.exitCode = 1;
    }
  } finally {
    client.close();
    coldClient.close();
    await stopWorker(server);
    rmSync(seedDir, { recursive: true, force: true });
  }
}

await main();
