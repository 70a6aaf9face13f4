/**
 * A Map for what an isolate remembers across requests (hosts by username, valid zones, slot grids):
 * once it holds `max` entries, adding another starts it over, so callers' input can never grow it
 * without bound. Forgetting only costs the work of finding an entry again.
 */
export class BoundedMap<K, V> extends Map<K, V> {
  readonly #max: number;

  constructor(max: number) {
    super();
    this.#max = max;
  }

  override set(key: K, value: V): this {
    if (this.size >= this.#max && !this.has(key)) this.clear();
    return super.set(key, value);
  }
}
