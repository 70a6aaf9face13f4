/**
 * The Worker's entry: the HTTP app, the scheduled sweeps, and the Durable Object classes.
 * Hourly: old idempotency records and webhook logs go, and hosts whose calendar event work is
 * overdue are woken. Every minute: webhook endpoints whose deliveries are overdue are woken.
 */
import { app } from "./app";
import { hostsWithOverdueEvents } from "./calendars/event-sync";
import { database } from "./db/client";
import { sweepIdempotencyRecords } from "./domain/idempotency";
import { hostScheduler } from "./routes/host-routing";
import { handOffOverdue, sweepWebhookLog } from "./webhooks/dispatch";

/** Event work this late means its object's alarm did not run: a minute of grace for one that is about to. */
const OVERDUE_GRACE_MS = 60_000;
/** wrangler.toml's minutely trigger; the other one is hourly. */
const EVERY_MINUTE = "* * * * *";

export { HostScheduler } from "./durable/host-scheduler";
export { WebhookDispatcher } from "./durable/webhook-dispatcher";

export default {
  fetch: app.fetch,
  async scheduled(controller, env, ctx) {
    const db = database(env.DB);
    const nowMs = Date.now();
    if (controller.cron === EVERY_MINUTE) {
      ctx.waitUntil(handOffOverdue(env, db, nowMs));
      return;
    }
    ctx.waitUntil(sweepIdempotencyRecords(db, nowMs));
    ctx.waitUntil(sweepWebhookLog(db, nowMs));
    ctx.waitUntil(
      hostsWithOverdueEvents(db, nowMs, OVERDUE_GRACE_MS).then((hostIds) =>
        Promise.all(hostIds.map((hostId) => hostScheduler(env, hostId).resumeEventWork(hostId))),
      ),
    );
  },
} satisfies ExportedHandler<Env>;
