/**
 * The Worker's entry: the HTTP app, the scheduled sweeps, and the Durable Object classes.
 * Hourly: idempotency records over 24 hours old, public-create counts over an hour old, checkout
 * holds' rows an hour past their expiry and webhook
 * events handed over more than an hour ago go (a bounded number a run: docs/scale.md), webhook
 * signing secrets still in plaintext are sealed, and hosts whose calendar event work is overdue are woken. Every minute: webhook events
 * a lost handover left waiting are handed over, and a sixtieth of the enabled webhook endpoints'
 * dispatchers set any alarm they lost (each endpoint's once an hour).
 */
import { app } from "./app";
import { hostsWithOverdueEvents } from "./calendars";
import { database } from "./db/client";
import { sweepIdempotencyRecords } from "./domain/idempotency";
import { hostScheduler, sweepPublicCreates, sweepSlotHolds } from "./host-scheduler/client";
import { hostsWithOverdueMail, sweepSettledNotifications } from "./notifications";
import { handOverOverdue, resumeDispatchers, sealPlaintextSecrets, sweepWebhookLog } from "./webhooks";

/** Calendar or e-mail work this late means its object's alarm did not run: a minute of grace for one that is about to. */
const OVERDUE_GRACE_MS = 60_000;
/** wrangler.toml's minutely trigger; the other one is hourly. */
const EVERY_MINUTE = "* * * * *";

export { HostScheduler } from "./host-scheduler/host-scheduler";
export { WebhookDispatcher } from "./webhooks/dispatcher";

/** Has each host's object run its calendar and e-mail work now: its alarm was lost. */
async function wakeHosts(env: Env, hostIds: Promise<number[]>): Promise<void> {
  await Promise.all((await hostIds).map((hostId) => hostScheduler(env, hostId).resumeEventWork(hostId)));
}

export default {
  fetch: app.fetch,
  async scheduled(controller, env, ctx) {
    const db = database(env.DB);
    const nowMs = Date.now();
    if (controller.cron === EVERY_MINUTE) {
      ctx.waitUntil(handOverOverdue(env, db, nowMs));
      ctx.waitUntil(resumeDispatchers(env, db, new Date(controller.scheduledTime).getUTCMinutes()));
      // Every minute, unlike calendar work: a confirmation or a reminder an hour late is a failure.
      ctx.waitUntil(wakeHosts(env, hostsWithOverdueMail(db, nowMs, OVERDUE_GRACE_MS)));
      return;
    }
    ctx.waitUntil(sweepIdempotencyRecords(db, nowMs));
    ctx.waitUntil(sweepPublicCreates(db, nowMs));
    ctx.waitUntil(sweepSlotHolds(db, nowMs));
    ctx.waitUntil(sweepWebhookLog(db, nowMs));
    ctx.waitUntil(sweepSettledNotifications(db, nowMs));
    ctx.waitUntil(sealPlaintextSecrets(env, db));
    ctx.waitUntil(wakeHosts(env, hostsWithOverdueEvents(db, nowMs, OVERDUE_GRACE_MS)));
  },
} satisfies ExportedHandler<Env>;
