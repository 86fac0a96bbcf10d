/**
 * `normaliseText` (engine/text.ts) in one pass over a text's UTF-8 bytes, for the texts where that is
 * simple: ASCII, plus the emoji blocks' four-byte characters (U+1F300–U+1FAFF). The read worker sends
 * texts as bytes (engine/post-batch.ts), so the main thread can normalise, hash and look a text up
 * without building a string — and without the chain of regular expressions, `toLowerCase` and `trim`,
 * each of which copied the text (22 % of the main thread's read time, docs/INGEST.md). Any other byte
 * sequence (accents, other scripts, Unicode spaces, "…", three-byte symbols, variation selectors) makes
 * `run` answer false and the caller uses `normaliseText` on the decoded string.
 *
 * Why the accepted set gives the same result as the definition (`normaliseTextReference`):
 * - NFKC: no ASCII character has a compatibility decomposition or composes with another, and no
 *   character of U+1F300–U+1FAFF has a decomposition, a non-zero combining class or a composition
 *   pair (utf8-normalise.test.ts checks every one beside every ASCII character);
 * - lower case: only A–Z change (the emoji have no case);
 * - URLs (`\bhttps?:\/\/\S+`, after lower-casing): `\b` before the "h" means the previous character is
 *   not [a-z0-9_] (under /iu \w adds only U+017F and U+212A, never accepted here); `\S+` runs to the
 *   next ASCII space (the accepted emoji are not spaces); a URL becomes a space;
 * - whitespace: JavaScript's `\s` within ASCII is TAB, LF, VT, FF, CR and SPACE; runs become one space,
 *   ends are trimmed;
 * - a trailing "..." (and the space before it) is dropped.
 * utf8-normalise.test.ts checks this against the definition on random, hostile and simulated texts.
 *
 * Cost: O(bytes) per text, no allocation (the scratch arrays grow to the longest text once).
 */

/** 0: the text left this path (see `run`); else how the URL at `i` ends. */
const BAIL = -2;
const NO_URL = -1;

const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);
const lower = (c: number): number => (c >= 65 && c <= 90 ? c + 32 : c);
const isWord = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || (c >= 65 && c <= 90);

/** First and last code point of the four-byte characters this path accepts. */
export const EMOJI_FIRST = 0x1f300;
export const EMOJI_LAST = 0x1faff;

/**
 * Where the URL starting at `src[i]` ("h" or "H") ends (the first space or `end`), NO_URL when none
 * starts there, BAIL when its `\S+` run holds a non-ASCII byte (NFKC could turn that into a space).
 */
function urlEnd(src: Uint8Array, i: number, end: number): number {
  if (i + 8 > end) return NO_URL;
  if (lower(src[i + 1]!) !== 116 || lower(src[i + 2]!) !== 116 || lower(src[i + 3]!) !== 112) return NO_URL;
  let j = i + 4;
  if (lower(src[j]!) === 115) j++;
  if (j + 3 >= end || src[j] !== 58 || src[j + 1] !== 47 || src[j + 2] !== 47) return NO_URL;
  j += 3;
  if (isSpace(src[j]!)) return NO_URL;
  for (; j < end; j++) {
    const c = src[j]!;
    if (c >= 0x80) return BAIL;
    if (isSpace(c)) break;
  }
  return j;
}

/** FNV-1a over UTF-16 code units (as engine/text-interner.ts hashes strings). */
export const HASH_SEED = 0x811c9dc5;
export const hashStep = (h: number, unit: number): number => Math.imul(h ^ unit, 0x01000193);

/** Buffer's own decoders without toString's argument checks (as ingest/csv-tokenizer.ts does). */
interface Slicer {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
}
const asSlicer = (bytes: Uint8Array): Slicer =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as Slicer;

/** Byte classes of ASCII for `run`'s loop: one table load instead of a chain of range tests per byte. */
const OTHER = 0;
const WORD = 1;
const UPPER = 2;
const SPACE = 3;
/** "h" or "H": a URL may start here when the previous character is not a word character. */
const H = 4;
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++)
  CLASS[c] =
    c === 104 || c === 72 ? H : isSpace(c) ? SPACE : c >= 65 && c <= 90 ? UPPER : isWord(c) ? WORD : OTHER;

export class Utf8Normaliser {
  /** The normalised text as UTF-8 bytes (`byteLength` of them). */
  bytes = new Uint8Array(1024);
  private view = asSlicer(this.bytes);
  /**
   * The normalised text as UTF-16 code units (`unitLength` of them), filled only when it is not all
   * ASCII (`ascii` false): an ASCII text's units are its bytes, so the usual text is written once.
   */
  units = new Uint16Array(1024);
  byteLength = 0;
  unitLength = 0;
  /** True when the normalised text is all ASCII (bytes = code units). */
  ascii = true;
  /** FNV-1a of the normalised text's UTF-16 code units. */
  hash = 0;
  /** The normalised text has at least CO_POST_MIN_WORDS words (as `hasCoPostWords`). */
  enoughWords = false;

