/**
 * Lookalike generation: runs the fuzzers over every fuzz target of a protected domain (see
 * domain.ts), checks each candidate for IDNA 2008 / UTS #46 validity and single-script labels, and
 * returns one row per (fuzzer, permutation) in A-label form plus the rejected candidates with why.
 *
 * Matches dnstwist (elceef/dnstwist) fuzzer by fuzzer, as a superset (see fuzzers.ts for the union of
 * its 20221213 and current behaviour); additions of ours: public-suffix-aware targets, the
 * `brand-subdomain` forms (`elections-ny.gov.example.com`) and `confusable` (TR39 single-character
 * confusables from other scripts; most are mixed-script, hence reported as rejected).
 * The protected name itself is never a row (dnstwist lists it as `*original` and, via vowel-swap,
 * under a fuzzer too). Cost: linear in the candidates emitted; see fuzzers.ts for their count.
 */
import { LockstepError } from '../../core/errors.js';
import { dnstwistSplit, parseProtectedDomain } from './domain.js';
import type { ProtectedDomain, Split } from './domain.js';
import * as F from './fuzzers.js';
import {
  checkLabelFast,
  checkName,
  isKnownValidCodePoint,
  learnCodePoints,
  tr46ToAscii,
  validLabelAscii,
} from './idn.js';
import type { RejectReason } from './idn.js';
// The TR39 confusables precomputed (data/derive.ts) rather than skeleton.ts's table, ~50 ms to load.
import { CONFUSABLE_GLYPHS } from './data/confusable-glyphs.js';

/** dnstwist's fuzzer names, in its order, then ours. */
export const DNSTWIST_FUZZERS = [
  'addition', 'bitsquatting', 'cyrillic', 'homoglyph', 'hyphenation', 'insertion', 'omission', 'plural',
  'repetition', 'replacement', 'subdomain', 'transposition', 'vowel-swap', 'various', 'dictionary', 'tld-swap',
] as const; // prettier-ignore
export const OUR_FUZZERS = ['brand-subdomain', 'confusable'] as const;
export const FUZZERS = [...DNSTWIST_FUZZERS, ...OUR_FUZZERS] as const;
export type FuzzerName = (typeof FUZZERS)[number];

export interface LookalikeRow {
  /** The protected domain, A-label form. */
  readonly protected: string;
  readonly fuzzer: FuzzerName;
  /** The permutation, A-label (punycode) form. */
  readonly domain: string;
  /** The permutation, Unicode form. */
  readonly unicode: string;
  /** Which label was fuzzed: `psl:<label>`, `dnstwist:<label>`, `subdomain:<label>` or `domain`. */
  readonly target: string;
}

export interface RejectedCandidate {
  readonly protected: string;
  readonly fuzzer: FuzzerName;
  readonly unicode: string;
  readonly domain?: string;
  readonly reason: RejectReason;
}

export interface GenerateOptions {
  /** Fuzzers to run (default: all). */
  readonly fuzzers?: readonly FuzzerName[];
  /** Words for `dictionary` (dnstwist keeps alphanumeric words only; so do we). */
  readonly dictionary?: readonly string[];
  /** TLDs / public suffixes for `tld-swap`. */
  readonly tlds?: readonly string[];
  /**
   * Parent domains for `brand-subdomain` (hosts an impostor could put the brand under). No default: a
   * placeholder parent (the old `example.com`) listed names nobody can register, and under
   * `example.com` itself the protected domain's own subdomains (docs/LOOKALIKES.md).
   */
  readonly brandBases?: readonly string[];
  /**
   * Fuzz only the label dnstwist fuzzes (its own split of the name), as dnstwist does: for
   * like-for-like comparisons. Default false: every target (public-suffix-aware, subdomains).
   */
  readonly dnstwistTargetOnly?: boolean;
}

export interface GenerateResult {
  readonly protected: ProtectedDomain;
  readonly rows: LookalikeRow[];
  readonly rejected: RejectedCandidate[];
}

let learned = false;
function ensureLearned(): void {
  if (learned) return;
  learnCodePoints(F.allGlyphs());
  learned = true;
}

/** Validates a --fuzzers list. */
export function parseFuzzerList(list: string): FuzzerName[] {
  const out: FuzzerName[] = [];
  for (const raw of list.split(',')) {
    const name = raw.trim().toLowerCase();
    if (name === '') continue;
    if (!(FUZZERS as readonly string[]).includes(name)) {
      throw new LockstepError(
        'ERR_LOOKALIKE_UNKNOWN_FUZZER',
        `unknown fuzzer ${JSON.stringify(name)}: expected a comma-separated list of ${FUZZERS.join(', ')}`,
        { fuzzer: name },
      );
    }
    if (!out.includes(name as FuzzerName)) out.push(name as FuzzerName);
  }
  return out;
}

