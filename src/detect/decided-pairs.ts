/**
 * One behaviour's decided pairs in lockstep fusion (fusion.ts): for each pair-table slot that passes
 * the count test or the lag test, the test that decided it, with its observed and expected
 * co-actions, p-value and (lag test) lag. Kept as columns, not a Map from slot to a decision object:
 * at 1M–3M posts a behaviour decides hundreds of thousands of pairs, and the Map's growth, one object
 * per decision and a sort of the Map's entries by slot were seconds of the chance stage (profiled at
 * 1M, session 15).
 *
 * Fusion fills it in two runs, each in increasing slot order: the count decisions (its screen loop
 * visits slots in order), then the lag decisions (its lag candidates were collected in that loop). A
 * lag decision on a slot the count test decided replaces it when its p-value is smaller, in place; one
 * on a new slot is appended. So entries are in the order a Map keyed by slot would iterate them, and
 * `bySlot` merges the two runs into slot order without sorting.
 *
 * Cost: O(1) amortised per decision, O(count + lag candidates) for the lag run's walk and the merge;
 * memory 41 bytes per decision.
 */
import { GrowableFloat64, GrowableInt32, GrowableUint8 } from '../core/growable.js';

export const COUNT_TEST = 0;
export const LAG_TEST = 1;

export class DecidedPairs {
  readonly slot = new GrowableInt32();
  /** COUNT_TEST or LAG_TEST. */
  readonly test = new GrowableUint8();
  readonly observed = new GrowableFloat64();
  readonly expected = new GrowableFloat64();
  /** Already multiplied by the behaviour's test count (and, for the lag test, the lag positions). */
  readonly pValue = new GrowableFloat64();
  /** The lag test's lag; 0 for the count test (not read). */
  readonly lag = new GrowableFloat64();
  /** Entries before this one are count decisions (the first run); the rest came from the lag run. */
  private countRun = -1;
  /** The lag run's position in the count run (both runs are in increasing slot order). */
  private cursor = 0;

  get length(): number {
    return this.slot.length;
  }

  /** A count decision; slots must come in increasing order, before any lag decision. */
  count(slot: number, observed: number, expected: number, pValue: number): void {
    if (this.countRun >= 0) throw new Error('decided pairs: count decision after the lag run began');
    this.push(slot, COUNT_TEST, observed, expected, pValue, 0);
  }

  /**
   * A lag decision; slots in increasing order. It replaces the slot's count decision when its p-value
   * is smaller, is dropped when not, and is appended when the slot has none.
   */
  lagged(slot: number, observed: number, expected: number, pValue: number, lag: number): void {
    if (this.countRun < 0) this.countRun = this.length;
    const slots = this.slot.view();
    while (this.cursor < this.countRun && slots[this.cursor]! < slot) this.cursor++;
    const at = this.cursor;
    if (at < this.countRun && slots[at] === slot) {
      if (!(pValue < this.pValue.view()[at]!)) return;
      this.test.view()[at] = LAG_TEST;
      this.observed.view()[at] = observed;
      this.expected.view()[at] = expected;
      this.pValue.view()[at] = pValue;
      this.lag.view()[at] = lag;
      return;
    }
    this.push(slot, LAG_TEST, observed, expected, pValue, lag);
  }

  /** Entry indices in increasing slot order (the two runs merged). */
  bySlot(): Int32Array {
    const n = this.length;
    const split = this.countRun < 0 ? n : this.countRun;
    const slots = this.slot.view();
    const out = new Int32Array(n);
    let i = 0;
    let j = split;
    for (let k = 0; k < n; k++) out[k] = j >= n || (i < split && slots[i]! < slots[j]!) ? i++ : j++;
    return out;
  }

  private push(slot: number, test: number, observed: number, expected: number, p: number, lag: number): void {
    this.slot.push(slot);
    this.test.push(test);
    this.observed.push(observed);
    this.expected.push(expected);
    this.pValue.push(p);
    this.lag.push(lag);
  }
}
