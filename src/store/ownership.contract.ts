/* eslint-disable @typescript-eslint/no-floating-promises -- node:test awaits describe/it itself (as in
   the *.test.ts override of eslint.config.js); this file is a shared suite, not named *.test.ts. */
/**
 * The store's half of object ownership (migration 3, docs/EXCHANGE.md "Versioning and ownership"),
 * run on every store by the same runners as `store.contract.ts`: first-come claims that hold under
 * concurrent envelopes, lanes that keep a copy apart, and visibility that shows a lane to its org only.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { StoreHarness } from './store.contract.js';
import type { ObjectInput, Store, Visibility } from './store.js';
import { DEFAULT_TLP_POLICY } from './store.js';

const ROOT = 'api1';
const ID = (n: number) => `indicator--00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function obj(n: number, modified: string, by: string): ObjectInput {
  const object = { type: 'indicator', spec_version: '2.1', id: ID(n), created: modified, modified, by };
  return { object, tlp: 'green', claims: [ID(n)] };
}

/** What org `org` reads in a `readers` collection: every owner's GREEN row and its own lane. */
const readerOf = (org: string): Visibility => [{ tlp: 'green', producers: 'any' }, { keptApartFor: org }];

export function ownershipContract(name: string, harness: StoreHarness): void {
  describe(`store ownership contract: ${name}`, () => {
    let store: Store;
    let seq = 0;
    const add = (collection: string, org: string | null, objects: ObjectInput[]) =>
      store.addObjects({
        statusId: `own-${process.pid}-${++seq}`,
        apiRoot: ROOT,
        collection,
        producerOrg: org,
        requestTimestamp: new Date().toISOString(),
        objects,
        rejected: [],
      });
    const read = async (collection: string, n: number, visibility?: Visibility, all = false) =>
      (
        await store.queryObjects({
          collection,
          ids: [ID(n)],
          versions: [all ? 'all' : 'last'],
          limit: 100,
          ...(visibility ? { visibility } : {}),
        })
      ).items.map((o) => [(JSON.parse(o.json) as { by: string }).by, o.keptApart]);

    before(async () => {
      store = await (await harness.create()).open();
      await store.putApiRoot({ name: ROOT, title: 'Lockstep', maxContentLength: 1_000_000 });
      for (const id of ['c1', 'c2'])
        await store.putCollection({ id, apiRoot: ROOT, title: id, policy: DEFAULT_TLP_POLICY });
    });
    after(async () => {
      await store.close();
      await harness.cleanup();
    });

    it('gives an id to its first claimer; a later claim by another org is kept apart in its lane', async () => {
      await add('c1', 'org-a', [obj(1, '2024-01-01T00:00:00.000Z', 'a')]);
      // Same id AND same version, other content: stored beside, not a conflict, not a version of A's.
      const st = await add('c1', 'org-c', [obj(1, '2024-01-01T00:00:00.000Z', 'c')]);
      assert.deepEqual([st.successCount, st.failureCount, st.successes[0]?.message], [1, 0, undefined]);
      await add('c1', 'org-c', [obj(1, '2025-01-01T00:00:00.000Z', 'c2')]);
      assert.equal((await store.ownersOf([ID(1)])).get(ID(1)), 'org-a');
      assert.deepEqual(await read('c1', 1, readerOf('org-b')), [['a', false]]);
      assert.deepEqual(await read('c1', 1, readerOf('org-a'), true), [['a', false]]);
      assert.deepEqual(await read('c1', 1, readerOf('org-c')), [['c2', true]]);
      assert.equal((await read('c1', 1, undefined, true)).length, 3);
      // Ownership is server-wide: org C's claim in another collection is kept apart as well.
      await add('c2', 'org-c', [obj(1, '2024-01-01T00:00:00.000Z', 'c')]);
      assert.deepEqual(await read('c2', 1, readerOf('org-b')), []);
    });

    it('settles concurrent first claims of one id: exactly one owner, the other copy kept apart', async () => {
      const orgs = ['org-a', 'org-b', 'org-c', 'org-d'];
      await Promise.all(orgs.map((org) => add('c1', org, [obj(2, '2024-01-01T00:00:00.000Z', org)])));
      const owner = (await store.ownersOf([ID(2)])).get(ID(2));
      assert.ok(owner !== undefined && orgs.includes(owner));
      const rows = await read('c1', 2, undefined, true);
      assert.deepEqual(
        rows.filter(([, apart]) => apart === false),
        [[owner, false]],
      );
      assert.equal(rows.length, orgs.length);
    });

    it('keeps an input the exchange marked apart out of the owner line and claims nothing for it', async () => {
      await add('c1', 'org-b', [{ ...obj(3, '2024-01-01T00:00:00.000Z', 'b'), keptApart: true }]);
      assert.equal((await store.ownersOf([ID(3)])).size, 0);
      assert.deepEqual(await read('c1', 3, readerOf('org-a')), []);
      await add('c1', 'org-a', [obj(3, '2024-01-01T00:00:00.000Z', 'a')]);
      assert.equal((await store.ownersOf([ID(3)])).get(ID(3)), 'org-a');
      // Page order is date_added: org B's copy came first.
      assert.deepEqual(await read('c1', 3, readerOf('org-b'), true), [
        ['b', true],
        ['a', false],
      ]);
    });

    it('deletes only the lanes a visibility shows; administrative writes claim nothing', async () => {
      await add('c1', 'org-a', [obj(4, '2024-01-01T00:00:00.000Z', 'a')]);
      await add('c1', 'org-c', [obj(4, '2024-01-01T00:00:00.000Z', 'c')]);
      const n = await store.deleteObjects({
        collection: 'c1',
        ids: [ID(4)],
        versions: ['all'],
        visibility: [{ keptApartFor: 'org-c' }],
      });
      assert.equal(n, 1);
      assert.deepEqual(await read('c1', 4, undefined, true), [['a', false]]);
      await add('c1', null, [obj(5, '2024-01-01T00:00:00.000Z', 'admin')]);
      assert.equal((await store.ownersOf([ID(5)])).size, 0);
    });
  });
}