/** dnstwist's dictionary filter (Python `str.isalnum`), lower-cased. */
export function cleanDictionary(words: readonly string[]): string[] {
  const out = new Set<string>();
  for (const w of words) {
    const t = w.trim().toLowerCase();
    if (t && /^[\p{L}\p{N}]+$/u.test(t)) out.add(t);
  }
  return [...out];
}

/** dnstwist's TLD-file filter (one or two labels of [a-z0-9-]{2,63}), plus IDN TLDs in A-label form. */
export function cleanTlds(lines: readonly string[]): string[] {
  const out = new Set<string>();
  for (const l of lines) {
    const t = l.trim().toLowerCase().replace(/^\./, '');
    if (t === '') continue;
    const ascii = /^[a-z0-9-]+(\.[a-z0-9-]+)?$/.test(t) ? t : tr46ToAscii(t);
    if (ascii && /^[a-z0-9-]{2,63}(\.[a-z0-9-]{2,63})?$/.test(ascii)) out.add(t);
  }
  return [...out];
}

const join = (...parts: string[]) => parts.filter((p) => p !== '').join('.');

/** Generates the lookalikes of one protected domain. */
export function generateLookalikes(
  input: string | ProtectedDomain,
  options: GenerateOptions = {},
): GenerateResult {
  ensureLearned();
  const pd = typeof input === 'string' ? parseProtectedDomain(input) : input;
  const fuzzers = new Set<FuzzerName>(options.fuzzers?.length ? options.fuzzers : FUZZERS);
  const words = cleanDictionary(options.dictionary ?? []);
  const tlds = cleanTlds(options.tlds ?? []);
  const rows: LookalikeRow[] = [];
  const rejected: RejectedCandidate[] = [];
  const seen = new Map<FuzzerName, Set<string>>();
  const asciiCache = new Map<string, string | null>();

  const asciiOfFixed = (part: string): string | null => {
    if (part === '') return '';
    let a = asciiCache.get(part);
    if (a === undefined) {
      a = tr46ToAscii(part);
      asciiCache.set(part, a);
    }
    return a;
  };

  const seenBy = (fuzzer: FuzzerName): Set<string> => {
    let set = seen.get(fuzzer);
    if (!set) seen.set(fuzzer, (set = new Set()));
    return set;
  };

  /**
   * Hot path of the label fuzzers: `sub` and `suffix` are fixed per split, so their A-labels and
   * the dots around the fuzzed label are prepared once, and a label the fast check proves valid
   * costs one concatenation, one Set insertion and one row.
   */
  const splitAccepter = (fuzzer: FuzzerName, s: Split, target: string, only: boolean): F.Emit => {
    const set = seenBy(fuzzer);
    // homoglyph emits each label once; with one split its names are then distinct already.
    const distinct = only && fuzzer === 'homoglyph';
    const subA = asciiOfFixed(s.subdomain);
    const sufA = asciiOfFixed(s.suffix);
    const uPre = s.subdomain === '' ? '' : `${s.subdomain}.`;
    const uSuf = s.suffix === '' ? '' : `.${s.suffix}`;
    const aPre = subA ? `${subA}.` : '';
    const aSuf = sufA ? `.${sufA}` : '';
    const fast = subA !== null && sufA !== null;
    return (label) => {
      if (!fast || label === '' || label.includes('.')) {
        accept(fuzzer, target, s.subdomain, label, s.suffix);
        return;
      }
      const ascii = validLabelAscii(label);
      if (ascii === undefined) {
        accept(fuzzer, target, s.subdomain, label, s.suffix);
        return;
      }
      const unicode = uPre + label + uSuf;
      if (!distinct) {
        const before = set.size;
        set.add(unicode);
        if (set.size === before) return;
      }
      if (unicode === pd.unicode) return;
      const domain = aPre + ascii + aSuf;
      if (domain.length > 253) {
        rejected.push({ protected: pd.ascii, fuzzer, unicode, reason: 'too-long', domain });
        return;
      }
      if (domain === pd.ascii) return;
      rows.push({ protected: pd.ascii, fuzzer, domain, unicode, target });
    };
  };

  const accept = (fuzzer: FuzzerName, target: string, sub: string, label: string, suffix: string) => {
    const unicode = join(sub, label, suffix);
    // The protected name and names under it belong to its owner: never lookalikes.
    if (unicode === pd.unicode || unicode.endsWith(`.${pd.unicode}`)) return;
    const set = seenBy(fuzzer);
    if (set.has(unicode)) return;
    set.add(unicode);
    let ascii: string | undefined;
    let reason: RejectReason | undefined;
    let partial: string | undefined;
    const subA = asciiOfFixed(sub);
    const sufA = asciiOfFixed(suffix);
    if (subA !== null && sufA !== null && label !== '') {
      const parts: string[] = [];
      let slow = false;
      for (const l of label.split('.')) {
        const r = checkLabelFast(l);
        if (r === undefined) {
          slow = true;
          break;
        }
        if (!r.ok) {
          reason = r.reason;
          partial = r.ascii;
          break;
        }
        parts.push(r.ascii);
      }
      if (slow) {
        const r = checkName(unicode);
        if (r.ok) ascii = r.ascii;
        else {
          reason = r.reason;
          partial = r.ascii;
        }
      } else if (!reason) {
        ascii = join(subA, parts.join('.'), sufA);
        if (ascii.length > 253) {
          reason = 'too-long';
          partial = ascii;
          ascii = undefined;
        }
      } else if (partial) partial = join(subA, partial, sufA);
    } else {
      const r = checkName(unicode);
      if (r.ok) ascii = r.ascii;
      else {
        reason = r.reason;
        partial = r.ascii;
      }
    }
    if (ascii !== undefined) {
      if (ascii === pd.ascii) return;
      rows.push({ protected: pd.ascii, fuzzer, domain: ascii, unicode, target });
    } else {
      rejected.push({
        protected: pd.ascii,
        fuzzer,
        unicode,
        reason: reason ?? 'idna-invalid',
        ...(partial ? { domain: partial } : {}),
      });
    }
  };

  const labelFuzzers: [FuzzerName, (d: string, emit: F.Emit) => void][] = [
    ['addition', F.addition],
    ['bitsquatting', F.bitsquatting],
    ['cyrillic', F.cyrillic],
    ['homoglyph', F.homoglyph],
    ['hyphenation', F.hyphenation],
    ['insertion', F.insertion],
    ['omission', F.omission],
    ['plural', F.plural],
    ['repetition', F.repetition],
    ['replacement', F.replacement],
    ['subdomain', F.subdomain],
    ['transposition', F.transposition],
    ['vowel-swap', F.vowelSwap],
    [
      'dictionary',
      (d, emit) => {
        F.dictionary(d, words, emit);
      },
    ],
    ['confusable', confusable],
  ];

  const dt = options.dnstwistTargetOnly ? dnstwistSplit(pd.unicode) : undefined;
  const splits = pd.splits.filter(
    (s) => !dt || (s.subdomain === dt.subdomain && s.label === dt.label && s.suffix === dt.suffix),
  );
  for (const s of splits) {
    const target = `${s.kind}:${s.label}`;
    for (const [name, fn] of labelFuzzers) {
      if (!fuzzers.has(name)) continue;
      fn(s.label, splitAccepter(name, s, target, splits.length === 1));
    }
    if (s.kind === 'subdomain') continue;
    if (fuzzers.has('tld-swap')) {
      for (const t of tlds) if (t !== s.suffix) accept('tld-swap', target, s.subdomain, s.label, t);
    }
    if (fuzzers.has('various'))
      various(s, (sub, l, suf) => {
        accept('various', target, sub, l, suf);
      });
  }
  if (fuzzers.has('brand-subdomain')) {
    const bases = options.brandBases ?? [];
    const left = [...pd.subdomainLabels, pd.registrableLabel].join('-');
    for (const base of bases) {
      accept('brand-subdomain', 'domain', pd.unicode, base, '');
      accept('brand-subdomain', 'domain', pd.unicode.replaceAll('.', '-'), base, '');
      accept('brand-subdomain', 'domain', join(left, pd.publicSuffix), base, '');
      accept(
        'brand-subdomain',
        'domain',
        `${pd.registrableLabel}-${pd.publicSuffix.replaceAll('.', '-')}`,
        base,
        '',
      );
    }
  }
  return { protected: pd, rows, rejected };
}

/** dnstwist `various` (20221213 ∪ upstream). */
function various(s: Split, emit: (sub: string, label: string, suffix: string) => void): void {
  const { subdomain: sub, label: dom, suffix: tld } = s;
  if (tld.includes('.')) {
    emit(sub, dom, tld.split('.').pop()!);
    emit(sub, dom + tld, '');
  } else {
    emit(sub, dom + tld, tld);
    if (tld !== 'com') {
      emit(sub, `${dom}-${tld}`, 'com');
      emit(sub, dom + tld, 'com');
    }
  }
  if (sub) {
    emit('', sub + dom, tld);
    emit('', sub.replaceAll('.', '') + dom, tld);
    emit('', `${sub}-${dom}`, tld);
    emit('', `${sub.replaceAll('.', '-')}-${dom}`, tld);
  }
}

/** Ours: replace one character by a TR39 confusable from any script that is valid in a label. */
function confusable(d: string, emit: F.Emit): void {
  for (let i = 0; i < d.length; i++) {
    for (const g of CONFUSABLE_GLYPHS[d[i]!] ?? '') {
      if (isKnownValidCodePoint(g)) emit(d.slice(0, i) + g + d.slice(i + 1));
    }
  }
}
