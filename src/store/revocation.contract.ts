/* eslint-disable @typescript-eslint/no-floating-promises -- node:test awaits describe/it itself; this
   file is a shared suite (like store.contract.ts), not named *.test.ts. */
/**
 * The revocation and audit half of the store contract (issue 10), kept beside `store.contract.ts` and
 * run by the same two runners (sqlite-store.test.ts, postgres-store.test.ts): what the configuration no
 * longer names stops existing, keys carry expiry and last use, and the audit log keeps what it is given.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { StoreHarness } from './store.contract.js';
import type { AuditEntry, DirectoryKeep, Store } from './store.js';
import { DEFAULT_TLP_POLICY } from './store.js';

const KEEP_ALL: DirectoryKeep = {
  apiRoots: ['r1', 'r2'],
  collections: ['c1', 'c2'],
  orgs: ['org-a', 'org-b'],
  users: ['alice', 'bob'],
  trustGroups: ['g1'],
  grants: [
    { collection: 'c1', granteeKind: 'org', grantee: 'org-a' },
    { collection: 'c1', granteeKind: 'group', grantee: 'g1' },
    { collection: 'c2', granteeKind: 'org', grantee: 'org-b' },
  ],
  configKeys: ['00000000000000c1', '00000000000000c2'],
};

async function seed(store: Store): Promise<void> {
  for (const r of KEEP_ALL.apiRoots) await store.putApiRoot({ name: r, title: r, maxContentLength: 1000 });
  await store.putCollection({ id: 'c1', apiRoot: 'r1', title: 'C1', policy: DEFAULT_TLP_POLICY });
  await store.putCollection({ id: 'c2', apiRoot: 'r2', title: 'C2', policy: DEFAULT_TLP_POLICY });
  await store.putOrg({ id: 'org-a', name: 'A', redRecipients: ['bob'] });
  await store.putOrg({ id: 'org-b', name: 'B', redRecipients: [] });
  await store.putUser({ username: 'alice', org: 'org-a', passwordHash: null });
  await store.putUser({ username: 'bob', org: 'org-b', passwordHash: null });
  await store.putTrustGroup({ id: 'g1', name: 'G', members: ['org-a', 'org-b'] });
  for (const g of KEEP_ALL.grants) await store.putGrant({ ...g, read: true, write: true });
  const key = (id: string, username: string, source: 'config' | 'admin') =>
    store.putApiKey({
      id,
      username,
      secretHash: 'ab'.repeat(32),
      createdAt: '2026-01-01T00:00:00.000Z',
      source,
    });
  await key('00000000000000c1', 'alice', 'config');
  await key('00000000000000c2', 'bob', 'config');
  await key('00000000000000a1', 'alice', 'admin');
  await key('00000000000000a2', 'bob', 'admin');
  await store.addObjects({
    statusId: `revocation-${process.pid}-${Date.now()}`,
    apiRoot: 'r2',
    collection: 'c2',
    producerOrg: 'org-b',
    requestTimestamp: new Date().toISOString(),
    objects: [
      {
        tlp: 'green',
        object: {
          type: 'note',
          spec_version: '2.1',
          id: 'note--00000000-0000-4000-8000-000000000001',
          created: '2026-01-01T00:00:00.000Z',
          modified: '2026-01-01T00:00:00.000Z',
          content: 'kept after its collection is retired',
          object_refs: ['identity--00000000-0000-4000-8000-000000000001'],
        },
      },
    ],
    rejected: [],
  });
}

const WRITE: AuditEntry = {
  at: '2026-03-01T00:00:00.000Z',
  actor: 'alice',
  org: 'org-a',
  action: 'POST objects',
  outcome: 'ok',
  status: 202,
  detail: { success: 3 },
};

export function revocationContract(name: string, harness: StoreHarness): void {
  describe(`store contract (revocation, audit): ${name}`, () => {
    let store: Store;
    before(async () => {
      store = await (await harness.create()).open();
      await seed(store);
    });
    after(async () => {
      await store.close();
      await harness.cleanup();
    });

    it('a prune that keeps everything changes nothing', async () => {
      const report = await store.pruneDirectory(KEEP_ALL);
      assert.deepEqual(Object.values(report).flat(), []);
      assert.equal((await store.listApiKeys()).length, 4);
    });

    it('lists keys with source, expiry and last use, and records a use', async () => {
      await store.putApiKey({
        ...(await store.getApiKey('00000000000000a2'))!,
        expiresAt: '2030-01-01T00:00:00.000Z',
        label: 'bob laptop',
      });
      await store.touchApiKey('00000000000000a2', '2026-02-02T00:00:00.000Z');
      const k = (await store.listApiKeys()).find((x) => x.id === '00000000000000a2');
      assert.deepEqual(
        [k?.source, k?.expiresAt, k?.lastUsedAt, k?.label],
        ['admin', '2030-01-01T00:00:00.000Z', '2026-02-02T00:00:00.000Z', 'bob laptop'],
      );
      assert.deepEqual(
        (await store.listApiKeys()).map((x) => [x.id, x.source]),
        [
          ['00000000000000a1', 'admin'],
          ['00000000000000c1', 'config'],
          ['00000000000000a2', 'admin'],
          ['00000000000000c2', 'config'],
        ],
      );
    });

    it('removes a config key the configuration dropped, never an admin-minted one', async () => {
      const report = await store.pruneDirectory({ ...KEEP_ALL, configKeys: ['00000000000000c2'] });
      assert.deepEqual(report.apiKeys, ['00000000000000c1']);
      assert.equal(await store.getApiKey('00000000000000c1'), undefined);
      assert.ok(await store.getApiKey('00000000000000a1'));
    });

    it('removes a dropped user with every key it had and its TLP:RED recipient entries', async () => {
      const report = await store.pruneDirectory({
        ...KEEP_ALL,
        users: ['alice'],
        configKeys: ['00000000000000c2'],
      });
      assert.deepEqual(report.users, ['bob']);
      assert.deepEqual(report.apiKeys, ['00000000000000a2', '00000000000000c2']);
      assert.equal(await store.getUser('bob'), undefined);
      assert.equal(await store.getApiKey('00000000000000a2'), undefined);
      assert.deepEqual(await store.redSendersTo('bob'), []);
      assert.deepEqual((await store.getOrg('org-a'))?.redRecipients, []);
    });

    it('removes dropped grants, trust groups and orgs; their memberships go with them', async () => {
      const report = await store.pruneDirectory({
        ...KEEP_ALL,
        users: ['alice'],
        orgs: ['org-a'],
        trustGroups: [],
        grants: [{ collection: 'c1', granteeKind: 'org', grantee: 'org-a' }],
        configKeys: [],
      });
      assert.deepEqual(report.grants, ['c1:group:g1', 'c2:org:org-b']);
      assert.deepEqual(report.trustGroups, ['g1']);
      assert.deepEqual(report.orgs, ['org-b']);
      assert.deepEqual(await store.listTrustGroups(), []);
      assert.deepEqual(await store.peersOf('org-a'), []);
      assert.equal(await store.getOrg('org-b'), undefined);
      assert.deepEqual(
        (await store.grantsFor('c1')).map((g) => g.grantee),
        ['org-a'],
      );
      assert.deepEqual(await store.grantsFor('c2'), []);
    });

    it('retires a dropped collection and API root: hidden, objects kept, reopened by naming them again', async () => {
      const report = await store.pruneDirectory({
        ...KEEP_ALL,
        apiRoots: ['r1'],
        collections: ['c1'],
        users: ['alice'],
        orgs: ['org-a'],
        trustGroups: [],
        grants: [{ collection: 'c1', granteeKind: 'org', grantee: 'org-a' }],
        configKeys: [],
      });
      assert.deepEqual([report.apiRoots, report.collections], [['r2'], ['c2']]);
      assert.equal(await store.getApiRoot('r2'), undefined);
      assert.equal(await store.getCollection('r2', 'c2'), undefined);
      assert.deepEqual(
        (await store.listApiRoots()).map((r) => r.name),
        ['r1'],
      );
      assert.deepEqual(await store.listCollections('r2'), []);
      assert.deepEqual(await store.listRetired(), { apiRoots: ['r2'], collections: ['c2'] });
      assert.equal(await store.countObjects('c2'), 1);
      // Naming them again reopens them with their objects.
      await store.putApiRoot({ name: 'r2', title: 'r2', maxContentLength: 1000 });
      await store.putCollection({ id: 'c2', apiRoot: 'r2', title: 'C2', policy: DEFAULT_TLP_POLICY });
      assert.equal((await store.getCollection('r2', 'c2'))?.title, 'C2');
      assert.deepEqual(await store.listRetired(), { apiRoots: [], collections: [] });
      assert.equal((await store.queryObjects({ collection: 'c2', limit: 10 })).items.length, 1);
    });

    it('deleteUser removes the user and its keys and reports a missing user', async () => {
      await store.putApiKey({
        id: '00000000000000a3',
        username: 'alice',
        secretHash: 'cd'.repeat(32),
        createdAt: '2026-01-01T00:00:00.000Z',
      });
      assert.equal(await store.deleteUser('alice'), true);
      assert.equal(await store.getApiKey('00000000000000a3'), undefined);
      assert.equal(await store.deleteUser('alice'), false);
    });

    it('keeps audit records and answers filtered queries newest first', async () => {
      await store.appendAudit([
        WRITE,
        {
          at: '2026-03-02T00:00:00.000Z',
          actor: null,
          org: null,
          action: 'GET discovery',
          outcome: 'denied',
          status: 401,
        },
        {
          at: '2026-03-03T00:00:00.000Z',
          actor: 'cli:root',
          org: null,
          action: 'revoke-key',
          target: '00000000000000a1',
          outcome: 'ok',
        },
      ]);
      const all = await store.queryAudit({});
      assert.deepEqual(
        all.map((e) => e.action),
        ['revoke-key', 'GET discovery', 'POST objects'],
      );
      assert.deepEqual(all[2], WRITE);
      assert.deepEqual(
        (await store.queryAudit({ outcome: 'denied' })).map((e) => e.status),
        [401],
      );
      assert.deepEqual(
        (
          await store.queryAudit({ since: '2026-03-02T00:00:00.000Z', until: '2026-03-02T23:59:59.999Z' })
        ).map((e) => e.action),
        ['GET discovery'],
      );
      assert.equal((await store.queryAudit({ actor: 'cli:root' }))[0]?.target, '00000000000000a1');
      assert.equal((await store.queryAudit({ limit: 1 })).length, 1);
    });

    it('answers records of the same millisecond newest first, in the order they were appended', async () => {
      const at = '2026-03-04T00:00:00.000Z';
      for (let i = 0; i < 12; i++)
        await store.appendAudit([{ at, actor: 'same-ms', org: null, action: `step-${i}`, outcome: 'ok' }]);
      assert.deepEqual(
        (await store.queryAudit({ actor: 'same-ms' })).map((e) => e.action),
        Array.from({ length: 12 }, (_, i) => `step-${11 - i}`),
      );
    });

    it('refreshes planner statistics on demand', async () => {
      await store.analyze();
    });
  });
}
