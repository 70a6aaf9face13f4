/** The HostScheduler Durable Object of one host, addressed by username. */
export function hostScheduler(env: Env, username: string) {
  return env.HOST_SCHEDULER.get(env.HOST_SCHEDULER.idFromName(username));
}
