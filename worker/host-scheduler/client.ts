/**
 * The only way into a host's HostScheduler from outside it: the object's stub (keyed by the host's
 * stable id, since usernames are data), the call that tells it its configuration changed, and the
 * D1 side of its checkout holds (which host keeps a hold, the address an anonymous one counts against).
 */
export { holdCapAddress, hostOfHold, sweepSlotHolds } from "./hold-rows";
export { publicCreateCapOf, sweepPublicCreates } from "./public-create-cap";
export type { HoldOutcome, WriteOutcome } from "./scheduler-requests";

/** The HostScheduler Durable Object of one host. */
export function hostScheduler(env: Env, hostId: number) {
  return env.HOST_SCHEDULER.get(env.HOST_SCHEDULER.idFromName(`host:${hostId}`));
}

/**
 * Tells a host's object that its hours, types or host row changed in D1, after the write committed.
 * A failure here must not fail the request: the write stands (a POST answered 500 would not be
 * recorded, so its retry would write again), and an object that cannot be reached is being replaced
 * by one that reads D1 afresh; one that missed the call re-reads within CONFIG_MAX_AGE_MS (host-freshness.ts) anyway.
 */
export async function tellHostChanged(env: Env, hostId: number): Promise<void> {
  try {
    await hostScheduler(env, hostId).configChanged(hostId);
  } catch (error) {
    console.error(JSON.stringify({ message: "host object not told of a change", hostId, error: String(error) }));
  }
}
