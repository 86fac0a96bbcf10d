import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.js';
import type { Store } from '../../store/store.js';
import { hashPassword } from '../credentials.js';
import { Authenticator } from './auth.js';
import { basic } from '../../server/test-helpers/taxii-factories.js';

describe('Authenticator (HTTP Basic)', () => {
  let store: Store;
  let lookups = 0;

  before(async () => {
    store = await openSqliteStore({ file: ':memory:' });
    await store.putOrg({ id: 'org-a', name: 'A', redRecipients: [] });
    await store.putUser({ username: 'alice', org: 'org-a', passwordHash: await hashPassword('right') });
    const getUser = store.getUser.bind(store);
    // Counting look-ups shows how many verifications ran (each one reads the user first).
    store.getUser = (name: string) => {
      lookups++;
      return getUser(name);
    };
  });
  after(() => store.close());

  it('shares one verification among concurrent requests with the same header', async () => {
    const auth = new Authenticator(store);
    lookups = 0;
    const who = await Promise.all(
      Array.from({ length: 20 }, () => auth.authenticate(basic('alice', 'right'))),
    );
    assert.equal(lookups, 1);
    for (const w of who) assert.deepEqual(w, { username: 'alice', org: 'org-a' });
    // Served from the cache afterwards: one primary-key read of the user (so a removed user or a
    // changed password ends the cached login at once), no second scrypt.
    assert.deepEqual(await auth.authenticate(basic('alice', 'right')), { username: 'alice', org: 'org-a' });
    assert.equal(lookups, 2);
  });

  it('never caches or shares a failure beyond the requests already waiting for it', async () => {
    const auth = new Authenticator(store);
    lookups = 0;
    const who = await Promise.all(
      Array.from({ length: 5 }, () => auth.authenticate(basic('alice', 'wrong'))),
    );
    assert.deepEqual(who, [undefined, undefined, undefined, undefined, undefined]);
    assert.equal(lookups, 1);
    assert.equal(await auth.authenticate(basic('alice', 'wrong')), undefined);
    assert.equal(lookups, 2);
  });

  it('keeps different credentials apart while they are verified at the same time', async () => {
    const auth = new Authenticator(store);
    const [good, bad] = await Promise.all([
      auth.authenticate(basic('alice', 'right')),
      auth.authenticate(basic('alice', 'wrong')),
    ]);
    assert.deepEqual(good, { username: 'alice', org: 'org-a' });
    assert.equal(bad, undefined);
  });
});
