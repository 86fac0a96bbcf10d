/**
 * What "the same words" means for co-similar (near-duplicate normalised text), plus the
 * allocation-free word hasher that co-similar shingles from. co-post deliberately uses the stricter
 * engine/text.ts (case, spacing and URLs only): it claims *identical* text, so punctuation, emoji and
 * @mentions still count there, while co-similar compares words and lets a copy-paste that swaps the
 * addressee or the punctuation through.
 *
 * Normalisation (in this order):
 *  1. Unicode NFKC (full-width letters, ligatures and compatibility forms fold to their plain form;
 *     skipped for pure-ASCII text, which NFKC leaves unchanged).
 *  2. Lower-case with the Unicode-aware `toLowerCase` (Cyrillic, Greek, German Ä … fold too).
 *  3. Drop leading retweet prefixes `RT @name:` (repeated: `RT @a: RT @b: …`).
 *  4. Drop URLs (`http(s)://…`, `www.…`) and @mentions, so a copy-paste that swaps the link or the
 *     addressee is still the same text.
 *  5. Drop apostrophes inside words (`don't` → `dont`), then turn every run of characters that are not
 *     letters, digits or combining marks (punctuation, symbols, emoji, whitespace) into one space, and
 *     trim. `#hashtag` keeps its word.
 *
 * Cost: a handful of linear regular-expression passes, O(length) time and memory per text.
 */

