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
 * Index (instead of comparing every pair): tokens by exact text, by skeleton, by length bucket with a
 * 32-bit character-set mask (one edit changes at most two bits, so popcount(maskA ^ maskB) > 2k rules
 * a pair out before the O(n·k) banded distance), and by their first four characters for keyword
 * containment. Per observed label: O(L) for the keyword scan + O(bucket) mask tests.
 */
import type { ProtectedDomain } from './domain.js';
import { asciiSkeletonIsIdentity, skeleton } from './skeleton.js';

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
}

interface Entry {
  readonly pd: ProtectedDomain;
  /** A-label registrable domain, for the "is it theirs" test. */
  readonly registrable: string;
}

const STOP = new Set(['www', 'mail', 'secure', 'login', 'app', 'api', 'web', 'home', 'info', 'online']);

function charMask(s: string): number {
  let m = 0;
  for (let i = 0; i < s.length; i++) m |= 1 << (s.charCodeAt(i) % 31);
  return m;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

const ROW_A = new Int32Array(256);
const ROW_B = new Int32Array(256);
const ROW_C = new Int32Array(256);

/** Optimal string alignment distance, or k+1 once it must exceed k (both strings ≤ 255). */
export function osaWithin(a: string, b: string, k: number): number {
  const n = a.length;
  const m = b.length;
  if (Math.abs(n - m) > k) return k + 1;
  if (n > 255 || m > 255) return k + 1;
  let prev2 = ROW_A;
  let prev = ROW_B;
  let cur = ROW_C;
  for (let j = 0; j <= m; j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= m; j++) {
      const cb = b.charCodeAt(j - 1);
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (ca === cb ? 0 : 1));
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb)
        v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > k) return k + 1;
    const t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  return Math.min(prev[m]!, k + 1);
}

function key4(s: string, i: number): number {
  return (
    ((s.charCodeAt(i) & 0xff) << 24) |
    ((s.charCodeAt(i + 1) & 0xff) << 16) |
    ((s.charCodeAt(i + 2) & 0xff) << 8) |
    (s.charCodeAt(i + 3) & 0xff)
  );
}

export class WatchMatcher {
  private readonly entries: Entry[] = [];
  private readonly exact = new Map<string, Token[]>();
  private readonly bySkel = new Map<string, Token[]>();
  private readonly byLen: Token[][] = [];
  private readonly byPrefix = new Map<number, Token[]>();
  private readonly registrables = new Map<string, number[]>();
  private readonly minScore: number;
  private readonly minKw: number;

  constructor(protectedDomains: readonly ProtectedDomain[], options: MatcherOptions = {}) {
    this.minScore = options.minScore ?? 0.7;
    this.minKw = Math.max(4, options.minKeywordLength ?? 4);
    for (const pd of protectedDomains) {
      const idx = this.entries.length;
      const regAscii = pd.ascii
        .split('.')
        .slice(-(pd.publicSuffix.split('.').length + 1))
        .join('.');
      this.entries.push({ pd, registrable: regAscii });
      const list = this.registrables.get(regAscii) ?? [];
      list.push(idx);
      this.registrables.set(regAscii, list);
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
  }

  private addToken(text: string, entry: number): void {
    const skel = skeleton(text);
    const t: Token = { text, skel, mask: charMask(skel), entry };
    const push = <K>(m: Map<K, Token[]>, k: K) => {
      const l = m.get(k);
      if (l) l.push(t);
      else m.set(k, [t]);
    };
    push(this.exact, text);
    push(this.bySkel, skel);
    (this.byLen[skel.length] ??= []).push(t);
    if (text.length >= this.minKw) push(this.byPrefix, key4(text, 0));
  }

  get size(): number {
    return this.entries.length;
  }

  /** Scores one normalised observed domain (A-label and Unicode forms). */
  match(ascii: string, unicode: string = ascii): WatchHit[] {
    const own = this.ownedBy(ascii);
    let best: Map<number, { score: number; reasons: string[] }> | undefined;
    const note = (entry: number, score: number, reason: string) => {
      if (own?.includes(entry)) return;
      best ??= new Map();
      const cur = best.get(entry);
      if (!cur) best.set(entry, { score, reasons: [reason] });
      else {
        if (!cur.reasons.includes(reason)) cur.reasons.push(reason);
        if (score > cur.score) cur.score = score;
      }
    };
    let start = 0;
    const lastDot = unicode.lastIndexOf('.');
    while (start < lastDot) {
      let end = unicode.indexOf('.', start);
      if (end < 0) end = unicode.length;
      if (end - start >= 3) this.matchLabel(unicode.slice(start, end), note);
      start = end + 1;
    }
    if (!best) return [];
    const hits: WatchHit[] = [];
    for (const [entry, v] of best) {
      if (v.score >= this.minScore) {
        hits.push({
          observed: ascii,
          unicode,
          protected: this.entries[entry]!.pd.ascii,
          score: Math.round(v.score * 1000) / 1000,
          reasons: v.reasons,
        });
      }
    }
    return hits;
  }

  private ownedBy(ascii: string): number[] | undefined {
    let i = -1;
    do {
      const hit = this.registrables.get(i < 0 ? ascii : ascii.slice(i + 1));
      if (hit) return hit;
      i = ascii.indexOf('.', i + 1);
    } while (i >= 0);
    return undefined;
  }

  private matchLabel(label: string, note: (entry: number, score: number, reason: string) => void): void {
    for (const t of this.exact.get(label) ?? []) note(t.entry, 0.9, 'brand-label');
    const skel = asciiSkeletonIsIdentity(label) ? label : skeleton(label);
    for (const t of this.bySkel.get(skel) ?? []) if (t.text !== label) note(t.entry, 0.95, 'homoglyph');
    const mask = charMask(skel);
    const n = skel.length;
    for (let len = Math.max(1, n - 2); len <= n + 2; len++) {
      const bucket = this.byLen[len];
      if (!bucket) continue;
      for (const t of bucket) {
        const k = t.skel.length <= 5 ? 1 : 2;
        if (Math.abs(len - n) > k || popcount(mask ^ t.mask) > 2 * k) continue;
        const d = osaWithin(skel, t.skel, k);
        if (d === 0 || d > k) continue;
        note(t.entry, 1 - d / Math.max(n, t.skel.length), `edit-distance:${d}`);
      }
    }
    for (let i = 0; i + 4 <= label.length; i++) {
      const list = this.byPrefix.get(key4(label, i));
      if (!list) continue;
      for (const t of list) {
        if (t.text.length < label.length && label.startsWith(t.text, i)) {
          const end = i + t.text.length;
          const word = (i === 0 || label[i - 1] === '-') && (end === label.length || label[end] === '-');
          note(t.entry, 0.5 + (0.3 * t.text.length) / label.length + (word ? 0.2 : 0), 'keyword');
        }
      }
    }
  }
}
