/**
 * Hostile input over both stores (issue 10, defects 5 and 6): NUL bytes and lone surrogates in
 * credentials, path segments, filters and cursors; objects nested beyond the depth limit, patterns
 * with thousands of parentheses, oversized objects; then a seeded random mix of all of them. On
 * PostgreSQL a NUL used to reach the database and answer 500, and a deep object failed its whole
 * envelope. Properties: never a 5xx; 401 before login, 400/404 after, the same on SQLite and
 * PostgreSQL; a bad object fails alone and the rest of its envelope is stored.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../server/app.js';
import type { Store } from '../../store/store.js';
import { taxiiSettings } from '../config.js';
import { DEMO_COLLECTIONS, DEMO_ROOT, demoConfig, seedDemo } from '../demo.js';
import { storeKinds } from './both-stores.js';
import {
  ALICE,
  basic,
  indicator,
  json,
  taxiiGet,
  taxiiPost,
} from '../../server/test-helpers/taxii-factories.js';
import { MAX_BODY_DEPTH, MAX_OBJECT_BYTES, MAX_OBJECT_DEPTH } from './json-limits.js';
import { TAXII_MEDIA } from './media.js';
import { seededRandom } from '../../test-helpers/seeded-random.js';

const OBJECTS = `/${DEMO_ROOT}/collections/${DEMO_COLLECTIONS.shared}/objects/`;
const NUL = '%00';
/** A lone high surrogate, as a client would percent-encode it (CESU-8: not valid UTF-8). */
const SURROGATE = '%ED%A0%80';

const cursor = (id: string) =>
  Buffer.from(JSON.stringify(['v1', '2026-01-01T00:00:00.000000Z', id, '']), 'utf8').toString('base64url');

/** JSON text of `o` with one more property whose value nests `levels` arrays (built as text: too deep to stringify). */
function withDeepProperty(o: Record<string, unknown>, levels: number): string {
  return JSON.stringify(o).replace(/}$/, `,"x_deep":${'['.repeat(levels)}${']'.repeat(levels)}}`);
}

function assertNo5xx(res: LightMyRequestResponse, what: string): void {
  assert.ok(res.statusCode < 500, `${what}: ${res.statusCode} ${res.body.slice(0, 300)}`);
  if (res.statusCode >= 400) assert.equal(res.headers['content-type'], TAXII_MEDIA, what);
}

const SEED = Number(process.env.LOCKSTEP_FUZZ_SEED ?? 20261205);