const NON_ASCII = /[\u0080-\uffff]/;
const RT_PREFIX = /^(?:\s*rt\s+@[\p{L}\p{N}\p{M}_]+:?)+/u;
const URL = /(?:\bhttps?:\/\/|\bwww\.)\S*/gu;
const MENTION = /(?<![\p{L}\p{N}\p{M}_])[@＠][\p{L}\p{N}\p{M}_]+/gu;
const INNER_APOSTROPHE = /(?<=[\p{L}\p{N}])['’ʼ](?=[\p{L}\p{N}])/gu;
const NOT_WORD = /[^\p{L}\p{N}\p{M}]+/gu;

/**
 * Normalises a post's text for identity and near-duplicate comparison.
 *
 * @example
 * normaliseText('RT @bot: Vote NOW!! https://t.co/x @you') // → 'vote now'
 */
export function normaliseText(text: string): string {
  return NON_ASCII.test(text) ? normaliseTextReference(text) : normaliseAscii(text);
}

/**
 * The definition of normalisation as regular expressions (steps 1–5 above). `normaliseText` uses it
 * for any text with a non-ASCII character; pure-ASCII text takes `normaliseAscii`, a single-pass
 * scanner about ten times faster that the tests check against this definition on random input.
 */
export function normaliseTextReference(text: string): string {
  let s = NON_ASCII.test(text) ? text.normalize('NFKC') : text;
  s = s.toLowerCase();
  s = s.replace(RT_PREFIX, ' ');
  s = s.replace(URL, ' ');
  s = s.replace(MENTION, ' ');
  s = s.replace(INNER_APOSTROPHE, '');
  s = s.replace(NOT_WORD, ' ');
  return s.trim();
}

// --- single-pass ASCII normaliser ----------------------------------------------------------------
// Hand-written because normalisation is a third of co-similar's cost on tweet-sized text when done
// with six regular-expression passes. Each branch mirrors one regular expression above, including
// what its look-behind sees (the string as the previous passes left it).

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

/** `normaliseTextReference` for text whose characters are all below U+0080, in one pass. */
export function normaliseAscii(text: string): string {
  const n = text.length;
  let out = '';
  let run = -1; // start of the current run of kept characters, −1 when none is open
  let pending = false;
  let prevWord = false; // previous character (as the URL and mention passes see it) is [A-Za-z0-9_]
  let prevAlnum = false; // previous character (as the apostrophe pass sees it) is [A-Za-z0-9]
  let i = rtPrefixEnd(text);
  while (i < n) {
    const c = text.charCodeAt(i);
    const url = !prevWord && ((c | 32) === 104 || (c | 32) === 119) && urlAt(text, i);
    if (isAlnum(c) && !url) {
      if (run < 0) {
        if (pending && out.length > 0) out += ' ';
        pending = false;
        run = i;
      }
      prevWord = true;
      prevAlnum = true;
      i++;
      continue;
    }
    if (run >= 0) {
      out += text.slice(run, i);
      run = -1;
    }
    if (url) {
      while (i < n && !isSpace(text.charCodeAt(i))) i++;
      pending = true;
      prevWord = false;
      prevAlnum = false;
    } else if (c === 64 && !prevWord && i + 1 < n && isWord(text.charCodeAt(i + 1)) && !urlAt(text, i + 1)) {
      i++;
      while (i < n && isWord(text.charCodeAt(i))) i++;
      pending = true;
      prevWord = true; // the mention pass's look-behind still sees the name's last character
      prevAlnum = false; // the apostrophe pass sees the space that replaced the mention
    } else if (c === 39 && prevAlnum && i + 1 < n && isAlnum(text.charCodeAt(i + 1)) && !urlAt(text, i + 1)) {
      // An apostrophe inside a word disappears: the next run continues the word.
      i++;
      prevWord = false;
      prevAlnum = false;
      if (!pending) run = i;
    } else {
      pending = true;
      prevWord = c === 95;
      prevAlnum = false;
      i++;
    }
  }
  if (run >= 0) out += text.slice(run, n);
  return out.toLowerCase();
}

const RT_AUTHOR = /^\s*rt\s+@([\p{L}\p{N}\p{M}_]+)/iu;

/**
 * The lower-cased screen name of a leading `RT @name:` prefix, or undefined. `normaliseText` drops
 * the prefix; a caller that keys an IRA-style retweet (repost flag, no target id) by author + text
 * can take the author from here and the text from `normaliseText`.
 *
 * @example
 * retweetAuthor('RT @Anna_K: vote!') // → 'anna_k'
 */
export function retweetAuthor(text: string): string | undefined {
  return RT_AUTHOR.exec(text)?.[1]?.normalize('NFKC').toLowerCase();
}

/**
 * True for scripts written without spaces between words (Han, Hiragana, Katakana, Thai, Lao, Khmer,
 * Myanmar): each such character counts as one token, so those texts still get word-like shingles.
 */
function isUnspacedScriptChar(c: number): boolean {
  return (
    (c >= 0x3040 && c <= 0x30ff) || // Hiragana, Katakana
    (c >= 0x3400 && c <= 0x4dbf) || // CJK extension A
    (c >= 0x4e00 && c <= 0x9fff) || // CJK unified ideographs
    (c >= 0xf900 && c <= 0xfaff) || // CJK compatibility ideographs
    (c >= 0x0e00 && c <= 0x0eff) || // Thai, Lao
    (c >= 0x1000 && c <= 0x109f) || // Myanmar
    (c >= 0x1780 && c <= 0x17ff) // Khmer
  );
}

/** murmur3's 32-bit finaliser (Appleby): full avalanche in five cheap steps. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/**
 * Writes a 32-bit hash of each token of an already-normalised text into `out` and returns the number
 * of tokens (at most `out.length`). Tokens are the space-separated words, except that each character
 * of an unspaced script is a token of its own. FNV-1a over UTF-16 code units, then `fmix32`; no
 * string is allocated, so this is the hot-path tokenizer.
 */
export function tokenHashes(normalised: string, out: Int32Array): number {
  let n = 0;
  let h = 0x811c9dc5 | 0;
  let len = 0;
  const cap = out.length;
  for (let i = 0; i < normalised.length && n < cap; i++) {
    const c = normalised.charCodeAt(i);
    if (c === 32) {
      if (len > 0) {
        out[n++] = fmix32(h ^ len);
        h = 0x811c9dc5 | 0;
        len = 0;
      }
    } else if (c >= 0x0e00 && isUnspacedScriptChar(c)) {
      if (len > 0) {
        out[n++] = fmix32(h ^ len);
        h = 0x811c9dc5 | 0;
        len = 0;
      }
      if (n < cap) out[n++] = fmix32(Math.imul(0x811c9dc5 ^ c, 0x01000193) ^ 1);
    } else {
      h = Math.imul(h ^ c, 0x01000193);
      len++;
    }
  }
  if (len > 0 && n < cap) out[n++] = fmix32(h ^ len);
  return n;
}
