/**
 * String interning: maps account ids, object keys and post ids to dense integers so the hot paths work
 * on typed arrays instead of strings. A JS Map holds at most 2^24 entries; one interner per kind
 * (accounts, per-behaviour objects, post ids) keeps each far below that even at 3M posts.
 *
 * Cost: O(1) amortised per `id()`; memory ≈ one Map entry + one array slot per distinct string.
 */
export class Interner {
  /** `strings[0, indexed)` by string; the rest (`append`ed) are added on the next look-up. */
  private indexMap: Map<string, number> | undefined;
  private indexed = 0;
  private readonly names: string[];

  /** The strings by integer (engine/text-interner.ts builds them on demand: read `str` in loops). */
  get strings(): string[] {
    return this.names;
  }

  /**
   * An interner over distinct `strings` already numbered by position. Its map is built on the first
   * look-up: the monitor's window columns (src/monitor/window-actions.ts) are numbered without hashing,
   * and the stages after counting only read `strings`.
   */
  static of(strings: string[]): Interner {
    return new Interner(strings);
  }

  /** Empty; or over distinct `strings` numbered by position (see `of`). */
  constructor(strings?: string[]) {
    this.names = strings ?? [];
  }

  private get index(): Map<string, number> {
    const strings = this.names;
    const map = (this.indexMap ??= new Map<string, number>());
    for (let i = this.indexed; i < strings.length; i++) map.set(strings[i]!, i);
    this.indexed = strings.length;
    return map;
  }

  /** The integer for `s`, assigning the next one when `s` is new. */
  id(s: string): number {
    const index = this.index;
    let i = index.get(s);
    if (i === undefined) {
      i = this.names.length;
      index.set(s, i);
      this.names.push(s);
      this.indexed = this.names.length;
    }
    return i;
  }

  /**
   * Numbers `s`, which the caller knows is not interned yet (an encoder's new strings, engine/
   * post-batch.ts), without hashing it: the index takes it at the next `id` or `get`, if any. Why: detect
   * never looks its accounts, retweet keys or objects up by string after reading, and the Map's miss
   * and insert per new string were ~25 % of the main thread's column building (bench/RESULTS.md, h-norm
   * session 18). A string appended twice would get two integers — the caller's promise.
   */
  append(s: string): number {
    this.names.push(s);
    return this.names.length - 1;
  }

  /** The integer for `s`, or -1 when it was never interned. */
  get(s: string): number {
    return this.index.get(s) ?? -1;
  }

  get size(): number {
    return this.names.length;
  }

  str(i: number): string {
    const s = this.names[i];
    if (s === undefined) throw new RangeError(`interner: no string ${i}`);
    return s;
  }
}