for (const kind of storeKinds()) {
  describe(`hostile input: ${kind.name}`, () => {
    let app: FastifyInstance;
    let store: Store;
    let made: Awaited<ReturnType<typeof kind.create>>;
    before(async () => {
      made = await kind.create();
      store = made.store;
      await seedDemo(store);
      app = await buildApp({ store, settings: taxiiSettings(demoConfig()) });
    });
    after(async () => {
      await app.close();
      await made.dispose();
    });

    it('a NUL in Basic credentials is 401 before any look-up', async () => {
      for (const auth of [basic('ali\u0000ce', 'alice-password'), basic('alice', 'alice\u0000password')]) {
        const res = await taxiiGet(app, '/taxii2/', auth);
        assertNo5xx(res, 'basic with NUL');
        assert.equal(res.statusCode, 401);
      }
    });

    it('a NUL or lone surrogate in any path segment is 400/404 after login', async () => {
      const paths = [
        `/${DEMO_ROOT}${NUL}/`,
        `/${DEMO_ROOT}/collections/${NUL}/`,
        `/${DEMO_ROOT}/collections/${DEMO_COLLECTIONS.shared}${NUL}/objects/`,
        `${OBJECTS}indicator--${NUL}/`,
        `${OBJECTS}indicator--${NUL}/versions/`,
        `/${DEMO_ROOT}/status/${NUL}/`,
        `/${DEMO_ROOT}/feedback/objects/indicator--${NUL}/sightings/`,
        `/${DEMO_ROOT}/feedback/objects/indicator--${NUL}/acks`,
        `/${DEMO_ROOT}/feedback/organisations/org-a${NUL}/contact`,
        `/${DEMO_ROOT}/collections/${SURROGATE}/`,
        `${OBJECTS}indicator--${SURROGATE}/`,
      ];
      for (const p of paths) {
        const res = await taxiiGet(app, p);
        assertNo5xx(res, p);
        assert.ok([400, 404].includes(res.statusCode), `${p}: ${res.statusCode}`);
      }
      // Writes too: an object id, an ack, a contact card with a NUL in the path.
      const writes = [
        await app.inject({
          method: 'DELETE',
          url: `${OBJECTS}indicator--${NUL}/`,
          headers: { authorization: ALICE, accept: TAXII_MEDIA },
        }),
        await taxiiPost(app, `/${DEMO_ROOT}/feedback/objects/indicator--${NUL}/ack`, { kind: 'received' }),
      ];
      for (const res of writes) {
        assertNo5xx(res, 'write with NUL');
        assert.ok([400, 404].includes(res.statusCode), String(res.statusCode));
      }
    });

    it('a NUL in match[id], other filters or a cursor is 400', async () => {
      const queries = [
        `match[id]=indicator--${NUL}`,
        `match[id]=a,b${NUL}`,
        `match[type]=indicator${NUL}`,
        `match[version]=${NUL}`,
        `match[spec_version]=2.1${NUL}`,
        `added_after=2026-01-01T00:00:00Z${NUL}`,
        `limit=1${NUL}`,
        `next=${NUL}`,
        `next=${cursor('indicator--\u0000')}`,
        `next=${cursor('indicator--\ud800')}`,
        `x_unknown${NUL}=1`,
      ];
      for (const q of queries) {
        for (const base of [OBJECTS, OBJECTS.replace(/objects\/$/, 'manifest/')]) {
          const res = await taxiiGet(app, `${base}?${q}`);
          assertNo5xx(res, q);
          assert.equal(res.statusCode, 400, `${base}?${q}: ${res.body}`);
        }
      }
    });

    it(`an object nested past ${MAX_OBJECT_DEPTH} levels, a pattern of 10,000 parentheses and an object over ${MAX_OBJECT_BYTES} bytes fail alone; the rest is stored`, async () => {
      const ok1 = indicator(7001);
      const ok2 = indicator(7002);
      const atLimit = indicator(7003);
      const parens = indicator(7005, undefined, {
        pattern: `${'('.repeat(10_000)}[domain-name:value = 'x.example']${')'.repeat(10_000)}`,
      });
      const huge = indicator(7006, undefined, { x_blob: 'a'.repeat(MAX_OBJECT_BYTES + 10) });
      // The object itself is level 1, its x_deep array level 2: levels - 1 arrays reach the limit.
      const body = `{"objects":[${[
        JSON.stringify(ok1),
        withDeepProperty(indicator(7004), 10_000),
        withDeepProperty(atLimit, MAX_OBJECT_DEPTH - 1),
        withDeepProperty(indicator(7007), MAX_OBJECT_DEPTH),
        JSON.stringify(parens),
        JSON.stringify(huge),
        JSON.stringify(ok2),
      ].join(',')}]}`;
      const res = await taxiiPost(app, OBJECTS, body);
      assertNo5xx(res, 'deep envelope');
      assert.equal(res.statusCode, 202, res.body.slice(0, 300));
      const status = json<{
        success_count: number;
        failure_count: number;
        failures: { id: string; message: string }[];
      }>(res);
      assert.equal(status.success_count, 3);
      assert.equal(status.failure_count, 4);
      const why = new Map(status.failures.map((f) => [f.id, f.message]));
      assert.match(why.get(indicator(7004).id) ?? '', new RegExp(`deeper than ${MAX_OBJECT_DEPTH} levels`));
      assert.match(why.get(indicator(7007).id) ?? '', new RegExp(`deeper than ${MAX_OBJECT_DEPTH} levels`));
      assert.match(why.get(parens.id) ?? '', /parentheses nested deeper than 100 levels/);
      assert.match(why.get(huge.id) ?? '', new RegExp(`more than ${MAX_OBJECT_BYTES} bytes`));
      for (const o of [ok1, ok2, atLimit]) {
        const got = await taxiiGet(app, `${OBJECTS}${o.id}/`);
        assert.equal(got.statusCode, 200, o.id);
      }
      assert.equal((await taxiiGet(app, `${OBJECTS}${indicator(7004).id}/`)).statusCode, 404);
    });

    it('NUL and lone surrogates inside posted JSON strings never reach the database raw', async () => {
      const body = `{"objects":[${JSON.stringify(indicator(7010, undefined, { x_note: 'a\u0000b' }))},${JSON.stringify(
        indicator(7011),
      ).replace(/}$/, ',"x_s":"\\ud800"}')},{"type":"indicator","id":"indicator--\\u0000"}]}`;
      const res = await taxiiPost(app, OBJECTS, body);
      assertNo5xx(res, 'NUL in JSON strings');
      assert.equal(res.statusCode, 202);
      assert.equal(json<{ failure_count: number }>(res).failure_count, 1);
      const back = await taxiiGet(app, `${OBJECTS}${indicator(7010).id}/`);
      assert.equal(json<{ objects: { x_note: string }[] }>(back).objects[0]?.x_note, 'a\u0000b');
    });

    it(`a body nested past ${MAX_BODY_DEPTH} levels, or a feedback body past the object limit, is 400`, async () => {
      const deep = await taxiiPost(
        app,
        OBJECTS,
        `{"objects":[${'['.repeat(MAX_BODY_DEPTH + 1)}${']'.repeat(MAX_BODY_DEPTH + 1)}]}`,
      );
      assertNo5xx(deep, 'deep body');
      assert.equal(deep.statusCode, 400);
      assert.match(
        json<{ description: string }>(deep).description,
        new RegExp(`deeper than ${MAX_BODY_DEPTH}`),
      );
      const ack = await taxiiPost(
        app,
        `/${DEMO_ROOT}/feedback/objects/${indicator(7001).id}/ack`,
        `{"kind":"received","x":${'['.repeat(MAX_OBJECT_DEPTH + 5)}${']'.repeat(MAX_OBJECT_DEPTH + 5)}}`,
      );
      assertNo5xx(ack, 'deep ack');
      assert.equal(ack.statusCode, 400);
    });

    it(`survives 150 random hostile requests (seed ${SEED}) without a 5xx`, async () => {
      const r = seededRandom(SEED);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
      const weird = () =>
        pick([NUL, SURROGATE, `a${NUL}b`, '%EF%BF%BF', '%C0%80', 'x'.repeat(600), '%F0%9F%92%A5', '']);
      const segment = () =>
        r() < 0.5 ? weird() : pick(['indicator--1', DEMO_COLLECTIONS.shared, DEMO_ROOT]);
      const paths = [
        () => `/${segment()}/`,
        () => `/${DEMO_ROOT}/collections/${segment()}/objects/`,
        () => `${OBJECTS}${segment()}/`,
        () => `${OBJECTS}?match[id]=${weird()}&match[type]=${weird()}`,
        () => `${OBJECTS}?next=${pick([weird(), cursor(`x${pick(['\u0000', '\ud800', '\udc00'])}`)])}`,
        () => `/${DEMO_ROOT}/status/${segment()}/`,
        () => `/${DEMO_ROOT}/feedback/objects/${segment()}/sightings/?limit=${weird()}`,
      ];
      const auths = [
        ALICE,
        ALICE,
        ALICE,
        basic(`alice${pick(['\u0000', '\ud800'])}`, 'alice-password'),
        basic('alice', `x\u0000${'y'.repeat(20)}`),
        `Token lsk_${'0'.repeat(16)}_${'\u0000'.repeat(43)}`,
        'Basic %00',
      ];
      const bodies = [
        () => JSON.stringify({ objects: [indicator(7100 + Math.floor(r() * 100))] }),
        () => `{"objects":[${withDeepProperty(indicator(7200), 1 + Math.floor(r() * 3000))}]}`,
        () => `{"objects":[{"type":"indicator","id":"indicator--\\u0000","x":"\\udc00"}]}`,
        () => '['.repeat(Math.floor(r() * 200_000)),
        () =>
          `{"objects":[${JSON.stringify(indicator(7300, undefined, { pattern: '('.repeat(Math.floor(r() * 5000)) }))}]}`,
      ];
      for (let i = 0; i < 150; i++) {
        const url = pick(paths)();
        const authorization = pick(auths);
        const post = r() < 0.35;
        const res = post
          ? await app.inject({
              method: 'POST',
              url: pick([url, OBJECTS]),
              headers: { authorization, accept: TAXII_MEDIA, 'content-type': TAXII_MEDIA },
              payload: pick(bodies)(),
            })
          : await app.inject({ method: 'GET', url, headers: { authorization, accept: TAXII_MEDIA } });
        assertNo5xx(res, `case ${i}: ${post ? 'POST' : 'GET'} ${url.slice(0, 120)}`);
      }
    });
  });
}
