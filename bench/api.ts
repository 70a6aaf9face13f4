/**
 * `npm run bench`: starts the Worker under `wrangler dev` with rate limits off and a fresh local
 * state, then measures in one run, each as a ratio to `/api/health` (the bare-route baseline):
 *
 *   - availability for a 31-day range with ~100 existing bookings (throughput, p50, p99)
 *   - creates on distinct slots of one host
 *   - a 50-way race on one slot (must have exactly 1 winner)
 *   - the first availability answer after a change to the host's hours (PUT …/schedule), against
 *     the same request with nothing changed, one request at a time; each answer must follow the change
 *   - availability and creates of a host with one connected Google calendar (the fake provider on
 *     loopback, in this process), next to the same for a host without one
 *   - availability and creates again with 100 live checkout holds on the host
 *
 * Each line also gives the runtime's CPU per request (this Worker's workerd processes, from /proc) and its
 * ratio to the baseline's: on a machine shared with other runs, the steadier figure.
 *
 * It prints figures; it never fails on speed. Override with BENCH_SECONDS, BENCH_CONNECTIONS.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startFakeCalendarServer } from "../fakes/calendars/fake-calendar-server";
import {
  type Answer,
  benchHostSql,
  createBooking as createWith,
  type Figures,
  isoDate,
  line,
  loadClient,
  sequential,
  slotsFor as slotsWith,
} from "./http-load";
import { startWorker, stopWorker } from "./local-worker";
import { runtimeCpuByProcess, runtimeCpuSince } from "./runtime-cpu";

const PORT = Number(process.env.BENCH_PORT ?? 8799);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const BASE = `http://127.0.0.1:${PORT}`;
const HOST_TOKEN = "bk_test_hepuloujun";
const BENCH_TOKEN = "bk_test_benchhost";
/** The demo account's token with every scope: changes the bench host's hours. */
const ACCOUNT_TOKEN = "bk_test_demo";
const HOURS_CHANGES = Number(process.env.BENCH_HOURS_CHANGES ?? 40);
const CALENDAR_PORT = PORT + 1;
/** A second bench host, the same as the first, with a Google calendar connected (fake, loopback). */
const CALENDAR_HOST_TOKEN = "bk_test_benchcal";
const client = loadClient(BASE, { connections: CONNECTIONS, seconds: SECONDS });
const { request } = client;
/** The Worker's process group (local-worker.ts starts it as a group leader): its runtime CPU only, not other runs' on the machine. */
let runtimeGroup: number | undefined;

type Measured = Figures & { cpuMsPerRequest: number | null };

/**
 * A closed-loop run, with the runtime's CPU per request (this Worker's workerd processes, from
 * /proc): on a machine shared with other runs, requests a second move with their load, CPU per
 * request much less.
 */
async function load(next: () => Promise<Answer> | null): Promise<Measured> {
  const before = runtimeCpuByProcess(runtimeGroup);
  const figures = await client.load(next);
  const cpu = runtimeCpuSince(before, runtimeGroup);
  // A runtime process that exited during the run took part of the count with it: no figure.
  return { ...figures, cpuMsPerRequest: cpu === null || cpu.exited ? null : cpu.ms / Math.max(1, figures.requests) };
}

/** The printed line, with the CPU per request and its ratio to the baseline's. */
function row(name: string, measured: Measured, baseline: Measured): string {
  if (measured.cpuMsPerRequest === null || baseline.cpuMsPerRequest === null) return `${line(name, measured, baseline)}  cpu n/a (a runtime process exited)`;
  const cpuRatio = (measured.cpuMsPerRequest / baseline.cpuMsPerRequest).toFixed(2);
  return `${line(name, measured, baseline)}  cpu ${measured.cpuMsPerRequest.toFixed(2)} ms/req (${cpuRatio}×)`;
}
const createBooking = (slot: { start: string; end: string }, bookingType: string, token: string, email?: string) =>
  createWith(request, slot, bookingType, token, email);
const slotsFor = (username: string, slug: string, fromMs: number, days: number) => slotsWith(request, username, slug, fromMs, days);

/** A host open around the clock with 15-minute slots: enough distinct slots for a create run. */
async function writeBenchHostSeed(file: string): Promise<void> {
  const sql = await Promise.all([
    benchHostSql(100, "benchhost", "bt-bench000", BENCH_TOKEN),
    benchHostSql(101, "benchcal", "bt-bench001", CALENDAR_HOST_TOKEN),
  ]);
  writeFileSync(file, sql.join("\n"));
}

