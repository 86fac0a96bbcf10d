/**
 * What "the same words" means for co-similar (near-duplicate normalised text); the word hasher that
 * co-similar shingles from is tokens.ts (re-exported here). co-post deliberately uses the stricter
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
 * Cost: a handful of linear regular-expression passes, O(length) time and memory per text; one
 * allocation-free pass for the texts text-scanner.ts accepts.
 */
import { TextScanner } from './text-scanner.js';

export { fmix32, tokenHashes } from './tokens.js';

const NON_ASCII = /[\u0080-\uffff]/;
const RT_PREFIX = /^(?:\s*rt\s+@[\p{L}\p{N}\p{M}_]+:?)+/u;
const URL = /(?:\bhttps?:\/\/|\bwww\.)\S*/gu;
const MENTION = /(?<![\p{L}\p{N}\p{M}_])[@＠][\p{L}\p{N}\p{M}_]+/gu;
const INNER_APOSTROPHE = /(?<=[\p{L}\p{N}])['’ʼ](?=[\p{L}\p{N}])/gu;
const NOT_WORD = /[^\p{L}\p{N}\p{M}]+/gu;

const scanner = new TextScanner();

/**
 * Normalises a post's text for identity and near-duplicate comparison.
 *
 * @example
 * normaliseText('RT @bot: Vote NOW!! https://t.co/x @you') // → 'vote now'
 */
export function normaliseText(text: string): string {
  return scanner.scan(text) >= 0 ? scanner.text() : normaliseTextReference(text);
}

/**
 * The definition of normalisation as regular expressions (steps 1–5 above). `normaliseText` uses it
 * for text the single-pass scanner (text-scanner.ts) declines; text of ASCII and inert characters
 * (most emoji) takes the scanner, about ten times faster, which the tests check against this
 * definition on random and hostile input.
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
