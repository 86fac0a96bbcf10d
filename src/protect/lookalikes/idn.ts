/**
 * IDNA checks for protected domains and generated candidates: UTS #46 (non-transitional, STD3 rules,
 * CheckHyphens, CheckBidi, CheckJoiners, DNS lengths — which together give IDNA 2008 validity for
 * registrable names) through `tr46`, plus the UTS #39 "highly restrictive" single-script rule that
 * registries apply per label, so a Latin label with one Cyrillic letter is reported, not emitted.
 *
 * Hot path: candidates made only of ASCII and of glyphs from our tables skip tr46 (≈28 µs a call):
 * every table glyph is checked once to be a valid, unmapped, NFC code point on its own, so a label
 * of such code points is valid iff its hyphens and lengths are (there are no joiners, marks or
 * right-to-left letters in the tables). Anything else goes through tr46. Cost: O(length).
 *
 * Start-up: tr46 (its mapping table and regular expressions, tens of ms) is loaded on first use only.
 * Names of lower-case LDH labels are their own UTS #46 form and never need it, and the verdict on
 * every glyph of our tables comes from data/glyph-validity.ts, which scripts/gen-lookalike-tables.ts
 * derives from tr46 with {@link learnWithTr46} (a test keeps the two equal).
 */
import { createRequire } from 'node:module';
import { GLYPH_SCRIPTS, INVALID_GLYPHS } from './data/glyph-validity.js';
import { punycodeEncodeLabel } from './punycode.js';

interface Tr46Options {
  checkBidi?: boolean;
  checkHyphens?: boolean;
  checkJoiners?: boolean;
  useSTD3ASCIIRules?: boolean;
  verifyDNSLength?: boolean;
  transitionalProcessing?: boolean;
}
interface Tr46 {
  toASCII(domain: string, options?: Tr46Options): string | null;
  toUnicode(domain: string, options?: Tr46Options): { domain: string; error: boolean };
}
const require = createRequire(import.meta.url);
let tr46Module: Tr46 | undefined;
function tr46(): Tr46 {
  return (tr46Module ??= require('tr46') as Tr46);
}

export const UTS46_STRICT: Tr46Options = {
  checkBidi: true,
  checkHyphens: true,
  checkJoiners: true,
  useSTD3ASCIIRules: true,
  verifyDNSLength: true,
  transitionalProcessing: false,
};

export type RejectReason =
  | 'invalid-ascii' // hyphen at an edge, `--` at positions 3–4, empty label, bad character
  | 'too-long' // a label over 63 octets or a name over 253
  | 'idna-invalid' // UTS #46 / IDNA 2008 refuses it (disallowed code point, bidi, joiners …)
  | 'idna-mapped' // UTS #46 would map it to another name (upper case, compatibility forms)
  | 'mixed-script'; // a label mixes scripts (UTS #39 highly restrictive)

export type CandidateCheck =
  { ok: true; ascii: string } | { ok: false; reason: RejectReason; ascii?: string };

/**
 * True when `name` is lower-case LDH labels (letters, digits, inner hyphens; no `--` in positions
 * 3–4, so no `xn--` label) of at most 63 octets, at most 253 in all: UTS #46 maps such a name to
 * itself and finds it valid under any of our option sets, in both directions.
 */
export function isPlainLdhName(name: string): boolean {
  const n = name.length;
  if (n === 0 || n > 253) return false;
  let start = 0;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? name.charCodeAt(i) : 46;
    if (c === 46) {
      const len = i - start;
      if (len === 0 || len > 63) return false;
      if (name.charCodeAt(start) === 45 || name.charCodeAt(i - 1) === 45) return false;
      if (len >= 4 && name.charCodeAt(start + 2) === 45 && name.charCodeAt(start + 3) === 45) return false;
      start = i + 1;
    } else if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45)) return false;
  }
  return true;
}

export function tr46ToAscii(name: string, options: Tr46Options = UTS46_STRICT): string | null {
  if (isPlainLdhName(name)) return name;
  return tr46().toASCII(name, options);
}

