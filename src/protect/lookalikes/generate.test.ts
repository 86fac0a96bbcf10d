import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LockstepError } from '../../core/errors.js';
import { parseProtectedDomain, dnstwistSplit } from './domain.js';
import { generateLookalikes, parseFuzzerList } from './generate.js';
import { formatResults } from './format.js';
import { punycodeEncodeLabel } from './punycode.js';
import { tr46ToAscii, UTS46_STRICT } from './idn.js';
import * as F from './fuzzers.js';

const collect = (fn: (d: string, emit: F.Emit) => void, d: string) => {
  const s = new Set<string>();
  fn(d, (x) => s.add(x));
  return s;
};

describe('protected domain parsing', () => {
  it('splits by the public suffix list and keeps dnstwist’s split', () => {
    const pd = parseProtectedDomain('sos.state.tx.us');
    assert.equal(pd.publicSuffix, 'tx.us');
    assert.equal(pd.registrableLabel, 'state');
    assert.deepEqual(pd.subdomainLabels, ['sos']);
    const labels = pd.splits.map((s) => `${s.kind}:${s.label}`);
    assert.deepEqual(labels, ['psl:state', 'dnstwist:tx', 'subdomain:sos']);
    assert.deepEqual(dnstwistSplit('electoralcommission.org.uk'), {
      subdomain: '',
      label: 'electoralcommission',
      suffix: 'org.uk',
    });
  });

  it('accepts URLs, upper case, trailing dots and IDNs', () => {
    assert.equal(parseProtectedDomain('HTTPS://Vote.GOV/path').ascii, 'vote.gov');
    assert.equal(parseProtectedDomain('vote.gov.').ascii, 'vote.gov');
    const idn = parseProtectedDomain('bundeswahlleiterin-münchen.de');
    assert.equal(idn.ascii, tr46ToAscii('bundeswahlleiterin-münchen.de'));
    assert.equal(idn.unicode, 'bundeswahlleiterin-münchen.de');
  });

  const bad: [string, RegExp][] = [
    ['', /empty domain/],
    ['   ', /empty domain/],
    ['not a domain', /not a domain name \(character " "\)/],
    ['user@example.com', /character "@"/],
    ['localhost', /single label/],
    ['a..b.com', /empty label/],
    ['192.168.0.1', /IP address/],
    ['-vote.gov', /not a valid IDNA 2008/],
    ['xn--zz.com', /not a valid IDNA 2008/],
    [`${'a'.repeat(64)}.com`, /label of 64 octets/],
    [`${'abcdefghi.'.repeat(26)}com`, /at most 253/],
    ['co.uk', /public suffix/],
  ];
  for (const [input, re] of bad) {
    it(`rejects ${JSON.stringify(input.slice(0, 30))} with a clear error`, () => {
      assert.throws(
        () => parseProtectedDomain(input, { file: 'protect.txt', line: 3 }),
        (e: unknown) =>
          e instanceof LockstepError &&
          e.code === 'ERR_LOOKALIKE_BAD_DOMAIN' &&
          re.test(e.message) &&
          e.message.startsWith('protect.txt:3: '),
      );
    });
  }
});

describe('fuzzers', () => {
  it('follow dnstwist’s definitions on a small label', () => {
    assert.deepEqual([...collect(F.omission, 'abc')].sort(), ['ab', 'ac', 'bc']);
    assert.deepEqual([...collect(F.transposition, 'abc')].sort(), ['acb', 'bac']);
    assert.deepEqual([...collect(F.hyphenation, 'abc')].sort(), ['a-bc', 'ab-c']);
    assert.deepEqual([...collect(F.subdomain, 'abcd')].sort(), ['a.bcd', 'ab.cd']);
    assert.deepEqual([...collect(F.plural, 'votes')], ['votses']); // i = 2 only: 'vot' + 's' + 'es'
    assert.deepEqual([...collect(F.cyrillic, 'vote')], ['ѵоте']);
    assert.equal(collect(F.cyrillic, 'trump').size, 0); // 'r', 'u', 'n' have no Cyrillic twin
    assert.ok(collect(F.addition, 'ab-cd').has('ab1-cd'));
    assert.ok(collect(F.bitsquatting, 'a').has('c')); // 'a' ^ 2
    assert.ok(collect(F.homoglyph, 'modem').has('rnodern')); // both m → rn (20221213 window rule, two rounds)
    assert.ok(collect(F.homoglyph, 'arnb').has('amb')); // upstream pair rule 'rn' → 'm'
  });

  it('the 20221213 homoglyph window rule never replaces a character spanning the whole label', () => {
    // 'aa': the only window shorter than the label holds one 'a', so 'àà' needs two rounds
    const out = collect(F.homoglyph, 'aa');
    assert.ok(out.has('àa') && out.has('aà') && out.has('àà'));
  });
});

