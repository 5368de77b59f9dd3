/** mulberry32: a small, fast, seedable PRNG so every test run feeds the same "random" input. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` floats uniform in [lo, hi). */
export function uniformFloats(seed: number, count: number, lo: number, hi: number): Float32Array {
  const next = seededRandom(seed);
  return Float32Array.from({ length: count }, () => lo + (hi - lo) * next());
}

/** `count` integers uniform in [lo, hi]. */
export function uniformInts(seed: number, count: number, lo: number, hi: number): Int32Array {
  const next = seededRandom(seed);
  return Int32Array.from({ length: count }, () => lo + Math.floor((hi - lo + 1) * next()));
}
