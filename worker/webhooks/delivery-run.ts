/**
 * The runs of a WebhookDispatcher's alarm (dispatcher.ts): each attempts the due deliveries round
 * by round (send-delivery.ts), records what the attempts did to the endpoint's health (which may
 * disable it, endpoint-health.ts), then sets the alarm for the next run. Runs are paced: a busy
 * endpoint's events go out in rounds, a receiver that looks down is only probed, and a disabled
 * endpoint's deliveries wait.
 *
 * Nothing it holds waits for ever: a run that fails (D1 lost) sets the alarm again, a little later
 * each time, and the minutely sweep (webhooks/wake-sweep.ts) asks every enabled endpoint's object,
 * once an hour, to set its alarm if its next due delivery has none.
 */
import { eq } from "drizzle-orm";
import type { Database } from "../db/client";
import { type WebhookEndpointRow, webhookEndpoints } from "../db/schema";
import { SerialQueue } from "../lib/serial-queue";
import { LOG_RETENTION_MS } from "./config";
import { type DeliveryLog, dueDeliveries, nextDueAt, oldestLogged, recordAttempts, sweepLog } from "./delivery-log";
import { recordEndpointHealth } from "./endpoint-health";
import { type SendParts, sendDelivery, sendingRules } from "./send-delivery";

/** Deliveries attempted together in one round. The runtime opens 6 connections at a time and queues the rest. */
const ROUND_SIZE = 20;
/** Rounds per alarm run: beyond this the run ends and the alarm is set for now, to go on. */
const MAX_ROUNDS = 10;
/**
 * After a busy run (more than QUIET_RUN_SIZE deliveries), the next starts no sooner than this: under
 * a stream of bookings, events gather and go out in rounds, and the endpoint's row is read from D1
 * at most ten times a second, not once per booking. After a quiet run, the next event goes out at once.
 */
const BUSY_RUN_INTERVAL_MS = 100;
const QUIET_RUN_SIZE = 2;
/**
 * After a round in which nothing was delivered, the run ends; the endpoint looks down. The next
 * run waits this long and tries only PROBE_ROUND_SIZE deliveries: a dead receiver gets a few
 * attempts a second, not its whole backlog at once (which would cost CPU for nothing). Its first
 * success brings back full rounds.
 */
const PROBE_INTERVAL_MS = 1_000;
const PROBE_ROUND_SIZE = 5;
/**
 * How long a run may use the endpoint's row as last read from D1 (URL, secrets, status). Changes
 * through the API reach the object at once (endpointChanged); this bounds a copy whose news was
 * lost. Without it, every run read D1, and under a stream of bookings those reads queued with the
 * bookings' own.
 */
const ENDPOINT_FRESH_MS = 1_000;
/**
 * While its endpoint is disabled with deliveries waiting, the object looks at the endpoint again
 * this often: enabling wakes it at once, and this makes good a wake-up that was lost.
 */
const DISABLED_RECHECK_MS = 5 * 60 * 1000;
/**
 * After a run that failed (D1 lost, most likely), the next waits this long, doubled after each
 * further failure up to FAILED_RUN_MAX_DELAY_MS. The run never throws to the runtime: its own alarm
 * retries give up after six, and a D1 outage of a few minutes would outlast them, leaving the
 * deliveries with no alarm at all.
 */
const FAILED_RUN_DELAY_MS = 5_000;
const FAILED_RUN_MAX_DELAY_MS = 5 * 60 * 1000;

/** What the runs use of their object; `db` is asked each time (tests swap the D1). */
export interface RunParts extends SendParts {
  storage: DurableObjectStorage;
  log: DeliveryLog;
  db(): Database;
  /** The endpoint id the object stored for its alarm, if any. */
  endpointId(): Promise<string | undefined>;
  /** The object's forget(): drops its deliveries and their log. */
  forget(): Promise<void>;
}

export class DeliveryRuns {
  readonly #runs = new SerialQueue();
  /** When the last run started and how many deliveries it attempted (in memory: a restarted object runs at once). */
  #lastRunAt = Number.NEGATIVE_INFINITY;
  #lastRunSize = 0;
  /** The last round delivered nothing: the endpoint looks down. */
  #probing = false;
  /** The endpoint's row as last read, and when (real time: this is a copy's age, not a schedule). */
  #endpoint: { row: WebhookEndpointRow; readAt: number } | null = null;
  /** Runs that failed in a row (in memory: a restarted object starts its back-off afresh). */
  #failedRuns = 0;
  /** Counts forget() calls: a run that outlives one (its endpoint deleted mid-run) records nothing. */
  #forgotten = 0;

  constructor(private readonly parts: RunParts) {}

  /** The endpoint's row changed in D1: read it afresh before the next attempt. */
  endpointChanged(): void {
    this.#endpoint = null;
  }

  /** The endpoint was deleted: a run still out records nothing, and its row is not used again. */
  forgotten(): void {
    this.#forgotten += 1;
    this.#endpoint = null;
  }

