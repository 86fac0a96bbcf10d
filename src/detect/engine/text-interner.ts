/**
 * The interner of normalised original texts (`PostColumns.originalTexts`): an `Interner` whose index
 * is its own open-addressing table keyed by FNV-1a over UTF-16 code units, so a text normalised from
 * bytes (engine/utf8-normalise.ts) is looked up by the hash computed in that pass and compared unit
 * by unit — its string is built only when it is new. A `Map<string, number>` hashed every text again
 * and needed the string first (`Interner.id` was 26 % of the main thread's read time, docs/INGEST.md).
 * Strings interned by `id` (other callers) hash the same way, so both paths share one numbering.
 *
 * Linear probing (Knuth, TAOCP vol. 3, §6.4, algorithm L) at load ≤ 1/2: expected < 2.5 probes for
 * a miss. Each slot holds the text's id and its hash side by side, so a probe reads one cache line
 * before comparing units, and growing walks the old table in slot order (a text's new slot is its old
 * one or one table length on): at 10M posts (~4.6M texts, a 64 MB table) the look-up's separate hash
 * array and the growth's placement in id order were a cache miss per text each (bench/RESULTS.md,
 * h-sweep). Cost: O(length) per look-up; memory 8 bytes per slot (2–4 slots per text).
 *
 * The texts are kept as code units in a TextArena (engine/text-arena.ts), not as strings: co-similar's
 * worker reads them there (no structured clone of 1.5M strings), and the main thread's heap does not
 * hold 1.5M (3M posts) to 4.6M (10M) strings through every later stage's collections. A string is
 * built where one is read (`str`: a network's top co-post objects, the amplified account's keys).
 */
import { Interner } from './intern.js';
import { TextArena, type SharedTexts } from './text-arena.js';
import { HASH_SEED, hashStep, type Utf8Normaliser } from './utf8-normalise.js';

/** FNV-1a over `s`'s UTF-16 code units. */
export function hashUnits(s: string): number {
  let h = HASH_SEED;
  for (let i = 0; i < s.length; i++) h = hashStep(h, s.charCodeAt(i));
  return h;
}

/** `units` are UTF-16 code units, or (an ASCII text) its bytes, which are the same numbers. */
function sameUnits(s: string, units: Uint16Array | Uint8Array, n: number): boolean {
  if (s.length !== n) return false;
  for (let i = 0; i < n; i++) if (s.charCodeAt(i) !== units[i]) return false;
  return true;
}

export class TextInterner extends Interner {
  /** Slot s at 2s: text id + 1 (0: empty), then the text's hash. */
  private slots = new Int32Array(2 << 12);
  private mask = (1 << 12) - 1;
  private readonly arena: TextArena;
  /** The texts as strings, only once the arena is full (2 GiB of text); until then they are in the arena. */
  private spill: string[] | undefined;

  /** `arenaBytes`: where the arena gives up and texts become strings (2 GiB; tests pass less). */
  constructor(arenaBytes?: number) {
    super([]);
    this.arena = new TextArena(arenaBytes);
  }

  /**
   * Every text as a string, built now (a new array per call): for tests and small inputs. The stages
   * read a text with `str`, which builds only that one.
   */
  override get strings(): string[] {
    return this.spill ?? Array.from({ length: this.arena.count }, (_, i) => this.arena.text(i));
  }

  override get size(): number {
    return this.spill?.length ?? this.arena.count;
  }

  override str(i: number): string {
    if (!(i >= 0 && i < this.size)) throw new RangeError(`interner: no string ${i}`);
    return this.spill?.[i] ?? this.arena.text(i);
  }

  override id(s: string): number {
    const h = hashUnits(s);
    const found = this.find(h, s);
    return found >= 0 ? found : this.add(s, h);
  }

  /** Numbers `s`, which the caller knows is new (Interner's promise), in the table and the arena. */
  override append(s: string): number {
    return this.add(s, hashUnits(s));
  }

  override get(s: string): number {
    return this.find(hashUnits(s), s);
  }

  /** The id of the text `nz` last normalised, or −1 (its bytes are its units when it is ASCII). */
  findNormalised(nz: Utf8Normaliser): number {
    return nz.ascii
      ? this.find(nz.hash, undefined, nz.bytes, nz.byteLength)
      : this.find(nz.hash, undefined, nz.units, nz.unitLength);
  }

  /** Adds `s` (not yet interned; `h` = hashUnits(s)); returns its id. */
  add(s: string, h: number): number {
    if (this.spill === undefined && !this.arena.addString(s)) this.spillAll();
    this.spill?.push(s);
    return this.slot(h);
  }

  /**
   * Adds the text `nz` last normalised (not yet interned: `findNormalised` said −1); returns its id.
   * No string is built (the arena holds its units) unless the arena is full.
   */
  addNormalised(nz: Utf8Normaliser): number {
    if (this.spill === undefined) {
      const added = nz.ascii
        ? this.arena.addBytes(nz.bytes, nz.byteLength)
        : this.arena.addUnits(nz.units, nz.unitLength);
      if (!added) this.spillAll();
    }
    this.spill?.push(nz.text());
    return this.slot(nz.hash);
  }

  /** The texts' code units in shared memory, in id order (undefined once the arena is full). */
  shared(): SharedTexts | undefined {
    return this.spill === undefined ? this.arena.shared() : undefined;
  }

  /** The arena is full: from now on every text is a string. */
  private spillAll(): void {
    this.spill = this.strings;
    this.arena.release();
  }

  /** Places the text just added (the last id) with hash `h`; returns its id. */
  private slot(h: number): number {
    const id = this.size - 1;
    if (2 * this.size > this.mask + 1) this.grow();
    place(this.slots, this.mask, h, id);
    return id;
  }

  /** The id of `s` (when given; else of `units[0, n)`) with hash `h`, or −1. */
  private find(h: number, s: string | undefined, units?: Uint16Array | Uint8Array, n = 0): number {
    const slots = this.slots;
    const mask = this.mask;
    const spill = this.spill;
    const arena = this.arena;
    for (let at = h & mask; ; at = (at + 1) & mask) {
      const v = slots[2 * at]!;
      if (v === 0) return -1;
      if (slots[2 * at + 1] !== h) continue;
      const id = v - 1;
      if (spill !== undefined) {
        const t = spill[id]!;
        if (s === undefined ? sameUnits(t, units!, n) : t === s) return id;
      } else if (s === undefined ? arena.equals(id, units!, n) : arena.equalsString(id, s)) return id;
    }
  }

  /** Doubles the table and places every text again from its slot's stored hash, in slot order. */
  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    this.mask = this.mask * 2 + 1;
    for (let at = 0; at < old.length; at += 2) {
      const v = old[at]!;
      if (v !== 0) place(this.slots, this.mask, old[at + 1]!, v - 1);
    }
  }
}

/** Puts text `id` with hash `h` in the first free slot from `h & mask`. */
function place(slots: Int32Array, mask: number, h: number, id: number): void {
  let at = h & mask;
  while (slots[2 * at] !== 0) at = (at + 1) & mask;
  slots[2 * at] = id + 1;
  slots[2 * at + 1] = h;
}
