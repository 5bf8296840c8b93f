/**
 * A bounded least-recently-used map. `get` refreshes an entry; `set` evicts the oldest
 * entry past `max`, calling `onEvict` for it.
 */
export class LruCache<K, V> {
  readonly max: number;
  readonly #map = new Map<K, V>();
  readonly #onEvict: ((value: V) => void) | undefined;
  #newest: K | undefined;

  constructor(max: number, onEvict?: (value: V) => void) {
    if (!Number.isInteger(max) || max < 1)
      throw new RangeError(`cache size must be a positive integer, got ${max}`);
    this.max = max;
    this.#onEvict = onEvict;
  }

  get size(): number {
    return this.#map.size;
  }

  get(key: K): V | undefined {
    const value = this.#map.get(key);
    if (value !== undefined && key !== this.#newest) {
      this.#map.delete(key);
      this.#map.set(key, value);
      this.#newest = key;
    }
    return value;
  }

  set(key: K, value: V): void {
    this.#map.delete(key);
    this.#map.set(key, value);
    this.#newest = key;
    if (this.#map.size > this.max) {
      const oldest = this.#map.keys().next();
      if (!oldest.done) {
        const evicted = this.#map.get(oldest.value);
        this.#map.delete(oldest.value);
        if (evicted !== undefined) this.#onEvict?.(evicted);
      }
    }
  }

  clear(): void {
    this.#map.clear();
    this.#newest = undefined;
  }
}
