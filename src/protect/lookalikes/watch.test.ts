import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { parseProtectedDomain } from './domain.js';
import { osaBitParallel, osaWithin, patternMasks } from './edit-distance.js';
import { WatchMatcher } from './matcher.js';
import { KeywordAutomaton } from './keywords.js';
import type { WatchHit } from './matcher.js';
import { readFeed } from './feed.js';
import type { FeedItem } from './feed.js';
import { runWatch } from './watch.js';
import { normaliseObserved } from './observed.js';
import { domainNameSco, hitsToBundle, stixString, uuidv5 } from './stix.js';
import { skeleton } from './skeleton.js';

const protectedSet = ['facebook.com', 'vote.gov', 'elections.ny.gov', 'donaldjtrump.com'].map((d) =>
  parseProtectedDomain(d),
);

function score(m: WatchMatcher, name: string): WatchHit | undefined {
  const o = normaliseObserved(name);
  assert.ok(o.ok, name);
  return m.match(o.ascii, o.unicode)[0];
}

async function items(text: string): Promise<FeedItem[]> {
  const out: FeedItem[] = [];
  for await (const i of readFeed(Readable.from([text]))) out.push(i);
  return out;
}

describe('watch matcher', () => {
  const m = new WatchMatcher(protectedSet, { minScore: 0.7 });

  it('scores homoglyphs, typos, brand labels and keywords, and leaves the owners alone', () => {
    assert.deepEqual(score(m, 'faceb00k.com')?.reasons, ['homoglyph']);
    assert.match(score(m, 'rnfacebook.com')!.reasons.join(), /edit-distance:2,keyword/);
    assert.match(score(m, 'facebok.com')!.reasons.join(), /edit-distance:1/);
    assert.match(score(m, 'donaldtrump.com')!.reasons.join(), /edit-distance:1/);
    assert.match(score(m, 'facebook.net')!.reasons.join(), /brand-label/);
    assert.match(score(m, 'elections-ny.gov.example.com')!.reasons.join(), /brand-label/);
    assert.match(score(m, 'secure-facebook-login.xyz')!.reasons.join(), /keyword/);
    assert.equal(score(m, 'devoted.com'), undefined); // 'vote' inside a word scores below 0.7
    assert.equal(score(m, 'facebook.com'), undefined);
    assert.equal(score(m, 'www.facebook.com'), undefined);
    assert.equal(score(m, 'elections.ny.gov'), undefined);
    assert.equal(score(m, 'totally-unrelated.org'), undefined);
    const idn = score(m, 'xn--fcebook-8va.com'); // fàcebook.com
    assert.equal(idn?.unicode, 'fàcebook.com');
    assert.ok(idn.score >= 0.85);
  });

  it('min-score filters', () => {
    const strict = new WatchMatcher(protectedSet, { minScore: 0.92 });
    assert.equal(score(strict, 'facebok.com'), undefined);
    assert.ok(score(strict, 'faceb00k.com'));
  });

  it('bounded OSA distance and skeletons', () => {
    assert.equal(osaWithin('facebook', 'faecbook', 2), 1);
    assert.equal(osaWithin('facebook', 'facebook', 2), 0);
    assert.equal(osaWithin('facebook', 'xxxxbook', 2), 3);
    assert.equal(skeleton('rn'), skeleton('m'));
    assert.equal(skeleton('pаypal'), 'paypal');
  });
});

