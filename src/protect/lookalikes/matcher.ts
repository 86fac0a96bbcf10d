/**
 * The watch matcher: scores each observed domain against many protected domains at once.
 *
 * Signals, per label of the observed name (all labels but the last, so brands in subdomains count):
 * - homoglyph: its TR39 skeleton (skeleton.ts) equals a brand token's skeleton, text differs → 0.95
 * - brand-label: it equals a brand token under another registrable domain (tld-swap, brand in a
 *   subdomain such as `elections-ny.gov.example.com`) → 0.9
 * - edit-distance:N: optimal-string-alignment (Damerau) distance N ≤ 2 between skeletons
 *   → 1 − N / max(length)
 * - keyword: a brand token of ≥ `minKeywordLength` characters occurs inside it
 *   → 0.5 + 0.3·(token/label), + 0.2 when it is a whole hyphen-separated word (`secure-facebook-login`)
 * A domain under the protected registrable domain itself is never a hit.
 *
 * Index (instead of comparing every pair), built once per protected set: tokens by exact text and by
 * skeleton, each guarded by a 65,536-bit filter of their hashes so most labels need no string at all;
 * by skeleton length with a 32-bit character-set mask in typed arrays (one edit changes at most two
 * bits, so popcount(maskA ^ maskB) > 2k rules a pair out before the O(n·k) banded distance); and an
 * Aho–Corasick automaton (keywords.ts) for containment. An ASCII label is scanned once: its hash, its
 * skeleton (into a scratch buffer), its mask and the automaton all advance together; a string is cut
 * only when a filter says a lookup may hit. Per observed label: O(L) + O(bucket) mask tests; the
 * "is it theirs" check runs only when something scored. Cost per name, no allocation on a miss.
 */
import type { ProtectedDomain } from './domain.js';
import { KeywordAutomaton } from './keywords.js';
import { charMask, osaBitParallel, osaWithin, patternMasks, popcount } from './edit-distance.js';
import { asciiSkeletonOf, skeleton } from './skeleton.js';

export interface WatchHit {
  readonly observed: string;
  readonly unicode: string;
  readonly protected: string;
  readonly score: number;
  readonly reasons: string[];
}

export interface MatcherOptions {
  /** Hits below this score are dropped (default 0.7). */
  readonly minScore?: number;
  /** Shortest brand token used for keyword containment (default 4). */
  readonly minKeywordLength?: number;
}

interface Token {
  readonly text: string;
  readonly skel: string;
  readonly mask: number;
  readonly entry: number;
  /** Largest edit distance scored against this token (1 up to 5 characters, else 2). */
  readonly k: number;
  /** Skeleton match masks for the bit-parallel distance (skeletons of ≤ 32 units). */
  readonly peq: Int32Array;
  readonly peqOther: Map<number, number> | undefined;
}

/** Tokens of one skeleton length, masks side by side for the filter loop. */
interface Bucket {
  readonly tokens: Token[];
  masks: Int32Array;
}

interface Entry {
  readonly pd: ProtectedDomain;
  /** A-label registrable domain, for the "is it theirs" test. */
  readonly registrable: string;
}

const STOP = new Set(['www', 'mail', 'secure', 'login', 'app', 'api', 'web', 'home', 'info', 'online']);

const FNV = 0x811c9dc5;
const step = (h: number, c: number): number => Math.imul(h ^ c, 0x01000193);
/** Filter slot of a finished FNV-1a hash (top 16 bits after a final mix). */
const slot = (h: number): number => (Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 16) & 0xffff;

function hashOf(s: string): number {
  let h = FNV;
  for (let i = 0; i < s.length; i++) h = step(h, s.charCodeAt(i));
  return h;
}

/** Skeleton of each ASCII code as code units: `SKEL_UNITS[SKEL_FROM[c] .. SKEL_FROM[c + 1])`. */
const SKEL_FROM = new Uint16Array(129);
const SKEL_UNITS: number[] = [];
for (let c = 0; c < 128; c++) {
  const sk = asciiSkeletonOf(c);
  SKEL_FROM[c] = SKEL_UNITS.length;
  for (let i = 0; i < sk.length; i++) SKEL_UNITS.push(sk.charCodeAt(i));
}
SKEL_FROM[128] = SKEL_UNITS.length;
const SKEL_U = Uint16Array.from(SKEL_UNITS);
let SKEL_MAX = 1;
for (let c = 0; c < 128; c++) SKEL_MAX = Math.max(SKEL_MAX, SKEL_FROM[c + 1]! - SKEL_FROM[c]!);

