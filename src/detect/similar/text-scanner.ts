/**
 * co-similar's normalisation and tokenization in one pass over a text's characters, with no string
 * built: the normalised text is written as UTF-16 code units into a reused Uint16Array, and the
 * tokens' hashes (exactly what tokens.ts `tokenHashes` gives for that normalised text) into a reused
 * Int32Array. The definition stays normalise.ts `normaliseTextReference`; this scanner gives the same
 * normalised text for every text it accepts and declines (returns −1) the rest, which then take the
 * definition. Each branch mirrors one regular expression of the definition, including what its
 * look-behind sees (the string as the previous passes left it).
 *
 * Accepted: text whose characters are ASCII or *inert*. A character is inert when the definition
 * treats it like ASCII punctuation wherever it stands: it is not a letter, number or mark
 * (\p{L}\p{N}\p{M}) nor white space (\s), NFKC and `toLowerCase` leave it unchanged alone and between
 * neighbours (no composition, canonical combining class 0), and it is not one of the apostrophes the
 * definition drops inside words (’ is handled as ' is, inside words and between them). Most emoji are inert (on simulated tweets they are 11 % of texts,
 * which otherwise took the six regular-expression passes); the variation selector U+FE0F is a mark
 * and is not. Each code point is classified once per thread, with the same JavaScript primitives the
 * definition uses, and the answer kept in a 1.1 MB table.
 *
 * Why: normalising with regular expressions and then tokenizing the result string was about a third
 * of co-similar's CPU (bench/RESULTS.md, h-stages and h-cosim). Cost: O(length) time, no allocation
 * once the buffers have grown to the longest text.
 */
import { fmix32 as importedFmix32, tokenHashes } from './tokens.js';

// A module-local binding: calls through an imported binding can cost a getter per call under some
// loaders (tsx), which shows on the per-character hot path.
const fmix32 = importedFmix32;

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);
/** [A-Za-z0-9] — \p{L}\p{N} restricted to ASCII. */
const isAlnum = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
/** [A-Za-z0-9_] — JavaScript's \w, and the mention/handle class restricted to ASCII. */
const isWord = (c: number): boolean => isAlnum(c) || c === 95;
const lower = (c: number): number => (c >= 65 && c <= 90 ? c + 32 : c);

function startsWithLower(s: string, at: number, prefix: string): boolean {
  if (at + prefix.length > s.length) return false;
  for (let k = 0; k < prefix.length; k++)
    if (lower(s.charCodeAt(at + k)) !== prefix.charCodeAt(k)) return false;
  return true;
}

/** A URL starts at `at` (given that the character before it is not a word character). */
function urlAt(s: string, at: number): boolean {
  const c = lower(s.charCodeAt(at));
  if (c === 104) return startsWithLower(s, at, 'http://') || startsWithLower(s, at, 'https://');
  if (c === 119) return startsWithLower(s, at, 'www.');
  return false;
}

/** End of the leading `RT @name:` prefixes (0 when there are none). */
function rtPrefixEnd(s: string): number {
  const n = s.length;
  let end = 0;
  for (;;) {
    let q = end;
    while (q < n && isSpace(s.charCodeAt(q))) q++;
    if (!(q + 1 < n && lower(s.charCodeAt(q)) === 114 && lower(s.charCodeAt(q + 1)) === 116)) break;
    let r = q + 2;
    while (r < n && isSpace(s.charCodeAt(r))) r++;
    if (r === q + 2 || r >= n || s.charCodeAt(r) !== 64) break;
    let w = r + 1;
    while (w < n && isWord(s.charCodeAt(w))) w++;
    if (w === r + 1) break;
    if (w < n && s.charCodeAt(w) === 58) w++;
    end = w;
  }
  return end;
}

// --- inert characters ----------------------------------------------------------------------------

const WORDISH = /[\p{L}\p{N}\p{M}]/u;
const SPACE = /\s/u;
/** Apostrophes the definition drops inside words (ʼ is a letter anyway) and the full-width @. */
const SPECIAL = new Set([0x27, 0x2019, 0x02bc, 0xff20]);
/** ’, the apostrophe of most phones' keyboards: the scan handles it as it handles ' (U+0027). */
const RIGHT_QUOTE = 0x2019;
/** Per code point: 0 not yet classified, 1 inert, 2 not inert. */
let inertTable: Uint8Array | undefined;

/** Whether the definition treats code point `cp` (≥ U+0080) as it treats ASCII punctuation. */
export function isInert(cp: number): boolean {
  const table = (inertTable ??= new Uint8Array(0x110000));
  let v = table[cp]!;
  if (v === 0) v = table[cp] = classify(cp) ? 1 : 2;
  return v === 1;
}

function classify(cp: number): boolean {
  if (cp < 0x80 || (cp >= 0xd800 && cp <= 0xdfff) || SPECIAL.has(cp)) return false;
  const ch = String.fromCodePoint(cp);
  if (WORDISH.test(ch) || SPACE.test(ch) || ch.toLowerCase() !== ch) return false;
  // Unchanged by NFKC alone and beside ASCII, itself and combining marks of class 1 and 240 (which
  // NFD would reorder around a character of any class other than 0).
  for (const s of [ch, `a${ch}a`, ch + ch]) if (s.normalize('NFKC') !== s) return false;
  for (const s of [`${ch}\u0334`, `\u0345${ch}`]) if (s.normalize('NFD') !== s) return false;
  return true;
}