describe('watch feeds', () => {
  it('reads certstream JSON lines and counts bad lines with their numbers', async () => {
    const text = [
      JSON.stringify({
        message_type: 'certificate_update',
        data: { leaf_cert: { all_domains: ['faceb00k.com', '*.votte.gov'] } },
      }),
      '{not json',
      JSON.stringify({ message_type: 'heartbeat' }),
      JSON.stringify({ message_type: 'certificate_update', data: {} }),
      JSON.stringify({
        message_type: 'certificate_update',
        data: { leaf_cert: { all_domains: ['bad name!', 7] } },
      }),
    ].join('\n');
    const hits: [string, number][] = [];
    const m = new WatchMatcher(protectedSet);
    const s = await runWatch(Readable.from([text]), m, (h, line) => hits.push([h.observed, line]));
    assert.deepEqual(hits, [
      ['faceb00k.com', 1],
      ['votte.gov', 1],
    ]);
    assert.equal(s.ignored, 1);
    assert.deepEqual(
      s.skips.map((x) => x.line),
      [2, 4, 5, 5],
    );
    assert.equal(s.skipped, 4);
  });

  it('reads zone files: $ORIGIN, @, relative and absolute owners, blank owners, parentheses', async () => {
    const zone = [
      '$ORIGIN com.',
      '$TTL 3600',
      '@ IN SOA a.nic.com. admin.com. (',
      '  1 2 3 4 5 )',
      'faceb00k NS ns1.example.net.',
      '         NS ns2.example.net.',
      'votte.gov. 3600 IN NS ns.example.',
      'example IN A 192.0.2.1 ; comment',
      'garbage-without-type',
    ].join('\n');
    const got = await items(zone);
    assert.deepEqual(
      got.flatMap((i) => (i.kind === 'name' ? [i.name] : [])),
      ['com', 'faceb00k.com', 'votte.gov', 'example.com'],
    );
    assert.deepEqual(
      got.filter((i) => i.kind === 'skip').map((i) => i.line),
      [9],
    );
  });

  it('reads newline lists; bad names are skips, not crashes', async () => {
    const m = new WatchMatcher(protectedSet);
    const long = `${'a'.repeat(64)}.com`;
    const s = await runWatch(
      Readable.from([`faceb00k.com\n\nfoo bar\n${long}\nsingle\n..\n# comment\nfaceb00k.com\n`]),
      m,
      () => {},
    );
    assert.equal(s.unique, 1);
    assert.equal(s.hitNames, 1);
    assert.equal(s.lines, 8);
    assert.deepEqual(
      s.skips.map((x) => [x.line, x.reason.split(' ')[0]]),
      [
        [3, 'character'],
        [4, 'label'],
        [5, 'a'],
        [6, 'empty'],
      ],
    );
  });
});

describe('runWatch de-duplication', () => {
  it('reports each hitting name once, at its first line, and counts distinct names', async () => {
    const m = new WatchMatcher(protectedSet);
    const lines = ['faceb00k.com', 'plain-name.org', '*.faceb00k.com', 'votte.gov', 'plain-name.org'];
    const text = `${[...lines, ...lines, 'FACEB00K.COM.'].join('\n')}\n`;
    const hits: [string, string, number][] = [];
    const s = await runWatch(Readable.from([text]), m, (h, line) =>
      hits.push([h.observed, h.protected, line]),
    );
    assert.deepEqual(hits, [
      ['faceb00k.com', 'facebook.com', 1],
      ['votte.gov', 'vote.gov', 4],
    ]);
    assert.equal(s.names, 11);
    assert.equal(s.hits, 2);
    assert.equal(s.hitNames, 2);
    assert.equal(s.unique, 3); // faceb00k.com, plain-name.org, votte.gov after normalisation
  });
});