export class WatchMatcher {
  private readonly entries: Entry[] = [];
  private readonly tokens: Token[] = [];
  private readonly exact = new Map<string, Token[]>();
  private readonly bySkel = new Map<string, Token[]>();
  private readonly exactFilter = new Uint8Array(0x10000);
  private readonly skelFilter = new Uint8Array(0x10000);
  private readonly byLen: (Bucket | undefined)[] = [];
  private readonly registrables = new Map<string, number[]>();
  /** Label counts of the protected registrable domains (which suffixes of a name to look up). */
  private readonly registrableLabelCounts: number[] = [];
  private readonly keywords: KeywordAutomaton;
  private readonly keywordTokens: Token[] = [];
  private readonly minScore: number;
  private readonly minKw: number;

  // Per-call state, reused (match() is synchronous and not re-entrant).
  private readonly best: Float64Array;
  private readonly reasons: (string[] | undefined)[];
  private readonly touched: number[] = [];
  private own: number[] | undefined;
  private ownKnown = false;
  private ascii = '';
  private skelBuf = new Uint16Array(256);
  private readonly kwHits: number[] = [];

  constructor(protectedDomains: readonly ProtectedDomain[], options: MatcherOptions = {}) {
    this.minScore = options.minScore ?? 0.7;
    this.minKw = Math.max(4, options.minKeywordLength ?? 4);
    for (const pd of protectedDomains) {
      const idx = this.entries.length;
      const suffixLabels = pd.publicSuffix.split('.').length;
      const regAscii = pd.ascii
        .split('.')
        .slice(-(suffixLabels + 1))
        .join('.');
      this.entries.push({ pd, registrable: regAscii });
      const list = this.registrables.get(regAscii) ?? [];
      list.push(idx);
      this.registrables.set(regAscii, list);
      if (!this.registrableLabelCounts.includes(suffixLabels + 1)) {
        this.registrableLabelCounts.push(suffixLabels + 1);
      }
      const texts = new Set<string>();
      if (pd.registrableLabel.length >= 3) texts.add(pd.registrableLabel);
      for (const l of pd.subdomainLabels) if (l.length >= 3 && !STOP.has(l)) texts.add(l);
      const chain = [...pd.subdomainLabels.filter((l) => !STOP.has(l)), pd.registrableLabel];
      if (chain.length > 1) {
        texts.add(chain.join('-'));
        texts.add(chain.join(''));
      }
      for (const text of texts) this.addToken(text, idx);
    }
    this.registrableLabelCounts.sort((a, b) => b - a);
    for (const b of this.byLen) if (b) b.masks = Int32Array.from(b.tokens, (t) => t.mask);
    this.keywords = new KeywordAutomaton(this.keywordTokens.map((t) => t.text));
    this.best = new Float64Array(this.entries.length);
    this.reasons = new Array<string[] | undefined>(this.entries.length).fill(undefined);
  }

  private addToken(text: string, entry: number): void {
    const skel = skeleton(text);
    const t: Token = {
      text,
      skel,
      mask: charMask(skel),
      entry,
      k: skel.length <= 5 ? 1 : 2,
      ...patternMasks(skel),
    };
    this.tokens.push(t);
    const push = (m: Map<string, Token[]>, k: string) => {
      const l = m.get(k);
      if (l) l.push(t);
      else m.set(k, [t]);
    };
    push(this.exact, text);
    this.exactFilter[slot(hashOf(text))] = 1;
    push(this.bySkel, skel);
    this.skelFilter[slot(hashOf(skel))] = 1;
    (this.byLen[skel.length] ??= { tokens: [], masks: new Int32Array(0) }).tokens.push(t);
    if (text.length >= this.minKw) this.keywordTokens.push(t);
  }

  get size(): number {
    return this.entries.length;
  }

  /** Scores one normalised observed domain (A-label and Unicode forms). */
  match(ascii: string, unicode: string = ascii): WatchHit[] {
    this.ascii = ascii;
    this.ownKnown = false;
    const lastDot = unicode.lastIndexOf('.');
    let start = 0;
    while (start < lastDot) {
      let end = unicode.indexOf('.', start);
      if (end < 0) end = unicode.length;
      if (end - start >= 3) this.matchLabel(unicode, start, end);
      start = end + 1;
    }
    const touched = this.touched;
    if (touched.length === 0) return [];
    let hits: WatchHit[] | undefined;
    for (const entry of touched) {
      const score = this.best[entry]!;
      if (score >= this.minScore) {
        (hits ??= []).push({
          observed: ascii,
          unicode,
          protected: this.entries[entry]!.pd.ascii,
          score: Math.round(score * 1000) / 1000,
          reasons: this.reasons[entry]!,
        });
      }
      this.reasons[entry] = undefined;
    }
    touched.length = 0;
    return hits ?? [];
  }

  private note(entry: number, score: number, reason: string): void {
    if (!this.ownKnown) {
      this.own = this.ownedBy(this.ascii);
      this.ownKnown = true;
    }
    if (this.own?.includes(entry)) return;
    const cur = this.reasons[entry];
    if (!cur) {
      this.reasons[entry] = [reason];
      this.best[entry] = score;
      this.touched.push(entry);
    } else {
      if (!cur.includes(reason)) cur.push(reason);
      if (score > this.best[entry]!) this.best[entry] = score;
    }
  }

