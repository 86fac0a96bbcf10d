/**
 * String interning: maps account ids, object keys and post ids to dense integers so the hot paths work
 * on typed arrays instead of strings. A JS Map holds at most 2^24 entries; one interner per kind
 * (accounts, per-behaviour objects, post ids) keeps each far below that even at 3M posts.
 *
 * Cost: O(1) amortised per `id()`; memory ≈ one Map entry + one array slot per distinct string.
 */
export class Interner {
  private indexMap: Map<string, number> | undefined;
  readonly strings: string[];

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
    this.strings = strings ?? [];
    this.indexMap = strings === undefined ? new Map<string, number>() : undefined;
  }

  private get index(): Map<string, number> {
    if (this.indexMap === undefined) this.indexMap = new Map(this.strings.map((s, i) => [s, i]));
    return this.indexMap;
  }

  /** The integer for `s`, assigning the next one when `s` is new. */
  id(s: string): number {
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.strings.length;
      this.index.set(s, i);
      this.strings.push(s);
    }
    return i;
  }

  /** The integer for `s`, or -1 when it was never interned. */
  get(s: string): number {
    return this.index.get(s) ?? -1;
  }

  get size(): number {
    return this.strings.length;
  }

  str(i: number): string {
    const s = this.strings[i];
    if (s === undefined) throw new RangeError(`interner: no string ${i}`);
    return s;
  }
}
