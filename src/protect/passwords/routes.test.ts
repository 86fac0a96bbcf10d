import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { haveIBeenPwned, matcherPwnedFactory } from '@zxcvbn-ts/matcher-pwned';
import { Options, ZxcvbnFactory } from '@zxcvbn-ts/core';
import { buildIndex } from './build-index.js';
import { RangeIndex } from './range-index.js';
import { buildRangeServer } from './routes.js';
import { httpSource, isPwned } from './pwned.js';
import { FIXTURE, fixturePairs, hashCounts, referenceRanges, tempDir } from './test-corpus.js';

/** Deterministic random bytes (SHA-256 in counter mode) so padding tests are reproducible. */
function seededBytes(seed: string): (n: number) => Buffer {
  let counter = 0;
  return (n) => {
    const out = Buffer.alloc(n);
    for (let off = 0; off < n; off += 32) {
      createHash('sha256').update(`${seed}:${counter++}`).digest().copy(out, off);
    }
    return out;
  };
}

describe('range API routes', () => {
  const dir = tempDir();
  let sha1: RangeIndex;
  let ntlm: RangeIndex;
  let app: FastifyInstance;
  let sha1Ranges: Map<string, string>;
  let ntlmRanges: Map<string, string>;

  before(async () => {
    await buildIndex({ inputs: [FIXTURE.pathname], out: join(dir, 'sha1.idx') });
    await buildIndex({ inputs: [FIXTURE.pathname], out: join(dir, 'ntlm.idx'), mode: 'ntlm' });
    sha1 = RangeIndex.open(join(dir, 'sha1.idx'));
    ntlm = RangeIndex.open(join(dir, 'ntlm.idx'));
    sha1Ranges = referenceRanges(await hashCounts(fixturePairs(), 'sha1'));
    ntlmRanges = referenceRanges(await hashCounts(fixturePairs(), 'ntlm'));
    app = await buildRangeServer({ indexes: { sha1, ntlm }, padding: { randomBytes: seededBytes('t') } });
  });
  after(async () => {
    await app.close();
    sha1.close();
    ntlm.close();
  });

  it('every SHA-1 range of the fixture is byte-identical to the Pwned Passwords format', async () => {
    assert.ok(sha1Ranges.size > 1000);
    for (const [prefix, body] of sha1Ranges) {
      const res = await app.inject({ method: 'GET', url: `/range/${prefix}` });
      assert.equal(res.statusCode, 200);
      assert.equal(res.body, body, prefix);
    }
  });

  it('prefixes are case-insensitive; NTLM mode serves 27-char suffixes; other modes mean SHA-1', async () => {
    const [prefix, body] = [...sha1Ranges][0]!;
    const lower = await app.inject({ method: 'GET', url: `/range/${prefix.toLowerCase()}` });
    assert.equal(lower.body, body);
    const other = await app.inject({ method: 'GET', url: `/range/${prefix}?mode=md5` });
    assert.equal(other.body, body);
    for (const [p, b] of [...ntlmRanges].slice(0, 300)) {
      const res = await app.inject({ method: 'GET', url: `/range/${p}?mode=ntlm` });
      assert.equal(res.body, b, p);
      assert.match(res.body.split('\r\n')[0]!, /^[0-9A-F]{27}:\d+$/);
    }
  });

  it('headers: text/plain, CORS, cacheable unless padded, Vary: Add-Padding; OPTIONS preflight', async () => {
    const res = await app.inject({ method: 'GET', url: '/range/5BAA6' });
    assert.match(String(res.headers['content-type']), /^text\/plain/);
    assert.equal(res.headers['access-control-allow-origin'], '*');
    assert.equal(res.headers['cache-control'], 'public, max-age=2678400');
    assert.equal(res.headers.vary, 'Add-Padding');
    const padded = await app.inject({
      method: 'GET',
      url: '/range/5BAA6',
      headers: { 'add-padding': 'true' },
    });
    assert.equal(padded.headers['cache-control'], 'no-store');
    const pre = await app.inject({ method: 'OPTIONS', url: '/range/5BAA6' });
    assert.equal(pre.statusCode, 204);
    assert.match(String(pre.headers['access-control-allow-headers']), /Add-Padding/);
  });

  it('bad prefixes answer 400 with the real API messages', async () => {
    const cases: [string, string][] = [
      ['/range/5BAA', 'The hash prefix was not in a valid format'],
      ['/range/5BAA61', 'The hash prefix was not in a valid format'],
      ['/range/', 'The hash prefix was not in a valid format'],
      ['/range/5B/A6', 'The hash prefix was not valid hexadecimal'],
      ['/range/5B/A61', 'The hash prefix was not in a valid format'],
      ['/range/5BAG6', 'The hash prefix was not valid hexadecimal'],
      ['/range/%20BAA6', 'The hash prefix was not in a valid format'],
      ['/range/-BAA6', 'The hash prefix was not valid hexadecimal'],
    ];
    for (const [url, msg] of cases) {
      const res = await app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 400, url);
      assert.equal(res.body, msg, url);
    }
  });

  it('a prefix without hashes answers 200 with an empty body', async () => {
    let empty = '';
    for (let i = 0; i < 0xfffff && !empty; i++) {
      const p = i.toString(16).toUpperCase().padStart(5, '0');
      if (!sha1Ranges.has(p)) empty = p;
    }
    const res = await app.inject({ method: 'GET', url: `/range/${empty}` });
    assert.equal(res.statusCode, 200);
    assert.equal(res.body, '');
  });

  it('Add-Padding: real rows first, then 800–1000 rows in total of random SUFFIX:0, CRLF, no final CRLF', async () => {
    const sizes = new Set<number>();
    for (const [prefix, body] of [...sha1Ranges].slice(0, 20)) {
      const res = await app.inject({
        method: 'GET',
        url: `/range/${prefix}`,
        headers: { 'Add-Padding': 'TRUE' },
      });
      assert.ok(res.body.startsWith(`${body}\r\n`));
      assert.ok(!res.body.endsWith('\r\n'));
      const rows = res.body.split('\r\n');
      assert.ok(rows.length >= 800 && rows.length <= 1000, `${rows.length} rows`);
      const pad = rows.slice(body.split('\r\n').length);
      for (const r of pad) assert.match(r, /^[0-9A-F]{35}:0$/);
      assert.equal(new Set(pad).size, pad.length, 'padding rows are random');
      sizes.add(rows.length);
    }
    assert.ok(sizes.size > 1, 'the padded row count varies');
    const nt = await app.inject({
      method: 'GET',
      url: '/range/00000?mode=ntlm',
      headers: { 'add-padding': 'true' },
    });
    for (const r of nt.body.split('\r\n')) assert.match(r, /^[0-9A-F]{27}:\d+$/);
    const notTrue = await app.inject({
      method: 'GET',
      url: '/range/5BAA6',
      headers: { 'add-padding': 'yes' },
    });
    assert.equal(notTrue.body, sha1Ranges.get('5BAA6'));
  });

  it('a mode without a loaded index answers 404', async () => {
    const only = await buildRangeServer({ indexes: { sha1 } });
    const res = await only.inject({ method: 'GET', url: '/range/00000?mode=ntlm' });
    assert.equal(res.statusCode, 404);
    await only.close();
  });

  it('an unknown path answers 404 without echoing the path (issue 10)', async () => {
    const cases: [string, number][] = [
      ['/secret-token-abc123', 404],
      ['/range', 404],
      ['/%3Cscript%3E', 404],
      ['/range/ABCDE/extra-xyz789', 400],
    ];
    for (const [url, status] of cases) {
      const res = await app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, status, url);
      for (const part of ['secret-token-abc123', 'extra-xyz789', 'script', 'Route GET'])
        assert.ok(!res.body.includes(part), `${url}: ${res.body}`);
    }
  });

  describe('over a real loopback port', () => {
    let base = '';
    before(async () => {
      const address = await app.listen({ port: 0, host: '127.0.0.1' });
      base = `${address}/range/`;
    });

    it('@zxcvbn-ts/matcher-pwned, unchanged, finds fixture passwords and their counts', async () => {
      const pairs = fixturePairs();
      for (const [password, count] of [pairs[0]!, pairs[1]!, pairs[500]!, pairs[1999]!]) {
        const row = await haveIBeenPwned(password, { universalFetch: fetch, url: base });
        assert.equal(typeof row, 'string', password);
        assert.equal(Number(String(row).split(':')[1]), count);
      }
      const miss = await haveIBeenPwned('a passphrase nobody has breached 8c1f', {
        universalFetch: fetch,
        url: base,
      });
      assert.equal(miss, undefined);
    });

    it('zxcvbn-ts core with the pwned matcher scores a breached password as pwned', async () => {
      // matcher-pwned 3.x is typed against core 3; core 4 only needs its Matcher shape.
      const pwned = matcherPwnedFactory(fetch, new Options() as never, { url: base }) as never;
      const zxcvbn = new ZxcvbnFactory({}, { pwned });
      const res = await zxcvbn.checkAsync('qwerty');
      assert.ok(
        res.sequence.some((m) => m.pattern === ('pwned' as never)),
        'pwned match',
      );
      const clean = await zxcvbn.checkAsync('x7#Lq-never-breached-9zz');
      assert.ok(!clean.sequence.some((m) => m.pattern === ('pwned' as never)));
    });

    it('our own isPwned over HTTP agrees with the fixture', async () => {
      const src = httpSource({ url: base });
      assert.deepEqual(await isPwned('password', src), { pwned: true, count: 5_000_000 });
      assert.deepEqual(await isPwned('not in the corpus 42', src), { pwned: false, count: 0 });
      const nt = httpSource({ url: base, mode: 'ntlm' });
      assert.deepEqual(await isPwned('password', nt), { pwned: true, count: 5_000_000 });
    });
  });
});
