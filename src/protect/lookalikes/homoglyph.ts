/**
 * The homoglyph fuzzer (dnstwist `_homoglyph`, elceef/dnstwist), as the union of its two definitions:
 * - 20221213 (`GLYPHS_2022`): replace every occurrence of one character inside any window shorter
 *   than the label, twice over. Replacing every occurrence of c inside some window shorter than the
 *   label is the same as replacing a contiguous run of c's occurrences that does not span both the
 *   first and the last position, so windows are never enumerated.
 * - upstream (`GLYPHS_ASCII` ∪ `GLYPHS_UNICODE`): replace one character, or a two-character window
 *   (both of a doubled letter, or a pair key such as 'rn' → 'm'), twice over.
 * Labels are handled as code points, as Python indexes them, so astral characters stay whole.
 *
 * Why not strings: round two re-fuzzes every round-one result and emits ~4 candidates per distinct
 * result (donaldjtrump: ~32,000 raw → ~9,000 distinct). Candidates are therefore built in a scratch
 * Int32Array and deduplicated in an open-addressing hash set over an Int32Array arena
 * ({@link CodePointSet}); only distinct results become JS strings.
 * Cost: O(r₁ · r₁ · n) code-point writes for r₁ ≈ n·k round-one results of length n (k = glyphs per
 * character), O(distinct · n) memory.
 */
import { GLYPHS_2022, GLYPHS_ASCII, GLYPHS_UNICODE, mergeGlyphs } from './tables.js';
import type { GlyphTable } from './tables.js';
import { stringFromUnits } from './code-units.js';

/** Glyphs per ASCII key (single keys by code, pair keys by a·128+b), as code-point arrays. */
interface CompiledGlyphs {
  readonly single: (Int32Array[] | undefined)[];
  readonly pair: Map<number, Int32Array[]>;
}

const cpsOf = (s: string): Int32Array => Int32Array.from(s, (ch) => ch.codePointAt(0)!);

function compile(table: GlyphTable): CompiledGlyphs {
  const single: (Int32Array[] | undefined)[] = new Array<Int32Array[] | undefined>(128).fill(undefined);
  const pair = new Map<number, Int32Array[]>();
  for (const [key, gs] of Object.entries(table)) {
    const k = cpsOf(key);
    const list = gs.map(cpsOf);
    if (k.length === 1 && k[0]! < 128) single[k[0]!] = list;
    else if (k.length === 2 && k[0]! < 128 && k[1]! < 128) pair.set(k[0]! * 128 + k[1]!, list);
    else throw new Error(`homoglyph table key ${JSON.stringify(key)} is not one or two ASCII characters`);
  }
  return { single, pair };
}

/** The merged upstream table (exported for the IDNA fast path's list of glyphs). */
export const GLYPHS_NOW = mergeGlyphs(GLYPHS_ASCII, GLYPHS_UNICODE);
const G2022 = compile(GLYPHS_2022);
const GNOW = compile(GLYPHS_NOW);

/** Scratch code units for {@link CodePointSet.stringAt}. */
let UNITS = new Uint16Array(512);

/** Deduplicating set of code-point strings stored in one growable arena. */
export class CodePointSet {
  private arena = new Int32Array(1 << 14);
  private used = 0;
  private starts = new Int32Array(256);
  private lengths = new Int32Array(256);
  private hashes = new Int32Array(256);
  private slots = new Int32Array(512); // entry index + 1; 0 = empty
  size = 0;

  /** Adds `src[0..len)`; returns its entry index, or `~index` when it was already there. */
  add(src: Int32Array, len: number): number {
    let h = 0x811c9dc5 ^ len;
    for (let i = 0; i < len; i++) h = Math.imul(h ^ src[i]!, 0x01000193);
    h ^= h >>> 15;
    const mask = this.slots.length - 1;
    let s = h & mask;
    for (;;) {
      const e = this.slots[s]!;
      if (e === 0) break;
      const idx = e - 1;
      if (this.hashes[idx] === h && this.lengths[idx] === len) {
        const off = this.starts[idx]!;
        let i = 0;
        while (i < len && this.arena[off + i] === src[i]) i++;
        if (i === len) return ~idx;
      }
      s = (s + 1) & mask;
    }
    const idx = this.size;
    if (idx === this.starts.length) this.growEntries();
    if (this.used + len > this.arena.length) {
      const a = new Int32Array(Math.max(this.arena.length * 2, this.used + len));
      a.set(this.arena);
      this.arena = a;
    }
    const arena = this.arena;
    const at = this.used;
    for (let i = 0; i < len; i++) arena[at + i] = src[i]!; // no subarray view per entry
    this.starts[idx] = this.used;
    this.lengths[idx] = len;
    this.hashes[idx] = h;
    this.used += len;
    this.slots[s] = idx + 1;
    this.size++;
    if (this.size * 2 > this.slots.length) this.rehash();
    return idx;
  }

