/**
 * RFC 3492 Punycode encoding of one label (the `xn--` form without the prefix).
 *
 * Written by hand because the fast path of the fuzzers encodes tens of thousands of labels per
 * protected domain: Node's built-in `punycode` is deprecated, the userland package is only reachable
 * as `punycode/`, and tr46 (which we still use to *validate* anything unusual) costs ~28 µs a name
 * here. This routine is ~40 lines of the RFC's reference algorithm; the tests check it against tr46.
 * Cost: O(n²) in the label's code points (n ≤ 63); one string allocated (scratch buffers otherwise).
 */

const BASE = 36;
const TMIN = 1;
const TMAX = 26;
const SKEW = 38;
const DAMP = 700;
const INITIAL_BIAS = 72;
const INITIAL_N = 128;

function adapt(delta: number, numPoints: number, first: boolean): number {
  let d = first ? Math.floor(delta / DAMP) : delta >> 1;
  d += Math.floor(d / numPoints);
  let k = 0;
  while (d > ((BASE - TMIN) * TMAX) >> 1) {
    d = Math.floor(d / (BASE - TMIN));
    k += BASE;
  }
  return k + Math.floor(((BASE - TMIN + 1) * d) / (d + SKEW));
}

/** Digit value → code: 0..25 → a..z, 26..35 → 0..9. */
const digit = (d: number): number => (d < 26 ? d + 97 : d + 22);

// Scratch: a label has at most 63 octets, so at most 63 code points and 63 output characters;
// longer input (rejected later as too long) grows them.
let CPS = new Int32Array(64);
let OUT: number[] = [];

/** Encodes a Unicode label to its Punycode form (without `xn--`). */
export function punycodeEncodeLabel(label: string): string {
  if (CPS.length < label.length) CPS = new Int32Array(label.length);
  let len = 0;
  for (let i = 0; i < label.length; i++) {
    const c = label.codePointAt(i)!;
    if (c > 0xffff) i++;
    CPS[len++] = c;
  }
  const out = OUT;
  out.length = 0;
  for (let i = 0; i < len; i++) if (CPS[i]! < 0x80) out.push(CPS[i]!);
  const basic = out.length;
  let handled = basic;
  if (basic > 0) out.push(45);
  let n = INITIAL_N;
  let delta = 0;
  let bias = INITIAL_BIAS;
  while (handled < len) {
    let m = Number.MAX_SAFE_INTEGER;
    for (let i = 0; i < len; i++) {
      const c = CPS[i]!;
      if (c >= n && c < m) m = c;
    }
    delta += (m - n) * (handled + 1);
    n = m;
    for (let i = 0; i < len; i++) {
      const c = CPS[i]!;
      if (c < n) delta++;
      if (c === n) {
        let q = delta;
        for (let k = BASE; ; k += BASE) {
          const t = k <= bias ? TMIN : k >= bias + TMAX ? TMAX : k - bias;
          if (q < t) break;
          out.push(digit(t + ((q - t) % (BASE - t))));
          q = Math.floor((q - t) / (BASE - t));
        }
        out.push(digit(q));
        bias = adapt(delta, handled + 1, handled === basic);
        delta = 0;
        handled++;
      }
    }
    delta++;
    n++;
  }
  const s = String.fromCharCode.apply(null, out);
  if (out.length > 256) OUT = [];
  return s;
}
