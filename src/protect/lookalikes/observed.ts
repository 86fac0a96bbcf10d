/**
 * Normalises one observed domain from a feed (certificate log, zone, list): lower case, no trailing
 * dot, no leading `*.` wildcard, lengths per RFC 1035 (labels ≤ 63 octets, names ≤ 253), punycode
 * decoded for the homoglyph checks. Underscores are allowed (service labels such as `_dmarc`).
 * Returns a reason instead of throwing: a bad feed line is a counted skip, never a crash.
 * Cost: O(length), one pass and no allocation for lower-case ASCII names; tr46 only for IDNs.
 */
import { tr46ToAscii, tr46ToUnicode } from './idn.js';

export type Observed = { ok: true; ascii: string; unicode: string } | { ok: false; reason: string };

/**
 * Fast path for what feeds mostly carry: a lower-case LDH name (underscores allowed), no spaces, no
 * IDN. One pass over the code units, no allocation but the result; anything else (or anything to
 * report) returns undefined and takes the general path.
 */
function fastAscii(raw: string): Observed | undefined {
  let from = 0;
  let to = raw.length;
  if (to > 0 && raw.charCodeAt(to - 1) === 46) to--;
  if (to - from >= 2 && raw.charCodeAt(0) === 42 && raw.charCodeAt(1) === 46) from = 2;
  if (to - from > 253 || to <= from) return undefined;
  let labelStart = from;
  let labels = 0;
  for (let i = from; i <= to; i++) {
    const c = i === to ? 46 : raw.charCodeAt(i);
    if (c === 46) {
      const len = i - labelStart;
      if (len === 0 || len > 63) return undefined;
      labels++;
      labelStart = i + 1;
    } else if (c === 45) {
      // 'xn--' anywhere sends the name to the general path (punycode decoding and its checks)
      if (
        i - from >= 3 &&
        raw.charCodeAt(i - 1) === 45 &&
        raw.charCodeAt(i - 2) === 110 &&
        raw.charCodeAt(i - 3) === 120
      )
        return undefined;
    } else if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95)) return undefined;
  }
  if (labels < 2) return undefined;
  const s = from === 0 && to === raw.length ? raw : raw.slice(from, to);
  return { ok: true, ascii: s, unicode: s };
}

export function normaliseObserved(raw: string): Observed {
  const fast = fastAscii(raw);
  if (fast) return fast;
  let s = raw.trim().toLowerCase();
  if (s.endsWith('.')) s = s.slice(0, -1);
  if (s.startsWith('*.')) s = s.slice(2);
  if (s === '') return { ok: false, reason: 'empty name' };
  let ascii = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) {
      ascii = false;
      continue;
    }
    const ok = (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 46 || c === 95;
    if (!ok)
      return { ok: false, reason: `character ${JSON.stringify(s[i])} is not allowed in a domain name` };
  }
  let a = s;
  if (!ascii) {
    const conv = tr46ToAscii(s, { useSTD3ASCIIRules: false, verifyDNSLength: false });
    if (conv === null) return { ok: false, reason: 'invalid IDN' };
    a = conv;
  }
  if (a.length > 253) return { ok: false, reason: `name is ${a.length} octets; at most 253` };
  let start = 0;
  let labels = 0;
  for (let i = 0; i <= a.length; i++) {
    if (i === a.length || a.charCodeAt(i) === 46) {
      const len = i - start;
      if (len === 0) return { ok: false, reason: 'empty label' };
      if (len > 63) return { ok: false, reason: `label of ${len} octets; at most 63` };
      labels++;
      start = i + 1;
    }
  }
  if (labels < 2) return { ok: false, reason: 'a single label is not a domain name' };
  let unicode = s;
  if (a.includes('xn--')) {
    const u = tr46ToUnicode(a);
    if (u.error) return { ok: false, reason: 'invalid punycode' };
    unicode = u.domain;
  }
  return { ok: true, ascii: a, unicode };
}
