/**
 * The benchmark's Worker for "what an endpoint costs the API itself": the Worker exactly as the API
 * runs it (worker/index.ts), but each endpoint's WebhookDispatcher only takes its events and counts
 * them, and delivers nothing.
 *
 * On Cloudflare every dispatcher runs in its own isolate, away from the API's. Locally, every object
 * shares one runtime thread, and the bench's two cores, with the API, the receivers and the load
 * generator, so the deliveries' own CPU weighs on the API's figures. With this entry, the figures
 * count only the API's share of an endpoint:
 * - the event row in the booking's commit;
 * - the handover to the dispatchers;
 * - marking the event handed over.
 * bench/webhooks.ts measures the real dispatchers too, and prints both.
 */
import { DurableObject } from "cloudflare:workers";
import worker from "../../worker/index";
import { type NewDelivery, webhookDispatcher } from "../../worker/webhooks";

export { HostScheduler } from "../../worker/index";

/** Stands in for worker/webhooks/dispatcher.ts: takes events as `accept` does, a repeat counted once. */
export class WebhookDispatcher extends DurableObject<Env> {
  readonly #taken = new Set<string>();

  async accept(_endpointId: string, events: NewDelivery[]): Promise<void> {
    for (const { eventId } of events) this.#taken.add(eventId);
  }

  taken(): number {
    return this.#taken.size;
  }
}

/** GET /api/bench/taken?endpoint=we_…: how many events that endpoint's dispatcher has taken. */
const TAKEN_PATH = "/api/bench/taken";

export default {
  ...worker,
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname !== TAKEN_PATH) return worker.fetch(request, env, ctx);
    const endpointId = url.searchParams.get("endpoint") ?? "";
    const dispatcher = webhookDispatcher(env, endpointId) as unknown as DurableObjectStub<WebhookDispatcher>;
    return Response.json({ taken: await dispatcher.taken() });
  },
} satisfies ExportedHandler<Env>;
