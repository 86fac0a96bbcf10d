/** Sync into a collection the sync account may write but not read (no manifest to consult). */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isLockstepError } from '../../core/errors.js';
import { TLP2_IDS } from '../../stix/tlp.js';
import { DEMO_COLLECTIONS } from '../demo.js';
import { indicator } from '../../server/test-helpers/taxii-factories.js';
import type { StixObject } from '../client/resources.js';
import type { LiveServer } from '../../server/test-helpers/live-server.js';
import { clientFor, liveDemo } from '../../server/test-helpers/live-server.js';
import { SyncState } from './state.js';
import { syncOneWay } from './sync.js';

describe('sync into a write-only collection', () => {
  let a: LiveServer;
  let b: LiveServer;
  before(async () => {
    [a, b] = await Promise.all([liveDemo(), liveDemo()]);
    // on B, alice's org may write the partner feed but no longer read it
    await b.store.putGrant({
      collection: DEMO_COLLECTIONS.partner,
      granteeKind: 'org',
      grantee: 'org-a',
      read: false,
      write: true,
    });
  });
  after(() => Promise.all([a.close(), b.close()]));

  it('sends without a manifest, and the target still stores each version once', async () => {
    const alice = clientFor('alice', 'alice-password');
    const source = { client: alice, collection: await alice.resolveCollection(a.discoveryUrl, 'shared') };
    const target = {
      client: alice,
      collection: await alice.resolveCollection(b.discoveryUrl, 'partner-feed'),
    };
    assert.equal(target.collection.info.can_read, false);
    await assert.rejects(alice.manifest(target.collection.url), (e: unknown) => isLockstepError(e));
    const objs = [1, 2, 3].map(
      (n) => indicator(8100 + n, undefined, { object_marking_refs: [TLP2_IDS.green] }) as StixObject,
    );
    await alice.addObjects(source.collection, objs);
    const r = await syncOneWay(source, target, { state: SyncState.memory() });
    assert.equal(r.failed.length, 0);
    assert.ok(r.sent >= 3);
    // a second, cursor-less run offers everything again; the target keeps one row per id + version
    const again = await syncOneWay(source, target, { state: SyncState.memory() });
    assert.equal(again.failed.length, 0);
    const rows = await b.store.queryObjects({
      collection: DEMO_COLLECTIONS.partner,
      versions: ['all'],
      limit: 10_000,
    });
    const keys = rows.items.map((o) => `${o.id}|${o.version}`);
    assert.equal(new Set(keys).size, keys.length);
    for (const o of objs) assert.ok(keys.includes(`${o.id}|${String(o.modified)}`), o.id);
  });
});
