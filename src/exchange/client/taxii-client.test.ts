import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isLockstepError } from '../../core/errors.js';
import { newApiKey } from '../credentials.js';
import { DEMO_COLLECTIONS, DEMO_ROOT } from '../demo.js';
import { indicator } from '../../server/test-helpers/taxii-factories.js';
import { TaxiiHttp, retryAfterMs } from './http.js';
import type { LiveServer } from '../../server/test-helpers/live-server.js';
import { clientFor, liveDemo } from '../../server/test-helpers/live-server.js';
import { TaxiiClient } from './taxii-client.js';
import type { StixObject } from './resources.js';

const MEDIA = 'application/taxii+json;version=2.1';

function reply(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': MEDIA, ...headers },
  });
}

async function rejectsWith(p: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(isLockstepError(e), String(e));
    assert.equal(e.code, code, e.message);
    return true;
  });
}

describe('TAXII client against a live Lockstep server', () => {
  let s: LiveServer;
  before(async () => {
    s = await liveDemo();
  });
  after(() => s.close());

  it('discovers the default API root and resolves a collection by alias, id and title', async () => {
    const c = clientFor('alice', 'alice-password');
    const d = await c.discovery(s.discoveryUrl);
    assert.equal(d.default, `${s.base}/${DEMO_ROOT}/`);
    const byAlias = await c.resolveCollection(s.discoveryUrl, 'partner-feed');
    assert.equal(byAlias.info.id, DEMO_COLLECTIONS.partner);
    assert.equal(byAlias.info.can_write, false);
    assert.equal(byAlias.url, `${s.base}/${DEMO_ROOT}/collections/${DEMO_COLLECTIONS.partner}/`);
    const byId = await c.resolveCollection(`${s.base}/${DEMO_ROOT}`, DEMO_COLLECTIONS.shared);
    assert.equal(byId.info.can_write, true);
    assert.ok(byId.maxContentLength > 0);
    const byTitle = await c.resolveCollection(s.discoveryUrl, byId.info.title);
    assert.equal(byTitle.info.id, DEMO_COLLECTIONS.shared);
    // alice has no grant on the internal collection: it is invisible, not merely forbidden
    await rejectsWith(c.resolveCollection(s.discoveryUrl, DEMO_COLLECTIONS.internal), 'ERR_TAXII_NOT_FOUND');
  });

  it('pages with next and returns what one big page returns, in the same order', async () => {
    const c = clientFor('alice', 'alice-password');
    const coll = await c.resolveCollection(s.discoveryUrl, 'partner-feed');
    const whole = await c.objectsPage(coll.url, { limit: 1000 });
    assert.equal(whole.more, false);
    assert.ok(whole.objects.length >= 5);
    const paged: string[] = [];
    let pages = 0;
    for await (const p of c.objectPages(coll.url, { limit: 2 })) {
      pages++;
      assert.ok(p.objects.length <= 2);
      assert.ok(p.dateAddedLast, 'X-TAXII-Date-Added-Last is read');
      paged.push(...p.objects.map((o) => o.id));
    }
    assert.equal(pages, Math.ceil(whole.objects.length / 2));
    assert.deepEqual(
      paged,
      whole.objects.map((o) => o.id),
    );
    const types = await c.objectsPage(coll.url, { types: ['note'] });
    assert.ok(types.objects.every((o) => o.type === 'note'));
    const manifest = await c.manifest(coll.url, { limit: 3 });
    assert.deepEqual(
      manifest.map((m) => m.id),
      whole.objects.map((o) => o.id),
    );
  });

  it('adds in chunks, polls nothing when complete, reads versions and deletes', async () => {
    const c = clientFor('alice', 'alice-password');
    const coll = await c.resolveCollection(s.discoveryUrl, 'shared');
    const objs = [1, 2, 3, 4, 5].map((n) => indicator(4100 + n) as StixObject);
    const v2 = indicator(4101, '2026-05-01T00:00:00.000Z') as StixObject;
    const r = await c.addObjects(coll, [...objs, v2], { maxObjects: 2 });
    assert.equal(r.statusIds.length, 3);
    assert.equal(r.successes.length, 6);
    assert.equal(r.failures.length, 0);
    const st = await c.status(coll.apiRootUrl, r.statusIds[0]!);
    assert.equal(st.status, 'complete');
    assert.equal(st.success_count, 2);
    const versions = await c.versions(coll.url, objs[0]!.id);
    assert.deepEqual(versions, ['2026-04-01T12:00:00.000Z', '2026-05-01T00:00:00.000Z']);
    const latest = await c.getObject(coll.url, objs[0]!.id);
    assert.equal(latest[0]?.modified, '2026-05-01T00:00:00.000Z');
    // byte limit: envelopes are split so none exceeds maxBytes
    const totalBytes = objs.reduce((n, o) => n + Buffer.byteLength(JSON.stringify(o)) + 1, 0);
    const bySize = await c.addObjects(coll, objs, { maxBytes: 1200 });
    assert.ok(
      bySize.statusIds.length >= Math.ceil(totalBytes / 1200),
      `${bySize.statusIds.length} envelopes`,
    );
    assert.ok(bySize.statusIds.length > 1);
    assert.equal(bySize.successes.length, 5);
    await c.deleteObject(coll.url, objs[0]!.id);
    await rejectsWith(c.getObject(coll.url, objs[0]!.id), 'ERR_TAXII_NOT_FOUND');
  });

  it('reports an oversized object as a failure without sending it', async () => {
    const c = clientFor('alice', 'alice-password');
    const coll = await c.resolveCollection(s.discoveryUrl, 'shared');
    const big = indicator(4200, undefined, { description: 'x'.repeat(5000) }) as StixObject;
    const r = await c.addObjects(coll, [big, indicator(4201)], { maxBytes: 2000 });
    assert.equal(r.failures.length, 1);
    assert.equal(r.failures[0]?.id, big.id);
    assert.equal(r.successes.length, 1);
  });

  it('authenticates with API keys as Token and Bearer; wrong credentials are ERR_TAXII_UNAUTHORIZED', async () => {
    const k = newApiKey();
    await s.store.putApiKey({
      id: k.id,
      username: 'bob',
      secretHash: k.secretHash,
      createdAt: new Date().toISOString(),
    });
    for (const scheme of ['Token', 'Bearer'] as const) {
      const c = new TaxiiClient(new TaxiiHttp({ auth: { kind: 'token', token: k.key, scheme } }));
      const coll = await c.resolveCollection(s.discoveryUrl, 'internal');
      assert.equal(coll.info.id, DEMO_COLLECTIONS.internal);
    }
    const wrong = clientFor('alice', 'not-her-password');
    await rejectsWith(wrong.discovery(s.discoveryUrl), 'ERR_TAXII_UNAUTHORIZED');
    const none = new TaxiiClient(new TaxiiHttp({ retries: 0 }));
    await assert.rejects(none.discovery(s.discoveryUrl), (e: unknown) => {
      assert.ok(isLockstepError(e));
      assert.doesNotMatch(e.message, /password/);
      return true;
    });
  });

  it('a write to a read-only collection is ERR_TAXII_FORBIDDEN', async () => {
    const c = clientFor('alice', 'alice-password');
    const coll = await c.resolveCollection(s.discoveryUrl, 'partner-feed');
    await rejectsWith(c.addObjects(coll, [indicator(4300)]), 'ERR_TAXII_FORBIDDEN');
  });
});