describe('generation', () => {
  it('labels every row with its fuzzer and keeps a permutation under each fuzzer that finds it', () => {
    const r = generateLookalikes('vote.gov', { fuzzers: ['vowel-swap', 'replacement'] });
    const byDomain = new Map<string, Set<string>>();
    for (const row of r.rows) {
      assert.ok(['vowel-swap', 'replacement'].includes(row.fuzzer));
      assert.match(row.domain, /^[a-z0-9.-]+$/);
      byDomain.set(row.domain, (byDomain.get(row.domain) ?? new Set()).add(row.fuzzer));
    }
    // o → i is both a vowel swap and an adjacent key on qwerty
    assert.deepEqual([...(byDomain.get('vite.gov') ?? [])].sort(), ['replacement', 'vowel-swap']);
  });

  it('fuzzes the meaningful label of multi-label government names', () => {
    const r = generateLookalikes('elections.ny.gov', { fuzzers: ['omission'] });
    const d = new Set(r.rows.map((x) => x.domain));
    assert.ok(d.has('election.ny.gov'), 'subdomain label fuzzed');
    assert.ok(d.has('elections.y.gov') || d.has('elections.n.gov'), 'registrable label fuzzed');
    const tx = new Set(
      generateLookalikes('sos.state.tx.us', { fuzzers: ['omission'] }).rows.map((x) => x.domain),
    );
    assert.ok(tx.has('sos.stte.tx.us') && tx.has('so.state.tx.us'));
  });

  it('emits brand-in-subdomain forms', () => {
    const r = generateLookalikes('elections.ny.gov', {
      fuzzers: ['brand-subdomain'],
      brandBases: ['example.net'],
    });
    const d = r.rows.map((x) => x.domain).sort();
    assert.deepEqual(d, [
      'elections-ny-gov.example.net',
      'elections-ny.gov.example.net',
      'elections.ny.gov.example.net',
      'ny-gov.example.net',
    ]);
  });

  it('has no default brand base: brand-subdomain lists nothing until --brand-base names parents', () => {
    const r = generateLookalikes('paypal.com', { fuzzers: ['brand-subdomain'] });
    assert.deepEqual(r.rows, []);
  });

  it('never lists the protected name or a name under it (example.com.example.com)', () => {
    for (const domain of ['example.com', 'paypal.com', 'elections.ny.gov']) {
      const r = generateLookalikes(domain, { brandBases: [domain, 'example.net'] });
      const own = r.rows.filter((x) => x.unicode === domain || x.unicode.endsWith(`.${domain}`));
      assert.deepEqual(own, [], domain);
      assert.ok(
        r.rows.some((x) => x.domain.endsWith('.example.net')),
        `${domain}: other bases still used`,
      );
    }
  });

  it('emits only IDNA-valid names and reports mixed-script candidates separately', () => {
    const r = generateLookalikes('facebook.com', { fuzzers: ['homoglyph', 'confusable', 'cyrillic'] });
    assert.ok(r.rows.length > 100);
    for (const row of r.rows.slice(0, 2000)) {
      assert.equal(tr46ToAscii(row.unicode), row.domain, row.unicode);
    }
    const mixed = r.rejected.filter((x) => x.reason === 'mixed-script');
    assert.ok(mixed.length > 0);
    assert.ok(mixed.some((x) => x.unicode === 'fаcebook.com')); // Cyrillic а inside Latin
    assert.ok(!r.rows.some((x) => x.unicode === 'fаcebook.com'));
    assert.ok(!r.rows.some((x) => x.domain === 'facebook.com'), 'the protected name is not a lookalike');
  });

  it('rejects bitsquats that put a hyphen at a label edge', () => {
    const r = generateLookalikes('vote.gov', { fuzzers: ['bitsquatting'] });
    assert.ok(!r.rows.some((x) => /(^|\.)-|-(\.|$)/.test(x.domain)));
  });

  it('validates --fuzzers', () => {
    assert.deepEqual(parseFuzzerList('homoglyph, tld-swap,homoglyph'), ['homoglyph', 'tld-swap']);
    assert.throws(() => parseFuzzerList('homoglyph,bogus'), /unknown fuzzer "bogus": expected/);
  });

  it('formats TSV with a header and one row per (protected, fuzzer, domain)', () => {
    const r = generateLookalikes('eac.gov', { fuzzers: ['omission', 'repetition'] });
    let text = '';
    formatResults([r], 'tsv', (s) => (text += s));
    const lines = text.trim().split('\n');
    assert.deepEqual(lines[0]!.split('\t'), ['protected', 'fuzzer', 'domain', 'unicode', 'target']);
    assert.equal(lines.length, r.rows.length + 1);
    let csv = '';
    formatResults([r], 'csv', (s) => (csv += s));
    assert.equal(csv.trim().split('\n').length, r.rows.length + 1);
  });
});

describe('punycode encoder', () => {
  it('matches tr46 on table glyphs and mixed labels', () => {
    for (const l of [
      'ѵоте',
      'fàcebook',
      'dọnaldjtrụmp',
      'bücher',
      'ꭚyz',
      '日本語',
      'a𠀀b',
      '𠀀𠀁',
      'ü-ß-é',
    ]) {
      assert.equal(`xn--${punycodeEncodeLabel(l)}`, tr46ToAscii(`${l}.com`)!.split('.')[0], l);
    }
  });

  it('matches tr46 on long labels with far-apart code points (large deltas)', () => {
    // Too long for DNS, but encoded all the same (the caller reports them as too long).
    for (const l of ['a'.repeat(300) + '𠀀', '日'.repeat(200) + 'ü' + '𠀁'.repeat(50)]) {
      const viaTr46 = tr46ToAscii(`${l}.com`, { ...UTS46_STRICT, verifyDNSLength: false })!.split('.')[0];
      assert.equal(`xn--${punycodeEncodeLabel(l)}`, viaTr46);
    }
  });
});
