/**
 * RFC 3492 Punycode encoding of one label (the `xn--` form without the prefix).
 *
 * Written by hand because the fast path of the fuzzers encodes tens of thousands of labels per
 * protected domain: Node's built-in `punycode` is deprecated, the userland package is only reachable
 * as `punycode/`, and tr46 (which we still use to *validate* anything unusual) costs ~28 µs a name
 * here. This routine is ~40 lines of the RFC's reference algorithm; the tests check it against tr46.
 * Cost: O(n·m) for n code points of which m are non-ASCII (n ≤ 63); one string allocated (scratch
 * buffers otherwise).
 */
import { stringFromUnits } from './code-units.js';

const BASE = 36;
const TMIN = 1;
const TMAX = 26;
const SKEW = 38;
const DAMP = 700;
const INITIAL_BIAS = 72;
const INITIAL_N = 128;

/** RFC 3492 §6.1 bias adaptation (delta may exceed 2³¹ on absurdly long input: no `| 0` on it). */
function adapt(delta: number, numPoints: number, first: boolean): number {
  let d = Math.floor(first ? delta / DAMP : delta / 2);
  d += Math.floor(d / numPoints);
  let k = 0;
  while (d > ((BASE - TMIN) * TMAX) >> 1) {
    d = (d / (BASE - TMIN)) | 0;
    k += BASE;
  }
  return k + ((((BASE - TMIN + 1) * d) / (d + SKEW)) | 0);
}

/** Digit value → code: 0..25 → a..z, 26..35 → 0..9. */
const digit = (d: number): number => (d < 26 ? d + 97 : d + 22);

// Scratch: a label has at most 63 octets, so at most 63 code points and 63 output characters;
// longer input (rejected later as too long) grows them. The output of n code points is at most
// 1 + n·(1 + digits per delta) ≤ 8n + 1 units.
let CPS = new Int32Array(64);
let OUT = new Uint16Array(8 * 64 + 1);

/** Encodes a Unicode label to its Punycode form (without `xn--`). */
export function punycodeEncodeLabel(label: string): string {
  const units = label.length;
  if (CPS.length < units) {
    CPS = new Int32Array(units);
    OUT = new Uint16Array(8 * units + 1);
  }
  const out = OUT;
  let o = 0;
  let len = 0;
  // Code points, and the basic ones copied straight to the output (RFC 3492 §6.3).
  for (let i = 0; i < units; i++) {
    let c = label.charCodeAt(i);
    if (c < 0x80) out[o++] = c;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < units) {
      const lo = label.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        c = ((c - 0xd800) << 10) + (lo - 0xdc00) + 0x10000;
        i++;
      }
    }
    CPS[len++] = c;
  }
  const basic = o;
  let handled = basic;
  if (basic > 0) out[o++] = 45;
  let n = INITIAL_N;
  let delta = 0;
  let bias = INITIAL_BIAS;
  while (handled < len) {
    let m = 0x7fffffff;
    for (let i = 0; i < len; i++) {
      const c = CPS[i]!;
      if (c >= n && c < m) m = c;
    }
    delta += (m - n) * (handled + 1);
    n = m;
    for (let i = 0; i < len; i++) {
      const c = CPS[i]!;
      if (c < n) delta++;
      else if (c === n) {
        let q = delta;
        for (let k = BASE; ; k += BASE) {
          const t = k <= bias ? TMIN : k >= bias + TMAX ? TMAX : k - bias;
          if (q < t) break;
          out[o++] = digit(t + ((q - t) % (BASE - t)));
          q = Math.floor((q - t) / (BASE - t));
        }
        out[o++] = digit(q);
        bias = adapt(delta, handled + 1, handled === basic);
        delta = 0;
        handled++;
      }
    }
    delta++;
    n++;
  }
  return stringFromUnits(out, 0, o);
}