export function tr46ToUnicode(name: string): { domain: string; error: boolean } {
  if (isPlainLdhName(name)) return { domain: name, error: false };
  return tr46().toUnicode(name, UTS46_STRICT);
}

// --- scripts (UTS #24 Script property through RegExp property escapes) --------------------------

const SCRIPTS = [
  'Latin', 'Cyrillic', 'Greek', 'Armenian', 'Georgian', 'Hebrew', 'Arabic', 'Syriac', 'Thaana',
  'Devanagari', 'Bengali', 'Gurmukhi', 'Gujarati', 'Oriya', 'Tamil', 'Telugu', 'Kannada', 'Malayalam',
  'Sinhala', 'Thai', 'Lao', 'Tibetan', 'Myanmar', 'Khmer', 'Mongolian', 'Ethiopic', 'Cherokee',
  'Canadian_Aboriginal', 'Han', 'Hiragana', 'Katakana', 'Bopomofo', 'Hangul', 'Tifinagh', 'Vai',
  'Coptic', 'Glagolitic', 'Runic', 'Ogham', 'Nko', 'Yi', 'Lisu',
] as const; // prettier-ignore
const SCRIPT_RES = SCRIPTS.map((s) => [s, new RegExp(`^\\p{Script=${s}}$`, 'u')] as const);
const COMMON_RE = /^[\p{Script=Common}\p{Script=Inherited}]$/u;
const scriptCache = new Map<number, string>();

/** The UTS #24 script of one code point; `''` for Common/Inherited (digits, hyphen, marks). */
export function scriptOf(ch: string): string {
  const cp = ch.codePointAt(0)!;
  if (cp < 0x80) return (cp >= 0x61 && cp <= 0x7a) || (cp >= 0x41 && cp <= 0x5a) ? 'Latin' : '';
  const hit = scriptCache.get(cp);
  if (hit !== undefined) return hit;
  let s = 'Other';
  if (COMMON_RE.test(ch)) s = '';
  else {
    const found = SCRIPT_RES.find(([, re]) => re.test(ch));
    if (found) s = found[0];
  }
  scriptCache.set(cp, s);
  return s;
}

const JAPANESE = new Set(['Latin', 'Han', 'Hiragana', 'Katakana']);
const CHINESE = new Set(['Latin', 'Han', 'Bopomofo']);
const KOREAN = new Set(['Latin', 'Han', 'Hangul']);

/** UTS #39 §5.2 "highly restrictive": one script, or Latin + a CJK combination. */
export function isSingleScriptLabel(label: string): boolean {
  const seen = new Set<string>();
  for (const ch of label) {
    const s = scriptOf(ch);
    if (s) seen.add(s);
  }
  if (seen.size <= 1) return true;
  const within = (allowed: Set<string>) => [...seen].every((s) => allowed.has(s));
  return within(JAPANESE) || within(CHINESE) || within(KOREAN);
}

// --- fast path for table glyphs ----------------------------------------------------------------

/**
 * RFC 5892 in short: a code point is PVALID when it is a letter, mark or decimal digit
 * (LetterDigits: Ll Lu Lo Lm Mn Mc Nd) and stable under NFKC + case folding (so not Lu in the end).
 * UTS #46 alone also admits symbols such as '∩', which IDNA 2008 disallows.
 */
export function isIdna2008Letter(ch: string): boolean {
  const cp = ch.codePointAt(0)!;
  if (cp < 0x80) return (cp >= 97 && cp <= 122) || (cp >= 48 && cp <= 57) || cp === 45;
  if (!/^[\p{Ll}\p{Lo}\p{Lm}\p{Mn}\p{Mc}\p{Nd}]$/u.test(ch)) return false;
  return ch.normalize('NFKC').toLowerCase().normalize('NFKC') === ch;
}

