/**
 * Strings → dense integers in first-seen order, with decimal ids probed by value: the post encoder's
 * account numbers and its set of retweet keys (engine/post-batch.ts).
 *
 * Why: the account look-up was the encoder's largest line (57–61 % of its self time in CPU profiles of
 * 1M simulated IRA and QUT posts, bench/RESULTS.md): a Map probe on a freshly decoded string per post
 * hashes the string and then touches the hash bucket, the entry and the stored key's characters, in
 * random account order. Archives number accounts and posts with decimal ids (Twitter user and tweet
 * ids), so a string of 1–16 ASCII digits without a leading zero whose value is a safe integer is
 * probed by that value in an open-addressing table of two typed arrays (linear probing, Knuth, TAOCP
 * vol. 3 §6.4; multiplicative hashing, §6.4 "Fibonacci hashing"): one or two cache lines per probe.
 * Every other string (screen names, hashed ids, "007", longer ids) goes to a Map. Such a string and its
 * value are in one-to-one correspondence, so both paths give each distinct string exactly one integer.
 *
 * Cost: O(string length) per look-up; memory 12 bytes per table slot (a power of two, at most 4 slots
 * per decimal key) plus one Map entry per other key.
 */
const EMPTY = -1;
const MAX_DIGITS = 16;

export class DenseIds {
  private keys = new Float64Array(1024).fill(EMPTY);
  private values = new Int32Array(1024);
  private decimals = 0;
  private readonly others = new Map<string, number>();
  private count = 0;

  /** Distinct strings numbered so far. */
  get size(): number {
    return this.count;
  }

  /** The integer of `s`; a new string gets the next one (`size` before the call). */
  id(s: string): number {
    const v = decimalValue(s);
    if (v < 0) {
      let i = this.others.get(s);
      if (i === undefined) {
        i = this.count++;
        this.others.set(s, i);
      }
      return i;
    }
    const mask = this.keys.length - 1;
    for (let slot = hashOf(v) & mask; ; slot = (slot + 1) & mask) {
      const k = this.keys[slot]!;
      if (k === v) return this.values[slot]!;
      if (k === EMPTY) {
        const i = this.count++;
        this.keys[slot] = v;
        this.values[slot] = i;
        if (++this.decimals * 2 > this.keys.length) this.grow();
        return i;
      }
    }
  }

  private grow(): void {
    const { keys, values } = this;
    this.keys = new Float64Array(keys.length * 2).fill(EMPTY);
    this.values = new Int32Array(keys.length * 2);
    const mask = this.keys.length - 1;
    for (let j = 0; j < keys.length; j++) {
      const k = keys[j]!;
      if (k === EMPTY) continue;
      let slot = hashOf(k) & mask;
      while (this.keys[slot] !== EMPTY) slot = (slot + 1) & mask;
      this.keys[slot] = k;
      this.values[slot] = values[j]!;
    }
  }
}

/** The value of a canonical decimal string of at most 16 digits that is a safe integer, else −1. */
export function decimalValue(s: string): number {
  const n = s.length;
  if (n === 0 || n > MAX_DIGITS || (n > 1 && s.charCodeAt(0) === 48)) return -1;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  // Above 2^53 the sum above may round; a rounded value is ≥ 2^53 and so refused here.
  return v <= Number.MAX_SAFE_INTEGER ? v : -1;
}

/** 32-bit mix of both halves of `v` (a safe integer ≥ 0). */
function hashOf(v: number): number {
  const lo = v >>> 0;
  const hi = (v / 4294967296) >>> 0;
  let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 15;
  return Math.imul(h, 0xc2b2ae35) ^ (h >>> 13);
}