describe('TAXII client against scripted servers', () => {
  const base = 'http://taxii.invalid/root/';

  it('retries 429/503 with backoff and Retry-After, then succeeds', async () => {
    const answers = [
      reply(503, { title: 'busy' }),
      reply(429, { title: 'slow down' }, { 'retry-after': '2' }),
      reply(200, { title: 'root', versions: [MEDIA], max_content_length: 1000 }),
    ];
    const delays: number[] = [];
    const http = new TaxiiHttp({
      fetch: () => Promise.resolve(answers.shift()!),
      sleep: (ms) => {
        delays.push(ms);
        return Promise.resolve();
      },
      backoffMs: 100,
    });
    const root = await new TaxiiClient(http).apiRoot(base);
    assert.equal(root.title, 'root');
    assert.deepEqual(delays, [100, 2000]);
    assert.equal(http.sent, 3);
  });

  it('gives up after the retry bound with the remote error, and on network failure', async () => {
    let calls = 0;
    const http = new TaxiiHttp({
      retries: 3,
      fetch: () => {
        calls++;
        return Promise.resolve(reply(502, { title: 'Bad Gateway', description: 'upstream down' }));
      },
      sleep: () => Promise.resolve(),
    });
    await assert.rejects(new TaxiiClient(http).apiRoot(base), (e: unknown) => {
      assert.ok(isLockstepError(e));
      assert.equal(e.code, 'ERR_TAXII_REMOTE_ERROR');
      assert.match(e.message, /502: Bad Gateway — upstream down \(after 4 attempts\)/);
      return true;
    });
    assert.equal(calls, 4);
    const down = new TaxiiHttp({
      retries: 1,
      fetch: () => Promise.reject(new TypeError('fetch failed')),
      sleep: () => Promise.resolve(),
    });
    await rejectsWith(new TaxiiClient(down).apiRoot(base), 'ERR_TAXII_REMOTE_UNREACHABLE');
  });

  it('does not retry a 400 and rejects answers that are not TAXII JSON', async () => {
    let calls = 0;
    const http = new TaxiiHttp({
      fetch: () => {
        calls++;
        return Promise.resolve(reply(400, { title: 'Bad Request' }));
      },
    });
    await rejectsWith(new TaxiiClient(http).apiRoot(base), 'ERR_TAXII_REMOTE_ERROR');
    assert.equal(calls, 1);
    const html = new TaxiiHttp({
      fetch: () =>
        Promise.resolve(new Response('<html></html>', { headers: { 'content-type': 'text/html' } })),
    });
    await rejectsWith(new TaxiiClient(html).apiRoot(base), 'ERR_TAXII_REMOTE_BAD_RESPONSE');
    const wrongType = new TaxiiHttp({
      fetch: () =>
        Promise.resolve(new Response('{"title":"x"}', { headers: { 'content-type': 'application/json' } })),
    });
    await rejectsWith(new TaxiiClient(wrongType).apiRoot(base), 'ERR_TAXII_REMOTE_BAD_RESPONSE');
    const missing = new TaxiiHttp({ fetch: () => Promise.resolve(reply(200, { title: 'no versions' })) });
    await rejectsWith(new TaxiiClient(missing).apiRoot(base), 'ERR_TAXII_REMOTE_BAD_RESPONSE');
  });

  it('pages by added_after + X-TAXII-Date-Added-Last when a server gives "more" without "next"', async () => {
    const objects = Array.from({ length: 5 }, (_, i) => ({
      ...indicator(4400 + i),
      date_added: `2026-06-01T00:00:0${i}.000000Z`,
    }));
    const seen: (string | null)[] = [];
    const http = new TaxiiHttp({
      fetch: (input) => {
        const u = new URL(input instanceof Request ? input.url : String(input));
        const after = u.searchParams.get('added_after');
        seen.push(after);
        const rest = objects.filter((o) => after === null || o.date_added > after).slice(0, 2);
        const more = objects.indexOf(rest[rest.length - 1]!) < objects.length - 1;
        return Promise.resolve(
          reply(
            200,
            { more, objects: rest },
            { 'x-taxii-date-added-last': rest[rest.length - 1]!.date_added },
          ),
        );
      },
    });
    const ids: string[] = [];
    for await (const p of new TaxiiClient(http).objectPages(`${base}collections/c/`))
      ids.push(...p.objects.map((o) => o.id));
    assert.deepEqual(
      ids,
      objects.map((o) => o.id),
    );
    assert.deepEqual(seen, [null, objects[1]!.date_added, objects[3]!.date_added]);
  });

  it('stops a server that pages without advancing', async () => {
    const http = new TaxiiHttp({
      fetch: () => Promise.resolve(reply(200, { more: true, next: 'same', objects: [indicator(4500)] })),
    });
    const pages = new TaxiiClient(http).objectPages(`${base}collections/c/`);
    await assert.rejects(
      (async () => {
        for await (const p of pages) assert.ok(p);
      })(),
      /paging does not advance/,
    );
    const noCursor = new TaxiiHttp({ fetch: () => Promise.resolve(reply(200, { more: true, objects: [] })) });
    await rejectsWith(
      (async () => {
        for await (const p of new TaxiiClient(noCursor).objectPages(`${base}collections/c/`)) assert.ok(p);
      })(),
      'ERR_TAXII_REMOTE_BAD_RESPONSE',
    );
  });

  it('polls a pending status until complete, and times out when it never completes', async () => {
    const pending = {
      id: 's1',
      status: 'pending',
      total_count: 1,
      success_count: 0,
      failure_count: 0,
      pending_count: 1,
    };
    const done = {
      ...pending,
      status: 'complete',
      success_count: 1,
      pending_count: 0,
      successes: [{ id: 'indicator--x', version: 'v' }],
    };
    const script = [reply(202, pending), reply(200, pending), reply(200, done)];
    const urls: string[] = [];
    const http = new TaxiiHttp({
      fetch: (input) => {
        urls.push(input instanceof Request ? input.url : input.toString());
        return Promise.resolve(script.shift()!);
      },
    });
    const coll = {
      url: `${base}collections/c/`,
      apiRootUrl: base,
      maxContentLength: 100_000,
      info: { id: 'c', title: 'c', can_read: true, can_write: true },
    };
    const r = await new TaxiiClient(http).addObjects(coll, [indicator(4600)], {
      pollIntervalMs: 1,
    });
    assert.deepEqual(r.successes, [{ id: 'indicator--x', version: 'v' }]);
    assert.equal(urls[1], `${base}status/s1/`);
    const stuck = new TaxiiHttp({ fetch: () => Promise.resolve(reply(200, pending)) });
    await rejectsWith(
      new TaxiiClient(stuck).addObjects(coll, [indicator(4601)], {
        pollIntervalMs: 1,
        pollTimeoutMs: 5,
      }),
      'ERR_TAXII_STATUS_TIMEOUT',
    );
  });

  it('asks for an API root URL when discovery lists several roots and no default', async () => {
    const http = new TaxiiHttp({
      fetch: () =>
        Promise.resolve(
          reply(200, { title: 'two roots', api_roots: ['https://t.invalid/a/', 'https://t.invalid/b/'] }),
        ),
    });
    await assert.rejects(
      new TaxiiClient(http).resolveCollection('https://t.invalid/taxii2/', 'c'),
      (e: unknown) => {
        assert.ok(isLockstepError(e));
        assert.equal(e.code, 'ERR_USAGE');
        assert.match(e.message, /2 API roots and no default/);
        return true;
      },
    );
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    assert.equal(retryAfterMs('3'), 3000);
    assert.equal(retryAfterMs('Thu, 01 Jan 2026 00:00:10 GMT', Date.parse('2026-01-01T00:00:00Z')), 10_000);
    assert.equal(retryAfterMs('soon'), undefined);
    assert.equal(retryAfterMs(null), undefined);
  });
});
