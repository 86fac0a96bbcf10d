/**
 * co-similar's tokens: a 32-bit hash per word of a normalised text (normalise.ts says what normalised
 * means), and the murmur3 finaliser the shingle and signature hashes share. Allocation-free: the hot
 * path writes into caller-owned typed arrays.
 */

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
