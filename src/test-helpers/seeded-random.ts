/**
 * mulberry32 (Tommy Ettinger's 32-bit generator): a tiny seeded PRNG for randomized tests, so a
 * failing case replays from its seed. Not for anything secret. Cost: O(1) per number.
 */
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
