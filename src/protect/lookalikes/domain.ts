/**
 * Parses and validates a protected domain, and splits it into the labels the fuzzers work on.
 *
 * Two splits are kept because each answers a different question:
 * - the public-suffix split (ICANN section of the Public Suffix List, public-suffix.ts): `sos.state.tx.us` is
 *   the registrable `state` under `tx.us` with the subdomain `sos`; `elections.ny.gov` is `ny` under
 *   `gov` with the subdomain `elections`. Every label left of the suffix is a fuzz target, so the
 *   meaningful label (`elections`, `sos`, `state`) is fuzzed, not only the registrable one.
 * - dnstwist's own split (its `domain_tld()` fallback when the Python `tld` module is absent, as in
 *   Debian's package without recommends): the last label is the TLD unless the second-last is one of
 *   a few generic labels (`co`, `org`, `gov` …). Keeping it makes our set a superset of dnstwist's
 *   even where its split is wrong (it fuzzes `tx` in `sos.state.tx.us`).
 * Cost: O(length of the name).
 */
import { LockstepError } from '../../core/errors.js';
import { tr46ToAscii, tr46ToUnicode, UTS46_STRICT } from './idn.js';
import { icannPublicSuffix } from './public-suffix.js';

/** One way to cut a name into `subdomain . label . suffix`, where `label` is fuzzed. */
export interface Split {
  /** Where the split comes from: `psl` (public suffix list), `dnstwist`, or `subdomain` (a label left of the registrable one). */
  readonly kind: 'psl' | 'dnstwist' | 'subdomain';
  readonly subdomain: string;
  readonly label: string;
  readonly suffix: string;
}

export interface ProtectedDomain {
  /** What the user gave. */
  readonly input: string;
  /** Lower-case A-label (punycode) form. */
  readonly ascii: string;
  /** U-label (Unicode) form. */
  readonly unicode: string;
  readonly publicSuffix: string;
  /** The registrable domain (label + public suffix), Unicode form. */
  readonly registrable: string;
  /** The registrable label without its suffix (`ny` in `elections.ny.gov`). */
  readonly registrableLabel: string;
  /** Labels left of the registrable domain (`['elections']`). */
  readonly subdomainLabels: readonly string[];
  readonly splits: readonly Split[];
}

export interface Where {
  readonly file?: string;
  readonly line?: number;
}

const EXPECTED = 'expected a domain name such as example.com (letters, digits, hyphens; IDNs allowed)';
const GENERIC_SECOND_LEVEL = new Set([
  'org',
  'com',
  'net',
  'gov',
  'edu',
  'co',
  'mil',
  'nom',
  'ac',
  'info',
  'biz',
]);

function fail(message: string, input: string, where: Where): never {
  const at = where.file ? `${where.file}${where.line ? `:${where.line}` : ''}: ` : '';
  throw new LockstepError('ERR_LOOKALIKE_BAD_DOMAIN', `${at}${message}`, { input, ...where });
}

function show(s: string): string {
  return JSON.stringify(s.length > 80 ? `${s.slice(0, 77)}…` : s);
}

