/**
 * Top-k heavy hitters with the Space-Saving algorithm (Metwally, Agrawal, El Abbadi, 2005): `capacity` counters in
 * an indexed min-heap. A new key, when all counters are taken, replaces the smallest one and inherits its count as
 * an error bound. Guarantees: memory O(capacity); every key occurring more than n/capacity times is kept; a kept
 * key's count overestimates its true count by at most its `error`. O(log capacity) per offer.
 */
export class SpaceSaving {
  readonly capacity: number;
  readonly #keys: string[] = [];
  readonly #counts: number[] = [];
  readonly #errors: number[] = [];
  readonly #index = new Map<string, number>();
  #total = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    this.capacity = capacity;
  }

  /** Counters in use: never more than `capacity`. */
  get size(): number {
    return this.#keys.length;
  }

  get total(): number {
    return this.#total;
  }

  offer(key: string): void {
    this.#total++;
    const at = this.#index.get(key);
    if (at !== undefined) {
      this.#counts[at]!++;
      this.#siftDown(at);
      return;
    }
    if (this.#keys.length < this.capacity) {
      const i = this.#keys.length;
      this.#keys.push(key);
      this.#counts.push(1);
      this.#errors.push(0);
      this.#index.set(key, i);
      this.#siftUp(i);
      return;
    }
    const min = this.#counts[0]!;
    this.#index.delete(this.#keys[0]!);
    this.#keys[0] = key;
    this.#counts[0] = min + 1;
    this.#errors[0] = min;
    this.#index.set(key, 0);
    this.#siftDown(0);
  }

  /** The `k` largest counters, largest first (ties by key, for stable output). */
  top(k: number): Array<{ key: string; count: number; error: number }> {
    return this.#keys
      .map((key, i) => ({ key, count: this.#counts[i]!, error: this.#errors[i]! }))
      .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .slice(0, k);
  }

  #siftUp(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.#counts[parent]! <= this.#counts[i]!) return;
      this.#swap(i, parent);
      i = parent;
    }
  }

  #siftDown(i: number): void {
    const n = this.#keys.length;
    while (true) {
      const l = 2 * i + 1;
      const r = l + 1;
      let least = i;
      if (l < n && this.#counts[l]! < this.#counts[least]!) least = l;
      if (r < n && this.#counts[r]! < this.#counts[least]!) least = r;
      if (least === i) return;
      this.#swap(i, least);
      i = least;
    }
  }

  #swap(a: number, b: number): void {
    const keys = this.#keys;
    const counts = this.#counts;
    const errors = this.#errors;
    [keys[a], keys[b]] = [keys[b]!, keys[a]!];
    [counts[a], counts[b]] = [counts[b]!, counts[a]!];
    [errors[a], errors[b]] = [errors[b]!, errors[a]!];
    this.#index.set(keys[a]!, a);
    this.#index.set(keys[b]!, b);
  }
}
