/**
 * Text features for language-agnostic retrieval: a normalisation that works on any script (NFKC,
 * case folding, Latin diacritics folded, URLs and handles removed, hashtags split at case changes),
 * character n-grams over the normalised text (Mayfield & McNamee 2003: n-grams need no stemmer or
 * segmenter and carry morphology in every language) and Unicode word tokens as a second field.
 *
 * Cost: O(length) per text; no dictionaries, no model.
 */

const URL_RE = /(?:\b(?:https?:\/\/|www\.)|pic\.twitter\.com\/)\S+/giu;
const HANDLE_RE = /(^|[^\p{L}\p{N}_])@([\p{L}\p{N}_]+)/gu;
const HASHTAG_RE = /#([\p{L}\p{N}_]+)/gu;
/** Combining marks on Latin letters only: other scripts (Devanagari, Arabic…) need their marks. */
const LATIN_MARK_RE = /(\p{Script=Latin})\p{M}+/gu;
const NON_WORD_RE = /[^\p{L}\p{N}\p{M}]+/gu;
const WORD_RE = /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu;
const ASTRAL_RE = /[\uD800-\uDBFF]/;
const ASCII_RE = /^\p{ASCII}*$/u;
/** What any of cleanPostText's patterns needs in ASCII text (its /iu folds nothing else into ASCII). */
const CLEANABLE_RE = /[@#]|https?:\/\/|www\.|pic\.twitter\.com\//i;
/** ASCII letters and digits in runs split by single spaces: what normalise() makes of ASCII text. */
const ASCII_WORDS_RE = /^[0-9A-Za-z]+(?: [0-9A-Za-z]+)*$/;

/** Splits a hashtag body at case changes and digits: "DefundTheCBC2020" → "Defund The CBC 2020". */
export function splitHashtag(tag: string): string {
  return tag
    .replace(/_/g, ' ')
    .replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2')
    .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, '$1 $2')
    .replace(/(\p{L})(\p{N})/gu, '$1 $2')
    .replace(/(\p{N})(\p{L})/gu, '$1 $2');
}

/**
 * Post text → retrieval text: links dropped (they are matched as URLs, not words), @handles and
 * hashtags split into their words ("@IvankaTrump" names the person a claim is about).
 */
export function cleanPostText(text: string): string {
  // Most posts have no link, handle or hashtag: two plain scans instead of three Unicode replaces.
  if (ASCII_RE.test(text) && !CLEANABLE_RE.test(text)) return text;
  return text
    .replace(URL_RE, ' ')
    .replace(HANDLE_RE, (_m, pre: string, handle: string) => `${pre} ${splitHashtag(handle)} `)
    .replace(HASHTAG_RE, (_m, tag: string) => ` ${splitHashtag(tag)} `);
}

/** Case-folded, NFKC, Latin diacritics folded, every run of non-word characters one space. */
export function normalise(text: string): string {
  // ASCII is its own NFKC/NFD/NFC form and has no marks; its letters and digits are [a-z0-9] once
  // lower-cased. The two (with cleanPostText's shortcut) were ~4 % of matching a post in the profile.
  if (ASCII_RE.test(text))
    return text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, ' ')
      .trim();
  return text
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFD')
    .replace(LATIN_MARK_RE, '$1')
    .normalize('NFC')
    .replace(NON_WORD_RE, ' ')
    .trim();
}

let lastNorm: string | undefined;
let lastWords: readonly string[] = [];

/**
 * Word tokens of normalised text. The last text's tokens are kept and returned again (do not modify
 * them): matching a post splits the same text for the word field, the pair features and each
 * match's shared words.
 */
export function words(norm: string): readonly string[] {
  if (norm !== lastNorm) {
    // On ASCII letters and digits split by single spaces (normalised ASCII text) the words are the
    // runs: a split gives the regex's list without its Unicode classes (the word field's look-up,
    // this regex mostly, was 9 % of matching a post).
    lastWords = ASCII_WORDS_RE.test(norm) ? norm.split(' ') : (norm.match(WORD_RE) ?? []);
    lastNorm = norm;
  }
  return lastWords;
}

/**
 * Character n-grams of normalised text padded with one space each side, so word starts and ends are
 * grams of their own (" vac", "ine "). Code points, not UTF-16 units.
 */
export function charGrams(norm: string, n: number): string[] {
  if (norm === '') return [];
  const padded = ` ${norm} `;
  const out: string[] = [];
  // Fast path: no astral code points, so UTF-16 units are code points.
  if (!ASTRAL_RE.test(padded)) {
    for (let i = 0; i + n <= padded.length; i++) out.push(padded.substring(i, i + n));
    return out;
  }
  const cps = Array.from(padded);
  for (let i = 0; i + n <= cps.length; i++) out.push(cps.slice(i, i + n).join(''));
  return out;
}

/** Adjacent word pairs of normalised text ("vaccine causes" …): phrase evidence for BM25. */
export function wordBigrams(norm: string): string[] {
  const ws = words(norm);
  const out: string[] = [];
  for (let i = 0; i + 1 < ws.length; i++) out.push(`${ws[i]!} ${ws[i + 1]!}`);
  return out;
}