/** Turns user input (a name or a URL) into a validated {@link ProtectedDomain}. */
export function parseProtectedDomain(input: string, where: Where = {}): ProtectedDomain {
  let name = input.trim();
  if (name === '') fail(`empty domain: ${EXPECTED}`, input, where);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(name)) {
    try {
      name = new URL(name).hostname;
    } catch {
      fail(`${show(input)} is not a valid URL: ${EXPECTED}`, input, where);
    }
  }
  name = name.toLowerCase().replace(/\.$/, '');
  const bad = /[\s/\\:@_?#*"'<>|,;!$%&()[\]{}=+~`^]/u.exec(name);
  if (bad)
    fail(
      `${show(input)} is not a domain name (character ${JSON.stringify(bad[0])}): ${EXPECTED}`,
      input,
      where,
    );
  if (/^[0-9.]+$/.test(name))
    fail(`${show(input)} is an IP address, not a domain name: ${EXPECTED}`, input, where);
  const rawLabels = name.split('.');
  if (rawLabels.some((l) => l === ''))
    fail(`${show(input)} has an empty label (".." or a leading dot): ${EXPECTED}`, input, where);
  if (rawLabels.length < 2) fail(`${show(input)} has a single label: ${EXPECTED}`, input, where);

  const loose = tr46ToAscii(name, { ...UTS46_STRICT, verifyDNSLength: false });
  if (loose === null) {
    const culprit = rawLabels.find(
      (l) => tr46ToAscii(`${l}.example`, { ...UTS46_STRICT, verifyDNSLength: false }) === null,
    );
    fail(
      `${show(input)} is not a valid IDNA 2008 / UTS #46 name${culprit ? ` (label ${show(culprit)})` : ''}: ` +
        'labels may not start or end with a hyphen, have "--" in positions 3-4 unless valid punycode, ' +
        'or contain disallowed characters',
      input,
      where,
    );
  }
  const asciiLabels = loose.split('.');
  const longLabel = asciiLabels.find((l) => l.length > 63);
  if (longLabel) {
    fail(
      `${show(input)} has a label of ${longLabel.length} octets (${show(longLabel)}); a label has at most 63`,
      input,
      where,
    );
  }
  if (loose.length > 253)
    fail(`${show(input)} is ${loose.length} octets long; a domain name has at most 253`, input, where);
  const { domain: unicode, error } = tr46ToUnicode(loose);
  if (error) fail(`${show(input)} does not decode as a valid IDN: ${EXPECTED}`, input, where);

  const suffixCount = icannPublicSuffix(loose).split('.').length;
  if (suffixCount >= asciiLabels.length) {
    fail(`${show(input)} is a public suffix, not a registrable domain: ${EXPECTED}`, input, where);
  }
  const labels = unicode.split('.');
  const regIndex = labels.length - suffixCount - 1;
  const publicSuffix = labels.slice(regIndex + 1).join('.');
  const registrableLabel = labels[regIndex]!;
  const subdomainLabels = labels.slice(0, regIndex);

  const splits: Split[] = [];
  const seen = new Set<string>();
  const add = (s: Split) => {
    const key = `${s.subdomain}|${s.label}|${s.suffix}`;
    if (!seen.has(key)) {
      seen.add(key);
      splits.push(s);
    }
  };
  add({ kind: 'psl', subdomain: subdomainLabels.join('.'), label: registrableLabel, suffix: publicSuffix });
  const dt = dnstwistSplit(unicode);
  if (dt.label) add({ kind: 'dnstwist', ...dt });
  for (let i = 0; i < subdomainLabels.length; i++) {
    add({
      kind: 'subdomain',
      subdomain: labels.slice(0, i).join('.'),
      label: labels[i]!,
      suffix: labels.slice(i + 1).join('.'),
    });
  }
  return {
    input,
    ascii: loose,
    unicode,
    publicSuffix,
    registrable: `${registrableLabel}.${publicSuffix}`,
    registrableLabel,
    subdomainLabels,
    splits,
  };
}

/** dnstwist 20221213 `domain_tld()` without the `tld` module: split on the last 3 dots. */
export function dnstwistSplit(name: string): { subdomain: string; label: string; suffix: string } {
  const parts = name.split('.');
  if (parts.length < 2) return { subdomain: '', label: parts[0] ?? '', suffix: '' };
  if (parts.length === 2) return { subdomain: '', label: parts[0]!, suffix: parts[1]! };
  const d = parts.slice(-4);
  const head = parts.slice(0, parts.length - d.length);
  const cut = (n: number) => [...head, ...d.slice(0, d.length - n)];
  if (GENERIC_SECOND_LEVEL.has(d[d.length - 2]!)) {
    const left = cut(2);
    return {
      subdomain: left.slice(0, -1).join('.'),
      label: left[left.length - 1]!,
      suffix: d.slice(-2).join('.'),
    };
  }
  const left = cut(1);
  return { subdomain: left.slice(0, -1).join('.'), label: left[left.length - 1]!, suffix: d[d.length - 1]! };
}