  /** The normalised text of the last successful `run`, as a string. */
  text(): string {
    return this.ascii ? this.view.latin1Slice(0, this.byteLength) : this.view.utf8Slice(0, this.byteLength);
  }

  /**
   * Normalises `src[start, end)` into this scratch; false when the text holds a byte sequence outside
   * the accepted set (the scratch is then meaningless). One pass writes the bytes, the hash and the
   * word count (spaces written + 1); only a dropped trailing "..." (rare) hashes the result again.
   */
  run(src: Uint8Array, start: number, end: number, minWords: number): boolean {
    if (end - start > this.bytes.length) {
      this.bytes = new Uint8Array(2 * (end - start));
      this.view = asSlicer(this.bytes);
      this.units = new Uint16Array(2 * (end - start));
    }
    const out = this.bytes;
    let nb = 0;
    let nu = 0;
    let spaces = 0;
    let h = HASH_SEED;
    let ascii = true;
    let pending = false;
    let prevWord = false;
    let i = start;
    while (i < end) {
      let c = src[i]!;
      if (c < 0x80) {
        const k = CLASS[c]!;
        if (k === SPACE) {
          pending = nb > 0;
          prevWord = false;
          i++;
          continue;
        }
        if (k === H && !prevWord) {
          const e = urlEnd(src, i, end);
          if (e === BAIL) return false;
          if (e !== NO_URL) {
            pending = nb > 0;
            prevWord = false;
            i = e;
            continue;
          }
        }
        prevWord = k !== OTHER;
        if (k === UPPER || c === 72) c += 32;
        if (pending) {
          out[nb++] = 32;
          h = hashStep(h, 32);
          nu++;
          spaces++;
          pending = false;
        }
        out[nb++] = c;
        h = hashStep(h, c);
        nu++;
        i++;
        continue;
      }
      // A four-byte sequence F0 9F xx xx: U+1F000–U+1FFFF.
      if (c !== 0xf0 || i + 4 > end || src[i + 1] !== 0x9f) return false;
      const b2 = src[i + 2]!;
      const b3 = src[i + 3]!;
      if ((b2 & 0xc0) !== 0x80 || (b3 & 0xc0) !== 0x80) return false;
      const cp = 0x1f000 | ((b2 & 0x3f) << 6) | (b3 & 0x3f);
      if (cp < EMOJI_FIRST || cp > EMOJI_LAST) return false;
      if (pending) {
        out[nb++] = 32;
        h = hashStep(h, 32);
        nu++;
        spaces++;
        pending = false;
      }
      out[nb++] = c;
      out[nb++] = 0x9f;
      out[nb++] = b2;
      out[nb++] = b3;
      h = hashStep(hashStep(h, 0xd800 + ((cp - 0x10000) >> 10)), 0xdc00 + ((cp - 0x10000) & 0x3ff));
      nu += 2;
      ascii = false;
      prevWord = false;
      i += 4;
    }
    // A trailing "..." and the single space before it (runs are already collapsed, ends trimmed).
    let dropped = false;
    if (nb >= 3 && out[nb - 1] === 46 && out[nb - 2] === 46 && out[nb - 3] === 46) {
      nb -= 3;
      nu -= 3;
      if (nb > 0 && out[nb - 1] === 32) {
        nb--;
        nu--;
        spaces--;
      }
      dropped = true;
    }
    if (!ascii) unitsOf(out, nb, this.units);
    if (dropped) h = ascii ? hashOf(out, nb) : hashOf(this.units, nu);
    this.byteLength = nb;
    this.unitLength = nu;
    this.ascii = ascii;
    this.hash = h;
    this.enoughWords = (nu > 0 ? spaces + 1 : 0) >= minWords;
    return true;
  }
}

/**
 * Decodes `bytes[0, n)` (ASCII and four-byte sequences, as `run` writes them) into UTF-16 `units`;
 * returns how many.
 */
function unitsOf(bytes: Uint8Array, n: number, units: Uint16Array): number {
  let nu = 0;
  for (let i = 0; i < n;) {
    const c = bytes[i]!;
    if (c < 0x80) {
      units[nu++] = c;
      i++;
      continue;
    }
    const cp =
      ((c & 0x07) << 18) |
      ((bytes[i + 1]! & 0x3f) << 12) |
      ((bytes[i + 2]! & 0x3f) << 6) |
      (bytes[i + 3]! & 0x3f);
    units[nu++] = 0xd800 + ((cp - 0x10000) >> 10);
    units[nu++] = 0xdc00 + ((cp - 0x10000) & 0x3ff);
    i += 4;
  }
  return nu;
}

/** FNV-1a over `units[0, n)` (an ASCII text's bytes are its units). */
function hashOf(units: Uint8Array | Uint16Array, n: number): number {
  let h = HASH_SEED;
  for (let i = 0; i < n; i++) h = hashStep(h, units[i]!);
  return h;
}