  /** Entries whose registrable domain the name is, or is under (longest suffix first). */
  private ownedBy(ascii: string): number[] | undefined {
    for (const want of this.registrableLabelCounts) {
      let i = ascii.length;
      let dots = 0;
      while (dots < want) {
        i = i > 0 ? ascii.lastIndexOf('.', i - 1) : -1;
        if (i < 0) break;
        dots++;
      }
      if (dots < want - 1) continue; // fewer labels than this registrable has
      const hit = this.registrables.get(dots === want ? ascii.slice(i + 1) : ascii);
      if (hit) return hit;
    }
    return undefined;
  }

  private matchLabel(s: string, start: number, end: number): void {
    const kw = this.keywords;
    const kwNext = kw.next;
    const kwSym = kw.symbol;
    const kwWidth = kw.width;
    const kwCount = kw.outCount;
    let state = 0;
    let th = FNV;
    let sh = FNV;
    let mask = 0;
    let sn = 0;
    let ascii = true;
    if (this.skelBuf.length < SKEL_MAX * (end - start)) {
      this.skelBuf = new Uint16Array(SKEL_MAX * (end - start));
    }
    const buf = this.skelBuf;
    for (let i = start; i < end; i++) {
      const c = s.charCodeAt(i);
      th = step(th, c);
      state = kwNext[state * kwWidth + kwSym[c]!]!;
      if (kwCount[state]! > 0) this.kwHits.push(state, i);
      if (!ascii) continue;
      if (c >= 128) {
        ascii = false;
        continue;
      }
      for (let u = SKEL_FROM[c]!, to = SKEL_FROM[c + 1]!; u < to; u++) {
        const a = SKEL_U[u]!;
        buf[sn++] = a;
        sh = step(sh, a);
        mask |= 1 << (a % 31);
      }
    }
    let label: string | undefined;
    let skel: string | undefined;
    if (!ascii) {
      label = s.slice(start, end);
      skel = skeleton(label);
      sh = hashOf(skel);
      mask = charMask(skel);
      sn = skel.length;
      if (buf.length < sn) this.skelBuf = new Uint16Array(2 * sn);
      for (let i = 0; i < sn; i++) this.skelBuf[i] = skel.charCodeAt(i);
    }
    if (this.exactFilter[slot(th)] === 1) {
      label ??= s.slice(start, end);
      for (const t of this.exact.get(label) ?? []) this.note(t.entry, 0.9, 'brand-label');
    }
    if (this.skelFilter[slot(sh)] === 1) {
      label ??= s.slice(start, end);
      skel ??= String.fromCharCode.apply(null, buf.subarray(0, sn) as unknown as number[]);
      for (const t of this.bySkel.get(skel) ?? [])
        if (t.text !== label) this.note(t.entry, 0.95, 'homoglyph');
    }
    const n = sn;
    for (let len = Math.max(1, n - 2); len <= n + 2; len++) {
      const bucket = this.byLen[len];
      if (!bucket) continue;
      const masks = bucket.masks;
      const diff = len > n ? len - n : n - len;
      for (let j = 0; j < masks.length; j++) {
        const x = masks[j]! ^ mask;
        if (x !== 0 && popcount(x) > 4) continue; // > 2k for k = 2; the exact k is checked below
        const t = bucket.tokens[j]!;
        const k = t.k;
        if (diff > k || popcount(x) > 2 * k) continue;
        let d: number;
        if (t.skel.length <= 32) {
          d = osaBitParallel(t.peq, t.peqOther, t.skel.length, this.skelBuf, n);
        } else {
          skel ??= String.fromCharCode.apply(null, buf.subarray(0, sn) as unknown as number[]);
          d = osaWithin(skel, t.skel, k);
        }
        if (d === 0 || d > k) continue;
        this.note(t.entry, 1 - d / Math.max(n, t.skel.length), `edit-distance:${d}`);
      }
    }
    const hits = this.kwHits;
    if (hits.length > 0) {
      const labelLen = end - start;
      for (let h = 0; h < hits.length; h += 2) {
        const st = hits[h]!;
        const at = hits[h + 1]!;
        const from = kw.outStart[st]!;
        for (let q = 0; q < kwCount[st]!; q++) {
          const t = this.keywordTokens[kw.outTokens[from + q]!]!;
          const tl = t.text.length;
          if (tl >= labelLen) continue;
          const i = at + 1 - tl; // start of the occurrence in s
          const e = at + 1;
          const word = (i === start || s.charCodeAt(i - 1) === 45) && (e === end || s.charCodeAt(e) === 45);
          this.note(t.entry, 0.5 + (0.3 * tl) / labelLen + (word ? 0.2 : 0), 'keyword');
        }
      }
      hits.length = 0;
    }
  }
}