  /** A view of entry `i` (valid until the next add). */
  get(i: number): Int32Array {
    const off = this.starts[i]!;
    return this.arena.subarray(off, off + this.lengths[i]!);
  }

  /** Entry `i` as a string, through a reused array (no view allocated per entry). */
  stringAt(i: number): string {
    const off = this.starts[i]!;
    const len = this.lengths[i]!;
    if (UNITS.length < 2 * len) UNITS = new Uint16Array(2 * len);
    const units = UNITS;
    let u = 0;
    for (let k = off; k < off + len; k++) {
      const c = this.arena[k]!;
      if (c > 0xffff) {
        units[u++] = 0xd800 + ((c - 0x10000) >> 10);
        units[u++] = 0xdc00 + ((c - 0x10000) & 0x3ff);
      } else units[u++] = c;
    }
    return stringFromUnits(units, 0, u);
  }

  /** Empties the set, keeping its buffers (the fuzzer reuses its sets from call to call). */
  clear(): void {
    if (this.size > 0) this.slots.fill(0);
    this.size = 0;
    this.used = 0;
  }

  private growEntries(): void {
    const grow = (a: Int32Array) => {
      const b = new Int32Array(a.length * 2);
      b.set(a);
      return b;
    };
    this.starts = grow(this.starts);
    this.lengths = grow(this.lengths);
    this.hashes = grow(this.hashes);
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let idx = 0; idx < this.size; idx++) {
      let s = this.hashes[idx]! & mask;
      while (slots[s] !== 0) s = (s + 1) & mask;
      slots[s] = idx + 1;
    }
    this.slots = slots;
  }
}

/** Scratch: a candidate is at most 4× its label (two rounds of two-character glyphs). */
let OUT = new Int32Array(63 * 4 + 16);
let POS = new Int32Array(63 * 4 + 16);

/**
 * Round one records, per result, the smallest start of an edit that made it (`STARTS`). Round two
 * on a result skips edits that end before that start: such an edit E commutes with the round-one
 * edit F (disjoint windows, unchanged contents), E alone is a round-one result too, and F applied to
 * it starts after E, so E∘F is emitted from there. This halves round two without changing the set
 * (the homoglyph tests compare against a literal transcription of dnstwist).
 */
let STARTS = new Int32Array(1024);
let recording = false;

function added(idx: number, start: number): void {
  if (!recording) return;
  if (idx >= 0) {
    if (idx >= STARTS.length) {
      const b = new Int32Array(STARTS.length * 2);
      b.set(STARTS);
      STARTS = b;
    }
    STARTS[idx] = start;
  } else if (start < STARTS[~idx]!) STARTS[~idx] = start;
}

/** Writes x[0..i) + g + x[j..n) into OUT and adds it. */
function put(x: Int32Array, n: number, i: number, g: Int32Array, j: number, into: CodePointSet): void {
  let o = 0;
  for (let k = 0; k < i; k++) OUT[o++] = x[k]!;
  for (let k = 0; k < g.length; k++) OUT[o++] = g[k]!;
  for (let k = j; k < n; k++) OUT[o++] = x[k]!;
  added(into.add(OUT, o), i);
}

/**
 * One 20221213 round over x[0..n): runs of one character's occurrences, not spanning the label;
 * runs ending before `keep` are skipped (see STARTS).
 */
