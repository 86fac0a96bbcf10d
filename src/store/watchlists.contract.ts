/* eslint-disable @typescript-eslint/no-floating-promises -- node:test awaits describe/it itself (as in
   the *.test.ts override of eslint.config.js); this file is a shared suite, not named *.test.ts. */
/**
 * The store's half of dashboard watchlists (migration 8), run on every store by the same runners as
 * `store.contract.ts`: a list round-trips, names are unique per org (not across orgs), only the owning
 * org reads, changes or deletes it, and a rename onto another list's name writes nothing.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { WatchlistRecord } from './watchlist-records.js';
import type { StoreHarness } from './store.contract.js';
import type { Store } from './store.js';

const T0 = '2026-12-01T10:00:00.000Z';
const T1 = '2026-12-01T11:00:00.000Z';

const aList = (id: string, org: string, name: string, accounts = ['u1', 'u2']): WatchlistRecord => ({
  id,
  org,
  name,
  accounts,
  createdBy: 'alice',
  createdAt: T0,
  updatedAt: T0,
});

export function watchlistsContract(name: string, harness: StoreHarness): void {
  describe(`store watchlists contract: ${name}`, () => {
    let store: Store;
    before(async () => {
      store = await (await harness.create()).open();
    });
    after(async () => {
      await store.close();
      await harness.cleanup();
    });

    it('stores a list and reads it back for its org only', async () => {
      assert.equal(await store.createWatchlist(aList('wl-0000000000000001', 'org-a', 'Election')), true);
      assert.deepEqual(
        await store.getWatchlist('wl-0000000000000001', 'org-a'),
        aList('wl-0000000000000001', 'org-a', 'Election'),
      );
      assert.equal(await store.getWatchlist('wl-0000000000000001', 'org-b'), undefined);
      assert.deepEqual(await store.listWatchlists('org-b'), []);
    });

    it('keeps names unique per org, not across orgs', async () => {
      assert.equal(await store.createWatchlist(aList('wl-0000000000000002', 'org-a', 'Election')), false);
      assert.equal(await store.getWatchlist('wl-0000000000000002', 'org-a'), undefined);
      assert.equal(await store.createWatchlist(aList('wl-0000000000000003', 'org-b', 'Election')), true);
      assert.equal(
        await store.createWatchlist(aList('wl-0000000000000004', 'org-a', 'Amplifiers', ['x'])),
        true,
      );
      assert.deepEqual(
        (await store.listWatchlists('org-a')).map((w) => [w.name, w.accounts]),
        [
          ['Amplifiers', ['x']],
          ['Election', ['u1', 'u2']],
        ],
      );
    });

    it('updates its own list; another org, an unknown id or a taken name write nothing', async () => {
      const change = { name: 'Election 2026', accounts: ['u3'], updatedAt: T1 };
      assert.deepEqual(await store.updateWatchlist('wl-0000000000000001', 'org-b', change), {
        outcome: 'missing',
      });
      assert.deepEqual(await store.updateWatchlist('wl-00000000000000ff', 'org-a', change), {
        outcome: 'missing',
      });
      assert.deepEqual(
        await store.updateWatchlist('wl-0000000000000001', 'org-a', { ...change, name: 'Amplifiers' }),
        { outcome: 'name-taken' },
      );
      assert.equal((await store.getWatchlist('wl-0000000000000001', 'org-a'))?.name, 'Election');
      const r = await store.updateWatchlist('wl-0000000000000001', 'org-a', change);
      assert.equal(r.outcome, 'updated');
      assert.deepEqual(await store.getWatchlist('wl-0000000000000001', 'org-a'), {
        ...aList('wl-0000000000000001', 'org-a', 'Election 2026', ['u3']),
        updatedAt: T1,
      });
      // The list's own name is not a clash with itself.
      assert.equal((await store.updateWatchlist('wl-0000000000000001', 'org-a', change)).outcome, 'updated');
    });

    it('deletes only its own list', async () => {
      assert.equal(await store.deleteWatchlist('wl-0000000000000001', 'org-b'), false);
      assert.equal(await store.deleteWatchlist('wl-0000000000000001', 'org-a'), true);
      assert.equal(await store.deleteWatchlist('wl-0000000000000001', 'org-a'), false);
      assert.equal(await store.getWatchlist('wl-0000000000000001', 'org-a'), undefined);
      assert.equal((await store.listWatchlists('org-b')).length, 1);
    });
  });
}
