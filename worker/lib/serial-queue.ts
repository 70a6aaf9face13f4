/**
 * Runs async tasks one after another. A Durable Object's input gate does not hold across an
 * `await` on D1, so without this a cancel and a reschedule of the same booking could both read it
 * as confirmed before either writes. Each task starts only when the previous one has settled.
 */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(task);
    // A failed task must not wedge the queue for the tasks behind it.
    this.#tail = result.catch(() => undefined);
    return result;
  }
}
