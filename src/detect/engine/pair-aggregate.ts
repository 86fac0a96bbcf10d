/**
 * The lockstep sweep's last step (engine/lockstep.ts): co-actions gathered per smaller account
 * (engine/co-action-sweep.ts) are aggregated into pair columns ordered by (a, b).
 *
 * Layout: an eligible action is one 24-byte record (time, account, object, crowd, same-object count),
 * and the running totals of account a's partners sit in 64-byte slots numbered in the order a meets
 * them; the only array indexed by a partner's account id is `slotOf` (4 bytes per account). Until
 * session 12 the totals were one 64-byte stride per account: ~33 MB at 10M simulated posts (~520k
 * accounts), read at a random partner per co-action, past the last-level cache where the 10 MB of 3M
 * still fitted. Partners below minPairCoActions are dropped before the per-account sort (at 3M ~18M
 * partners meet once, 1.4M pairs are kept; sorting them all made this stage grow faster than the
 * input). Sums are taken in the same order as before, so pair weights are bit-for-bit the same.
 *
 * Cost: O(co-actions + accounts + Σ kept partners·log kept partners) time; memory 24 bytes per eligible
 * action, 8 bytes per co-action, 4 bytes per account, 64 bytes per partner of the account being
 * aggregated, plus the kept pairs (engine/pair-rows.ts).
 */
import type { PairColumns } from './pair-table.js';
import { PairRows } from './pair-rows.js';

/** Float64 slots per eligible record: [time, (account, object), (crowd, same)]. */
const RECORD_F64 = 3;
/** Float64 slots per partner: count, weight, objects, lastObject, first, last, extra, (spare). */
const PARTNER_F64 = 8;

/** Eligible actions in (object, time) order as packed 24-byte records (see the file comment). */
export class EligibleRecords {
  readonly f64: Float64Array;
  readonly i32: Int32Array;

  constructor(n: number) {
    const buffer = new ArrayBuffer(n * RECORD_F64 * 8);
    this.f64 = new Float64Array(buffer);
    this.i32 = new Int32Array(buffer);
  }

  set(k: number, time: number, account: number, object: number, crowd: number): void {
    this.f64[k * RECORD_F64] = time;
    const i = k * RECORD_F64 * 2;
    this.i32[i + 2] = account;
    this.i32[i + 3] = object;
    this.i32[i + 4] = crowd;
  }

  /** n_{a,o}: the eligible actions of record k's account on record k's object. */
  setSame(k: number, same: number): void {
    this.i32[k * RECORD_F64 * 2 + 5] = same;
  }
}

/**
 * Pairs from co-actions gathered per smaller account: `segment` offsets (per account) into `coRows`,
 * which holds each co-action's two eligible positions side by side (i at 2k, j at 2k + 1).
 */
export function aggregatePairs(
  segment: Float64Array,
  coRows: Int32Array,
  records: EligibleRecords,
  idf: Float64Array,
  minCount: number,
): PairColumns {
  // Plain typed arrays in locals rather than calls: this loop runs once per co-action.
  const f64 = records.f64;
  const i32 = records.i32;
  const accountCount = segment.length - 1;
  // The only array indexed by a partner's account id: its slot among account a's partners (−1 none),
  // 4 bytes per account. The running totals sit in slots numbered in the order partners are met, so
  // they take one account's partners × 64 bytes (in cache), not 64 bytes × every account.
  const slotOf = new Int32Array(accountCount).fill(-1);
  let partner: Int32Array = new Int32Array(1024);
  // Per slot s at p = 8s: [p] count, [p+1] weight, [p+2] objects, [p+3] lastObject, [p+4] first,
  // [p+5] last, [p+6] extra.
  let acc: Float64Array = new Float64Array(partner.length * PARTNER_F64);
  const out = new PairRows();
  for (let a = 0; a < accountCount; a++) {
    const s = segment[a]!;
    const e = segment[a + 1]!;
    if (s === e) continue;
    let slots = 0;
    for (let k = s; k < e; k++) {
      const fi = coRows[2 * k]! * RECORD_F64;
      const fj = coRows[2 * k + 1]! * RECORD_F64;
      const ii = 2 * fi;
      const ij = 2 * fj;
      const x = i32[ii + 2]!;
      const b = x === a ? i32[ij + 2]! : x;
      const t = f64[fi]!;
      let slot = slotOf[b]!;
      if (slot < 0) {
        if (slots === partner.length) {
          partner = grown(partner, 2 * slots);
          acc = grownF64(acc, 2 * slots * PARTNER_F64);
        }
        slot = slots++;
        slotOf[b] = slot;
        partner[slot] = b;
        const q = slot * PARTNER_F64;
        acc[q] = 0;
        acc[q + 1] = 0;
        acc[q + 2] = 0;
        acc[q + 3] = -1;
        acc[q + 4] = t;
        acc[q + 5] = t;
        acc[q + 6] = 0;
      }
      const p = slot * PARTNER_F64;
      acc[p]! += 1;
      const ci = i32[ii + 4]!;
      const cj = i32[ij + 4]!;
      acc[p + 1]! += idf[ci > cj ? ci : cj]!;
      const o = i32[ii + 3]!;
      if (acc[p + 3] !== o) {
        acc[p + 3] = o;
        acc[p + 2]! += 1;
        acc[p + 6]! += i32[ii + 5]! * i32[ij + 5]!;
      }
      if (t < acc[p + 4]!) acc[p + 4] = t;
      if (t > acc[p + 5]!) acc[p + 5] = t;
    }
    // Partners below minCount are dropped before sorting: most partners meet once (at 3M posts ~18M
    // partners, 1.4M pairs kept), and sorting them all made this stage grow faster than the input.
    // `partner` is reused for the kept ones (nKept ≤ k: no entry is overwritten before it is read).
    let nKept = 0;
    for (let k = 0; k < slots; k++) {
      const b = partner[k]!;
      if (acc[k * PARTNER_F64]! >= minCount) partner[nKept++] = b;
      else slotOf[b] = -1;
    }
    // Partners in ascending order: the pair table is then ordered by (a, b) whatever the sweep order,
    // the same order a SQL engine's ORDER BY gives, so later sums over pairs match bit for bit.
    partner.subarray(0, nKept).sort();
    for (let k = 0; k < nKept; k++) {
      const b = partner[k]!;
      const p = slotOf[b]! * PARTNER_F64;
      out.push(a, b, acc[p]!, acc[p + 1]!, acc[p + 2]!, acc[p + 4]!, acc[p + 5]!, acc[p + 6]!);
      slotOf[b] = -1;
    }
  }
  return out.toColumns();
}

function grown(a: Int32Array, size: number): Int32Array {
  const next = new Int32Array(size);
  next.set(a);
  return next;
}

function grownF64(a: Float64Array, size: number): Float64Array {
  const next = new Float64Array(size);
  next.set(a);
  return next;
}
