/**
 * The way into an endpoint's WebhookDispatcher from outside it: the object's stub (keyed by the
 * endpoint's id) and the calls that tell it its endpoint changed or was deleted.
 */

/** The WebhookDispatcher of one endpoint. */
export function webhookDispatcher(env: Env, endpointId: string) {
  return env.WEBHOOK_DISPATCHER.get(env.WEBHOOK_DISPATCHER.idFromName(`endpoint:${endpointId}`));
}

/**
 * Tells an endpoint's dispatcher that the endpoint changed (it reads it afresh before its next
 * attempt), and wakes it if asked. Never throws: a dispatcher not reached re-reads within a second.
 */
export async function endpointChanged(env: Env, endpointId: string, options: { wake: boolean }): Promise<void> {
  try {
    await webhookDispatcher(env, endpointId).endpointChanged(endpointId, options.wake);
  } catch (error) {
    console.error(JSON.stringify({ message: "webhook dispatcher not told of a change", endpointId, error: String(error) }));
  }
}

/**
 * Tells a deleted endpoint's dispatcher to drop its deliveries and log. Never throws: a dispatcher
 * not reached finds the endpoint gone at its next run, and forgets then.
 */
export async function forgetEndpoint(env: Env, endpointId: string): Promise<void> {
  try {
    await webhookDispatcher(env, endpointId).forget();
  } catch (error) {
    console.error(JSON.stringify({ message: "webhook dispatcher not told of the delete; it will see for itself", endpointId, error: String(error) }));
  }
}
