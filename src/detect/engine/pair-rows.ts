/**
 * Pair aggregates appended one finished pair at a time, then packed into dense `PairColumns` (no empty
 * slots): what the lockstep sweep (engine/lockstep.ts) and the DuckDB engine (sql/duckdb-engine.ts)
 * produce, in (a, b) order. Plain arrays while appending since the count is not known beforehand.
 *
 * Cost: O(1) amortised per pair; memory 8 numbers per pair while appending, 44 bytes after packing.
 */
import type { PairColumns } from './pair-table.js';

export class PairRows {
  private readonly a: number[] = [];
  private readonly b: number[] = [];
  private readonly count: number[] = [];
  private readonly weight: number[] = [];
  private readonly objects: number[] = [];
  private readonly first: number[] = [];
  private readonly last: number[] = [];
  private readonly extra: number[] = [];

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
      keysA: Int32Array.from(this.a),
      keysB: Int32Array.from(this.b),
      count: Int32Array.from(this.count),
      weight: Float64Array.from(this.weight),
      objects: Int32Array.from(this.objects),
      first: Float64Array.from(this.first),
      last: Float64Array.from(this.last),
      extra: Float64Array.from(this.extra),
    };
  }
}
