/**
 * What a tick builds from the window's rows (window-actions.ts `prepare`): window numbers by first
 * appearance for a window-lifetime interner, and one action table's (object, post) rows. O(1) per
 * call; memory one Int32 per interned string, two per table row.
 */
import type { Behaviour } from '../../core/behaviour.js';
import type { ActionTable } from '../engine/actions.js';
import { Interner } from '../engine/intern.js';

/** Window numbers by first appearance for one window-lifetime interner (−1: not yet seen). */
export class Renumber {
  private readonly map: Int32Array;
  private readonly names: string[] = [];
  /** Per window number, the window-lifetime number it came from. */
  readonly sources: number[] = [];

  constructor(private readonly from: Interner) {
    this.map = new Int32Array(from.size).fill(-1);
  }

  id(x: number): number {
    let y = this.map[x]!;
    if (y < 0) {
      y = this.map[x] = this.names.length;
      this.names.push(this.from.str(x));
      this.sources.push(x);
    }
    return y;
  }

  interner(): Interner {
    return Interner.of(this.names);
  }
}

/** One table's (object, post) rows in preallocated arrays (of the table's size, when known). */
export class TableRows {
  private readonly object: Int32Array;
  private readonly post: Int32Array;
  private n = 0;

  constructor(capacity: number) {
    this.object = new Int32Array(capacity);
    this.post = new Int32Array(capacity);
  }

  push(o: number, p: number): void {
    this.object[this.n] = o;
    this.post[this.n++] = p;
  }

  finish(behaviour: Behaviour, objects: Interner): ActionTable {
    // Sized exactly by `prepare`: the arrays themselves, no trimmed copies.
    const exact = this.n === this.object.length;
    return {
      behaviour,
      objects,
      object: exact ? this.object : this.object.slice(0, this.n),
      post: exact ? this.post : this.post.slice(0, this.n),
    };
  }
}
