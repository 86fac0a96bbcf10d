/**
 * Normalises one observed domain from a feed (certificate log, zone, list): lower case, no trailing
 * dot, no leading `*.` wildcard, lengths per RFC 1035 (labels ≤ 63 octets, names ≤ 253), punycode
 * decoded for the homoglyph checks. Underscores are allowed (service labels such as `_dmarc`).
 * Returns a reason instead of throwing: a bad feed line is a counted skip, never a crash.
 * Cost: O(length); tr46 only for names that are or contain IDNs.
 */
import { tr46ToAscii, tr46ToUnicode } from './idn.js';

export type Observed = { ok: true; ascii: string; unicode: string } | { ok: false; reason: string };

export function normaliseObserved(raw: string): Observed {
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