/**
 * Connects the fake Google for `username` through the real flow: the API, Continue on our connect
 * page (as its form posts it), the consent page (auto-approved), our callback with Continue's cookie.
 */
async function connectFakeGoogle(username: string, token: string): Promise<void> {
  const started = await request(
    "POST",
    `/api/hosts/${username}/calendar-connections`,
    { provider: "google" },
    { authorization: `Bearer ${token}`, "idempotency-key": crypto.randomUUID() },
  );
  if (started.status !== 201) throw new Error(`connecting answered ${started.status}: ${started.body}`);
  const connectPage = new URL((JSON.parse(started.body) as { authorizationUrl: string }).authorizationUrl);
  const pressed = await fetch(new URL("/oauth/connect", connectPage), {
    method: "POST",
    headers: { origin: connectPage.origin, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ state: connectPage.searchParams.get("state") ?? "" }),
    redirect: "manual",
  });
  if (pressed.status !== 303) throw new Error(`Continue on the connect page answered ${pressed.status}`);
  const cookie = pressed.headers
    .getSetCookie()
    .map((header) => header.split(";")[0])
    .join("; ");
  const consent = await fetch(pressed.headers.get("location") ?? "", { redirect: "manual" });
  const callback = await fetch(consent.headers.get("location") ?? "", { redirect: "manual", headers: { cookie } });
  if (callback.status !== 200) throw new Error(`the OAuth callback answered ${callback.status}`);
}

/**
 * Holds up to 100 of `slots`, spread evenly, with the host's token; answers how many were held. A
 * slot taken since it was listed, or overlapping one just held, is 409: the next one is tried.
 */
async function holdSpread(slots: { start: string; end: string }[], bookingType: string, token: string): Promise<number> {
  const step = Math.max(1, Math.floor(slots.length / 100));
  let held = 0;
  for (let i = 0; i < slots.length && held < 100; ) {
    const { start, end } = slots[i]!;
    const answer = await request(
      "POST",
      "/api/holds",
      { bookingType, start, end, ttlSeconds: 1_800 },
      { authorization: `Bearer ${token}`, "idempotency-key": crypto.randomUUID() },
    );
    if (answer.status !== 201 && answer.status !== 409) throw new Error(`a hold answered ${answer.status}: ${answer.body}`);
    held += answer.status === 201 ? 1 : 0;
    i += answer.status === 201 ? step : 1;
  }
  return held;
}

/** The fake's own answer time on loopback (p50 of sequential requests), to state beside the figures. */
async function loopbackLatencyMs(url: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 50; i += 1) {
    const t0 = performance.now();
    await (await fetch(url)).text();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[25]!;
}

/**
 * The first availability answer after each change to the bench host's weekly hours, alternating
 * all day and 09:00–17:00, against the same request with nothing changed in between. Every answer
 * must already follow the change (the slot count of the new hours), or the run is wrong.
 */
async function afterHoursChange(path: string, slotsPerDay: (allDay: boolean) => number, days: number) {
  const allDay = [{ start: "00:00", end: "24:00" }];
  const office = [{ start: "09:00", end: "17:00" }];
  const week = (day: { start: string; end: string }[]) => ({ weekly: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day } });
  const afterChange: number[] = [];
  const unchanged: number[] = [];
  let stale = 0;
  for (let round = 0; round < HOURS_CHANGES; round += 1) {
    const open = round % 2 === 0;
    const put = await request("PUT", "/api/hosts/benchhost/schedule", week(open ? allDay : office), { authorization: `Bearer ${ACCOUNT_TOKEN}` });
    if (put.status !== 200) throw new Error(`PUT schedule answered ${put.status}: ${put.body}`);
    for (const into of [afterChange, unchanged]) {
      const t0 = performance.now();
      const { status, body } = await request("GET", path);
      into.push(performance.now() - t0);
      if (status !== 200) throw new Error(`availability answered ${status}: ${body}`);
      if ((JSON.parse(body) as { slots: unknown[] }).slots.length !== slotsPerDay(open) * days) stale += 1;
    }
  }
  // Open all day again: later runs compare this host with one whose hours never changed.
  await request("PUT", "/api/hosts/benchhost/schedule", week(allDay), { authorization: `Bearer ${ACCOUNT_TOKEN}` });
  return { afterChange: sequential(afterChange), unchanged: sequential(unchanged), stale };
}

