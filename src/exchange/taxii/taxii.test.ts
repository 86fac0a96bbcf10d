import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TLP2_IDS } from '../../stix/tlp.js';
import { DEMO_COLLECTIONS, DEMO_ROOT } from '../demo.js';
import { newApiKey } from '../credentials.js';
import type { TestServer } from '../../server/test-helpers/taxii-factories.js';
import {
  ALICE,
  BOB,
  basic,
  demoServer,
  indicator,
  json,
  taxiiGet,
  taxiiPost,
} from '../../server/test-helpers/taxii-factories.js';
import { TAXII_MEDIA } from './media.js';

const ROOT = `/${DEMO_ROOT}`;
const coll = (id: string) => `${ROOT}/collections/${id}`;
const SHARED = coll(DEMO_COLLECTIONS.shared);
const PARTNER = coll(DEMO_COLLECTIONS.partner);
const INTERNAL = coll(DEMO_COLLECTIONS.internal);

interface Envelope {
  more?: boolean;
  next?: string;
  objects?: Record<string, unknown>[];
}
interface Status {
  id: string;
  status: string;
  total_count: number;
  success_count: number;
  failure_count: number;
  failures: { id: string; version: string; message?: string }[];
  successes: { id: string; version: string }[];
}

function assertTaxiiError(
  res: { statusCode: number; headers: Record<string, unknown>; body: string },
  status: number,
) {
  assert.equal(res.statusCode, status, res.body);
  assert.match(String(res.headers['content-type']), /^application\/taxii\+json;version=2\.1/);
  const body = JSON.parse(res.body) as Record<string, unknown>;
  assert.equal(body.http_status, String(status));
  assert.equal(typeof body.title, 'string');
  assert.match(String(body.error_code), /^ERR_/);
}

