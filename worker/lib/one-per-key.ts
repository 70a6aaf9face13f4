/**
 * Runs async tasks so that two with the same key never overlap: a later one waits until the one in
 * flight has settled, then runs. The host's object runs each Idempotency-Key's writes this way, so
 * a retry racing its own first attempt runs after it and finds its record.
 */
export class OnePerKey {
  readonly #inFlight = new Map<string, Promise<unknown>>();

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    while (this.#inFlight.has(key)) await this.#inFlight.get(key);
    const attempt = task();
    this.#inFlight.set(
      key,
      attempt.catch(() => undefined),
    );
    try {
      return await attempt;
    } finally {
      this.#inFlight.delete(key);
    }
  }
}