/** Code points known valid on their own (unmapped, NFC, PVALID-like), with their script. */
const KNOWN_VALID = new Map<number, string>();
const KNOWN_INVALID = new Set<number>();
/**
 * The same for the BMP as a byte per code unit, for the per-candidate loop: 0 unknown, 1 valid
 * Common/Inherited, n ≥ 2 valid in script `BMP_SCRIPT_NAMES[n]`.
 */
const BMP_SCRIPT = new Uint8Array(0x10000);
const BMP_SCRIPT_NAMES: string[] = ['', '', 'Latin'];
const LATIN = 2;

/**
 * The verdict on one non-ASCII code point: its script (`''` for Common/Inherited) when it is valid,
 * unmapped and NFC on its own in a label and no combining mark; `null` otherwise.
 */
export function learnWithTr46(ch: string): string | null {
  const ascii = tr46().toASCII(`a${ch}a`, UTS46_STRICT);
  const back = ascii === null ? null : tr46().toUnicode(ascii, UTS46_STRICT);
  const combining = /^\p{M}$/u.test(ch);
  const ok = back && !back.error && back.domain === `a${ch}a` && !combining && isIdna2008Letter(ch);
  return ok ? scriptOf(ch) : null;
}

const SCRIPT_ENTRIES = Object.entries(GLYPH_SCRIPTS);

/**
 * The verdict of data/glyph-validity.ts on one code point (`undefined`: not in it). Searched in the
 * strings rather than indexed: a `lookalikes` run asks about ~270 of its ~1,560 glyphs, and building
 * a Map of all of them cost ~4 ms of the command's start-up where ~25 native string searches per
 * glyph cost ~0.3 ms in all.
 */
function precomputedVerdict(ch: string): string | null | undefined {
  for (const [script, chars] of SCRIPT_ENTRIES) if (chars.includes(ch)) return script;
  return INVALID_GLYPHS.includes(ch) ? null : undefined;
}

/** Decides each code point of `chars` once (table, else tr46) so later labels of them skip tr46. */
export function learnCodePoints(chars: Iterable<string>): void {
  for (const ch of chars) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80 || KNOWN_VALID.has(cp) || KNOWN_INVALID.has(cp)) continue;
    const known = precomputedVerdict(String.fromCodePoint(cp));
    const script = known === undefined ? learnWithTr46(ch) : known;
    if (script !== null) {
      KNOWN_VALID.set(cp, script);
      if (cp < 0x10000 && (cp < 0xd800 || cp > 0xdfff)) {
        let id = script === '' ? 1 : BMP_SCRIPT_NAMES.indexOf(script, 2);
        if (id < 0) id = BMP_SCRIPT_NAMES.push(script) - 1;
        if (id < 256) BMP_SCRIPT[cp] = id;
      }
    } else KNOWN_INVALID.add(cp);
  }
}