async function main() {
  if (!existsSync("dist/index.html")) spawnSync("npx", ["vite", "build"], { stdio: "inherit" });
  const seedDir = mkdtempSync(join(tmpdir(), "bookora-bench-"));
  const benchSeed = join(seedDir, "bench-host.sql");
  await writeBenchHostSeed(benchSeed);
  const calendars = await startFakeCalendarServer(CALENDAR_PORT, { autoApprove: true });
  const server = await startWorker(PORT, { seeds: [benchSeed], logLevel: "error", calendars: calendars.url });
  runtimeGroup = server.pid;
  try {
    // ~100 bookings inside the next 31 days for the demo host (30-minute intro type "2").
    const today = Date.now();
    const startMs = today + 86_400_000;
    const hostSlots = await slotsFor("hepuloujun", "2", startMs, 31);
    const step = Math.max(1, Math.floor(hostSlots.length / 100));
    let booked = 0;
    for (let i = 0; i < hostSlots.length && booked < 100; i += step) {
      if ((await createBooking(hostSlots[i]!, "2", HOST_TOKEN)).status === 201) booked += 1;
    }
    const rangePath = `/api/availability?username=hepuloujun&slug=2&startDate=${isoDate(startMs)}&endDate=${isoDate(startMs + 30 * 86_400_000)}&timezone=America/New_York`;
    const sample = JSON.parse((await request("GET", rangePath)).body) as { slots: unknown[] };

    const health = await load(() => request("GET", "/api/health"));
    const availability = await load(() => request("GET", rangePath));

    const firstBooking = await createBooking(hostSlots[1]!, "2", HOST_TOKEN);
    const bookingPath = `/api/bookings/${(JSON.parse(firstBooking.body) as { bookingId?: string }).bookingId}`;
    const details = await load(() => request("GET", bookingPath, undefined, { authorization: `Bearer ${HOST_TOKEN}` }));

    const benchSlots = await slotsFor("benchhost", "100", startMs, 360);
    let nextSlot = 0;
    const creates = await load(() => (nextSlot < benchSlots.length ? createBooking(benchSlots[nextSlot++]!, "100", BENCH_TOKEN) : null));

    const raceSlot = benchSlots[benchSlots.length - 1]!;
    const raceStarted = performance.now();
    const race = await Promise.all(Array.from({ length: 50 }, (_, i) => createBooking(raceSlot, "100", BENCH_TOKEN, `racer${i}@example.com`)));
    const raceMs = performance.now() - raceStarted;
    const winners = race.filter((r) => r.status === 201).length;
    const refused = race.filter((r) => r.status === 409).length;

    // 100 live checkout holds on each host (by its token, so no per-address cap): the same runs just
    // before and with them, before anything runs in the background (the calendar section below leaves
    // event writes going after its answers), and on a bench host as full as it will be for both.
    const nextCreate = () => (nextSlot < benchSlots.length - 201 ? createBooking(benchSlots[nextSlot++]!, "100", BENCH_TOKEN) : null);
    const availabilityUnheld = await load(() => request("GET", rangePath));
    const createsUnheld = await load(nextCreate);
    const freeInRange = (JSON.parse((await request("GET", rangePath)).body) as { slots: { start: string; end: string }[] }).slots;
    const heldRange = await holdSpread(freeInRange, "2", HOST_TOKEN);
    const heldBench = await holdSpread(benchSlots.slice(-201, -1), "100", BENCH_TOKEN);
    const availabilityHeld = await load(() => request("GET", rangePath));
    const createsHeld = await load(nextCreate);

    // A week beyond the creates above (~100 slots a day) and before the race's last slot: all free.
    const weekAhead = startMs + 300 * 86_400_000;
    const weekPath = `/api/availability?username=benchhost&slug=100&startDate=${isoDate(weekAhead)}&endDate=${isoDate(weekAhead + 6 * 86_400_000)}&timezone=UTC`;
    const hours = await afterHoursChange(weekPath, (allDay) => (allDay ? 96 : 32), 7);

    // The same host with a Google calendar (busy blocks every day at noon) against the one without.
    await connectFakeGoogle("benchcal", CALENDAR_HOST_TOKEN);
    for (let day = 1; day <= 400; day += 1) calendars.google.addBusy(undefined, startMs + day * 86_400_000, startMs + day * 86_400_000 + 3_600_000);
    const fakeLatencyMs = await loopbackLatencyMs(`${calendars.url}/control/google/state`);
    const monthPath = (username: string, slug: string) =>
      `/api/availability?username=${username}&slug=${slug}&startDate=${isoDate(startMs + 200 * 86_400_000)}&endDate=${isoDate(startMs + 230 * 86_400_000)}&timezone=UTC`;
    // The host with a calendar first, so that neither figure gains from running second.
    const readsBefore = calendars.google.callCount("freeBusy");
    const withCalendar = await load(() => request("GET", monthPath("benchcal", "101")));
    const availabilityReads = calendars.google.callCount("freeBusy") - readsBefore;
    const withoutCalendar = await load(() => request("GET", monthPath("benchhost", "100")));
    const calendarSlots = await slotsFor("benchcal", "101", startMs + 240 * 86_400_000, 100);
    let nextCalendarSlot = 0;
    const readsBeforeCreates = calendars.google.callCount("freeBusy");
    const calendarCreates = await load(() =>
      nextCalendarSlot < calendarSlots.length ? createBooking(calendarSlots[nextCalendarSlot++]!, "101", CALENDAR_HOST_TOKEN) : null,
    );

    console.log(
      `\nBookora API benchmark: wrangler dev (local D1 + Durable Objects), ${CONNECTIONS} connections, ${SECONDS} s per run, loopback, load generator on the same machine`,
    );
    console.log(`availability range: 31 days in America/New_York, ${booked} existing bookings, ${sample.slots.length} free slots per answer\n`);
    console.log(row("GET /api/health (baseline)", health, health));
    console.log(row("GET /api/availability (31 days)", availability, health));
    console.log(row("GET /api/bookings/:id (one D1 read)", details, health));
    console.log(row("POST /api/bookings (distinct slots)", creates, health));
    console.log(
      `50-way race on one slot: ${winners} winner, ${refused} × 409 SLOT_NOT_AVAILABLE, ${raceMs.toFixed(0)} ms ${winners === 1 ? "(correct)" : "(WRONG: must be exactly 1)"}`,
    );
    console.log(`\nfirst availability answer after a change to the hours (${HOURS_CHANGES} changes, one request at a time, 7 days of 15-minute slots):`);
    console.log(line("  right after PUT …/schedule", hours.afterChange, hours.unchanged));
    console.log(line("  same request, nothing changed", hours.unchanged, hours.unchanged));
    console.log(
      `  p50 after a change / p50 unchanged: ${(hours.afterChange.p50 / hours.unchanged.p50).toFixed(2)}; answers not yet following the change: ${hours.stale} ${hours.stale === 0 ? "(correct)" : "(WRONG: must be 0)"}`,
    );
    const createReads = calendars.google.callCount("freeBusy") - readsBeforeCreates;
    console.log(
      `\nwith one connected Google calendar (the fake on loopback, ${fakeLatencyMs.toFixed(1)} ms p50 per request; 400 busy blocks; free/busy reads: ${availabilityReads} during the availability run, ${createReads} during the creates):`,
    );
    console.log(row("  availability, 31 days, no calendar", withoutCalendar, health));
    console.log(row("  availability, 31 days, calendar", withCalendar, health));
    console.log(row("  POST /api/bookings, no calendar", creates, health));
    console.log(row("  POST /api/bookings, calendar", calendarCreates, health));
    console.log(
      `  events written to the fake calendar: ${calendars.google.events().filter((event) => event.bookingId).length} of ${calendarCreates.statuses.get(201) ?? 0} bookings so far (written after each answer)`,
    );
    console.log(
      `\nwith 100 live checkout holds on the host (${heldRange} on the demo host's 31 days, ${heldBench} on the bench host's last days; 30 minutes each):`,
    );
    console.log(row("  availability, 31 days, no holds", availabilityUnheld, health));
    console.log(row("  availability, 31 days, 100 holds", availabilityHeld, health));
    console.log(row("  POST /api/bookings, no holds", createsUnheld, health));
    console.log(row("  POST /api/bookings, 100 holds", createsHeld, health));
    if (winners !== 1 || hours.stale !== 0) process.exitCode = 1;
  } finally {
    client.close();
    await stopWorker(server);
    await calendars.close();
    rmSync(seedDir, { recursive: true, force: true });
  }
}

await main();
