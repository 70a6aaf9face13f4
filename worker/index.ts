/**
 * The Worker's entry: the HTTP app, the hourly sweep (old idempotency records; hosts whose calendar
 * event work is overdue), and the HostScheduler Durable Object class.
 */
import { app } from "./app";
import { hostsWithOverdueEvents } from "./calendars/event-sync";
import { database } from "./db/client";
import { sweepIdempotencyRecords } from "./domain/idempotency";
import { hostScheduler } from "./routes/host-routing";

/** Event work this late means its object's alarm did not run: a minute of grace for one that is about to. */
const OVERDUE_GRACE_MS = 60_000;

export { HostScheduler } from "./durable/host-scheduler";

export default {
  fetch: app.fetch,
  async scheduled(_controller, env, ctx) {
    const db = database(env.DB);
    ctx.waitUntil(sweepIdempotencyRecords(db, Date.now()));
    ctx.waitUntil(
      hostsWithOverdueEvents(db, Date.now(), OVERDUE_GRACE_MS).then((hostIds) =>
        Promise.all(hostIds.map((hostId) => hostScheduler(env, hostId).resumeEventWork(hostId))),
      ),
    );
  },
} satisfies ExportedHandler<Env>;
