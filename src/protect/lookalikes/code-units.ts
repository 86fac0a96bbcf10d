/**
 * Strings from UTF-16 code units in a scratch buffer, for the fuzzers' hot loops (homoglyph
 * candidates, Punycode output): tens of thousands of short strings per protected domain.
 *
 * Why by hand: `String.fromCharCode.apply` on a packed array of exactly the right length is the
 * fastest path V8 has (≈30 ns for a 10-unit string here); on a typed-array view it is ~4× slower,
 * and shrinking one reused array (`length = n`) is a runtime call that costs more than the copy.
 * So one array per length is kept and reused. Cost: O(n) per string; O(Σ lengths ≤ MAX_CACHED)
 * memory, once.
 */

const MAX_CACHED = 256;
const BY_LENGTH: number[][] = [];

/** The string of `units[from .. from + len)`. */
export function stringFromUnits(units: Uint16Array, from: number, len: number): string {
  if (len > MAX_CACHED) {
    let s = '';
    for (let at = from; at < from + len; at += 4096) {
      s += String.fromCharCode.apply(null, Array.from(units.subarray(at, Math.min(at + 4096, from + len))));
    }
    return s;
  }
  let a = BY_LENGTH[len];
  if (a === undefined) BY_LENGTH[len] = a = new Array<number>(len).fill(0);
  for (let i = 0; i < len; i++) a[i] = units[from + i]!;
  return String.fromCharCode.apply(null, a);
}