function round2022(x: Int32Array, n: number, into: CodePointSet, keep: number): void {
  const last = n - 1;
  for (let first = 0; first < n; first++) {
    const c = x[first]!;
    const glyphs = c < 128 ? G2022.single[c] : undefined;
    if (!glyphs) continue;
    let seenBefore = false;
    for (let k = 0; k < first && !seenBefore; k++) seenBefore = x[k] === c;
    if (seenBefore) continue; // each character once, in order of first occurrence
    let m = 0;
    for (let k = first; k < n; k++) if (x[k] === c) POS[m++] = k;
    for (let a = 0; a < m; a++) {
      for (let b = a; b < m; b++) {
        if (POS[a] === 0 && POS[b] === last) continue; // would need a window as long as the label
        if (POS[b]! < keep) continue;
        for (const g of glyphs) {
          let o = 0;
          for (let k = 0; k < POS[a]!; k++) OUT[o++] = x[k]!;
          for (let r = a; r <= b; r++) {
            for (let k = 0; k < g.length; k++) OUT[o++] = g[k]!;
            const to = r < b ? POS[r + 1]! : n;
            if (r < b) for (let k = POS[r]! + 1; k < to; k++) OUT[o++] = x[k]!;
          }
          for (let k = POS[b]! + 1; k < n; k++) OUT[o++] = x[k]!;
          added(into.add(OUT, o), POS[a]!);
        }
      }
    }
  }
}

/** One upstream round over x[0..n): single characters, then two-character windows (from `keep`). */
function roundNow(x: Int32Array, n: number, into: CodePointSet, keep: number): void {
  for (let i = keep; i < n; i++) {
    const c = x[i]!;
    const gs = c < 128 ? GNOW.single[c] : undefined;
    if (gs) for (const g of gs) put(x, n, i, g, i + 1, into);
  }
  for (let i = Math.max(0, keep - 1); i + 1 < n; i++) {
    const a = x[i]!;
    const b = x[i + 1]!;
    if (a >= 128 || b >= 128) continue;
    // A window {a, b} with a ≠ b replacing only a or only b repeats a single-character result.
    if (a === b) {
      const gs = GNOW.single[a];
      if (gs) {
        for (const g of gs) {
          let o = 0;
          for (let k = 0; k < i; k++) OUT[o++] = x[k]!;
          for (let r = 0; r < 2; r++) for (let k = 0; k < g.length; k++) OUT[o++] = g[k]!;
          for (let k = i + 2; k < n; k++) OUT[o++] = x[k]!;
          added(into.add(OUT, o), i);
        }
      }
    }
    const ps = GNOW.pair.get(a * 128 + b);
    if (ps) for (const g of ps) put(x, n, i, g, i + 2, into);
  }
}

/**
 * The sets of one call, kept between calls: a fresh set per call allocated ~260 KB of typed arrays,
 * which on a short label cost more than the fuzzing (and touched fresh pages on every call).
 * A nested call (an `emit` that fuzzes again) gets its own sets.
 */
const SCRATCH = { all: new CodePointSet(), first: new CodePointSet() };
let busy = false;

type Round = (x: Int32Array, n: number, into: CodePointSet, keep: number) => void;

/** Round one of `round` over x into `first` (emptied first), round two over each result into `all`. */
function twoRounds(round: Round, x: Int32Array, first: CodePointSet, all: CodePointSet): void {
  first.clear();
  recording = true;
  round(x, x.length, first, 0);
  recording = false;
  const starts = STARTS.slice(0, first.size);
  for (let i = 0; i < first.size; i++) {
    const r = first.get(i);
    all.add(r, r.length);
    round(r, r.length, all, starts[i]!);
  }
}

/** Emits every homoglyph permutation of `d` once (the label itself may be among them). */
export function homoglyph(d: string, emit: (label: string) => void): void {
  const x = Int32Array.from(d, (ch) => ch.codePointAt(0)!);
  if (OUT.length < x.length * 4 + 16) {
    OUT = new Int32Array(x.length * 4 + 16);
    POS = new Int32Array(x.length * 4 + 16);
  }
  const nested = busy;
  const { all, first } = nested ? { all: new CodePointSet(), first: new CodePointSet() } : SCRATCH;
  all.clear();
  busy = true;
  try {
    twoRounds(round2022, x, first, all);
    twoRounds(roundNow, x, first, all);
    for (let i = 0; i < all.size; i++) emit(all.stringAt(i));
  } finally {
    busy = nested;
  }
}
