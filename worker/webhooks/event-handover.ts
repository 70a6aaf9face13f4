/**
 * Hands the events a host's object just committed to their endpoints' dispatchers. A group commit
 * answers many writes at once: their events are gathered until the writes have run on, then handed
 * over together, one call per endpoint. The commit names each event's endpoints; an event whose
 * commit was confirmed another way (its answer was lost) is read back from D1.
 */
import type { Database } from "../db/client";
import type { NewDelivery } from "./delivery-log";
import { handOver, markHandedOver, type WaitingEvent, waitingEventsOf } from "./outbox";

/**
 * Events handed over are marked together at most this often: a mark is a D1 write, and one per
 * booking would double the host's write transactions. An event whose mark is lost (the object
 * restarted first) is handed over again by the sweep, and its dispatchers ignore it.
 */
const MARK_INTERVAL_MS = 1_000;

export class EventHandover {
  #pending: WaitingEvent[] = [];
  #toReadBack: string[] = [];
  #toMark: string[] = [];
  #marking: Promise<void> | null = null;

  constructor(
    private readonly env: Env,
    private readonly db: () => Database,
  ) {}

  /**
   * Notes a committed event and the endpoints it was committed for (null: not known, read them
   * back); answers the handover to wait for (for waitUntil), or null when there is nothing to do or
   * one is already on its way.
   */
  add({ eventId, type, body, createdAt }: NewDelivery, endpointIds: readonly string[] | null): Promise<void> | null {
    // No endpoint wanted it: no event was written.
    if (endpointIds?.length === 0) return null;
    if (endpointIds) this.#pending.push({ eventId, type, body, createdAt, endpointIds });
    else this.#toReadBack.push(eventId);
    if (this.#pending.length + this.#toReadBack.length > 1) return null;
    return this.#flush();
  }

  async #flush(): Promise<void> {
    // A macrotask: every write of the same group has resumed and added its event by then.
    await new Promise((resolve) => setTimeout(resolve, 0));
    const events = this.#pending;
    const toReadBack = this.#toReadBack;
    this.#pending = [];
    this.#toReadBack = [];
    if (toReadBack.length > 0) events.push(...(await waitingEventsOf(this.db(), toReadBack)));
    this.#toMark.push(...(await handOver(this.env, events)));
    this.#marking ??= this.#markSoon();
    await this.#marking;
  }

  async #markSoon(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, MARK_INTERVAL_MS));
    const taken = this.#toMark;
    this.#toMark = [];
    this.#marking = null;
    await markHandedOver(this.db(), taken, Date.now());
  }
}