function asciiLabelOk(label: string): boolean {
  const n = label.length;
  if (n === 0 || n > 63) return false;
  if (label.charCodeAt(0) === 45 || label.charCodeAt(n - 1) === 45) return false;
  if (n >= 4 && label.charCodeAt(2) === 45 && label.charCodeAt(3) === 45) return false;
  for (let i = 0; i < n; i++) {
    const c = label.charCodeAt(i);
    const ok = (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45;
    if (!ok) return false;
  }
  return true;
}

/**
 * Checks one candidate label (Unicode form) and returns its ASCII form; `undefined` when the fast
 * path cannot decide (the caller then checks the whole name with {@link checkName}).
 */
export function checkLabelFast(label: string): CandidateCheck | undefined {
  let ascii = true;
  for (let i = 0; i < label.length; i++) {
    if (label.charCodeAt(i) >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) {
    if (label.length > 63) return { ok: false, reason: 'too-long' };
    return asciiLabelOk(label) ? { ok: true, ascii: label } : { ok: false, reason: 'invalid-ascii' };
  }
  let script = '';
  let mixed = false;
  for (const ch of label) {
    const cp = ch.codePointAt(0)!;
    let s: string | undefined;
    if (cp < 0x80) {
      if (!((cp >= 97 && cp <= 122) || (cp >= 48 && cp <= 57) || cp === 45)) return undefined;
      s = cp >= 97 ? 'Latin' : '';
    } else {
      s = KNOWN_VALID.get(cp);
      if (s === undefined) return undefined;
    }
    if (s) {
      if (script && s !== script) mixed = true;
      script = s;
    }
  }
  const n = label.length;
  if (label.charCodeAt(0) === 45 || label.charCodeAt(n - 1) === 45) {
    return { ok: false, reason: 'invalid-ascii' };
  }
  // UTS #46 CheckHyphens looks at the U-label too: no "--" in the third and fourth positions.
  if (n >= 4 && label.charCodeAt(2) === 45 && label.charCodeAt(3) === 45) {
    return { ok: false, reason: 'invalid-ascii' };
  }
  const encoded = `xn--${punycodeEncodeLabel(label)}`;
  if (encoded.length > 63) return { ok: false, reason: 'too-long', ascii: encoded };
  if (mixed && !isSingleScriptLabel(label)) return { ok: false, reason: 'mixed-script', ascii: encoded };
  return { ok: true, ascii: encoded };
}

/**
 * The A-label of a candidate label when the fast path proves it valid (lower-case LDH ASCII, or
 * learned code points of one script with hyphens and length in order); `undefined` otherwise, and
 * the caller asks {@link checkLabelFast} / {@link checkName} why. One pass, no allocation for ASCII.
 */
export function validLabelAscii(label: string): string | undefined {
  const n = label.length;
  if (n === 0 || label.charCodeAt(0) === 45 || label.charCodeAt(n - 1) === 45) return undefined;
  if (n >= 4 && label.charCodeAt(2) === 45 && label.charCodeAt(3) === 45) return undefined;
  let ascii = true;
  let script = 0; // 0 none yet, else a BMP_SCRIPT id (LATIN for ASCII letters)
  for (let i = 0; i < n; i++) {
    const c = label.charCodeAt(i);
    if (c < 0x80) {
      if (c >= 97 && c <= 122) {
        if (script !== LATIN) {
          if (script !== 0) return undefined;
          script = LATIN;
        }
      } else if (!((c >= 48 && c <= 57) || c === 45)) return undefined;
    } else {
      ascii = false;
      const s = BMP_SCRIPT[c]!; // surrogates are never learned: astral labels take the slow path
      if (s === 0) return undefined;
      if (s > 1 && s !== script) {
        if (script !== 0) return undefined;
        script = s;
      }
    }
  }
  if (ascii) return n <= 63 ? label : undefined;
  const encoded = `xn--${punycodeEncodeLabel(label)}`;
  return encoded.length <= 63 ? encoded : undefined;
}

/** Full check of a whole name through tr46 (slow path). */
export function checkName(name: string): CandidateCheck {
  const ascii = tr46().toASCII(name, { ...UTS46_STRICT, verifyDNSLength: false });
  if (ascii === null) return { ok: false, reason: 'idna-invalid' };
  const labels = ascii.split('.');
  if (ascii.length > 253 || labels.some((l) => l.length > 63))
    return { ok: false, reason: 'too-long', ascii };
  if (labels.some((l) => l.length === 0)) return { ok: false, reason: 'invalid-ascii', ascii };
  const back = tr46().toUnicode(ascii, UTS46_STRICT);
  if (back.error) return { ok: false, reason: 'idna-invalid', ascii };
  if (back.domain !== name.normalize('NFC')) return { ok: false, reason: 'idna-mapped', ascii };
  for (const label of back.domain.split('.')) {
    for (const ch of label) if (!isIdna2008Letter(ch)) return { ok: false, reason: 'idna-invalid', ascii };
    if (!isSingleScriptLabel(label)) return { ok: false, reason: 'mixed-script', ascii };
  }
  return { ok: true, ascii };
}

/** After {@link learnCodePoints}: is this code point valid on its own in a label? */
export function isKnownValidCodePoint(ch: string): boolean {
  learnCodePoints([ch]);
  return KNOWN_VALID.has(ch.codePointAt(0)!);
}
