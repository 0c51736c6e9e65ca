/** Slots are filled up to this share before the table doubles: linear probing stays short (≈ 8 probes on a miss). */
const MAX_LOAD = 0.75;
const INITIAL_SLOTS = 16;
const BYTES_PER_SLOT = 8;

/**
 * A set of 64-bit hashes in one Uint32Array (open addressing, linear probing): 8 bytes a slot, ≈ 11 bytes a
 * member, against ≈ 40 for a `Set<number>` of doubles. It grows by doubling only while the old and the new table
 * together fit in `budgetBytes`, so the budget bounds the peak, resize included; once it cannot grow it is full.
 */
export class UrlHashSet {
  #slots: Uint32Array;
  #mask: number;
  #size = 0;
  #full = false;
  readonly #budgetBytes: number;

  constructor(budgetBytes: number) {
    this.#budgetBytes = budgetBytes;
    const initial = INITIAL_SLOTS * BYTES_PER_SLOT <= budgetBytes ? INITIAL_SLOTS : 0;
    this.#slots = new Uint32Array(initial * 2);
    this.#mask = initial - 1;
    if (initial === 0) this.#full = true;
  }

  get size(): number {
    return this.#size;
  }

  /** True once the table can take no more members without breaking the budget. */
  get full(): boolean {
    return this.#full;
  }

  get bytes(): number {
    return this.#slots.byteLength;
  }

  has(hi: number, lo: number): boolean {
    if (this.#mask < 0) return false;
    return this.#find(hi, lo === 0 && hi === 0 ? 1 : lo) >= 0;
  }

  /** 'added', 'present', or 'full' (not a member and no room: the caller estimates instead). */
  add(hi: number, lo: number): 'added' | 'present' | 'full' {
    if (this.#mask < 0) return 'full';
    // (0, 0) marks an empty slot; the one hash that equals it is folded onto (0, 1).
    const l = lo === 0 && hi === 0 ? 1 : lo;
    const at = this.#find(hi, l);
    if (at >= 0) return 'present';
    if (this.#size + 1 > (this.#mask + 1) * MAX_LOAD && !this.#grow()) {
      this.#full = true;
      return 'full';
    }
    this.#insert(hi, l);
    this.#size++;
    return 'added';
  }

  /** The slot index holding (hi, lo), or -1. */
  #find(hi: number, lo: number): number {
    const s = this.#slots;
    let i = (lo ^ Math.imul(hi, 0x9e3779b1)) & this.#mask;
    while (true) {
      const a = s[2 * i]!;
      const b = s[2 * i + 1]!;
      if (a === 0 && b === 0) return -1;
      if (a === hi && b === lo) return i;
      i = (i + 1) & this.#mask;
    }
  }

  #insert(hi: number, lo: number): void {
    const s = this.#slots;
    let i = (lo ^ Math.imul(hi, 0x9e3779b1)) & this.#mask;
    while (s[2 * i] !== 0 || s[2 * i + 1] !== 0) i = (i + 1) & this.#mask;
    s[2 * i] = hi;
    s[2 * i + 1] = lo;
  }

  #grow(): boolean {
    const old = this.#slots;
    const slots = (this.#mask + 1) * 2;
    if (old.byteLength + slots * BYTES_PER_SLOT > this.#budgetBytes) return false;
    this.#slots = new Uint32Array(slots * 2);
    this.#mask = slots - 1;
    for (let i = 0; i < old.length; i += 2) {
      const hi = old[i]!;
      const lo = old[i + 1]!;
      if (hi !== 0 || lo !== 0) this.#insert(hi, lo);
    }
    return true;
  }
}