  async run(): Promise<void> {
    // One run at a time: a run started by hand (tests) and one the runtime fires never interleave.
    await this.#runs.run(async () => {
      try {
        await this.#deliverDue();
        this.#failedRuns = 0;
      } catch (error) {
        await this.#runAgainAfterFailure(error);
      }
    });
  }

  /** Sets the alarm for a little later (FAILED_RUN_DELAY_MS, doubling), unless one is set sooner. */
  async #runAgainAfterFailure(error: unknown): Promise<void> {
    this.#failedRuns += 1;
    const delayMs = Math.min(FAILED_RUN_DELAY_MS * 2 ** (this.#failedRuns - 1), FAILED_RUN_MAX_DELAY_MS);
    const runAt = this.parts.clock() + delayMs;
    console.error(JSON.stringify({ message: "webhook delivery run failed; it runs again later", failedRuns: this.#failedRuns, delayMs, error: String(error) }));
    const current = await this.parts.storage.getAlarm();
    if (current === null || current > runAt) await this.parts.storage.setAlarm(runAt);
  }

  /**
   * Attempts the due deliveries round by round, then sets the alarm for the next one due, or for
   * when the oldest of the log is to be swept. A D1 failure throws (run() sets the alarm again);
   * a round's attempts are recorded before the next round starts, so nothing is marked done that
   * was not.
   */
  async #deliverDue(): Promise<void> {
    const { parts } = this;
    const endpointId = await parts.endpointId();
    // No endpoint id, yet an alarm: what is stored outlived its endpoint's forget(): sweep it.
    if (endpointId === undefined) return parts.forget();
    const forgotten = this.#forgotten;
    let endpoint = await this.#endpointRow(endpointId);
    // Deleted (handovers skip it from then on): so do its deliveries here.
    if (!endpoint) return parts.forget();
    this.#lastRunAt = parts.clock();
    this.#lastRunSize = 0;
    const sending = await sendingRules(parts, endpoint);
    // Disabled: its pending deliveries wait (enabling it wakes this object again).
    for (let round = 0; round < MAX_ROUNDS && endpoint.status === "enabled"; round += 1) {
      const size = this.#probing ? PROBE_ROUND_SIZE : ROUND_SIZE;
      const due = dueDeliveries(parts.log, parts.clock(), size);
      if (due.length === 0) break;
      this.#lastRunSize += due.length;
      const records = await Promise.all(due.map((delivery) => sendDelivery(parts, endpoint!, sending, delivery)));
      // Deleted while the attempts were out: forget() dropped the log, and nothing is written back into it.
      if (this.#forgotten !== forgotten) return;
      recordAttempts(parts.log, records);
      endpoint = await recordEndpointHealth(parts.db(), endpoint, records);
      this.#endpoint = { row: endpoint, readAt: this.#endpoint?.readAt ?? Date.now() };
      this.#probing = records.every((record) => record.result.verdict !== "delivered");
      if (this.#probing) break;
      if (due.length < size) break;
    }
    await this.#setNextAlarm(endpoint.status === "enabled");
  }

  /** Sweeps what has expired from the log, then sets the alarm for the next run (or none). */
  async #setNextAlarm(delivering: boolean): Promise<void> {
    const now = this.parts.clock();
    const oldest = oldestLogged(this.parts.log);
    // Deletes only when something has expired: a busy endpoint's runs write nothing for the sweep.
    if (oldest !== null && oldest <= now - LOG_RETENTION_MS) sweepLog(this.parts.log, now - LOG_RETENTION_MS);
    const next = this.nextAlarmAt(delivering);
    if (next !== null) await this.parts.storage.setAlarm(next);
    else await this.parts.storage.deleteAlarm();
  }

  /**
   * When the next run is due: when a delivery is due (while the endpoint is enabled; while it is
   * disabled, a look at it a few minutes on), or when the oldest of the log expires; null for never.
   */
  nextAlarmAt(delivering: boolean): number | null {
    const now = this.parts.clock();
    const oldest = oldestLogged(this.parts.log);
    const pendingAt = nextDueAt(this.parts.log);
    const due = delivering || pendingAt === null ? pendingAt : now + DISABLED_RECHECK_MS;
    const candidates = [due === null ? null : Math.max(due, now, this.earliestNextRun()), oldest === null ? null : oldest + LOG_RETENTION_MS];
    const next = candidates.filter((at): at is number => at !== null);
    return next.length > 0 ? Math.min(...next) : null;
  }

  /** The endpoint's row: the copy from the last second, or read from D1 (undefined once deleted). */
  async #endpointRow(endpointId: string): Promise<WebhookEndpointRow | undefined> {
    if (this.#endpoint && this.#endpoint.row.id === endpointId && Date.now() - this.#endpoint.readAt < ENDPOINT_FRESH_MS) return this.#endpoint.row;
    const row = await this.parts.db().select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpointId)).get();
    this.#endpoint = row ? { row, readAt: Date.now() } : null;
    return row;
  }

  /** The soonest the next run may start: a moment after a busy run, a second after one that delivered nothing. */
  earliestNextRun(): number {
    if (this.#probing) return this.#lastRunAt + PROBE_INTERVAL_MS;
    return this.#lastRunSize > QUIET_RUN_SIZE ? this.#lastRunAt + BUSY_RUN_INTERVAL_MS : Number.NEGATIVE_INFINITY;
  }
}
