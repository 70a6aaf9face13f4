/**
 * The Worker's entry: the HTTP app, the hourly sweep of old idempotency records, and the
 * HostScheduler Durable Object class.
 */
import { app } from "./app";
import { database } from "./db/client";
import { sweepIdempotencyRecords } from "./domain/idempotency";

export { HostScheduler } from "./durable/host-scheduler";

export default {
  fetch: app.fetch,
  async scheduled(_controller, env, ctx) {
    ctx.waitUntil(sweepIdempotencyRecords(database(env.DB), Date.now()));
  },
} satisfies ExportedHandler<Env>;
