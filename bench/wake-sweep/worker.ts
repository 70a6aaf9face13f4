/**
 * The Worker for bench/webhook-wake-sweep.ts: worker/index.ts as it is, plus a route that runs one
 * minute's wake sweep and answers when it is done (the scheduled trigger of local dev answers before
 * its waitUntil work ends, so its timing says nothing).
 */
import { database } from "../../worker/db/client";
import worker from "../../worker/index";
import { resumeDispatchers } from "../../worker/webhooks";

export { HostScheduler, WebhookDispatcher } from "../../worker/index";

/** GET /api/bench/wake-sweep?minute=m: that minute's sweep, answered with how many alarms it set. */
const SWEEP_PATH = "/api/bench/wake-sweep";

export default {
  ...worker,
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname !== SWEEP_PATH) return worker.fetch(request, env, ctx);
    const resumed = await resumeDispatchers(env, database(env.DB), Number(url.searchParams.get("minute")));
    return Response.json({ resumed });
  },
} satisfies ExportedHandler<Env>;