describe('STIX output', () => {
  it('uses RFC 4122 UUIDv5 and the STIX SCO namespace', () => {
    // RFC 4122 / Python's documented example: uuid5(NAMESPACE_DNS, 'python.org')
    assert.equal(
      uuidv5('python.org', '6ba7b810-9dad-11d1-80b4-00c04fd430c8'),
      '886313e1-3b8a-5372-9b90-0c9aee199e5d',
    );
    const a = domainNameSco('faceb00k.com');
    assert.equal(a.id, domainNameSco('faceb00k.com').id);
    assert.notEqual(a.id, domainNameSco('facebok.com').id);
    assert.match(a.id, /^domain-name--[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('builds a deterministic bundle of SCOs and indicators with escaped patterns', () => {
    const hit: WatchHit = {
      observed: 'faceb00k.com',
      unicode: 'faceb00k.com',
      protected: 'facebook.com',
      score: 0.95,
      reasons: ['homoglyph'],
    };
    const b1 = hitsToBundle([hit, { ...hit, protected: 'vote.gov' }], { now: '2024-01-01T00:00:00.000Z' });
    const b2 = hitsToBundle([hit, { ...hit, protected: 'vote.gov' }], { now: '2024-01-01T00:00:00.000Z' });
    assert.deepEqual(b1, b2);
    const objs = b1.objects as Record<string, unknown>[];
    assert.deepEqual(
      objs.map((o) => o.type),
      ['domain-name', 'indicator', 'indicator'],
    );
    assert.equal(objs[1]!.pattern, "[domain-name:value = 'faceb00k.com']");
    assert.equal(objs[1]!.pattern_type, 'stix');
    assert.notEqual(objs[1]!.id, objs[2]!.id);
    assert.equal(stixString("a'b\\c"), "'a\\'b\\\\c'");
  });
});

describe('matcher internals', () => {
  it('the bit-parallel OSA distance equals the dynamic programme', () => {
    let seed = 3;
    const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    for (let it = 0; it < 3000; it++) {
      const alphabet = it % 2 ? 'ab' : 'abcé';
      const pick = (n: number) =>
        Array.from({ length: n }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join('');
      const p = pick(Math.floor(rnd() * 33));
      const t = pick(Math.floor(rnd() * 40));
      const { peq, peqOther } = patternMasks(p);
      const tb = Uint16Array.from(t, (c) => c.charCodeAt(0));
      assert.equal(
        osaBitParallel(peq, peqOther, p.length, tb, t.length),
        osaWithin(t, p, 100),
        `${p} / ${t}`,
      );
    }
  });

  it('the keyword automaton finds every occurrence of every token', () => {
    const tokens = ['vote', 'otea', 'facebook', 'book', 'münchen', 'vote'];
    const a = new KeywordAutomaton(tokens);
    const text = 'xvoteabook.münchenfacebook-vote';
    const naive: [number, number][] = [];
    for (let i = 0; i < text.length; i++)
      tokens.forEach((t, ti) => {
        if (text.startsWith(t, i)) naive.push([ti, i]);
      });
    const key = (x: [number, number]) => `${x[1]}:${x[0]}`;
    assert.deepEqual(a.findAll(text).map(key).sort(), naive.map(key).sort());
    assert.ok(naive.length >= 7);
  });
});

describe('observed-name normalisation', () => {
  it('takes the same decisions on the ASCII fast path and the general path', () => {
    const ok = (raw: string, ascii: string, unicode = ascii) => {
      assert.deepEqual(normaliseObserved(raw), { ok: true, ascii, unicode }, raw);
    };
    ok('example.com', 'example.com');
    ok('*.example.com.', 'example.com');
    ok('  Example.COM ', 'example.com');
    ok('_dmarc.example.com', '_dmarc.example.com');
    ok('xn--fcebook-8va.com', 'xn--fcebook-8va.com', 'fàcebook.com');
    ok('fàcebook.com', 'xn--fcebook-8va.com', 'fàcebook.com');
    for (const bad of [
      '',
      '.',
      '*.',
      'com',
      'a..b',
      'exa mple.com',
      'a_xn--b.com',
      `${'a'.repeat(64)}.com`,
    ]) {
      assert.equal(normaliseObserved(bad).ok, false, JSON.stringify(bad));
    }
  });

  it('counts lines across CRLF, LF and CR breaks split between chunks', async () => {
    const chunks = ['a.com\r', '\nb.com\rc.c', 'om\n\nd.com'];
    const got: FeedItem[] = [];
    for await (const i of readFeed(Readable.from(chunks))) got.push(i);
    assert.deepEqual(
      got.map((i) => (i.kind === 'name' ? `${i.line}:${i.name}` : i.kind)),
      ['1:a.com', '2:b.com', '3:c.com', '5:d.com'],
    );
  });
});
