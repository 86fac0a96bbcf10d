/**
 * Bounded, seeded fuzzing of the request parsers: random and malformed JSON bodies, headers, query
 * strings, cursors and paths. Properties: never a 5xx, every error is a TAXII error body with the
 * matching http_status, and the only rows that appear are those acknowledged in 202 status resources.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { InjectOptions } from 'fastify';
import { DEMO_COLLECTIONS, DEMO_ROOT } from '../demo.js';
import type { TestServer } from '../../server/test-helpers/taxii-factories.js';
import { ALICE, BOB, demoServer, indicator } from '../../server/test-helpers/taxii-factories.js';
import { TAXII_MEDIA } from './media.js';
import { seededRandom } from '../../test-helpers/seeded-random.js';

const SEED = Number(process.env.LOCKSTEP_FUZZ_SEED ?? 20260401);
const CASES = 300;

describe('TAXII request fuzzing', () => {
  let s: TestServer;
  before(async () => {
    s = await demoServer();
  });
  after(async () => {
    await s.close();
  });

  it(`survives ${CASES} random requests (seed ${SEED}) without a 5xx or an unacknowledged write`, async () => {
    const r = seededRandom(SEED);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
    const int = (n: number) => Math.floor(r() * n);
    const weird = (): string =>
      pick([
        '',
        'a'.repeat(int(3000)),
        '💥\u0000\uFFFF',
        '../../etc/passwd',
        '%',
        '%zz',
        'null',
        '-1',
        '1e309',
        'indicator--x',
        '2026-13-45T99:99:99Z',
        String(r()),
        Buffer.from(String(r())).toString('base64url'),
        Buffer.from('["v1","2026-01-01T00:00:00.000000Z","indicator--a",""]').toString('base64url'),
        Buffer.from('["v1",1,2]').toString('base64url'),
        Buffer.from('{"__proto__":{"x":1}}').toString('base64url'),
      ]);
    const enc = (x: string) => (r() < 0.8 ? encodeURIComponent(x) : x.replace(/[^\x21-\x7e]/g, ''));
    const randomJson = (depth: number): unknown => {
      const k = int(depth > 3 ? 4 : 7);
      if (k === 0) return null;
      if (k === 1) return r() < 0.5;
      if (k === 2) return pick([0, -1, 1e308, 3.5, Number.MAX_SAFE_INTEGER]);
      if (k === 3) return weird();
      if (k === 4) return Array.from({ length: int(4) }, () => randomJson(depth + 1));
      if (k === 5)
        return Object.fromEntries(
          Array.from({ length: int(4) }, () => [
            pick(['type', 'id', 'objects', 'modified', 'x', '__proto__']),
            randomJson(depth + 1),
          ]),
        );
      const o: Record<string, unknown> = { ...indicator(6000 + int(500)) };
      for (let i = int(3); i > 0; i--) o[pick(Object.keys(o))] = randomJson(depth + 1);
      return o;
    };
    const body = (): string => {
      const k = int(6);
      if (k === 0) return JSON.stringify({ objects: Array.from({ length: int(5) }, () => randomJson(0)) });
      if (k === 1) return JSON.stringify(randomJson(0));
      if (k === 2) return JSON.stringify({ objects: [randomJson(0)] }).slice(0, int(40));
      if (k === 3) return weird();
      if (k === 4) return JSON.stringify({ objects: [indicator(7000 + int(300))] });
      return '{"objects":' + '['.repeat(int(2000)) + ']'.repeat(int(2000)) + '}';
    };
    const coll = () =>
      pick([DEMO_COLLECTIONS.shared, DEMO_COLLECTIONS.partner, DEMO_COLLECTIONS.internal, enc(weird())]);
    const path = (): string =>
      pick([
        () => '/taxii2/',
        () => `/${DEMO_ROOT}/`,
        () => `/${enc(weird())}/`,
        () => `/${DEMO_ROOT}/collections/`,
        () => `/${DEMO_ROOT}/collections/${coll()}/`,
        () => `/${DEMO_ROOT}/collections/${coll()}/objects/`,
        () => `/${DEMO_ROOT}/collections/${coll()}/objects/${enc(pick([indicator(1).id, weird()]))}/`,
        () => `/${DEMO_ROOT}/collections/${coll()}/objects/${enc(weird())}/versions/`,
        () => `/${DEMO_ROOT}/collections/${coll()}/manifest/`,
        () => `/${DEMO_ROOT}/status/${enc(weird())}`,
      ])();
    const query = (): string => {
      const keys = [
        'limit',
        'next',
        'added_after',
        'match[id]',
        'match[type]',
        'match[version]',
        'match[spec_version]',
        'match[foo]',
        weird(),
      ];
      const parts = Array.from({ length: int(4) }, () => {
        const v = pick([weird(), '5', '0', 'last', 'first,all', '2026-01-01T00:00:00Z', 'indicator', '2.1']);
        return `${enc(pick(keys))}=${enc(v)}`;
      });
      return parts.length ? `?${parts.join('&')}` : '';
    };
    const acks = new Set<string>();
    const before = await s.store.countObjects(DEMO_COLLECTIONS.shared);
    for (let i = 0; i < CASES; i++) {
      const method = pick(['GET', 'GET', 'POST', 'POST', 'DELETE', 'PUT', 'HEAD', 'OPTIONS'] as const);
      const headers: Record<string, string> = {};
      const a = pick([
        ALICE,
        ALICE,
        BOB,
        'Basic ' + weird(),
        'Token ' + weird(),
        'Bearer lsk_0123456789abcdef_' + 'A'.repeat(43),
        weird(),
        undefined,
      ]);
      if (a !== undefined) headers.authorization = a.replace(/[^\x20-\x7e]/g, '');
      const accept = pick([TAXII_MEDIA, TAXII_MEDIA, '*/*', 'application/json', weird(), undefined]);
      if (accept !== undefined) headers.accept = accept.replace(/[^\x20-\x7e]/g, '');
      const ctype = pick([
        TAXII_MEDIA,
        TAXII_MEDIA,
        'application/taxii+json',
        'application/json',
        'text/plain',
        weird(),
        undefined,
      ]);
      if (ctype !== undefined) headers['content-type'] = ctype.replace(/[^\x20-\x7e]/g, '');
      let url = path() + query();
      const opts: InjectOptions = { method, url, headers };
      if (method === 'POST' || method === 'PUT' || (method === 'DELETE' && r() < 0.3)) opts.payload = body();
      if (r() < 0.25) {
        // A well-formed write with one random part left in, so the deep paths get exercised too.
        url = `/${DEMO_ROOT}/collections/${DEMO_COLLECTIONS.shared}/objects/`;
        Object.assign(opts, {
          method: 'POST',
          url,
          payload:
            r() < 0.5 ? JSON.stringify({ objects: [indicator(8000 + int(200)), randomJson(0)] }) : body(),
        });
        opts.headers = {
          authorization: ALICE,
          accept: TAXII_MEDIA,
          'content-type': TAXII_MEDIA,
          ...(r() < 0.3 ? headers : {}),
        };
      }
      const res = await s.app.inject(opts);
      const replay = `case ${i} (seed ${SEED}): ${String(opts.method)} ${url.slice(0, 200)}`;
      assert.ok(res.statusCode < 500, `${replay} → ${res.statusCode} ${res.body.slice(0, 300)}`);
      if (res.statusCode >= 400 && opts.method !== 'HEAD') {
        const err = JSON.parse(res.body) as { http_status?: string; title?: string };
        assert.equal(err.http_status, String(res.statusCode), replay);
        assert.equal(typeof err.title, 'string', replay);
      }
      if (res.statusCode === 202 && url.includes(DEMO_COLLECTIONS.shared)) {
        const st = JSON.parse(res.body) as { successes: { id: string; version: string }[] };
        for (const x of st.successes) acks.add(`${x.id}@${x.version}`);
      }
    }
    // Fuzz ids never collide with the demo's, and DELETEs may remove acknowledged rows, so the count of
    // rows can be at most what was acknowledged: never a row nobody was told about.
    const now = await s.store.countObjects(DEMO_COLLECTIONS.shared);
    assert.ok(now <= before + acks.size, `rows ${now} > ${before} + acknowledged ${acks.size}`);
    assert.ok(acks.size > 0, 'the fuzzer reached the write path at least once');
  });
});
