/**
 * What a booking write sets going once it has committed, after the answer (a booking never waits
 * on a calendar, a webhook receiver or a mail provider): the host's calendar event work and its due
 * e-mail, carried out by the object's alarm, and the booking's webhook event, handed over to its
 * endpoints' dispatchers.
 */
import { pendingEvents, syncEvent } from "../calendars";
import type { Database } from "../db/client";
import { SerialQueue } from "../lib/serial-queue";
import { type BookingEvent, committedFor, EventHandover } from "../webhooks";
import type { StatementResults, WriteStatements } from "./group-commit";

/**
 * How long after a commit its calendar and e-mail work runs. Run at once, the work took the runtime
 * from the commit's own answer (one create at a time: p50 +1.7 ms with e-mail on, +0.8 ms with this
 * delay, bench/mail.ts); a burst of commits within it shares one run. E-mail's 5 seconds allow it.
 */
const WORK_DELAY_MS = 100;

/** Where the object keeps its host's id, for the alarm (which runs with no request to name it). */
const HOST_ID_KEY = "hostId";

/** A committed write, as its effects need it. */
export interface CommittedWrite {
  /** It queued calendar event work (or may have: a cancel of a host with calendars). */
  hasEventWork: boolean;
  /** It wrote e-mail to send (notifications' outbox rows). */
  hasMail: boolean;
  webhook: BookingEvent;
  /** The write's statements, and D1's answers to them (null: the commit was confirmed from its record). */
  statements: WriteStatements;
  results: StatementResults | null;
}

export class AfterCommit {
  readonly #eventWork = new SerialQueue();
  /** The host's id is in storage (written once per object, not on every commit). */
  #hostIdStored = false;
  /** When this object last set its alarm for; null once it has run. A busy host's commits then wake it without a storage round trip each. */
  #alarmAt: number | null = null;
  readonly #webhookHandover: EventHandover;

  constructor(
    private readonly ctx: DurableObjectState,
    private readonly env: Env,
    private readonly db: () => Database,
    private readonly clock: () => number,
    /** Sends the host's due e-mail and answers when the next is due (null: none, or e-mail is off). */
    private readonly sendMail: (hostId: number) => Promise<number | null>,
  ) {
    this.#webhookHandover = new EventHandover(env, db);
  }

  /** Sets a committed write's effects going. */
  committed(hostId: number, write: CommittedWrite): void {
    if (write.hasEventWork || write.hasMail) this.wakeEventWork(hostId);
    this.#handOverWebhook(write);
  }

  /**
   * Calendar event work (design-calendars.md "Events in the host's calendar") or e-mail
   * (design-notifications.md) is due: carry out every due row, then wake again when the next one
   * is. The alarm lives in the object's storage, so work committed before a restart is still done
   * after it; e-mail's reminders set it for their time.
   */
  runEventWork(): Promise<void> {
    // One run at a time: a run started by hand (tests) and one the runtime fires never interleave.
    return this.#eventWork.run(() => this.#runEventWork());
  }

  async #runEventWork(): Promise<void> {
    // Running now: a commit from here on must set the alarm again (this run may have read past it).
    this.#alarmAt = null;
    const hostId = await this.ctx.storage.get<number>(HOST_ID_KEY);
    if (hostId === undefined) return;
    const context = { env: this.env, db: this.db(), nowMs: () => this.clock() };
    const pending = await pendingEvents(this.db(), hostId);
    let synced = 0;
    for (const row of pending) {
      if (row.nextAttemptAt > this.clock()) break;
      await syncEvent(context, row);
      synced += 1;
    }
    // Read again only when rows were worked on: most hosts have no calendar, and no rows to read.
    const [next] = synced > 0 ? await pendingEvents(this.db(), hostId) : pending;
    const nextMail = await this.sendMail(hostId);
    const wakeAt = Math.min(next?.nextAttemptAt ?? Number.POSITIVE_INFINITY, nextMail ?? Number.POSITIVE_INFINITY);
    if (wakeAt === Number.POSITIVE_INFINITY || this.#alarmAt !== null) return;
    this.#alarmAt = Math.max(wakeAt, this.clock());
    await this.ctx.storage.setAlarm(this.#alarmAt);
  }

  /**
   * Has the alarm run shortly (after the answer: the booking never waits on the calendar or the mail
   * provider). `lost`: a cron found work overdue, so the alarm this object thinks it set is not trusted.
   */
  wakeEventWork(hostId: number, lost = false): void {
    if (lost) this.#alarmAt = null;
    this.ctx.waitUntil(
      (async () => {
        if (!this.#hostIdStored) await this.ctx.storage.put(HOST_ID_KEY, hostId);
        this.#hostIdStored = true;
        const at = this.clock() + WORK_DELAY_MS;
        // Already due by then (set by this object since its last run): nothing to change.
        if (this.#alarmAt !== null && this.#alarmAt <= at) return;
        const current = await this.ctx.storage.getAlarm();
        if (current === null || current > at) await this.ctx.storage.setAlarm(at);
        this.#alarmAt = Math.min(current ?? at, at);
      })().catch((error) => console.error("calendar event work not scheduled", error)),
    );
  }

  /**
   * The endpoints an event was committed for get it now (after the answer: no API call waits on a
   * handover or a receiver). The commit's answer names them; without it they are read back from D1.
   */
  #handOverWebhook({ webhook, statements, results }: CommittedWrite): void {
    const endpointIds = results && committedFor(results[statements.indexOf(webhook.statement)]);
    const handover = this.#webhookHandover.add(webhook, endpointIds);
    if (handover) this.ctx.waitUntil(handover);
  }
}
