/**
 * The public suffix of a name under the ICANN section of the Public Suffix List, as tldts computes it
 * with `allowPrivateDomains: false` (publicsuffix.org's algorithm: the longest matching rule, an
 * exception rule winning and losing its leftmost label, `*` matching one label, and the prevailing
 * rule `*` when nothing matches). The rules are data/icann-suffixes.ts, derived from tldts; tests
 * compare this lookup with tldts on every rule.
 *
 * Why not tldts itself: loading it costs ~70 ms CPU when imported from ESM (~20 ms required), more
 * than the rest of `lockstep lookalikes`' start-up; here the rules are one string, split into a Set
 * on the first lookup (~1 ms). Cost: O(labels) Set lookups per name.
 */
import { ICANN_RULES } from './data/icann-suffixes.js';

let rules: Set<string> | undefined;

/** The ICANN public suffix of `name` (lower-case A-label form, no empty labels). */
export function icannPublicSuffix(name: string): string {
  rules ??= new Set(ICANN_RULES.split(/\s+/).filter(Boolean));
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