describe('TAXII 2.1 server', () => {
  let s: TestServer;
  before(async () => {
    s = await demoServer();
  });
  after(async () => {
    await s.close();
  });

  describe('discovery, API root, authentication, negotiation', () => {
    it('serves discovery with absolute API root URLs in the TAXII media type', async () => {
      const res = await taxiiGet(s.app, '/taxii2/');
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], TAXII_MEDIA);
      const body = json(res);
      assert.equal(body.title, 'Lockstep demo TAXII server');
      assert.deepEqual(body.api_roots, [`http://localhost:80${ROOT}/`]);
      assert.equal(body.default, `http://localhost:80${ROOT}/`);
    });

    it('answers 401 with a TAXII error and WWW-Authenticate for missing or wrong credentials', async () => {
      for (const auth of [
        undefined,
        basic('alice', 'wrong'),
        basic('nobody', 'x'),
        'Token lsk_nope',
        'Bearer ',
        'Digest x',
        'Basic ###',
      ]) {
        const res = await s.app.inject({
          url: '/taxii2/',
          headers: { accept: TAXII_MEDIA, ...(auth ? { authorization: auth } : {}) },
        });
        assertTaxiiError(res, 401);
        assert.match(String(res.headers['www-authenticate']), /Basic/);
      }
    });

    it('accepts API keys as "Token" (taxii2-client) and "Bearer", and rejects a wrong secret', async () => {
      const k = newApiKey();
      await s.store.putApiKey({
        id: k.id,
        username: 'bob',
        secretHash: k.secretHash,
        createdAt: new Date().toISOString(),
      });
      for (const scheme of ['Token', 'Bearer']) {
        const res = await taxiiGet(s.app, `${INTERNAL}/`, `${scheme} ${k.key}`);
        assert.equal(res.statusCode, 200, `${scheme}: ${res.body}`);
      }
      const forged = k.key.slice(0, -3) + (k.key.endsWith('AAA') ? 'BBB' : 'AAA');
      assertTaxiiError(await taxiiGet(s.app, `${INTERNAL}/`, `Token ${forged}`), 401);
      await s.store.deleteApiKey(k.id);
      assertTaxiiError(await taxiiGet(s.app, `${INTERNAL}/`, `Token ${k.key}`), 401);
    });

    it('negotiates Accept: 406 for other media types, TAXII 2.1 / unversioned / wildcards accepted', async () => {
      for (const accept of [
        'application/json',
        'application/taxii+json;version=2.0',
        'text/html',
        'application/taxii+json;q=0',
      ])
        assertTaxiiError(await taxiiGet(s.app, '/taxii2/', ALICE, { accept }), 406);
      for (const accept of [
        'application/taxii+json',
        'application/taxii+json; version=2.1',
        '*/*',
        'text/html, application/*;q=0.5',
      ])
        assert.equal((await taxiiGet(s.app, '/taxii2/', ALICE, { accept })).statusCode, 200, accept);
    });

    it('describes the API root and 404s an unknown one', async () => {
      const body = json(await taxiiGet(s.app, `${ROOT}/`));
      assert.deepEqual(body.versions, [TAXII_MEDIA]);
      assert.equal(body.max_content_length, 10 * 1024 * 1024);
      assertTaxiiError(await taxiiGet(s.app, '/nope/'), 404);
      assertTaxiiError(await taxiiGet(s.app, '/nope/collections/'), 404);
      assertTaxiiError(await taxiiGet(s.app, '/totally/unknown/path/here/'), 404);
    });
  });

  describe('collections and permissions', () => {
    it('lists only collections the caller has a grant on, with their own can_read / can_write', async () => {
      const body = json<{
        collections: { id: string; can_read: boolean; can_write: boolean; media_types: string[] }[];
      }>(await taxiiGet(s.app, `${ROOT}/collections/`));
      const byId = new Map(body.collections.map((c) => [c.id, c]));
      assert.deepEqual([...byId.keys()].sort(), [DEMO_COLLECTIONS.partner, DEMO_COLLECTIONS.shared].sort());
      assert.equal(byId.get(DEMO_COLLECTIONS.shared)?.can_write, true);
      assert.equal(byId.get(DEMO_COLLECTIONS.partner)?.can_read, true);
      assert.equal(byId.get(DEMO_COLLECTIONS.partner)?.can_write, false);
      const bobs = json<{ collections: unknown[] }>(await taxiiGet(s.app, `${ROOT}/collections/`, BOB));
      assert.equal(bobs.collections.length, 3);
    });

    it('404s a collection without any grant, 403s a visible one without the needed permission', async () => {
      assertTaxiiError(await taxiiGet(s.app, `${INTERNAL}/`), 404);
      assertTaxiiError(await taxiiGet(s.app, `${INTERNAL}/objects/`), 404);
      assertTaxiiError(await taxiiPost(s.app, `${INTERNAL}/objects/`, { objects: [indicator()] }), 404);
      assertTaxiiError(await taxiiPost(s.app, `${PARTNER}/objects/`, { objects: [indicator()] }), 403);
      assertTaxiiError(
        await taxiiGet(s.app, `${ROOT}/collections/00000000-0000-4000-8000-000000000000/`),
        404,
      );
      const c = json(await taxiiGet(s.app, `${PARTNER}/`));
      assert.equal(c.can_write, false);
    });
  });

  describe('TLP 2.0 on every read path', () => {
    const STRICT = 'note--4c6e8a0b-2d4f-4a6c-8e1b-3d5f7a9c1e2b';
    const RED = 'note--9e1c3a5d-7f2b-4d6e-8a0c-2e4a6c8e0a1b';
    const AMBER = 'indicator--2b4d6f8a-1c3e-4a5b-9d7f-0e2c4a6b8d1f';
    const ids = async (auth: string, path = `${PARTNER}/objects/`) =>
      (json<Envelope>(await taxiiGet(s.app, path, auth)).objects ?? []).map((o) => o.id as string);

    it('hides AMBER+STRICT from other orgs, shows AMBER to trust-group peers and RED to named recipients', async () => {
      const alice = await ids(ALICE);
      const bob = await ids(BOB);
      assert.ok(bob.includes(STRICT) && bob.includes(RED) && bob.includes(AMBER));
      assert.ok(!alice.includes(STRICT), 'AMBER+STRICT stays in the producing org');
      assert.ok(alice.includes(AMBER), 'AMBER reaches the trust group');
      assert.ok(alice.includes(RED), 'org B names alice as a RED recipient');
      assert.equal(bob.length - alice.length, 1);
    });

    it('hides RED from an unnamed member of the same org and AMBER outside the trust group', async () => {
      await s.store.putUser({
        username: 'carol',
        org: 'org-a',
        passwordHash: (await s.store.getUser('alice'))!.passwordHash,
      });
      const carol = basic('carol', 'alice-password');
      const seen = await ids(carol);
      assert.ok(!seen.includes(RED));
      assert.ok(seen.includes(AMBER));
      await s.store.putOrg({ id: 'org-z', name: 'Outsider', redRecipients: [] });
      await s.store.putUser({
        username: 'zoe',
        org: 'org-z',
        passwordHash: (await s.store.getUser('alice'))!.passwordHash,
      });
      await s.store.putGrant({
        collection: DEMO_COLLECTIONS.partner,
        granteeKind: 'org',
        grantee: 'org-z',
        read: true,
        write: false,
      });
      const zoe = await ids(basic('zoe', 'alice-password'));
      assert.ok(!zoe.includes(AMBER) && !zoe.includes(RED) && !zoe.includes(STRICT));
      assert.ok(
        zoe.includes('report--6f8b0d2e-4a1c-4e3b-9f5d-7b9d1f3a5c8e'),
        'GREEN reaches every reader by default',
      );
      // The same rules hold on the single-object, versions and manifest endpoints.
      assertTaxiiError(
        await taxiiGet(s.app, `${PARTNER}/objects/${AMBER}/`, basic('zoe', 'alice-password')),
        404,
      );
      assertTaxiiError(await taxiiGet(s.app, `${PARTNER}/objects/${STRICT}/versions/`), 404);
      const manifest = json<{ objects: { id: string }[] }>(await taxiiGet(s.app, `${PARTNER}/manifest/`));
      assert.ok(!manifest.objects.some((o) => o.id === STRICT));
      assert.equal((await taxiiGet(s.app, `${PARTNER}/objects/${STRICT}/`, BOB)).statusCode, 200);
    });

    it('applies a collection policy that keeps GREEN inside the producing org', async () => {
      const c = (await s.store.getCollection(DEMO_ROOT, DEMO_COLLECTIONS.shared))!;
      await s.store.putCollection({ ...c, policy: { ...c.policy, green: 'org' } });
      try {
        const green = indicator(4242, '2026-04-01T12:00:00.000Z', { object_marking_refs: [TLP2_IDS.green] });
        assert.equal(
          json<Status>(await taxiiPost(s.app, `${SHARED}/objects/`, { objects: [green] }, BOB)).success_count,
          1,
        );
        assert.equal((await taxiiGet(s.app, `${SHARED}/objects/${green.id}/`, BOB)).statusCode, 200);
        assertTaxiiError(await taxiiGet(s.app, `${SHARED}/objects/${green.id}/`, ALICE), 404);
      } finally {
        await s.store.putCollection(c);
      }
    });
  });

  describe('adding objects', () => {
    it('stores a valid envelope, answers 202 with a complete status, readable with or without trailing slash', async () => {
      const objs = [indicator(), indicator()];
      const res = await taxiiPost(s.app, `${SHARED}/objects/`, { objects: objs });
      assert.equal(res.statusCode, 202, res.body);
      const st = json<Status>(res);
      assert.equal(st.status, 'complete');
      assert.equal(st.success_count, 2);
      assert.deepEqual(st.successes.map((x) => x.id).sort(), objs.map((o) => o.id).sort());
      for (const suffix of ['/', '']) {
        const again = await taxiiGet(s.app, `${ROOT}/status/${st.id}${suffix}`);
        assert.equal(again.statusCode, 200);
        assert.deepEqual(json(again), json(res));
      }
      assertTaxiiError(await taxiiGet(s.app, `${ROOT}/status/${st.id}/`, BOB), 404);
      assertTaxiiError(await taxiiGet(s.app, `${ROOT}/status/nope/`), 404);
      const got = json<Envelope>(await taxiiGet(s.app, `${SHARED}/objects/${objs[0]!.id}/`));
      assert.deepEqual(got.objects, [objs[0]]);
    });

    it('records invalid objects as failures with the reason and still stores the valid ones', async () => {
      const good = indicator();
      const bad = { ...indicator(), pattern_type: undefined, modified: 'not-a-time' };
      const res = await taxiiPost(s.app, `${SHARED}/objects/`, {
        objects: [good, bad, 42, { type: 'bundle', id: 'bundle--x' }],
      });
      assert.equal(res.statusCode, 202);
      const st = json<Status>(res);
      assert.equal(st.total_count, 4);
      assert.equal(st.success_count, 1);
      assert.equal(st.failure_count, 3);
      const f = st.failures.find((x) => x.id === bad.id);
      assert.ok(f?.message && f.message.length > 5, 'the failure says why');
      assert.equal((await taxiiGet(s.app, `${SHARED}/objects/${good.id}/`)).statusCode, 200);
      assertTaxiiError(await taxiiGet(s.app, `${SHARED}/objects/${bad.id}/`), 404);
    });

    it('treats re-posting the same version as success without a duplicate', async () => {
      const o = indicator();
      await taxiiPost(s.app, `${SHARED}/objects/`, { objects: [o] });
      const st = json<Status>(await taxiiPost(s.app, `${SHARED}/objects/`, { objects: [o] }));
      assert.equal(st.success_count, 1);
      const versions = json<{ versions: string[] }>(
        await taxiiGet(s.app, `${SHARED}/objects/${o.id}/versions/`),
      );
      assert.deepEqual(versions.versions, [o.modified]);
    });

    it('answers 415, 400, 422 and 413 for bad bodies and writes nothing', async () => {
      const before = await s.store.countObjects(DEMO_COLLECTIONS.shared);
      const url = `${SHARED}/objects/`;
      const env = { objects: [indicator()] };
      assertTaxiiError(await taxiiPost(s.app, url, env, ALICE, { 'content-type': 'application/json' }), 415);
      assertTaxiiError(
        await taxiiPost(s.app, url, env, ALICE, { 'content-type': 'application/taxii+json;version=2.0' }),
        415,
      );
      assertTaxiiError(await taxiiPost(s.app, url, env, ALICE, { 'content-type': 'text/plain' }), 415);
      assertTaxiiError(await taxiiPost(s.app, url, '{"objects": [', ALICE), 400);
      assertTaxiiError(await taxiiPost(s.app, url, '', ALICE), 400);
      assertTaxiiError(await taxiiPost(s.app, url, { type: 'bundle', objects: 'x' }), 422);
      assertTaxiiError(await taxiiPost(s.app, url, [indicator()]), 422);
      const root = (await s.store.getApiRoot(DEMO_ROOT))!;
      await s.store.putApiRoot({ ...root, maxContentLength: 200 });
      try {
        assertTaxiiError(await taxiiPost(s.app, url, { objects: [indicator(), indicator()] }), 413);
      } finally {
        await s.store.putApiRoot(root);
      }
      assertTaxiiError(await taxiiPost(s.app, url, 'x'.repeat(11 * 1024 * 1024), ALICE), 413);
      assert.equal(await s.store.countObjects(DEMO_COLLECTIONS.shared), before);
    });
  });

  describe('reading: paging, filters, versions, manifest, delete', () => {
    const C = `${ROOT}/collections/`;
    let url: string;
    const ids: string[] = [];
    before(async () => {
      const id = 'd0d0d0d0-0000-4000-8000-000000000001';
      await s.store.putCollection({
        id,
        apiRoot: DEMO_ROOT,
        title: 'paging',
        policy: { clear: 'readers', green: 'readers', none: 'readers' },
      });
      await s.store.putGrant({
        collection: id,
        granteeKind: 'org',
        grantee: 'org-a',
        read: true,
        write: true,
      });
      url = `${C}${id}`;
      for (let env = 0; env < 3; env++) {
        const objs = Array.from({ length: 4 }, () => indicator());
        ids.push(...objs.map((o) => o.id));
        assert.equal(
          json<Status>(await taxiiPost(s.app, `${url}/objects/`, { objects: objs })).success_count,
          4,
        );
      }
      const v2 = indicator(Number(ids[0]!.slice(15, 19)), '2026-05-01T00:00:00.000Z', { name: 'v2' });
      assert.equal(v2.id, ids[0]);
      await taxiiPost(s.app, `${url}/objects/`, {
        objects: [v2, { ...indicator(), type: 'indicator', spec_version: '2.1' }],
      });
    });

    it('pages with limit / next / more and date-added headers, covering every object once', async () => {
      const seen: string[] = [];
      let next: string | undefined;
      let pages = 0;
      do {
        const res = await taxiiGet(
          s.app,
          `${url}/objects/?limit=5${next ? `&next=${encodeURIComponent(next)}` : ''}`,
        );
        assert.equal(res.statusCode, 200);
        const env = json<Envelope>(res);
        assert.ok((env.objects?.length ?? 0) <= 5);
        assert.ok(
          String(res.headers['x-taxii-date-added-first']) <= String(res.headers['x-taxii-date-added-last']),
        );
        seen.push(...(env.objects ?? []).map((o) => o.id as string));
        assert.equal(env.more, env.next !== undefined);
        next = env.next;
        pages++;
      } while (next);
      assert.equal(pages, 3);
      assert.equal(seen.length, new Set(seen).size);
      assert.equal(seen.length, 13, '12 objects + 1 more, latest versions only');
    });

    it('rejects bad paging parameters with 400', async () => {
      for (const q of [
        'limit=0',
        'limit=-1',
        'limit=abc',
        'next=%21%21',
        'added_after=yesterday',
        'match[version]=newest',
        'match[type]=BAD TYPE',
      ])
        assertTaxiiError(await taxiiGet(s.app, `${url}/objects/?${q}`), 400);
    });

    it('filters by match[type], match[id], match[version], match[spec_version] and added_after', async () => {
      const count = async (q: string) =>
        (json<Envelope>(await taxiiGet(s.app, `${url}/objects/?${q}`)).objects ?? []).length;
      assert.equal(await count('match[type]=indicator'), 13);
      assert.equal(await count('match[type]=malware'), 0);
      assert.equal(await count(`match[id]=${ids[1]!},${ids[2]!}`), 2);
      assert.equal(await count(`match[id]=${ids[1]!}&match[id]=${ids[2]!}`), 2);
      assert.equal(await count('match[version]=all'), 14);
      assert.equal(await count(`match[id]=${ids[0]!}&match[version]=first`), 1);
      assert.equal(await count(`match[id]=${ids[0]!}&match[version]=first,last`), 2);
      assert.equal(await count(`match[id]=${ids[0]!}&match[version]=2026-05-01T00:00:00Z`), 1);
      assert.equal(await count('match[spec_version]=2.0'), 0);
      const first = await taxiiGet(s.app, `${url}/objects/?limit=4`);
      const cut = String(first.headers['x-taxii-date-added-last']);
      assert.equal(await count(`added_after=${cut}`), 9);
    });

    it('lists versions and the manifest', async () => {
      const v = json<{ versions: string[] }>(await taxiiGet(s.app, `${url}/objects/${ids[0]!}/versions/`));
      assert.deepEqual([...v.versions].sort(), ['2026-04-01T12:00:00.000Z', '2026-05-01T00:00:00.000Z']);
      const m = json<{ objects: { id: string; version: string; date_added: string; media_type: string }[] }>(
        await taxiiGet(s.app, `${url}/manifest/?match[id]=${ids[0]!}`),
      );
      assert.equal(m.objects.length, 1);
      const [entry] = m.objects;
      assert.ok(entry);
      assert.equal(entry.version, '2026-05-01T00:00:00.000Z');
      assert.equal(entry.media_type, 'application/stix+json;version=2.1');
      assert.match(entry.date_added, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    });

    it('deletes an object (one version, then all) and 404s afterwards; read-only callers get 403', async () => {
      const del = (q = '', auth = ALICE) =>
        s.app.inject({
          method: 'DELETE',
          url: `${url}/objects/${ids[0]!}/${q}`,
          headers: { authorization: auth, accept: TAXII_MEDIA },
        });
      await s.store.putGrant({
        collection: url.split('/').at(-1)!,
        granteeKind: 'org',
        grantee: 'org-b',
        read: true,
        write: false,
      });
      assertTaxiiError(await del('', BOB), 403);
      assert.equal((await del('?match[version]=first')).statusCode, 200);
      const v = json<{ versions: string[] }>(await taxiiGet(s.app, `${url}/objects/${ids[0]!}/versions/`));
      assert.deepEqual(v.versions, ['2026-05-01T00:00:00.000Z']);
      assert.equal((await del()).statusCode, 200);
      assertTaxiiError(await taxiiGet(s.app, `${url}/objects/${ids[0]!}/`), 404);
      assertTaxiiError(await del(), 404);
    });
  });
});
