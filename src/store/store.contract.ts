/* eslint-disable @typescript-eslint/no-floating-promises -- node:test awaits describe/it itself (as in
   the *.test.ts override of eslint.config.js); this file is a shared suite, not named *.test.ts. */
/**
 * The one contract every {@link Store} implementation passes (hono's shared-case pattern): the SQLite
 * and PostgreSQL test files each call {@link storeContract} with a harness that makes fresh databases.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isLockstepError } from '../core/errors.js';
import type { ObjectInput, Store, StoredObject, Tlp, Visibility } from './store.js';
import { DEFAULT_TLP_POLICY } from './store.js';
import { MIGRATIONS } from './migrations/index.js';

export interface StoreHarness {
  /** A fresh, empty database; `open` may be called more than once (two "server processes"). */
  create(): Promise<{ open(): Promise<Store> }>;
  /** Drops everything `create` made. */
  cleanup(): Promise<void>;
}

const ROOT = 'api1';

function indicator(n: number, modified = '2024-05-01T10:00:00.000Z', extra: Record<string, unknown> = {}) {
  return {
    type: 'indicator',
    spec_version: '2.1',
    id: `indicator--00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    created: '2024-05-01T10:00:00.000Z',
    modified,
    pattern: `[domain-name:value = 'site${n}.example']`,
    pattern_type: 'stix',
    valid_from: '2024-05-01T10:00:00Z',
    ...extra,
  };
}

function inputs(objs: Record<string, unknown>[], tlp: Tlp = 'green'): ObjectInput[] {
  return objs.map((object) => ({ object, tlp }));
}

let statusSeq = 0;
async function add(
  store: Store,
  collection: string,
  objs: ObjectInput[],
  producerOrg: string | null = 'org-a',
) {
  return store.addObjects({
    statusId: `status-${process.pid}-${++statusSeq}`,
    apiRoot: ROOT,
    collection,
    producerOrg,
    requestTimestamp: new Date().toISOString(),
    objects: objs,
    rejected: [],
  });
}

async function allPages(
  store: Store,
  collection: string,
  limit: number,
  extra: { visibility?: Visibility } = {},
) {
  const out: StoredObject[] = [];
  let next: string | undefined;
  let pages = 0;
  do {
    const page = await store.queryObjects({
      collection,
      versions: ['all'],
      limit,
      ...extra,
      ...(next ? { next } : {}),
    });
    out.push(...page.items);
    assert.equal(page.more, page.next !== undefined);
    next = page.next;
    assert.ok(++pages < 10_000, 'paging does not terminate');
  } while (next);
  return out;
}

export function storeContract(name: string, harness: StoreHarness): void {
  describe(`store contract: ${name}`, () => {
    let db: { open(): Promise<Store> };
    let store: Store;
    let coll = 0;
    /** A new collection per test, so tests do not depend on each other's rows. */
    async function collection(): Promise<string> {
      const id = `coll-${++coll}`;
      await store.putCollection({
        id,
        apiRoot: ROOT,
        title: `Collection ${coll}`,
        policy: DEFAULT_TLP_POLICY,
      });
      return id;
    }

    before(async () => {
      db = await harness.create();
      store = await db.open();
      await store.putApiRoot({ name: ROOT, title: 'Lockstep', maxContentLength: 1_000_000 });
      for (const id of ['org-a', 'org-b', 'org-c'])
        await store.putOrg({ id, name: id.toUpperCase(), redRecipients: [] });
    });
    after(async () => {
      await store.close();
      await harness.cleanup();
    });

    it('applies migrations on open and is idempotent when a second process opens the same database', async () => {
      assert.deepEqual(
        await store.migrations(),
        MIGRATIONS.map((m) => m.version),
      );
      const second = await db.open();
      try {
        assert.deepEqual(
          await second.migrations(),
          MIGRATIONS.map((m) => m.version),
        );
        assert.equal((await second.getApiRoot(ROOT))?.title, 'Lockstep');
      } finally {
        await second.close();
      }
    });

    it('round-trips API roots and collections, and upserts them', async () => {
      await store.putApiRoot({ name: 'other', title: 'Other', description: 'd', maxContentLength: 5 });
      assert.deepEqual(await store.getApiRoot('other'), {
        name: 'other',
        title: 'Other',
        description: 'd',
        maxContentLength: 5,
      });
      await store.putApiRoot({ name: 'other', title: 'Renamed', maxContentLength: 6 });
      assert.equal((await store.getApiRoot('other'))?.title, 'Renamed');
      assert.equal(await store.getApiRoot('missing'), undefined);
      const policy = { clear: 'readers', green: 'trust-groups', none: 'org' } as const;
      await store.putCollection({
        id: 'c-x',
        apiRoot: 'other',
        title: 'X',
        alias: 'x',
        description: 'about',
        policy,
      });
      assert.deepEqual(await store.getCollection('other', 'c-x'), {
        id: 'c-x',
        apiRoot: 'other',
        title: 'X',
        alias: 'x',
        description: 'about',
        policy,
      });
      assert.equal(await store.getCollection(ROOT, 'c-x'), undefined, 'a collection belongs to one API root');
      assert.deepEqual(
        (await store.listCollections('other')).map((c) => c.id),
        ['c-x'],
      );
      assert.ok((await store.listApiRoots()).some((r) => r.name === 'other'));
    });

    it('stores every version, writes a durable status, and treats an identical re-post as a no-op', async () => {
      const c = await collection();
      const v1 = indicator(1, '2024-05-01T10:00:00.000Z');
      const v2 = indicator(1, '2024-05-02T10:00:00.000Z', { name: 'second' });
      const st = await add(store, c, inputs([v1, v2, indicator(2)]));
      assert.equal(st.status, 'complete');
      assert.equal(st.successCount, 3);
      assert.equal(st.failureCount, 0);
      assert.deepEqual(await store.getStatus(ROOT, st.id), st);
      assert.equal(await store.countObjects(c), 3);

      // Same version, keys in another order: identical, so success without a new row.
      const reordered = Object.fromEntries(Object.entries(v1).reverse());
      const again = await add(store, c, inputs([reordered]));
      assert.equal(again.successCount, 1);
      assert.match(again.successes[0]?.message ?? '', /already present/);
      assert.equal(await store.countObjects(c), 3);

      // Same id and version, different content: a per-object failure, nothing overwritten.
      const clash = await add(store, c, inputs([{ ...v1, name: 'tampered' }]));
      assert.equal(clash.failureCount, 1);
      assert.equal(clash.successCount, 0);
      const [stored] = (
        await store.queryObjects({ collection: c, ids: [v1.id], versions: ['first'], limit: 10 })
      ).items;
      assert.deepEqual(JSON.parse(stored!.json), v1);

      // Equal instants with different precision are the same version.
      const same = await add(store, c, inputs([{ ...v1, modified: '2024-05-01T10:00:00Z' }]));
      assert.equal(
        same.failureCount,
        1,
        'a different serialisation of the same version is not identical content',
      );
      assert.equal(await store.countObjects(c), 3);
    });

    it('records rejected objects and duplicates inside one envelope in the status', async () => {
      const c = await collection();
      const st = await store.addObjects({
        statusId: `status-rej-${process.pid}`,
        apiRoot: ROOT,
        collection: c,
        producerOrg: 'org-a',
        requestTimestamp: '2024-06-01T00:00:00.000Z',
        objects: inputs([
          indicator(7),
          indicator(7),
          { type: 'indicator', id: 'indicator--x', modified: 'yesterday' },
        ]),
        rejected: [{ id: 'bad--1', message: 'invalid STIX' }],
      });
      assert.equal(st.totalCount, 4);
      assert.equal(st.successCount, 2);
      assert.equal(st.failureCount, 2);
      assert.deepEqual(st.failures.map((f) => f.id).sort(), ['bad--1', 'indicator--x']);
      assert.equal(await store.countObjects(c), 1);
      assert.deepEqual(await store.getStatus(ROOT, st.id), st);
      assert.equal(await store.getStatus('other-root', st.id), undefined);
    });

    it('writes nothing, not even a status, when the envelope transaction fails', async () => {
      await assert.rejects(
        store.addObjects({
          statusId: 'status-doomed',
          apiRoot: ROOT,
          collection: 'no-such-collection',
          producerOrg: 'org-a',
          requestTimestamp: '2024-06-01T00:00:00.000Z',
          objects: inputs([indicator(1)]),
          rejected: [],
        }),
      );
      assert.equal(await store.getStatus(ROOT, 'status-doomed'), undefined);
      assert.equal(await store.countObjects('no-such-collection'), 0);
    });

    it('selects versions: last (default), first, all, timestamps and unions of them', async () => {
      const c = await collection();
      const stamps = ['2024-01-01T00:00:00.000Z', '2024-02-01T00:00:00.000Z', '2024-03-01T00:00:00.000Z'];
      for (const m of stamps) await add(store, c, inputs([indicator(1, m), indicator(2, m)]));
      const versionsOf = async (versions?: Parameters<Store['queryObjects']>[0]['versions']) =>
        (
          await store.queryObjects({
            collection: c,
            ids: [indicator(1).id],
            limit: 100,
            ...(versions ? { versions } : {}),
          })
        ).items
          .map((o) => o.version)
          .sort();
      assert.deepEqual(await versionsOf(), [stamps[2]]);
      assert.deepEqual(await versionsOf(['first']), [stamps[0]]);
      assert.deepEqual(await versionsOf(['all']), stamps);
      assert.deepEqual(await versionsOf([{ at: '2024-02-01T00:00:00Z' }]), [stamps[1]]);
      assert.deepEqual(await versionsOf(['first', 'last']), [stamps[0], stamps[2]]);
      assert.deepEqual(await versionsOf([{ at: '2023-01-01T00:00:00Z' }]), []);
      const both = await store.queryObjects({ collection: c, limit: 100 });
      assert.equal(both.items.length, 2, 'latest version of each of the two objects');
    });

    it('filters by id, type, spec_version and added_after', async () => {
      const c = await collection();
      const first = await add(
        store,
        c,
        inputs([
          indicator(1),
          {
            type: 'identity',
            spec_version: '2.1',
            id: 'identity--00000000-0000-4000-8000-000000000001',
            created: '2024-01-01T00:00:00.000Z',
            modified: '2024-01-01T00:00:00.000Z',
            name: 'A',
          },
        ]),
      );
      assert.equal(first.successCount, 2);
      const firstPage = await store.queryObjects({ collection: c, limit: 10 });
      const cut = firstPage.items
        .map((o) => o.dateAdded)
        .sort()
        .at(-1)!;
      await add(store, c, inputs([indicator(2), { ...indicator(3), spec_version: '2.0' }]));

      const ids = async (f: Partial<Parameters<Store['queryObjects']>[0]>) =>
        (await store.queryObjects({ collection: c, limit: 100, ...f })).items.map((o) => o.id).sort();
      assert.deepEqual(await ids({ types: ['identity'] }), [
        'identity--00000000-0000-4000-8000-000000000001',
      ]);
      assert.deepEqual(await ids({ ids: [indicator(2).id, 'indicator--missing'] }), [indicator(2).id]);
      assert.deepEqual(await ids({ specVersions: ['2.0'] }), [indicator(3).id]);
      assert.deepEqual(await ids({ addedAfter: cut }), [indicator(2).id, indicator(3).id]);
      assert.deepEqual(await ids({ types: ['indicator'], specVersions: ['2.1'] }), [
        indicator(1).id,
        indicator(2).id,
      ]);
      assert.deepEqual(await ids({ types: ['malware'] }), []);
    });

    it('pages statelessly and stably: two store instances alternate and see every row exactly once', async () => {
      const c = await collection();
      for (let env = 0; env < 5; env++)
        await add(
          store,
          c,
          inputs(
            Array.from({ length: 13 }, (_, i) =>
              indicator(env * 100 + i, `2024-0${1 + (i % 3)}-01T00:00:00.000Z`),
            ),
          ),
        );
      const expected = await allPages(store, c, 1000);
      assert.equal(expected.length, 65);
      const second = await db.open();
      try {
        const seen: StoredObject[] = [];
        let next: string | undefined;
        let turn = 0;
        do {
          const s = turn++ % 2 === 0 ? store : second;
          const page = await s.queryObjects({
            collection: c,
            versions: ['all'],
            limit: 7,
            ...(next ? { next } : {}),
          });
          assert.ok(page.items.length <= 7);
          seen.push(...page.items);
          next = page.next;
        } while (next);
        assert.deepEqual(
          seen.map((o) => `${o.id}@${o.version}`),
          expected.map((o) => `${o.id}@${o.version}`),
        );
        const keys = expected.map((o) => [o.dateAdded, o.id].join('|'));
        assert.deepEqual([...keys].sort(), keys, 'rows come in (date_added, id) order');
      } finally {
        await second.close();
      }
      // Rows added while paging appear after the rows already seen, never in between.
      const p1 = await store.queryObjects({ collection: c, versions: ['all'], limit: 60 });
      await add(store, c, inputs([indicator(999)]));
      const rest = await allPages(store, c, 1000);
      const tail = await store.queryObjects({ collection: c, versions: ['all'], limit: 100, next: p1.next! });
      assert.deepEqual(
        tail.items.map((o) => o.id),
        rest.slice(60).map((o) => o.id),
      );
      assert.equal(tail.items.at(-1)?.id, indicator(999).id);
    });

    it('rejects malformed cursors with a coded error', async () => {
      const c = await collection();
      for (const bad of ['', 'not a cursor!', 'AAAA', Buffer.from('["v1",1,2,3]').toString('base64url')]) {
        await assert.rejects(
          store.queryObjects({ collection: c, limit: 5, next: bad }),
          (e: unknown) => isLockstepError(e) && e.code === 'ERR_STORE_BAD_CURSOR',
        );
      }
    });

    it('applies visibility rules inside the query, so pages stay full', async () => {
      const c = await collection();
      await add(store, c, inputs([indicator(1)], 'red'), 'org-a');
      await add(store, c, inputs([indicator(2)], 'amber'), 'org-b');
      await add(store, c, inputs([indicator(3)], 'clear'), 'org-c');
      await add(store, c, inputs([indicator(4)], 'amber+strict'), 'org-a');
      const vis: Visibility = [
        { tlp: 'clear', producers: 'any' },
        { tlp: 'amber', producers: ['org-a', 'org-b'] },
        { tlp: 'red', producers: [] },
      ];
      const seen = (await store.queryObjects({ collection: c, versions: ['all'], limit: 1, visibility: vis }))
        .items;
      assert.equal(seen.length, 1);
      const all = await allPages(store, c, 1, { visibility: vis });
      assert.deepEqual(all.map((o) => o.id).sort(), [indicator(2).id, indicator(3).id]);
      assert.deepEqual(await allPages(store, c, 5, { visibility: [] }), []);
      // `last` is the newest version the caller may see: a hidden newer version does not hide the old one.
      await add(store, c, inputs([indicator(2, '2024-09-09T00:00:00.000Z')], 'red'), 'org-b');
      const latest = (
        await store.queryObjects({ collection: c, ids: [indicator(2).id], limit: 5, visibility: vis })
      ).items;
      assert.deepEqual(
        latest.map((o) => o.version),
        ['2024-05-01T10:00:00.000Z'],
      );
      assert.equal(latest[0]?.tlp, 'amber');
      assert.equal(latest[0].producerOrg, 'org-b');
    });

    it('deletes the versions a filter selects, and only visible ones', async () => {
      const c = await collection();
      await add(
        store,
        c,
        inputs([
          indicator(1, '2024-01-01T00:00:00.000Z'),
          indicator(1, '2024-02-01T00:00:00.000Z'),
          indicator(2),
        ]),
      );
      assert.equal(
        await store.deleteObjects({ collection: c, ids: [indicator(1).id], versions: ['first'] }),
        1,
      );
      assert.equal(
        await store.deleteObjects({
          collection: c,
          ids: [indicator(2).id],
          visibility: [{ tlp: 'red', producers: 'any' }],
        }),
        0,
      );
      assert.equal(
        await store.deleteObjects({ collection: c, ids: [indicator(1).id], versions: ['all'] }),
        1,
      );
      assert.deepEqual(
        (await allPages(store, c, 10)).map((o) => o.id),
        [indicator(2).id],
      );
    });

    it('stores organisations, users, API keys, trust groups, peers and grants', async () => {
      await store.putOrg({ id: 'org-a', name: 'Org A', redRecipients: ['bob', 'bob', 'carol'] });
      assert.deepEqual(await store.getOrg('org-a'), {
        id: 'org-a',
        name: 'Org A',
        redRecipients: ['bob', 'carol'],
      });
      assert.deepEqual(await store.redSendersTo('bob'), ['org-a']);
      await store.putUser({ username: 'alice', org: 'org-a', passwordHash: 'scrypt$x' });
      await store.putUser({ username: 'bob', org: 'org-b', passwordHash: null });
      assert.deepEqual(await store.getUser('bob'), { username: 'bob', org: 'org-b', passwordHash: null });
      await assert.rejects(store.putUser({ username: 'zed', org: 'no-such-org', passwordHash: null }));
      await store.putApiKey({
        id: 'k1',
        username: 'alice',
        secretHash: 'ab',
        createdAt: '2024-01-01T00:00:00Z',
        label: 'ci',
      });
      assert.equal((await store.getApiKey('k1'))?.secretHash, 'ab');
      assert.equal(await store.deleteApiKey('k1'), true);
      assert.equal(await store.getApiKey('k1'), undefined);
      await store.putTrustGroup({ id: 'g1', name: 'Election desk', members: ['org-a', 'org-b'] });
      await store.putTrustGroup({ id: 'g2', name: 'Other', members: ['org-b', 'org-c'] });
      assert.deepEqual(await store.peersOf('org-b'), ['org-a', 'org-c']);
      assert.deepEqual(await store.peersOf('org-a'), ['org-b']);
      assert.deepEqual(await store.groupsOf('org-b'), ['g1', 'g2']);
      await store.putTrustGroup({ id: 'g2', name: 'Other', members: ['org-c'] });
      assert.deepEqual(await store.peersOf('org-b'), ['org-a']);
      const c = await collection();
      await store.putGrant({ collection: c, granteeKind: 'org', grantee: 'org-a', read: true, write: true });
      await store.putGrant({ collection: c, granteeKind: 'group', grantee: 'g1', read: true, write: false });
      await store.putGrant({ collection: c, granteeKind: 'org', grantee: 'org-a', read: true, write: false });
      assert.deepEqual(await store.grantsFor(c), [
        { collection: c, granteeKind: 'group', grantee: 'g1', read: true, write: false },
        { collection: c, granteeKind: 'org', grantee: 'org-a', read: true, write: false },
      ]);
    });

    it('stores sightings, contact cards and acknowledgements', async () => {
      const c = await collection();
      await store.putSighting({
        id: 'sighting--1',
        collection: c,
        sightingOf: indicator(1).id,
        org: 'org-b',
        count: 3,
        json: '{}',
      });
      await store.putSighting({
        id: 'sighting--1',
        collection: c,
        sightingOf: indicator(1).id,
        org: 'org-b',
        count: 4,
        lastSeen: '2024-01-02T00:00:00Z',
        json: '{}',
      });
      const s = await store.listSightings(indicator(1).id);
      assert.equal(s.length, 1);
      assert.equal(s[0]?.count, 4);
      assert.equal(s[0].lastSeen, '2024-01-02T00:00:00Z');
      await store.putContactCard({
        org: 'org-a',
        json: '{"email":"soc@example.org"}',
        updated: '2024-01-01T00:00:00Z',
      });
      assert.equal((await store.getContactCard('org-a'))?.json, '{"email":"soc@example.org"}');
      assert.equal(await store.getContactCard('org-c'), undefined);
      const ack = {
        collection: c,
        objectId: indicator(1).id,
        version: '2024-05-01T10:00:00.000Z',
        org: 'org-b',
        kind: 'received' as const,
        at: '2024-05-02T00:00:00Z',
      };
      await store.acknowledge(ack);
      await store.acknowledge({ ...ack, at: '2024-05-03T00:00:00Z' });
      assert.deepEqual(await store.listAcknowledgements(c, indicator(1).id), [
        { ...ack, at: '2024-05-03T00:00:00Z' },
      ]);
    });

    it('records an acknowledgement once: a repeat keeps the first time and says so', async () => {
      const c = await collection();
      const ack = {
        collection: c,
        objectId: indicator(2).id,
        version: '2024-05-01T10:00:00Z',
        org: 'org-b',
        kind: 'received' as const,
        at: '2024-05-02T00:00:00.000001Z',
      };
      const first = await store.acknowledgeOnce(ack);
      assert.equal(first.created, true);
      assert.deepEqual(first.record, ack);
      // Same version in another precision, later time: still the first record.
      const again = await store.acknowledgeOnce({
        ...ack,
        version: '2024-05-01T10:00:00.000Z',
        at: '2024-05-09T00:00:00Z',
      });
      assert.equal(again.created, false);
      assert.deepEqual(again.record, ack);
      const other = await store.acknowledgeOnce({ ...ack, org: 'org-c', at: '2024-05-03T00:00:00Z' });
      assert.equal(other.created, true);
      assert.deepEqual(
        (await store.listAcknowledgements(c, ack.objectId)).map((a) => [a.org, a.at]),
        [
          ['org-b', ack.at],
          ['org-c', '2024-05-03T00:00:00Z'],
        ],
      );
    });

    it('finds the newest visible version of the sightings of an object, TLP applied', async () => {
      const c = await collection();
      const target = indicator(3).id;
      const sighting = (n: number, of: string, modified: string, extra: Record<string, unknown> = {}) => ({
        type: 'sighting',
        spec_version: '2.1',
        id: `sighting--00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
        created: '2024-05-01T10:00:00.000Z',
        modified,
        sighting_of_ref: of,
        ...extra,
      });
      await add(store, c, inputs([sighting(1, target, '2024-05-01T10:00:00.000Z', { count: 1 })]), 'org-b');
      await add(store, c, inputs([sighting(1, target, '2024-05-02T10:00:00.000Z', { count: 5 })]), 'org-b');
      await add(store, c, inputs([sighting(2, target, '2024-05-01T10:00:00.000Z')], 'amber+strict'), 'org-c');
      // Mentions the id only in its description: not a sighting of it.
      await add(
        store,
        c,
        inputs([sighting(3, indicator(4).id, '2024-05-01T10:00:00.000Z', { description: target })]),
        'org-b',
      );
      await add(store, c, inputs([indicator(3)]), 'org-a');

      const all = await store.sightingsOf(c, target, undefined, 100);
      assert.deepEqual(
        all.map((o) => [o.id.slice(-1), o.version, o.producerOrg]),
        [
          ['1', '2024-05-02T10:00:00.000Z', 'org-b'],
          ['2', '2024-05-01T10:00:00.000Z', 'org-c'],
        ],
      );
      assert.equal((JSON.parse(all[0]!.json) as { count: number }).count, 5);
      const greenOnly: Visibility = [{ tlp: 'green', producers: 'any' }];
      assert.deepEqual(
        (await store.sightingsOf(c, target, greenOnly, 100)).map((o) => o.producerOrg),
        ['org-b'],
      );
      assert.equal((await store.sightingsOf(c, target, undefined, 1)).length, 1);
      assert.deepEqual(await store.sightingsOf(c, indicator(99).id, undefined, 100), []);
    });

    it('stores objects without a version (SCOs) once, versioned by their first date_added', async () => {
      const c = await collection();
      const sco = {
        type: 'domain-name',
        spec_version: '2.1',
        id: 'domain-name--00000000-0000-4000-8000-000000000001',
        value: 'x.example',
      };
      const a = await add(store, c, inputs([sco]));
      const b = await add(store, c, inputs([sco]));
      assert.equal(a.successCount, 1);
      assert.equal(b.successCount, 1);
      assert.equal(await store.countObjects(c), 1);
      const [row] = (await store.queryObjects({ collection: c, limit: 5 })).items;
      assert.equal(row?.version, row?.dateAdded);
    });
  });
}