/**
 * Code units taken by an inert character at `at` (first unit `c` ≥ U+0080), 0 when it is not inert.
 * The right single quotation mark counts here (a URL may hold it); the scan tests it as an apostrophe
 * before it asks.
 */
function inertWidth(s: string, at: number, c: number): number {
  if (c === RIGHT_QUOTE) return 1;
  if (c >= 0xd800 && c <= 0xdbff) {
    const d = s.charCodeAt(at + 1);
    if (!(d >= 0xdc00 && d <= 0xdfff)) return 0;
    return isInert(((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000) ? 2 : 0;
  }
  return isInert(c) ? 1 : 0;
}

// --- the scanner ---------------------------------------------------------------------------------

/** Reused buffers holding one text's normalised code units and token hashes. */
export class TextScanner {
  /** The normalised text: `units[0, length)`. */
  units = new Uint16Array(256);
  length = 0;
  /** Token hashes of the normalised text: `tokens[0, count)` for the count `scan`/`load` returned. */
  tokens = new Int32Array(256);

  private reserve(n: number): void {
    if (n > this.units.length) this.units = new Uint16Array(Math.max(n, 2 * this.units.length));
    if (n > this.tokens.length) this.tokens = new Int32Array(Math.max(n, 2 * this.tokens.length));
  }

  /**
   * Normalises and tokenizes `text` when all its characters are ASCII or inert; returns the number of
   * tokens, or −1 (buffers then undefined) when the text needs the definition.
   */
  scan(text: string): number {
    const n = text.length;
    this.reserve(n);
    const { units, tokens } = this;
    let len = 0; // code units written
    let count = 0; // tokens written
    let h = FNV_OFFSET; // the current token's hash, as tokens.ts computes it
    let wordLen = 0;
    let open = false; // the last character written is a word's, and the next kept one continues it
    let pending = false; // a separator is owed before the next word
    let prevWord = false; // previous character (as the URL and mention passes see it) is [A-Za-z0-9_]
    let prevAlnum = false; // previous character (as the apostrophe pass sees it) is [A-Za-z0-9]
    let i = rtPrefixEnd(text);
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c >= 0x80 && c !== RIGHT_QUOTE) {
        // An inert character is a separator, as ASCII punctuation is (`else` branch below).
        const w = inertWidth(text, i, c);
        if (w === 0) return -1;
        i += w;
        open = false;
        pending = true;
        prevWord = false;
        prevAlnum = false;
        continue;
      }
      const url = !prevWord && ((c | 32) === 104 || (c | 32) === 119) && urlAt(text, i);
      if (isAlnum(c) && !url) {
        if (!open) {
          if (pending && len > 0) {
            units[len++] = 32;
            if (wordLen > 0) {
              tokens[count++] = fmix32(h ^ wordLen);
              h = FNV_OFFSET;
              wordLen = 0;
            }
          }
          pending = false;
          open = true;
        }
        const l = lower(c);
        units[len++] = l;
        h = Math.imul(h ^ l, FNV_PRIME);
        wordLen++;
        prevWord = true;
        prevAlnum = true;
        i++;
        continue;
      }
      open = false;
      if (url) {
        // Everything up to white space goes, inert characters included; any other one declines.
        while (i < n) {
          const d = text.charCodeAt(i);
          if (d < 0x80) {
            if (isSpace(d)) break;
            i++;
          } else {
            const w = inertWidth(text, i, d);
            if (w === 0) return -1;
            i += w;
          }
        }
        pending = true;
        prevWord = false;
        prevAlnum = false;
      } else if (
        c === 64 &&
        !prevWord &&
        i + 1 < n &&
        isWord(text.charCodeAt(i + 1)) &&
        !urlAt(text, i + 1)
      ) {
        i++;
        while (i < n && isWord(text.charCodeAt(i))) i++;
        pending = true;
        prevWord = true; // the mention pass's look-behind still sees the name's last character
        prevAlnum = false; // the apostrophe pass sees the space that replaced the mention
      } else if (
        (c === 39 || c === RIGHT_QUOTE) &&
        prevAlnum &&
        i + 1 < n &&
        isAlnum(text.charCodeAt(i + 1)) &&
        !urlAt(text, i + 1)
      ) {
        // An apostrophe inside a word disappears: the next character continues the word.
        i++;
        prevWord = false;
        prevAlnum = false;
        open = !pending;
      } else {
        pending = true;
        prevWord = c === 95;
        prevAlnum = false;
        i++;
      }
    }
    if (wordLen > 0) tokens[count++] = fmix32(h ^ wordLen);
    this.length = len;
    return count;
  }

  /** Takes an already normalised text as it is; returns its number of tokens. */
  load(normalised: string): number {
    const n = normalised.length;
    this.reserve(n);
    const units = this.units;
    for (let i = 0; i < n; i++) units[i] = normalised.charCodeAt(i);
    this.length = n;
    return tokenHashes(normalised, this.tokens);
  }

  /** Whether this scanner's normalised text is `other`'s. */
  sameAs(other: TextScanner): boolean {
    const n = this.length;
    if (other.length !== n) return false;
    const a = this.units;
    const b = other.units;
    for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
    return true;
  }

  /** The normalised text as a string. */
  text(): string {
    // `apply` takes the typed array as its argument list (several times faster than spreading it);
    // chunks keep the argument count far below engines' limits.
    const CHUNK = 4096;
    let s = '';
    for (let at = 0; at < this.length; at += CHUNK) {
      const codes = this.units.subarray(at, Math.min(this.length, at + CHUNK));
      s += String.fromCharCode.apply(null, codes as unknown as number[]);
    }
    return s;
  }
}
