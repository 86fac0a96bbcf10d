/**
 * The label fuzzers: each takes the label to fuzz (Unicode form) and emits fuzzed labels.
 *
 * Semantics follow dnstwist (elceef/dnstwist, `class Fuzzer`); where Debian's 20221213 and the
 * current upstream differ we emit the union so our set contains both:
 * - insertion: 20221213 starts at index 1, upstream at 0 → we start at 0.
 * - addition: upstream also inserts a character before each inner hyphen.
 * - homoglyph: 20221213 replaces every occurrence of one character inside any window shorter than
 *   the label, twice over (`GLYPHS_2022`); upstream replaces one character or a two-character window
 *   (single chars or pairs such as 'rn'), twice over, with `GLYPHS_ASCII` ∪ `GLYPHS_UNICODE`.
 * - plural: upstream only (not in 20221213), implemented from upstream's definition.
 * Domain-level fuzzers (`various`, `tld-swap`, `brand-subdomain`) live in generate.ts.
 *
 * Cost: every fuzzer is O(n·k) emitted labels of length n (k = table fan-out), except homoglyph:
 * O(r₁·r₁) where r₁ ≈ n·k is the first round (two rounds, as dnstwist). The 20221213 window rule is
 * evaluated without enumerating windows: replacing every occurrence of c inside some window shorter
 * than the label is the same as replacing a contiguous run of c's occurrences that does not span
 * both the first and the last position, which is O(occurrences²) instead of O(n²) windows.
 */
import { GLYPHS_NOW } from './homoglyph.js';
import { GLYPHS_2022, KEYBOARDS, LATIN_TO_CYRILLIC } from './tables.js';

export type Emit = (label: string) => void;

const ALNUM = '0123456789abcdefghijklmnopqrstuvwxyz';
const BIT_CHARS = new Set('abcdefghijklmnopqrstuvwxyz0123456789-');
const VOWELS = 'aeiou';

/** Adjacent keys of `c` on all three layouts, in dnstwist order (duplicates kept; callers dedupe). */
function neighbours(c: string): string {
  let s = '';
  for (const kb of KEYBOARDS) s += kb[c] ?? '';
  return s;
}

export function addition(d: string, emit: Emit): void {
  for (const c of ALNUM) emit(d + c);
  const parts = d.split('-');
  for (let p = 1; p < parts.length; p++) {
    const left = parts.slice(0, p).join('-');
    const right = parts.slice(p).join('-');
    for (const c of ALNUM) emit(`${left}${c}-${right}`);
  }
}

export function bitsquatting(d: string, emit: Emit): void {
  for (let i = 0; i < d.length; i++) {
    const code = d.charCodeAt(i);
    for (let mask = 1; mask < 256; mask <<= 1) {
      const b = String.fromCharCode(code ^ mask);
      if (BIT_CHARS.has(b)) emit(d.slice(0, i) + b + d.slice(i + 1));
    }
  }
}

export function cyrillic(d: string, emit: Emit): void {
  // dnstwist: map every letter that has a Cyrillic twin; give up if any character stays Latin/digit.
  let out = '';
  for (const ch of d) {
    const c = LATIN_TO_CYRILLIC[ch];
    if (c === undefined) return;
    out += c;
  }
  emit(out);
}

export { homoglyph } from './homoglyph.js';

export function hyphenation(d: string, emit: Emit): void {
  for (let i = 1; i < d.length; i++) emit(`${d.slice(0, i)}-${d.slice(i)}`);
}

export function insertion(d: string, emit: Emit): void {
  for (let i = 0; i < d.length - 1; i++) {
    const pre = d.slice(0, i);
    const c = d[i]!;
    const suf = d.slice(i + 1);
    for (const k of neighbours(c)) {
      emit(pre + k + c + suf);
      emit(pre + c + k + suf);
    }
  }
}

export function omission(d: string, emit: Emit): void {
  for (let i = 0; i < d.length; i++) emit(d.slice(0, i) + d.slice(i + 1));
}

export function plural(d: string, emit: Emit): void {
  for (let i = 2; i < d.length - 2; i++) {
    const c = d[i]!;
    emit(d.slice(0, i + 1) + (c === 's' || c === 'x' || c === 'z' ? 'es' : 's') + d.slice(i + 1));
  }
}

export function repetition(d: string, emit: Emit): void {
  for (let i = 0; i < d.length; i++) emit(d.slice(0, i) + d[i]! + d.slice(i));
}

export function replacement(d: string, emit: Emit): void {
  for (let i = 0; i < d.length; i++) {
    const pre = d.slice(0, i);
    const suf = d.slice(i + 1);
    for (const k of neighbours(d[i]!)) emit(pre + k + suf);
  }
}

export function subdomain(d: string, emit: Emit): void {
  for (let i = 1; i < d.length - 1; i++) {
    const c = d[i]!;
    const p = d[i - 1]!;
    if (c !== '-' && c !== '.' && p !== '-' && p !== '.') emit(`${d.slice(0, i)}.${d.slice(i)}`);
  }
}

export function transposition(d: string, emit: Emit): void {
  for (let i = 0; i < d.length - 1; i++) emit(d.slice(0, i) + d[i + 1]! + d[i]! + d.slice(i + 2));
}

export function vowelSwap(d: string, emit: Emit): void {
  for (let i = 0; i < d.length; i++) {
    if (!VOWELS.includes(d[i]!)) continue;
    for (const v of VOWELS) emit(d.slice(0, i) + v + d.slice(i + 1));
  }
}

/** dnstwist `_dictionary`: prepend/append each word, with and without a hyphen; swap hyphen parts. */
export function dictionary(d: string, words: readonly string[], emit: Emit): void {
  for (const w of words) {
    if (d.startsWith(w) && d.endsWith(w)) continue;
    emit(`${d}-${w}`);
    emit(d + w);
    emit(`${w}-${d}`);
    emit(w + d);
  }
  if (d.includes('-')) {
    const parts = d.split('-');
    for (const w of words) {
      emit(`${parts.slice(0, -1).join('-')}-${w}`);
      emit(`${w}-${parts.slice(1).join('-')}`);
    }
  }
}

/** Every glyph our tables can emit (for the IDNA fast path). */
export function allGlyphs(): Set<string> {
  const out = new Set<string>();
  for (const t of [GLYPHS_2022, GLYPHS_NOW])
    for (const gs of Object.values(t)) for (const g of gs) for (const ch of g) out.add(ch);
  for (const c of Object.values(LATIN_TO_CYRILLIC)) out.add(c);
  return out;
}
