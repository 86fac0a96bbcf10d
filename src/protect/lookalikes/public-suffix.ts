/**
 * The public suffix of a name under the ICANN section of the Public Suffix List, as tldts computes it
 * with `allowPrivateDomains: false` (publicsuffix.org's algorithm: the longest matching rule, an
 * exception rule winning and losing its leftmost label, `*` matching one label, and the prevailing
 * rule `*` when nothing matches). The rules are data/icann-suffixes.ts, derived from tldts; tests
 * compare this lookup with tldts on every rule.
 *
 * Why not tldts itself: loading it costs ~70 ms CPU when imported from ESM (~20 ms required), more
 * than the rest of `lockstep lookalikes`' start-up. Here the rules are one string: the first
 * lookups search it (O(labels) string searches of ~80 KB, ~0.1 ms a name), and from the 32nd lookup
 * on a Set of the rules (~3 ms to build once) answers in O(labels) hash lookups.
 */
import { ICANN_RULES } from './data/icann-suffixes.js';

const SET_AFTER = 32;
let lookups = 0;
let set: Set<string> | undefined;

const isSpace = (i: number) => i < 0 || i >= ICANN_RULES.length || ICANN_RULES.charCodeAt(i) <= 32;

/** Is `rule` one of the white-space separated rules? (Exported for its test.) */
export function searchRule(rule: string): boolean {
  for (let i = ICANN_RULES.indexOf(rule); i >= 0; i = ICANN_RULES.indexOf(rule, i + 1))
    if (isSpace(i - 1) && isSpace(i + rule.length)) return true;
  return false;
}

/** The ICANN public suffix of `name` (lower-case A-label form, no empty labels). */
export function icannPublicSuffix(name: string): string {
  if (!set && ++lookups > SET_AFTER) set = new Set(ICANN_RULES.split(/\s+/).filter(Boolean));
  const rules = set ?? { has: searchRule };
  const labels = name.split('.');
  // From the longest candidate down, so the first hit is the longest match; exceptions first.
  for (let k = labels.length; k >= 1; k--) {
    const candidate = labels.slice(labels.length - k).join('.');
    if (rules.has(`!${candidate}`)) return labels.slice(labels.length - k + 1).join('.');
  }
  for (let k = labels.length; k >= 1; k--) {
    const candidate = labels.slice(labels.length - k).join('.');
    if (rules.has(candidate)) return candidate;
    if (k >= 2 && rules.has(`*.${labels.slice(labels.length - k + 1).join('.')}`)) return candidate;
  }
  return labels[labels.length - 1]!;
}
