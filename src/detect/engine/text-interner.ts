/**
 * The interner of normalised original texts (`PostColumns.originalTexts`): an `Interner` whose index
 * is its own open-addressing table keyed by FNV-1a over UTF-16 code units, so a text normalised from
 * bytes (engine/utf8-normalise.ts) is looked up by the hash computed in that pass and compared unit
 * by unit — its string is built only when it is new. A `Map<string, number>` hashed every text again
 * and needed the string first (`Interner.id` was 26 % of the main thread's read time, docs/INGEST.md).
 * Strings interned by `id` (other callers) hash the same way, so both paths share one numbering.
 *
 * Linear probing (Knuth, TAOCP vol. 3, §6.4, algorithm L) at load ≤ 1/2: expected < 2.5 probes for
 * a miss. Cost: O(length) per look-up; memory 4 bytes per slot (2–4 slots per text) + 4 per text.
 */
import { Interner } from './intern.js';
import { HASH_SEED, hashStep } from './utf8-normalise.js';

/** FNV-1a over `s`'s UTF-16 code units. */
export function hashUnits(s: string): number {
  let h = HASH_SEED;
  for (let i = 0; i < s.length; i++) h = hashStep(h, s.charCodeAt(i));
  return h;
}

function sameUnits(s: string, units: Uint16Array, n: number): boolean {
  if (s.length !== n) return false;
  for (let i = 0; i < n; i++) if (s.charCodeAt(i) !== units[i]) return false;
  return true;
}

export class TextInterner extends Interner {
  /** Slot → text id + 1 (0: empty). */
  private slots = new Int32Array(1 << 12);
  private mask = (1 << 12) - 1;
  /** Text id → its hash (to move texts when the table grows without hashing them again). */
  private hashes = new Int32Array(1 << 11);

  constructor() {
    super([]);
  }

  override id(s: string): number {
    const h = hashUnits(s);
    const found = this.find(h, s);
    return found >= 0 ? found : this.add(s, h);
  }

  override get(s: string): number {
    return this.find(hashUnits(s), s);
  }

  /** The id of the text whose code units are `units[0, n)` with hash `h`, or −1. */
  findUnits(h: number, units: Uint16Array, n: number): number {
    return this.find(h, undefined, units, n);
  }

  /** Adds `s` (not yet interned; `h` = hashUnits(s)); returns its id. */
  add(s: string, h: number): number {
    const id = this.strings.length;
    this.strings.push(s);
    if (id === this.hashes.length) {
      const next = new Int32Array(2 * id);
      next.set(this.hashes);
      this.hashes = next;
    }
    this.hashes[id] = h;
    if (2 * this.strings.length > this.slots.length) this.grow();
    else this.place(h, id);
    return id;
  }

  /** The id of `s` (when given; else of `units[0, n)`) with hash `h`, or −1. */
  private find(h: number, s: string | undefined, units?: Uint16Array, n = 0): number {
    const slots = this.slots;
    const mask = this.mask;
    const hashes = this.hashes;
    for (let at = h & mask; ; at = (at + 1) & mask) {
      const v = slots[at]!;
      if (v === 0) return -1;
      if (hashes[v - 1] !== h) continue;
      const t = this.strings[v - 1]!;
      if (s === undefined ? sameUnits(t, units!, n) : t === s) return v - 1;
    }
  }

  private place(h: number, id: number): void {
    const slots = this.slots;
    const mask = this.mask;
    let at = h & mask;
    while (slots[at] !== 0) at = (at + 1) & mask;
    slots[at] = id + 1;
  }

  /** Doubles the table and places every text again (their hashes are kept). */
  private grow(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    this.mask = this.slots.length - 1;
    const hashes = this.hashes;
    for (let id = 0; id < this.strings.length; id++) this.place(hashes[id]!, id);
  }
}
