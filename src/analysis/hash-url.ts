/** A 64-bit hash as two unsigned 32-bit halves. */
export interface Hash64 {
  hi: number;
  lo: number;
}

/**
 * A fast non-cryptographic 64-bit hash of a string's UTF-16 code units: two 32-bit multiply-xor lanes, cross-mixed
 * at the end (the construction of bryc's public-domain cyrb53, kept at the full 64 bits). At 10 million distinct
 * URLs the chance that any two collide is about n²/2⁶⁵ ≈ 3·10⁻⁶, which is what "exact" means in the duplicate count.
 * Writes into `out` so the hot path allocates nothing.
 */
export function hashUrl(s: string, out: Hash64): Hash64 {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  out.hi = h2 >>> 0;
  out.lo = h1 >>> 0;
  return out;
}
