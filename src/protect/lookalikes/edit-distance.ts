/**
 * Edit distances for the watch matcher (matcher.ts): the optimal-string-alignment (restricted
 * Damerau–Levenshtein) distance, banded with an early exit, and its bit-parallel form for patterns of
 * ≤ 32 code units; plus the 32-bit character-set mask that rules a pair out before either runs (one edit
 * changes at most two bits of the mask). Written here because the matcher calls them millions of times
 * on typed arrays with no allocation, which general string-distance packages do not offer.
 */

export function charMask(s: string): number {
  let m = 0;
  for (let i = 0; i < s.length; i++) m |= 1 << (s.charCodeAt(i) % 31);
  return m;
}

export function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

const ROW_A = new Int32Array(256);
const ROW_B = new Int32Array(256);
const ROW_C = new Int32Array(256);

/** Optimal string alignment distance, or k+1 once it must exceed k (both strings ≤ 255). */
export function osaWithin(a: string, b: string, k: number): number {
  const n = a.length;
  const m = b.length;
  if (Math.abs(n - m) > k) return k + 1;
  if (n > 255 || m > 255) return k + 1;
  let prev2 = ROW_A;
  let prev = ROW_B;
  let cur = ROW_C;
  for (let j = 0; j <= m; j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= m; j++) {
      const cb = b.charCodeAt(j - 1);
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (ca === cb ? 0 : 1));
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb)
        v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > k) return k + 1;
    const t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  return Math.min(prev[m]!, k + 1);
}

/**
 * Bit-parallel optimal-string-alignment distance (H. Hyyrö, "A bit-vector algorithm for computing
 * Levenshtein and Damerau edit distances", Nordic Journal of Computing 10(1), 2003; Myers' 1999
 * algorithm plus the transposition term): pattern of m ≤ 32 code units given by its match masks,
 * text t[0..n). O(n) word operations, exact (tests compare it with {@link osaWithin}).
 */
export function osaBitParallel(
  peq: Int32Array,
  peqOther: ReadonlyMap<number, number> | undefined,
  m: number,
  t: Uint16Array,
  n: number,
): number {
  if (m === 0) return n;
  const top = 1 << (m - 1);
  let vp = m === 32 ? -1 : (1 << m) - 1;
  let vn = 0;
  let score = m;
  let d0 = 0;
  let pmPrev = 0;
  for (let j = 0; j < n; j++) {
    const c = t[j]!;
    const pm = c < 128 ? peq[c]! : (peqOther?.get(c) ?? 0);
    d0 = (((~d0 & pm) << 1) & pmPrev) | (((pm & vp) + vp) ^ vp) | pm | vn | 0;
    let hp = vn | ~(d0 | vp);
    let hn = vp & d0;
    if (hp & top) score++;
    else if (hn & top) score--;
    hp = (hp << 1) | 1;
    hn <<= 1;
    vp = hn | ~(d0 | hp);
    vn = hp & d0;
    pmPrev = pm;
  }
  return score;
}

/** Match masks of a pattern (≤ 32 code units) for {@link osaBitParallel}. */
export function patternMasks(p: string): { peq: Int32Array; peqOther: Map<number, number> | undefined } {
  const peq = new Int32Array(128);
  let peqOther: Map<number, number> | undefined;
  for (let i = 0; i < p.length && i < 32; i++) {
    const c = p.charCodeAt(i);
    if (c < 128) peq[c]! |= 1 << i;
    else (peqOther ??= new Map()).set(c, (peqOther.get(c) ?? 0) | (1 << i));
  }
  return { peq, peqOther };
}
