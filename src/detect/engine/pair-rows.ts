/**
 * Pair aggregates appended one finished pair at a time, then packed into dense `PairColumns` (no empty
 * slots): what the lockstep sweep (engine/lockstep.ts) and the DuckDB engine (sql/duckdb-engine.ts)
 * produce, in (a, b) order. Growable typed columns while appending since the count is not known
 * beforehand: plain arrays of tens of millions of numbers cost 8–16 bytes an element, were copied as
 * they grew and kept the garbage collector busy at 3M posts.
 *
 * Cost: O(1) amortised per pair; memory ≤ 2 × 44 bytes per pair while appending, 44 after packing.
 */
import { GrowableFloat64, GrowableInt32 } from '../../core/growable.js';
import type { PairColumns } from './pair-table.js';

export class PairRows {
  private readonly a = new GrowableInt32(1 << 16);
  private readonly b = new GrowableInt32(1 << 16);
  private readonly count = new GrowableInt32(1 << 16);
  private readonly weight = new GrowableFloat64(1 << 16);
  private readonly objects = new GrowableInt32(1 << 16);
  private readonly first = new GrowableFloat64(1 << 16);
  private readonly last = new GrowableFloat64(1 << 16);
  private readonly extra = new GrowableFloat64(1 << 16);

  push(
    a: number,
    b: number,
    count: number,
    weight: number,
    objects: number,
    first: number,
    last: number,
    extra: number,
  ): void {
    this.a.push(a);
    this.b.push(b);
    this.count.push(count);
    this.weight.push(weight);
    this.objects.push(objects);
    this.first.push(first);
    this.last.push(last);
    this.extra.push(extra);
  }

  toColumns(): PairColumns {
    const size = this.a.length;
    return {
      capacity: size,
      size,
      keysA: this.a.toArray(),
      keysB: this.b.toArray(),
      count: this.count.toArray(),
      weight: this.weight.toArray(),
      objects: this.objects.toArray(),
      first: this.first.toArray(),
      last: this.last.toArray(),
      extra: this.extra.toArray(),
    };
  }
}
